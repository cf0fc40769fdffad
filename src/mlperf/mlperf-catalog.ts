/**
 * A catalogued table's `mlperf:` entry: for tables of MLPerf results, the suite, and which columns hold what
 * MLCommons' messaging guidelines ask a citation to name. Figures over such a table get a generated MLPerf footnote
 * (mlperf-citation.ts); the entry is checked here against the catalog's tables when the catalog is loaded.
 */
import { z } from 'zod';
import type { CatalogTable } from '../core/data/catalog.ts';

export const MLPERF_KEY = 'mlperf';

export const mlperfSchema = z
  .object({
    suite: z.string().min(1),
    /** Whether MLCommons reviewed these results (the guidelines' "verified"). */
    verified: z.boolean(),
    columns: z
      .object({
        round: z.string(),
        division: z.string(),
        category: z.string(),
        benchmark: z.string(),
        scenario: z.string().optional(),
        result_id: z.string().optional(),
        location: z.string(),
        accelerators: z.string(),
        submitter: z.string().optional(),
        system: z.string().optional(),
        repo: z.string(),
        commit: z.string(),
      })
      .strict(),
    /**
     * Where the published category is free text (MLPerf Training's system status: "onprem", "Available cloud", …):
     * the catalogued table that gives each published text MLCommons' category (available, preview, rdi). Citations
     * and the comparability rule use that category; the published text stays in its column.
     */
    category_map: z.object({ table: z.string(), published: z.string(), category: z.string() }).strict().optional(),
  })
  .strict();

export type MlperfTable = z.infer<typeof mlperfSchema>;

/** A table's `mlperf:` entry (the caller knows the table declares one: its citation formatter is MLPerf's). */
export function mlperfOf(table: CatalogTable): MlperfTable {
  if (table.citation?.formatter !== MLPERF_KEY) throw new Error(`table ${table.name} declares no mlperf: entry`);
  return table.citation.config as MlperfTable;
}

/** The table's MLPerf entry, or undefined for a table of other results. */
export function mlperfEntry(table: CatalogTable): MlperfTable | undefined {
  return table.citation?.formatter === MLPERF_KEY ? (table.citation.config as MlperfTable) : undefined;
}

/** What is wrong with an entry that its schema cannot see: a column it names that the table (or the mapped table) lacks. */
export function checkMlperfEntry(table: CatalogTable, m: MlperfTable, tables: readonly CatalogTable[]): string | undefined {
  for (const [role, column] of Object.entries(m.columns)) {
    if (!table.columns.some((c) => c.name === column)) return `${table.name}.mlperf.columns.${role} names "${column}", which the table does not have`;
  }
  const map = m.category_map;
  if (map) {
    const target = tables.find((t) => t.name === map.table);
    if (!target) return `${table.name}.mlperf.category_map names table "${map.table}", which the catalog does not have`;
    for (const column of [map.published, map.category]) {
      if (!target.columns.some((c) => c.name === column)) return `${table.name}.mlperf.category_map names column "${column}", which table ${map.table} does not have`;
    }
  }
  return undefined;
}
