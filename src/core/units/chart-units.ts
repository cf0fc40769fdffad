/**
 * Units in charts: every scale (x, y, colour, size…) shows one unit. A chart whose scale would mix units
 * — one column with rows in tokens/s and samples/s, or two columns in different units on one axis — is
 * a build error. An axis label that names a different unit than the data's (GB/s for TB/s) is too.
 * A scale without a label gets "column (unit)".
 */
import { SpecError } from '../errors.ts';
import type { ChartSpec } from '../charts/chart-spec.ts';
import type { ResultUnits } from './query-units.ts';

const SCALE_OF: Record<string, string> = { x: 'x', x1: 'x', x2: 'x', y: 'y', y1: 'y', y2: 'y', fill: 'color', stroke: 'color', r: 'r', fx: 'fx', fy: 'fy', opacity: 'opacity', fillOpacity: 'opacity', strokeOpacity: 'opacity', length: 'length' };

/** Unit words an author may write in a label; each must agree with the data's unit. */
const UNIT_TOKENS = ['tokens/s', 'samples/s', 'queries/s', 'latency_ms', 'PB/s', 'TB/s', 'GB/s', 'MB/s', 'PB', 'TB', 'GB', 'MB', 'TFLOPS', 'PFLOPS', 'GFLOPS', 'kW', 'MW', 'ms', 'USD', 'TWh'];

/**
 * The unit words written as words, beside any script's letters and punctuation: "(GB/s)", "（samples/s）",
 * "每加速器samples/s", "—tokens/s", "in TB/s"; not inside a Latin name ("GB300 rack", "H100-SXM-80GB"), which labels
 * name parts by. `latency_ms` holds `ms`.
 */
export function unitTokens(text: string): string[] {
  return UNIT_TOKENS.filter((token) => new RegExp(`(?<![A-Za-z0-9/])${token.replace('/', '\\/')}(?![A-Za-z0-9/])`).test(text));
}

/** Unit tokens in `said` that the data's unit does not contain (e.g. GB/s said, TB/s measured). */
export function contradictingUnits(said: string, unit: string): string[] {
  return unitTokens(said).filter((token) => !unitTokens(unit).includes(token));
}

/** Checks the chart's scales and returns Plot options with unit labels filled in. */
export function applyChartUnits(spec: ChartSpec, units: ResultUnits): Record<string, unknown> {
  const byScale = new Map<string, { column: string; unit: string; path: string }[]>();
  spec.marks.forEach((mark, i) => {
    if (mark.data) return;
    for (const [channel, value] of Object.entries(mark.options)) {
      const scale = SCALE_OF[channel];
      if (!scale || typeof value !== 'string' || !(value in units.columns)) continue;
      const columnUnits = units.columns[value]!;
      const path = `marks[${i}].${mark.name}.${channel}`;
      if (columnUnits.length > 1) {
        throw new SpecError(`channel ${channel} mixes units: column "${value}" has rows in ${columnUnits.join(' and ')}`, path, 'filter the query to one unit, or draw one chart (or facet) per unit');
      }
      const list = byScale.get(scale) ?? [];
      list.push({ column: value, unit: columnUnits[0] ?? '', path });
      byScale.set(scale, list);
    }
  });
  const plotOptions: Record<string, unknown> = { ...spec.plotOptions };
  for (const [scale, uses] of byScale) {
    const distinct = [...new Set(uses.map((u) => u.unit))];
    if (distinct.length > 1) {
      const found = uses.map((u) => `${u.column} (${u.unit || 'no unit'})`).join(', ');
      throw new SpecError(`the ${scale} scale mixes units: ${found}`, uses.find((u) => u.unit !== uses[0]!.unit)!.path, 'put each unit on its own chart or facet');
    }
    const unit = distinct[0];
    if (!unit) continue;
    const options = (typeof plotOptions[scale] === 'object' && plotOptions[scale] !== null ? plotOptions[scale] : {}) as Record<string, unknown>;
    if (typeof options.label === 'string') {
      const wrong = contradictingUnits(options.label, unit);
      if (wrong.length > 0) {
        throw new SpecError(`the ${scale} label says ${wrong.join(', ')}, but ${uses.map((u) => u.column).join(', ')} is in ${unit}`, `${scale}.label`, `write the data's unit (${unit}) in the label, or convert in SQL and declare the new unit with -- @unit`);
      }
    } else if (options.label === undefined && ['x', 'y', 'r'].includes(scale) && uses.length === 1) {
      plotOptions[scale] = { ...options, label: `${uses[0]!.column} (${unit})` };
    }
  }
  return plotOptions;
}

/** Which units a chart shows, for its description and derived-metric note. */
export function chartUnits(spec: ChartSpec, units: ResultUnits): string[] {
  const out = new Set<string>();
  for (const mark of spec.marks) {
    if (mark.data) continue;
    for (const [channel, value] of Object.entries(mark.options)) {
      if (SCALE_OF[channel] && typeof value === 'string') for (const u of units.columns[value] ?? []) out.add(u);
    }
  }
  return [...out];
}
