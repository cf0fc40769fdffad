/**
 * Renders a normalised chart spec and a query's rows to SVG on the server: Observable Plot with a
 * linkedom document (TOOLCHAIN §4.7: fastest, and its serialisation is valid XML).
 */
import * as Plot from '@observablehq/plot';
import { SpecError } from '../errors.ts';
import { parseHTML } from 'linkedom';
import { isDecoration, MAX_CHART_SIZE, positionColumns, type ChartSpec, type MarkSpec } from './chart-spec.ts';
import type { Row } from '../data/json-values.ts';
import { hashParts } from '../hash.ts';
import { standaloneSvgOf } from './chart-image.ts';
import { drawFitted, drawNarrow, plotSvg, roundGeometry, type PlotElement } from './chart-layout.ts';
import { withHumanLogTicks } from './chart-ticks.ts';
import { makeChartAccessible } from './chart-a11y.ts';
import { cssProblem, looksLikeCss, URL_HINT, urlProblem } from '../render/url-policy.ts';

export interface RenderedChart {
  /** Plot's output: an <svg>, or a <figure> holding a legend and the <svg>. */
  html: string;
  /** The chart as a standalone SVG document (chart-image.ts): its SVG and PNG files, and its social card. */
  svg: string;
  /** A plain-language description for screen readers. */
  description: string;
}

type MarkFactory = (data?: unknown, options?: Record<string, unknown>) => Plot.Markish;

export function renderChart(spec: ChartSpec, rows: Row[], queryName: string): RenderedChart {
  if (rows.length === 0 && !spec.allowEmpty) {
    throw new SpecError(`query "${queryName}" returned no rows, so the chart would be blank`, '', 'check the query\'s filters, or set `allowEmpty: true` if an empty chart is intended');
  }
  for (const [i, mark] of spec.marks.entries()) {
    for (const column of positionColumns(mark)) {
      if (rows.length > 0 && rows.every((r) => r[column] === null)) {
        throw new SpecError(`column "${column}" is empty (NULL in every row), so mark ${mark.name} would draw nothing`, `marks[${i}].${mark.name}`);
      }
    }
  }
  checkChartAddresses(spec, rows, queryName);
  const description = spec.description ?? describe(spec, rows, queryName);
  const plotOptions = Object.fromEntries(Object.entries(spec.plotOptions).map(([key, value]) => [key, boundIntervals(value, key)]));
  let wide: PlotElement;
  let narrow: PlotElement;
  try {
    checkDerivedHeight(plotOptions, spec.marks, rows);
    const bounded = spec.marks.map((mark, i) => ({ ...mark, options: boundIntervals(mark.options, `marks[${i}].${mark.name}`) as Record<string, unknown> }));
    const { plotOptions: options, marks } = withHumanLogTicks(plotOptions, bounded);
    // Plot's mark groups hidden from screen readers, its links named (chart-a11y.ts).
    const draw = (o: Record<string, unknown>) => withAccessibleMarks(Plot.plot({
      ...o,
      marks: marks.map((mark) => makeMark(mark, rows)),
      ariaLabel: spec.title ?? `Chart of query ${queryName}`,
      ariaDescription: description,
      document: document as unknown as Document,
    }) as unknown as PlotElement);
    // The chart as the author sized it, and a phone-width variant (chart-layout.ts); each with its margins fitted.
    wide = drawFitted(draw, options);
    narrow = drawNarrow(draw, options, wide);
    roundGeometry(wide);
    roundGeometry(narrow);
  } catch (error) {
    if (error instanceof SpecError) throw error;
    throw new SpecError(`Plot could not draw this chart: ${(error as Error).message}`, '');
  }
  return { html: variantsHtml(wide, narrow), svg: standaloneOf(wide), description };
}

function withAccessibleMarks(plot: PlotElement): PlotElement {
  makeChartAccessible(plot as unknown as Parameters<typeof makeChartAccessible>[0]);
  return plot;
}

/**
 * Both variants in the page, marked for the stylesheet: the narrow one is shown while the figure is narrower than
 * the wide one (a container query in site.css, by width steps of 80 px), and never in print.
 */
function variantsHtml(wide: PlotElement, narrow: PlotElement): string {
  const width = Number(plotSvg(wide).getAttribute('width'));
  const step = Math.min(960, Math.max(400, Math.ceil(width / 80) * 80));
  const html = (el: PlotElement, variant: string) => {
    const before = el.getAttribute('class') ?? '';
    el.setAttribute('class', `${before} bw-chart-${variant} bw-chart-min-${step}`);
    const text = el.outerHTML;
    el.setAttribute('class', before);
    return clipIdRenamer(text)(text);
  };
  return html(wide, 'wide') + html(narrow, 'narrow');
}

/** The wide variant as a standalone SVG (its files, PNG and social card); it changes the element, so it comes last. */
function standaloneOf(wide: PlotElement): string {
  const html = wide.outerHTML;
  return clipIdRenamer(html)(standaloneSvgOf(wide as unknown as Parameters<typeof standaloneSvgOf>[0]));
}

