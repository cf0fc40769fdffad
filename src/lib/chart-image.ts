/**
 * A chart as a standalone SVG document for download and slides: Plot's SVG with its namespace, a white
 * background, and its colour legend (which Plot draws as HTML next to the SVG) redrawn inside the SVG.
 */
import { escapeHtml } from './html.ts';

const LEGEND_HEIGHT = 26;

/** An element of Plot's output as linkedom gives it (the few DOM calls used here). */
interface PlotNode {
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  querySelectorAll(selector: string): Iterable<PlotNode>;
  querySelector(selector: string): PlotNode | null;
  readonly outerHTML: string;
  readonly textContent: string | null;
}

/**
 * The standalone SVG of Plot's output, given as the element Plot.plot returns (an <svg>, or a <figure> with a
 * legend and the <svg>), so nothing is serialised and parsed again. Its SVG is changed in place (position and
 * style), so take the element's HTML first.
 */
export function standaloneSvgOf(root: PlotNode): string {
  const isPlotSvg = (el: PlotNode) => /(^|\s)plot-[0-9a-f]+($|\s)/.test(el.getAttribute('class') ?? '');
  const svg = isPlotSvg(root) ? root : [...root.querySelectorAll('svg')].find(isPlotSvg);
  if (!svg) throw new Error('no Plot SVG in the chart');
  const width = Number(svg.getAttribute('width'));
  const height = Number(svg.getAttribute('height'));
  const swatches = [...root.querySelectorAll('span')]
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
