/**
 * A chart block is Observable Plot's own options object written as YAML: `marks` is a list of
 * `{ <markName>: <options> }` (or `{ <markName>: [literal data] }`, or a bare mark name), every other
 * key is a `Plot.plot` option, plus a few of ours (title, subtitle, caption, description, allowEmpty)
 * that go into the page's HTML instead of the SVG. This module checks that shape against the query's
 * columns before anything is drawn, so a typo is an error rather than a blank chart.
 */
import * as Plot from '@observablehq/plot';
import { SpecError } from './errors.ts';
import { color as parseColor } from 'd3-color';

/** Mark constructors a chart may use; pointer-driven and canvas marks are left out (static pages). */
export const MARKS = new Set([
  'area', 'areaX', 'areaY', 'arrow', 'axisFx', 'axisFy', 'axisX', 'axisY', 'barX', 'barY', 'bollingerX',
  'bollingerY', 'boxX', 'boxY', 'cell', 'cellX', 'cellY', 'contour', 'delaunayLink', 'delaunayMesh', 'density',
  'differenceX', 'differenceY', 'dot', 'dotX', 'dotY', 'frame', 'geo', 'graticule', 'gridFx', 'gridFy', 'gridX',
  'gridY', 'hexagon', 'hull', 'image', 'line', 'lineX', 'lineY', 'linearRegressionX', 'linearRegressionY', 'link',
  'rect', 'rectX', 'rectY', 'ruleX', 'ruleY', 'sphere', 'spike', 'text', 'textX', 'textY', 'tickX', 'tickY',
  'vector', 'vectorX', 'vectorY', 'voronoi', 'voronoiMesh', 'waffleX', 'waffleY',
]);

/** Marks that draw decorations from options alone; given rows, they would read them as tick values. */
const DECORATION_MARKS = new Set(['axisFx', 'axisFy', 'axisX', 'axisY', 'frame', 'graticule', 'gridFx', 'gridFy', 'gridX', 'gridY', 'sphere']);

/** Options that Plot reads as a channel: a string there names a column. */
const CHANNELS = new Set([
  'x', 'x1', 'x2', 'y', 'y1', 'y2', 'z', 'fill', 'stroke', 'r', 'text', 'title', 'href', 'symbol', 'opacity',
  'fillOpacity', 'strokeOpacity', 'strokeWidth', 'rotate', 'length', 'fontSize', 'src', 'weight', 'fx', 'fy', 'channels',
]);
const POSITION_CHANNELS = ['x', 'x1', 'x2', 'y', 'y1', 'y2'];
/** Channels where Plot takes certain strings as constants rather than column names. */
const COLOR_CHANNELS = new Set(['fill', 'stroke']);
const SYMBOLS = new Set(['asterisk', 'circle', 'cross', 'diamond', 'diamond2', 'hexagon', 'plus', 'square', 'square2', 'star', 'times', 'triangle', 'triangle2', 'wye']);

const PLOT_OPTIONS = new Set([
  'x', 'y', 'fx', 'fy', 'r', 'color', 'opacity', 'symbol', 'length', 'projection', 'facet', 'width', 'height',
  'margin', 'marginTop', 'marginRight', 'marginBottom', 'marginLeft', 'inset', 'insetTop', 'insetRight',
  'insetBottom', 'insetLeft', 'grid', 'label', 'axis', 'style', 'clip', 'aspectRatio', 'round', 'nice', 'padding', 'align',
]);
const OWN_OPTIONS = new Set(['title', 'subtitle', 'caption', 'description', 'allowEmpty', 'compare', 'label', 'marks']);

export interface MarkSpec {
  name: string;
  /** Literal data written in the block (e.g. `ruleY: [0]`); otherwise the query's rows. */
  data?: unknown[];
  options: Record<string, unknown>;
}

export interface ChartSpec {
  title?: string;
  subtitle?: string;
  caption?: string;
  description?: string;
  /** Why the chart compares results MLPerf's rules call incompatible (divisions, categories, rounds). */
  compare?: string;
  allowEmpty: boolean;
  marks: MarkSpec[];
  plotOptions: Record<string, unknown>;
}


