/**
 * Charts laid out for the width they are shown at, with nothing cut off.
 *
 * - Fitting: Plot's margins are fixed numbers (40 px for a facet axis on the right, whatever the labels), so a
 *   long facet or tick label runs past the SVG's edge and the page cuts it off. After drawing, every text's box is
 *   measured (svg-text-boxes.ts, with the pinned font's widths), and a margin that text runs past is widened by
 *   as much, growing the height with the top and bottom margins so the plot area keeps its size.
 * - Narrow: the same chart drawn NARROW_WIDTH px wide at the same font size, for phones (the page picks the
 *   variant with a CSS container query, no JavaScript). The author's left and right margins were chosen for the
 *   wide chart, so they are dropped and fitted again; long category labels wrap (y's in 38% of the width, facets' in 22%),
 *   crowded category labels on x stand upright, and the height grows so wrapped labels have room.
 */
import { textBoxes, overflowOf, type SvgNode } from './svg-text-boxes.ts';
import { textWidth } from './font-metrics.ts';
import { wrapLabel } from './chart-ticks.ts';
import { MAX_CHART_SIZE } from './chart-spec.ts';

/** Width of the phone variant: a 390 px screen less the page's padding, with room to spare. */
export const NARROW_WIDTH = 340;
/** Plot's font size, which the narrow variant keeps (10 CSS px, shown 1:1 on a phone). */
const FONT_SIZE = 10;
/** Overflow below this (sub-pixel rounding of glyph boxes) is not worth a margin. */
const TOLERANCE = 0.5;
const PASSES = 3;

/** What Plot.plot returns, as far as layout needs it. */
export interface PlotElement extends SvgNode {
  readonly outerHTML: string;
  setAttribute(name: string, value: string): void;
  querySelectorAll(selector: string): Iterable<SvgNode>;
  scale(name: string): { type: string; domain: unknown[]; range?: number[]; step?: number } | undefined;
}

export type Draw = (options: Record<string, unknown>) => PlotElement;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const SIDES = ['top', 'right', 'bottom', 'left'] as const;
type Side = (typeof SIDES)[number];
const MARGIN: Record<Side, string> = { top: 'marginTop', right: 'marginRight', bottom: 'marginBottom', left: 'marginLeft' };
const capital = (s: Side) => s[0]!.toUpperCase() + s.slice(1);

/** Plot's <svg> inside what Plot.plot returned (an <svg>, or a <figure> with a legend). */
export function plotSvg(root: PlotElement): SvgNode {
  const isPlot = (el: SvgNode) => /(^|\s)plot-[0-9a-f]+($|\s)/.test(el.getAttribute('class') ?? '');
  if (root.localName === 'svg' && isPlot(root)) return root;
  const svg = [...root.querySelectorAll('svg')].find(isPlot);
  if (!svg) throw new Error('no Plot SVG in the chart');
  return svg;
}

/** The margin Plot used on each side, from the scales' ranges (undefined where no scale tells). */
function marginsOf(el: PlotElement, options: Record<string, unknown>, width: number, height: number): Partial<Record<Side, number>> {
  const inset = (key: 'x' | 'y', side: Side) => {
    const scale = isObject(options[key]) ? options[key] : {};
    const own = scale[`inset${capital(side)}`] ?? scale.inset ?? options[`inset${capital(side)}`] ?? options.inset ?? 0;
    return typeof own === 'number' ? own : 0;
  };
  const explicitRange = (key: string) => isObject(options[key]) && options[key].range !== undefined;
  const out: Partial<Record<Side, number>> = {};
  const fx = el.scale('fx');
  const x = el.scale('x');
  if (fx?.range) [out.left, out.right] = [fx.range[0]!, width - fx.range[1]!];
  else if (x?.range && !explicitRange('x')) {
    const [a, b] = [Math.min(...x.range), Math.max(...x.range)];
    [out.left, out.right] = [a - inset('x', 'left'), width - b - inset('x', 'right')];
  }
  const fy = el.scale('fy');
  const y = el.scale('y');
  if (fy?.range) [out.top, out.bottom] = [fy.range[0]!, height - fy.range[1]!];
  else if (y?.range && !explicitRange('y')) {
    const [a, b] = [Math.min(...y.range), Math.max(...y.range)];
    [out.top, out.bottom] = [a - inset('y', 'top'), height - b - inset('y', 'bottom')];
  }
  return out;
}

