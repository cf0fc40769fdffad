/**
 * The 1200×630 social card of a report version (its og:image): title, version and date, and the headline
 * chart (its standalone SVG, chart-image.ts), drawn as SVG and rasterised with the pinned fonts.
 */
import { escapeXml } from './xml.ts';

export const CARD = { width: 1200, height: 630 };

/** Splits text into lines of at most `width` characters, at spaces. */
export function wrap(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if ((line + ' ' + word).trim().length > width && line) {
      lines.push(line);
      line = word;
    } else line = (line + ' ' + word).trim();
  }
  if (line) lines.push(line);
  return lines.length > maxLines ? [...lines.slice(0, maxLines - 1), `${lines[maxLines - 1]}…`] : lines;
}

export function socialCardSvg({ title, version, published, chart = '' }: { title: string; version: number; published: string; chart?: string }): string {
  // About 22 characters of 40px bold DejaVu fit the left half, beside the chart.
  const titleLines = wrap(title, 22, 4);
  const chartSize = /width="(\d+)" height="(\d+)"/.exec(chart);
  const chartBox = { x: 620, y: 110, width: 540, height: 440 };
  const placed = chartSize
    ? chart.replace(/^<svg /, `<svg x="${chartBox.x}" y="${chartBox.y}" width="${chartBox.width}" height="${chartBox.height}" preserveAspectRatio="xMidYMid meet" `).replace(/ width="\d+" height="\d+" viewBox/, ' viewBox')
    : '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD.width}" height="${CARD.height}" viewBox="0 0 ${CARD.width} ${CARD.height}" font-family="DejaVu Sans, sans-serif">`,
    `<rect width="${CARD.width}" height="${CARD.height}" fill="#ffffff"/>`,
    `<rect width="${CARD.width}" height="12" fill="#0b5cad"/>`,
    `<text x="56" y="92" font-size="26" fill="#57606a" letter-spacing="2">BENCHWRIGHT</text>`,
    ...titleLines.map((l, i) => `<text x="56" y="${170 + i * 52}" font-size="40" font-weight="bold" fill="#1b1f24">${escapeXml(l)}</text>`),
    `<text x="56" y="${170 + titleLines.length * 52 + 36}" font-size="28" fill="#57606a">Version ${version} · ${escapeXml(published)}</text>`,
    `<text x="56" y="580" font-size="20" fill="#57606a">Computed from MLCommons' published MLPerf results</text>`,
    placed,
    '</svg>',
  ].join('');
}
