/**
 * A chart as a standalone SVG document for download and slides: Plot's SVG with its namespace, the page's
 * background and text colour (site-colours.ts), and its colour legend (which Plot draws as HTML next to the SVG) redrawn inside the SVG.
 * Serialised as XML here, node by node, with xml.ts's escaper: an HTML serialiser (linkedom's outerHTML) leaves
 * `&` and `<` in attribute values and control characters anywhere, which no XML parser accepts.
 */
import { sansStack, textUnits } from './font-stacks.ts';
import { joinXml, xml, type Xml } from '../render/xml.ts';
import { siteColours } from './site-colours.ts';

const LEGEND_HEIGHT = 26;

/** A node of Plot's output as linkedom gives it (the few DOM calls used here). */
interface PlotNode {
  readonly nodeType: number;
  /** Element names as written, in their case (linearGradient). */
  readonly localName?: string;
  readonly attributes?: Iterable<{ name: string; value: string }>;
  readonly childNodes: Iterable<PlotNode>;
  /** A text node's text. */
  readonly data?: string;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  querySelectorAll(selector: string): Iterable<PlotNode>;
  querySelector(selector: string): PlotNode | null;
  readonly outerHTML: string;
  readonly textContent: string | null;
}

const ELEMENT = 1;
const TEXT = 3;

/** An element and what is in it as XML: elements, attributes and text (comments and anything else are left out). */
function xmlOf(node: PlotNode): Xml {
  if (node.nodeType === TEXT) return xml`${node.data ?? ''}`;
  if (node.nodeType !== ELEMENT || !node.localName) return xml``;
  const name = node.localName;
  const attributes = [...(node.attributes ?? [])].map(({ name, value }) => xml` ${name}="${value}"`);
  const children = [...node.childNodes].map(xmlOf).filter((c) => String(c) !== '');
  return children.length ? xml`<${name}${attributes}>${children}</${name}>` : xml`<${name}${attributes}/>`;
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
    const item = xml`<rect x="${x}" y="6" width="12" height="12" fill="${fill}"/><text x="${x + 17}" y="16">${label}</text>`;
    x += 17 + textUnits(label) * 6.2 + 14;
    return item;
  });
  // The page's colours: its background, and its text colour for Plot's currentColor (axes, marks without a colour).
  const page = siteColours();
  svg.setAttribute('y', String(legendHeight));
  svg.removeAttribute('style');
  const total = height + legendHeight;
  return String(
    joinXml([
      xml`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${total}" viewBox="0 0 ${width} ${total}" font-family="${sansStack()}" font-size="10" color="${page.text}">`,
      xml`<rect width="${width}" height="${total}" fill="${page.bg}"/>`,
      legend.length ? xml`<g fill="currentColor">${legend}</g>` : xml``,
      xmlOf(svg),
      xml`</svg>`,
    ]),
  );
}