const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function normalizeChartSpec(raw: unknown, columns: readonly string[]): ChartSpec {
  if (!isObject(raw)) throw new SpecError('a chart block holds a YAML mapping of Plot options with a `marks` list', '');
  const plotOptions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (OWN_OPTIONS.has(key)) continue;
    if (!PLOT_OPTIONS.has(key)) {
      throw new SpecError(`unknown chart option "${key}"`, key, `use Plot.plot options (${[...PLOT_OPTIONS].join(', ')}) or ${[...OWN_OPTIONS].join(', ')}`);
    }
    plotOptions[key] = value;
  }
  const text = (key: string): string | undefined => {
    const v = raw[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' && typeof v !== 'number') throw new SpecError(`"${key}" must be text`, key);
    return String(v);
  };
  if (raw.allowEmpty !== undefined && typeof raw.allowEmpty !== 'boolean') {
    throw new SpecError('"allowEmpty" must be true or false', 'allowEmpty');
  }
  if (!Array.isArray(raw.marks) || raw.marks.length === 0) {
    throw new SpecError('a chart needs a non-empty `marks` list', 'marks', 'e.g. marks: [ { barY: { x: accelerator, y: per_accel } } ]');
  }
  const marks = raw.marks.map((entry, i) => normalizeMark(entry, `marks[${i}]`, columns));
  return {
    title: text('title'),
    subtitle: text('subtitle'),
    caption: text('caption'),
    description: text('description'),
    compare: text('compare'),
    allowEmpty: raw.allowEmpty === true,
    marks,
    plotOptions,
  };
}

function normalizeMark(entry: unknown, path: string, columns: readonly string[]): MarkSpec {
  let name: string;
  let value: unknown;
  if (typeof entry === 'string') {
    name = entry;
    value = {};
  } else if (isObject(entry) && Object.keys(entry).length === 1) {
    [name, value] = Object.entries(entry)[0]!;
  } else {
    throw new SpecError('each mark is one `markName: options` pair', path, 'e.g. - barY: { x: accelerator, y: per_accel }');
  }
  if (!MARKS.has(name)) {
    const known = typeof (Plot as Record<string, unknown>)[name] === 'function' ? ' (it is not a mark, or it needs a browser)' : '';
    throw new SpecError(`unknown mark "${name}"${known}`, path, `use one of Plot's marks: ${[...MARKS].join(', ')}`);
  }
  const markPath = `${path}.${name}`;
  if (Array.isArray(value)) return { name, data: value, options: {} };
  if (value === null || value === undefined) value = {};
  if (!isObject(value)) throw new SpecError(`mark "${name}" takes an options mapping or a list of literal data`, markPath);
  const { data, ...options } = value;
  if (data !== undefined && !Array.isArray(data)) throw new SpecError('`data` must be a list of literal values', `${markPath}.data`);
  if (data === undefined && !DECORATION_MARKS.has(name)) checkChannels(options, markPath, columns);
  return { name, data: data as unknown[] | undefined, options };
}

function checkChannels(options: Record<string, unknown>, path: string, columns: readonly string[]): void {
  for (const [key, value] of Object.entries(options)) {
    if (!CHANNELS.has(key) || typeof value !== 'string') continue;
    if (columns.includes(value)) continue;
    if (COLOR_CHANNELS.has(key) && isColorConstant(value)) continue;
    if (key === 'symbol' && SYMBOLS.has(value.toLowerCase())) continue;
    if (key === 'fontSize' && /^\d/.test(value)) continue;
    throw new SpecError(
      `unknown column "${value}" in channel ${key}`,
      `${path}.${key}`,
      `the query returns: ${columns.join(', ')}`,
    );
  }
}

function isColorConstant(value: string): boolean {
  return value === 'none' || value === 'currentColor' || value === 'transparent' || parseColor(value) !== null;
}

/** Columns that a mark reads from the rows through its position channels. */
export function positionColumns(mark: MarkSpec): string[] {
  if (mark.data || DECORATION_MARKS.has(mark.name)) return [];
  return POSITION_CHANNELS.map((k) => mark.options[k]).filter((v): v is string => typeof v === 'string');
}

export function isDecoration(mark: MarkSpec): boolean {
  return DECORATION_MARKS.has(mark.name);
}
