/**
 * A chart block is Observable Plot's own options object written as YAML: `marks` is a list of
 * `{ <markName>: <options> }` (or `{ <markName>: [literal data] }`, or a bare mark name), every other
 * key is a `Plot.plot` option, plus a few of ours (title, subtitle, caption, description, allowEmpty)
 * that go into the page's HTML instead of the SVG. This module checks that shape against the query's
 * columns before anything is drawn, so a typo is an error rather than a blank chart.
 */
import { SpecError } from '../errors.ts';
import { color as parseColor } from 'd3-color';
import { formatWidth, MAX_FORMAT_WIDTH } from '../render/format.ts';
import { MARK_OPTIONS, PLOT_FUNCTIONS } from './plot-mark-options.ts';
import { closest } from '../closest.ts';

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

export const PLOT_OPTIONS = new Set([
  'x', 'y', 'fx', 'fy', 'r', 'color', 'opacity', 'symbol', 'length', 'projection', 'facet', 'width', 'height',
  'margin', 'marginTop', 'marginRight', 'marginBottom', 'marginLeft', 'inset', 'insetTop', 'insetRight',
  'insetBottom', 'insetLeft', 'grid', 'label', 'axis', 'style', 'clip', 'aspectRatio', 'round', 'nice', 'padding', 'align',
]);
export const OWN_OPTIONS = new Set(['title', 'subtitle', 'caption', 'description', 'allowEmpty', 'compare', 'label', 'marks']);

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
      const known = [...new Set([...PLOT_OPTIONS, ...OWN_OPTIONS])];
      const near = closest(key, known);
      throw new SpecError(`unknown chart option "${key}"${near ? ` (did you mean "${near}"?)` : ''}`, key, `use Plot.plot options (${[...PLOT_OPTIONS].filter((k) => !OWN_OPTIONS.has(k)).join(', ')}) or Benchwright's own ${[...OWN_OPTIONS].join(', ')}`);
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
  checkDrawingLimits(plotOptions, marks);
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
    if (TRANSFORMS.has(name)) throw transformError(name, path);
    const known = PLOT_FUNCTIONS.has(name) ? ' (it is not a mark, or it needs a browser)' : '';
    throw new SpecError(`unknown mark "${name}"${known}`, path, `use one of Plot's marks: ${[...MARKS].join(', ')}`);
  }
  const markPath = `${path}.${name}`;
  if (Array.isArray(value)) return { name, data: value, options: {} };
  if (value === null || value === undefined) value = {};
  if (!isObject(value)) throw new SpecError(`mark "${name}" takes an options mapping or a list of literal data`, markPath);
  const { data, ...options } = value;
  if (data !== undefined && !Array.isArray(data)) throw new SpecError('`data` must be a list of literal values', `${markPath}.data`);
  checkOptionNames(name, options, markPath);
  if (data === undefined && !DECORATION_MARKS.has(name)) checkChannels(options, markPath, columns);
  return { name, data: data as unknown[] | undefined, options };
}

/**
 * Options that set how much Plot draws. A slip of the keyboard (`ticks: 1000000`, `width: 8800000`,
 * `tickSpacing: 0.01`, `inset: 9999999`) would otherwise have the build draw axes for minutes and write a page of
 * hundreds of megabytes (Plot draws about one tick per 80 pixels of axis, or as many as `ticks` asks).
 */
export const MAX_CHART_SIZE = 10_000;
const MAX_TICKS = 1_000;
/** Pixel lengths: the chart's size, its margins and insets (also of a scale or a mark). */
const PIXEL_OPTION = /^(width|height|margin(Top|Right|Bottom|Left)?|inset(Top|Right|Bottom|Left)?)$/;
const POSITION_SCALES = new Set(['x', 'y', 'fx', 'fy']);