/** Channels whose values become addresses (Plot's `<a href>` around a mark, an image's `href`). */
const URL_CHANNELS = ['href', 'src'];
/** Channels whose values become CSS in an attribute (a colour may be `url(…)` to Plot). */
const CSS_CHANNELS = ['fill', 'stroke'];

/**
 * Every address and every piece of CSS a chart publishes follows the URL policy (url-policy.ts), checked on the
 * values Plot will write, before anything is drawn: each row's value of a mark's `href` channel and of an image's
 * `src` (a list or an object is refused, not turned into text), each colour from data that is CSS (`url(…)`), a
 * constant image address, and every string of the spec that CSS could load from (`style`, `imageFilter`, a
 * `url(…)` colour). A refusal names the option's line, and for data the column and the row.
 */
function checkChartAddresses(spec: ChartSpec, rows: Row[], queryName: string): void {
  const show = (value: unknown) => {
    const text = JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v)) ?? String(value);
    return text.length > 80 ? `${text.slice(0, 79)}…` : text;
  };
  for (const [i, mark] of spec.marks.entries()) {
    const path = `marks[${i}].${mark.name}`;
    const source: unknown[] = mark.data ?? (isDecoration(mark) ? [] : rows);
    for (const channel of [...URL_CHANNELS, ...CSS_CHANNELS]) {
      const option = mark.options[channel];
      if (option === undefined || option === null) continue;
      const isUrl = URL_CHANNELS.includes(channel);
      // A colour is written into the attribute only when Plot takes it for CSS (`url(…)`, as with an identity scale).
      const judge = isUrl ? urlProblem : (v: unknown) => (typeof v === 'string' && looksLikeCss(v) ? cssProblem(v) : undefined);
      const what = isUrl ? (channel === 'src' ? 'an image address' : 'a link') : 'a colour';
      const hint = isUrl ? URL_HINT : 'a colour is a CSS colour (a name, #rrggbb, rgb(…)); CSS may load only http(s), relative or #fragment addresses';
      const field = typeof option === 'object' && option !== null && !Array.isArray(option) && 'value' in option ? (option as { value: unknown }).value : option;
      if (typeof field === 'string' && source.some((d) => typeof d === 'object' && d !== null && Object.hasOwn(d, field))) {
        // A column of the query (or a field of the mark's literal data): every row's value.
        for (const [n, datum] of source.entries()) {
          const value = typeof datum === 'object' && datum !== null ? (datum as Record<string, unknown>)[field] : undefined;
          const problem = judge(value);
          if (!problem) continue;
          const where = mark.data ? `item ${n + 1} of the mark's literal data` : `row ${n + 1} of query "${queryName}"`;
          throw new SpecError(`column "${field}" holds ${what} that is not ${isUrl ? 'a web address' : 'allowed'}: ${show(value)} (${where}: it ${problem})`, `${path}.${channel}`, hint);
        }
      } else if (Array.isArray(field)) {
        // Plot takes a list as the channel's values themselves.
        for (const [n, value] of field.entries()) {
          const problem = judge(value);
          if (problem) throw new SpecError(`channel ${channel} of mark ${mark.name} holds ${what} that is not allowed: ${show(value)} (value ${n + 1}: it ${problem})`, `${path}.${channel}`, hint);
        }
      } else if (isUrl || typeof field === 'string') {
        // A constant (an image's src that looks like an address, a colour): written as it is into every element.
        const problem = judge(field);
        if (problem) throw new SpecError(`${channel} of mark ${mark.name} is ${what} that is not allowed: ${show(field)} (it ${problem})`, `${path}.${channel}`, hint);
      }
    }
  }
  // Every other string of the spec that CSS would load something from (`style: { background: url(…) }`, `imageFilter`).
  const walk = (value: unknown, path: string): void => {
    if (typeof value === 'string') {
      const problem = looksLikeCss(value) ? cssProblem(value) : undefined;
      if (problem) throw new SpecError(`"${path}" is CSS that a page may not hold: ${show(value)} (it ${problem})`, path, 'CSS in a chart may load only http(s), relative or #fragment addresses, and run nothing');
    } else if (Array.isArray(value)) value.forEach((v, n) => walk(v, `${path}[${n}]`));
    else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
  };
  walk(spec.plotOptions, '');
  for (const [i, mark] of spec.marks.entries()) walk(mark.options, `marks[${i}].${mark.name}`);
}

// Plot's elements are detached from their document, so one document serves every chart.
const { document } = parseHTML('<!DOCTYPE html><html><body></body></html>');

/**
 * Plot names clip paths from one counter for the whole process (`plot-clip-7`), so the same chart would get
 * other ids in another build, and a chart from the cache could share an id with a new one on the same page.
 * They are renamed from the chart itself: equal charts get equal ids, different charts different ones.
 */
function clipIdRenamer(html: string): (text: string) => string {
  const ids = [...new Set(html.match(/plot-clip-\d+/g) ?? [])];
  if (ids.length === 0) return (text) => text;
  const stem = hashParts(html.replace(/plot-clip-\d+/g, 'plot-clip')).slice(0, 10);
  const renamed = new Map(ids.map((id, i) => [id, `plot-clip-${stem}-${i + 1}`]));
  return (text) => text.replace(/plot-clip-\d+/g, (id) => renamed.get(id) ?? id);
}

