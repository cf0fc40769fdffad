/**
 * The 1200×630 social card of a report version (its og:image): title, version and date, and the headline
 * chart (its standalone SVG, chart-image.ts), drawn as SVG and rasterised with the installed fonts, in the
 * version's language (`lang` in its front matter).
 */
import { isWide, sansStack, textUnits } from '../core/charts/font-stacks.ts';
import { joinXml, trustedXml, xml } from '../core/render/xml.ts';
import { siteColours } from '../core/charts/site-colours.ts';

export const CARD = { width: 1200, height: 630 };

/** Punctuation that never starts a line (CJK line-breaking rules): it stays with the character before it. */
const NO_LINE_START = /^[，。、：；！？）》」』】〉％,.;:!?)\]}…·]$/u;

/**
 * Splits text into lines of at most `width` average Latin characters (textUnits: a CJK character counts 1.6), at
 * spaces, and between CJK characters, which are written without spaces.
 */
export function wrap(text: string, width: number, maxLines: number): string[] {
  // Pieces a line may break before: words, and each wide character; `space` marks a space before the piece.
  const pieces: { text: string; space: boolean }[] = [];
  let space = false;
  for (const char of text) {
    if (/\s/u.test(char)) {
      space = pieces.length > 0;
      continue;
    }
    const last = pieces.at(-1);
    const joins = last && !space && (NO_LINE_START.test(char) || (!isWide(char) && !isWide([...last.text].at(-1)!)));
    if (joins) last.text += char;
    else pieces.push({ text: char, space });
    space = false;
  }
  const lines: string[] = [];
  let line = '';
  for (const piece of pieces) {
    const next = line ? `${line}${piece.space ? ' ' : ''}${piece.text}` : piece.text;
    if (textUnits(next) > width && line) {
      lines.push(line);
      line = piece.text;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines.length > maxLines ? [...lines.slice(0, maxLines - 1), `${lines[maxLines - 1]}…`] : lines;
}

/** The card's fixed words, per language (English for any language not listed). */
const WORDS: Record<string, { version: (n: number) => string; source: string }> = {
  en: { version: (n) => `Version ${n}`, source: "Computed from MLCommons' published MLPerf results" },
  zh: { version: (n) => `第 ${n} 版`, source: '根据 MLCommons 公布的 MLPerf 结果计算' },
};

export function socialCardSvg({ title, version, published, chart = '', lang }: { title: string; version: number; published: string; chart?: string; lang?: string }): string {
  const words = WORDS[(lang ?? 'en').split('-')[0]!] ?? WORDS.en!;
  // About 22 characters of 40px bold DejaVu fit the left half, beside the chart.
  const titleLines = wrap(title, 22, 4);
  const chartSize = /width="(\d+)" height="(\d+)"/.exec(chart);
  const chartBox = { x: 620, y: 110, width: 540, height: 440 };
  const placed = chartSize
    ? chart.replace(/^<svg /, String(xml`<svg x="${chartBox.x}" y="${chartBox.y}" width="${chartBox.width}" height="${chartBox.height}" preserveAspectRatio="xMidYMid meet" `)).replace(/ width="\d+" height="\d+" viewBox/, ' viewBox')
    : '';
  // The page's colours (site-colours.ts), so the card matches the site.
  const c = siteColours();
  return String(
    joinXml([
      xml`<svg xmlns="http://www.w3.org/2000/svg" width="${CARD.width}" height="${CARD.height}" viewBox="0 0 ${CARD.width} ${CARD.height}" font-family="${sansStack(lang)}"${lang ? xml` xml:lang="${lang}"` : ''}>`,
      xml`<rect width="${CARD.width}" height="${CARD.height}" fill="${c.bg}"/>`,
      xml`<rect width="${CARD.width}" height="12" fill="${c.link}"/>`,
      xml`<text x="56" y="92" font-size="26" fill="${c.muted}" letter-spacing="2">BENCHWRIGHT</text>`,
      ...titleLines.map((l, i) => xml`<text x="56" y="${170 + i * 52}" font-size="40" font-weight="bold" fill="${c.text}">${l}</text>`),
      xml`<text x="56" y="${170 + titleLines.length * 52 + 36}" font-size="28" fill="${c.muted}">${words.version(version)} · ${published}</text>`,
      xml`<text x="56" y="580" font-size="20" fill="${c.muted}">${words.source}</text>`,
      // The chart's standalone SVG, made by chart-image.ts with xml`…` already.
      trustedXml(placed),
      xml`</svg>`,
    ]),
  );
}