function checkDrawingLimits(plotOptions: Record<string, unknown>, marks: MarkSpec[]): void {
  const pixels = (value: unknown, path: string) => {
    if (typeof value === 'number' && !(Math.abs(value) <= MAX_CHART_SIZE)) {
      throw new SpecError(`"${path}" is ${value} pixels; at most ${MAX_CHART_SIZE.toLocaleString('en-US')}`, path, 'sizes, margins and insets are in pixels, e.g. width: 880, marginLeft: 200');
    }
  };
  const scales = Object.entries(plotOptions).filter((entry): entry is [string, Record<string, unknown>] => isObject(entry[1]));
  for (const [key, value] of Object.entries(plotOptions)) if (PIXEL_OPTION.test(key)) pixels(value, key);
  if (typeof plotOptions.grid === 'number' && !(plotOptions.grid <= MAX_TICKS)) throw new SpecError(`"grid: ${plotOptions.grid}" asks for ${plotOptions.grid} grid lines; at most ${MAX_TICKS}`, 'grid', 'e.g. grid: true');
  for (const [key, scale] of scales) {
    // A position scale's range is where its axis is drawn, in pixels.
    if (POSITION_SCALES.has(key) && Array.isArray(scale.range)) scale.range.forEach((v, i) => pixels(v, `${key}.range[${i}]`));
  }
  const options = [...scales, ...marks.map((m, i): [string, Record<string, unknown>] => [`marks[${i}].${m.name}`, m.options])];
  for (const [path, o] of options) {
    for (const [key, value] of Object.entries(o)) if (PIXEL_OPTION.test(key)) pixels(value, `${path}.${key}`);
    for (const key of ['ticks', 'grid']) {
      const count = o[key];
      if (typeof count === 'number' && !(count <= MAX_TICKS)) throw new SpecError(`"${key}: ${count}" asks for ${count} ${key === 'grid' ? 'grid lines' : 'ticks'}; at most ${MAX_TICKS}`, `${path}.${key}`, `a number here is about how many to draw, e.g. ${key}: 5`);
    }
    // A tickFormat such as "1000000" is a d3-format width: every tick label padded to a million characters.
    const width = typeof o.tickFormat === 'number' || typeof o.tickFormat === 'string' ? formatWidth(String(o.tickFormat)) : undefined;
    if (width !== undefined && width > MAX_FORMAT_WIDTH) throw new SpecError(`"tickFormat: ${String(o.tickFormat)}" pads each tick label to ${width} characters; at most ${MAX_FORMAT_WIDTH}`, `${path}.tickFormat`, 'a d3-format specifier such as ",.0f" or "~s"');
    if (typeof o.tickSpacing === 'number' && !(o.tickSpacing >= 1)) throw new SpecError(`"tickSpacing" is ${o.tickSpacing}; it is the pixels between ticks, at least 1`, `${path}.tickSpacing`, 'e.g. tickSpacing: 80');
  }
}

/**
 * Plot's transforms (groupY, binX, stackY, …) are functions of a mark's data and options; a block's YAML holds options
 * only, so the aggregation they would do belongs in the query, where its units are traced and its rows cited.
 */
const TRANSFORMS = new Set(['group', 'groupX', 'groupY', 'groupZ', 'bin', 'binX', 'binY', 'stackX', 'stackX1', 'stackX2', 'stackY', 'stackY1', 'stackY2', 'normalize', 'normalizeX', 'normalizeY', 'window', 'windowX', 'windowY', 'map', 'mapX', 'mapY', 'hexbin', 'dodgeX', 'dodgeY', 'select', 'selectFirst', 'selectLast', 'selectMaxX', 'selectMaxY', 'selectMinX', 'selectMinY', 'shiftX', 'shiftY', 'filter', 'reverse', 'shuffle']);

function transformError(name: string, path: string): SpecError {
  return new SpecError(
    `"${name}" is a Plot transform; transforms are not available in blocks`,
    path,
    'aggregate in SQL instead (e.g. SELECT accelerator, count(*) AS n … GROUP BY accelerator, then barY: { x: accelerator, y: n }): the query\'s units are checked and its rows cited',
  );
}

/** Plot ignores options it does not know, so a misspelt one (`colour:`) would quietly draw the wrong chart. */
function checkOptionNames(mark: string, options: Record<string, unknown>, path: string): void {
  const known = MARK_OPTIONS[mark] ?? [];
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    if (TRANSFORMS.has(key)) throw transformError(key, `${path}.${key}`);
    const near = closest(key, known);
    const hint = /^colou?r$/i.test(key) ? 'a mark is coloured with fill or stroke (color is the chart-level colour scale)'
      : near ? `did you mean "${near}"?` : `${mark} takes: ${known.join(', ')}`;
    throw new SpecError(`unknown option "${key}" in mark ${mark}`, `${path}.${key}`, hint);
  }
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