/**
 * With `aspectRatio` and no `height`, Plot derives the height from the data: `aspectRatio: 1` with x over 1–3
 * and y over 0–11,000 is millions of pixels high, and then minutes spent drawing its y axis. A first drawing
 * without axes (cheap: one element per row) gives that height, which must be within MAX_CHART_SIZE.
 */
function checkDerivedHeight(options: Record<string, unknown>, marks: MarkSpec[], rows: Row[]): void {
  if (options.aspectRatio === undefined || options.aspectRatio === null || (options.height !== undefined && options.height !== null)) return;
  const quiet = (scale: unknown) => ({ ...(typeof scale === 'object' && scale !== null && !Array.isArray(scale) ? scale : {}), axis: null, grid: false, legend: false });
  const { document } = parseHTML('<!DOCTYPE html><html><body></body></html>');
  const probe = Plot.plot({
    ...options,
    ...Object.fromEntries(['x', 'y', 'fx', 'fy', 'color'].map((k) => [k, quiet(options[k])])),
    grid: false,
    marks: marks.filter((m) => !isDecoration(m)).map((mark) => makeMark(mark, rows)),
    document: document as unknown as Document,
  }) as unknown as { getAttribute(name: string): string | null; querySelector(selector: string): { getAttribute(name: string): string | null } | null };
  const svg = probe.getAttribute('height') === null ? probe.querySelector('svg') : probe;
  const height = Number(svg?.getAttribute('height'));
  if (height > MAX_CHART_SIZE) {
    throw new SpecError(`with "aspectRatio: ${String(options.aspectRatio)}" the chart would be ${Math.round(height).toLocaleString('en-US')} pixels high; at most ${MAX_CHART_SIZE.toLocaleString('en-US')}`, 'aspectRatio', 'give a smaller aspectRatio or a height');
  }
}

/** The most bands or ticks one numeric `interval` may give (a few rows' chart draws in milliseconds below it). */
const MAX_INTERVAL_STEPS = 10_000;

/**
 * A numeric `interval` (of a scale, or of an axis or grid mark) makes Plot allocate one band or tick per step over
 * the domain: `interval: 0.0001` over 0–10,000 is 10⁸ of them, minutes of drawing and then out of memory. This
 * passes Plot the same interval (Plot.numberInterval) with a range() that refuses that many steps first.
 */
function boundIntervals(options: unknown, path: string): unknown {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return options;
  const { interval } = options as { interval?: unknown };
  if (typeof interval !== 'number' || !Number.isFinite(interval) || interval === 0) return options;
  const base = Plot.numberInterval(interval) as { floor: (d: number) => number; offset: (d: number, s?: number) => number; range: (lo: number, hi: number) => number[] };
  const step = base.offset(0);
  const bounded = {
    floor: base.floor,
    offset: base.offset,
    range: (lo: number, hi: number) => {
      const steps = Math.abs(+hi - +lo) / step;
      if (steps > MAX_INTERVAL_STEPS) {
        throw new SpecError(`"interval: ${interval}" would give ${Math.round(steps).toLocaleString('en-US')} bands or ticks over ${+lo} to ${+hi}; at most ${MAX_INTERVAL_STEPS.toLocaleString('en-US')}`, `${path}.interval`, 'use a larger interval, or leave it out');
      }
      return base.range(lo, hi);
    },
  };
  return { ...options, interval: bounded };
}

function makeMark(mark: MarkSpec, rows: Row[]): Plot.Markish {
  const factory = (Plot as unknown as Record<string, MarkFactory>)[mark.name]!;
  if (isDecoration(mark)) return mark.data ? factory(mark.data, mark.options) : factory(mark.options);
  return factory(mark.data ?? rows, mark.options);
}

function describe(spec: ChartSpec, rows: Row[], queryName: string): string {
  const main = spec.marks.find((m) => !m.data && !isDecoration(m));
  const parts: string[] = [];
  if (main) {
    const o = main.options;
    const channel = (k: string) => (typeof o[k] === 'string' ? String(o[k]) : undefined);
    // Horizontal marks (barX, dotX, tickX…) put the measure on x and the category on y.
    const horizontal = main.name.endsWith('X');
    const x = channel('x') ?? channel('x2');
    const y = channel('y') ?? channel('y2');
    const [measure, category] = horizontal ? [x, y] : [y, x];
    parts.push(`${main.name} chart${measure ? ` of ${measure}` : ''}${category ? ` by ${category}` : ''}`);
    const colour = channel('fill') ?? channel('stroke');
    if (colour && rows.some((r) => colour in r)) parts.push(`coloured by ${colour}`);
    const facet = channel('fx') ?? channel('fy');
    if (facet) parts.push(`in panels by ${facet}`);
  }
  parts.push(`${rows.length} row${rows.length === 1 ? '' : 's'} from query ${queryName}; the data table follows the chart`);
  return parts.join(', ') + '.';
}