function sizeOf(svg: SvgNode): { width: number; height: number } {
  return { width: Number(svg.getAttribute('width')), height: Number(svg.getAttribute('height')) };
}

/** How far text runs past each edge of the chart's SVG. */
export function chartOverflow(el: PlotElement) {
  const svg = plotSvg(el);
  const { width, height } = sizeOf(svg);
  return overflowOf(textBoxes(svg, FONT_SIZE), width, height);
}

/**
 * Draws the chart, then widens each margin that text runs past, and draws again (at most a few times; a text
 * that does not move with its margin, such as one placed at a fixed pixel, is left as it is).
 */
export function drawFitted(draw: Draw, options: Record<string, unknown>, extraHeight: (el: PlotElement) => number = () => 0): PlotElement {
  let current = options;
  let el = draw(current);
  for (let pass = 0; pass < PASSES; pass++) {
    const svg = plotSvg(el);
    const { width, height } = sizeOf(svg);
    const over = overflowOf(textBoxes(svg, FONT_SIZE), width, height);
    const margins = marginsOf(el, current, width, height);
    const next: Record<string, unknown> = { ...current };
    let grow = Math.ceil(extraHeight(el));
    let changed = grow > 0;
    for (const side of SIDES) {
      const used = margins[side];
      if (over[side] <= TOLERANCE || used === undefined) continue;
      const more = Math.ceil(over[side] + 1);
      next[MARGIN[side]] = Math.round(used) + more;
      if (side === 'top' || side === 'bottom') grow += more;
      changed = true;
    }
    if (!changed) break;
    if (grow > 0 && options.aspectRatio === undefined) next.height = Math.min(MAX_CHART_SIZE, height + grow);
    // `margin` would override the per-side margins set here.
    if (next.margin !== undefined) {
      for (const side of SIDES) if (next[MARGIN[side]] === undefined) next[MARGIN[side]] = next.margin;
      delete next.margin;
    }
    const redrawn = draw(next);
    if (!improves(chartOverflow(redrawn), over)) break;
    [current, el] = [next, redrawn];
  }
  return el;
}

function improves(after: ReturnType<typeof chartOverflow>, before: ReturnType<typeof chartOverflow>): boolean {
  const total = (o: typeof after) => SIDES.reduce((sum, s) => sum + Math.max(0, o[s] - TOLERANCE), 0);
  return total(after) <= total(before);
}

/** Every domain value of an ordinal scale as text, when they all are text (numbers and dates keep Plot's format). */
function textDomain(el: PlotElement, key: string): string[] | undefined {
  const scale = el.scale(key);
  if (!scale || !['band', 'point', 'ordinal'].includes(scale.type)) return undefined;
  return scale.domain.every((d) => typeof d === 'string') ? (scale.domain as string[]) : undefined;
}

const lines = (label: string) => label.split('\n').length;

/** The wide chart's options for the narrow variant, before it is drawn (see the module comment). */
export function narrowOptions(options: Record<string, unknown>): Record<string, unknown> {
  const next: Record<string, unknown> = { ...options, width: NARROW_WIDTH };
  if (next.margin !== undefined) {
    next.marginTop ??= next.margin;
    next.marginBottom ??= next.margin;
    delete next.margin;
  }
  delete next.marginLeft;
  delete next.marginRight;
  // Axis labels longer than the narrow chart wrap.
  for (const key of ['x', 'y', 'fx', 'fy']) {
    const scale = options[key];
    if (isObject(scale) && typeof scale.label === 'string') next[key] = { ...scale, label: wrapLabel(scale.label, NARROW_WIDTH - 40) };
  }
  return next;
}

/**
 * Draws the narrow variant. The wide drawing tells which scales hold category names (a scale's type and domain do
 * not depend on the width); those wrap (y, fy, fx) or stand upright when they do not fit their band (x), the left
 * margin starts at the width of the wrapped y labels, and the chart is fitted as above.
 */
