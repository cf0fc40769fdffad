/**
 * A chart as a standalone SVG document for download and slides: Plot's SVG with its namespace, a white
 * background, and its colour legend (which Plot draws as HTML next to the SVG) redrawn inside the SVG.
 */
import { parseHTML } from 'linkedom';
import { escapeHtml } from './html.ts';

const LEGEND_HEIGHT = 26;

export function standaloneChartSvg(plotHtml: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${plotHtml}</body></html>`);
  const svg = [...document.querySelectorAll('svg')].find((el) => /(^|\s)plot-[0-9a-f]+($|\s)/.test(el.getAttribute('class') ?? ''));
  if (!svg) throw new Error('no Plot SVG in the chart');
  const width = Number(svg.getAttribute('width'));
  const height = Number(svg.getAttribute('height'));
  const swatches = [...document.querySelectorAll('span')]
    .filter((span) => /-swatch$/.test(span.getAttribute('class') ?? ''))
    .map((span) => ({ fill: span.querySelector('svg')?.getAttribute('fill') ?? 'currentColor', label: span.textContent ?? '' }));
  const legendHeight = swatches.length ? LEGEND_HEIGHT : 0;
  let x = 8;
  const legend = swatches.map(({ fill, label }) => {
    const item = `<rect x="${x}" y="6" width="12" height="12" fill="${escapeHtml(fill)}"/><text x="${x + 17}" y="16">${escapeHtml(label)}</text>`;
    x += 17 + label.length * 6.2 + 14;
    return item;
  });
  svg.setAttribute('y', String(legendHeight));
  svg.removeAttribute('style');
  // linkedom's HTML serialiser escapes only " in attribute values; XML needs & and < escaped too.
  const inner = svg.outerHTML.replace(/="([^"]*)"/g, (_, value: string) => `="${value.replace(/&(?!(?:#\d+|#x[0-9a-f]+|[a-z]+);)/gi, '&amp;').replace(/</g, '&lt;')}"`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height + legendHeight}" viewBox="0 0 ${width} ${height + legendHeight}" font-family="system-ui, sans-serif" font-size="10">`,
    `<rect width="${width}" height="${height + legendHeight}" fill="white"/>`,
    legend.length ? `<g fill="currentColor">${legend.join('')}</g>` : '',
    inner,
    '</svg>',
  ].join('');
}
