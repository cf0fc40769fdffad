/**
 * The round files of the import: `data/mlperf-inference/<round>.csv`, their columns, their order and their CSV.
 */
import { writeCsv } from './import-csv.ts';
import { compareText } from './text-order.ts';

/** The columns of every `mlperf-inference/<round>.csv`, in file order. */
export const INFERENCE_COLUMNS = [
  'round',
  'division',
  'availability',
  'suite',
  'submitter',
  'system_name',
  'system_id',
  'accelerator',
  'accelerator_id',
  'accelerators_per_node',
  'nodes',
  'total_accelerators',
  'model',
  'used_model',
  'inferred',
  'scenario',
  'result',
  'unit',
  'unit_note',
  'precision',
  'power_w',
  'result_id',
  'log_check',
  'software',
  'result_location',
  'source_repo',
  'source_commit',
  'source_path',
] as const;

export type InferenceColumn = (typeof INFERENCE_COLUMNS)[number];
/** One output row; every value is already the text written to the CSV ('' = empty cell). */
export type InferenceRow = Record<InferenceColumn, string>;

/** The CSV of rows in INFERENCE_COLUMNS order, `\n` line endings, in the order given (see sortRows). */
export function toCsv(rows: readonly InferenceRow[]): string {
  return writeCsv(INFERENCE_COLUMNS, rows.map((row) => INFERENCE_COLUMNS.map((c) => row[c])));
}

/**
 * The deterministic order of every round file: result_id, result_location, scenario, model, then the whole
 * row. (Imported rows have a result_id; the v3.1/v4.0 rows have none and are ordered by result location.)
 */
export function sortRows(rows: readonly InferenceRow[]): InferenceRow[] {
  const key = (r: InferenceRow) => [r.result_id, r.result_location, r.scenario, r.model, INFERENCE_COLUMNS.map((c) => r[c]).join('\u0000')];
  return rows
    .map((r) => ({ r, k: key(r) }))
    .sort((a, b) => {
      for (let i = 0; i < a.k.length; i++) {
        const d = compareText(a.k[i]!, b.k[i]!);
        if (d !== 0) return d;
      }
      return 0;
    })
    .map((x) => x.r);
}

/** Rows per division, scenario and unit, for the CLI's report: "closed Offline tokens/s: 12". */
export function countRows(rows: readonly InferenceRow[]): string[] {
  const counts = new Map<string, number>();
  for (const r of rows) {
    const key = `${r.division} ${r.scenario} ${r.unit}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort(([a], [b]) => compareText(a, b)).map(([k, n]) => `${k}: ${n}`);
}