export function drawNarrow(draw: Draw, wideOptions: Record<string, unknown>, wide: PlotElement): PlotElement {
  const base = narrowOptions(wideOptions);
  const probe = wide;
  const options: Record<string, unknown> = { ...base };
  const scaleOptions = (key: string) => (isObject(options[key]) ? options[key] : {});
  const wrapScale = (key: string, maxWidth: number, more: Record<string, unknown> = {}) => {
    const domain = textDomain(probe, key);
    if (!domain || scaleOptions(key).tickFormat !== undefined) return undefined;
    options[key] = { ...scaleOptions(key), tickFormat: (d: string) => wrapLabel(d, maxWidth), ...more };
    return domain.map((d) => wrapLabel(d, maxWidth));
  };
  const yLabels = wrapScale('y', NARROW_WIDTH * 0.38);
  // Plot puts y tick labels 9 px left of the frame (a 6 px tick and 3 px of padding).
  const yAxis = scaleOptions('y').axis;
  if (yLabels && (yAxis === undefined || yAxis === 'left' || yAxis === true)) {
    options.marginLeft = Math.ceil(Math.max(...yLabels.flatMap((l) => l.split('\n').map((line) => textWidth(line, FONT_SIZE))))) + 10;
  }
  wrapScale('fy', NARROW_WIDTH * 0.22);
  const fx = probe.scale('fx');
  if (fx) wrapScale('fx', Math.max(40, (NARROW_WIDTH - 60) / Math.max(1, fx.domain.length)));
  const xDomain = textDomain(probe, 'x');
  if (xDomain && scaleOptions('x').tickRotate === undefined && scaleOptions('x').tickFormat === undefined) {
    const step = (NARROW_WIDTH - 60) / xDomain.length / Math.max(1, fx?.domain.length ?? 1);
    if (xDomain.some((d) => textWidth(d, FONT_SIZE) > step - 4)) wrapScale('x', 130, { tickRotate: -90 });
  }
  // Wrapped category labels on y need bands tall enough for their lines.
  const extraHeight = (el: PlotElement) => {
    const y = el.scale('y');
    const yOptions = isObject(options.y) ? options.y : {};
    const format = yOptions.tickFormat;
    const domain = textDomain(el, 'y');
    if (!y || !domain || typeof format !== 'function' || options.aspectRatio !== undefined) return 0;
    const most = Math.max(...domain.map((d) => lines((format as (d: string) => string)(d))));
    const needed = most * FONT_SIZE * 1.1 + 4;
    const step = y.step ?? 0;
    if (step >= needed) return 0;
    const panels = el.scale('fy')?.domain.length ?? 1;
    return (needed - step) * domain.length * panels;
  };
  return drawFitted(draw, options, extraHeight);
}

/** Attributes that hold coordinates, which Plot writes with up to 17 digits (x2="422.64764609309134"). */
const GEOMETRY = new Set(['x', 'y', 'x1', 'x2', 'y1', 'y2', 'cx', 'cy', 'r', 'width', 'height', 'd', 'transform', 'points', 'dx', 'dy']);

/**
 * Rounds the coordinates of a drawn chart to 1/100 px, in place: a page holds each chart twice, and the digits
 * past the second are a sixth of its bytes and invisible even in the 2× PNG. Only geometry attributes are
 * touched, never text or labels.
 */
export function roundGeometry(root: PlotElement): void {
  const round = (value: string) => value.replace(/-?\d+\.\d{3,}/g, (n) => String(Math.round(Number(n) * 100) / 100));
  const visit = (node: SvgNode & { attributes?: Iterable<{ name: string; value: string }>; setAttribute?(name: string, value: string): void }) => {
    if (node.nodeType !== 1) return;
    for (const { name, value } of [...(node.attributes ?? [])]) {
      if (GEOMETRY.has(name) && /\d\.\d{3}/.test(value)) node.setAttribute?.(name, round(value));
    }
    for (const child of node.childNodes) visit(child);
  };
  visit(root);
}
