/**
 * What an article's figures are about: for each catalogued table that declares `subjects` (e.g. `{ accelerator:
 * accelerator_id, model: model }`), the distinct values of those columns over the source rows its charts and tables
 * cite. The site links each accelerator's and model's page to the reports whose figures cite it. Figures only: an
 * inline count over the whole table does not make a report about every part in it.
 */
import type { CatalogTable } from '../data/catalog.ts';
import type { QueryEngine } from '../sql/query-engine.ts';
import { sqlIdentifier } from '../sql/query-engine.ts';
import { rowsById } from '../sql/rows-by-id.ts';

/** Kind → sorted distinct values, e.g. `{ accelerator: ['nvidia-b200-sxm-180gb', …], model: ['llama2-70b-99'] }`. */
export type Subjects = Record<string, string[]>;

/** A table's subject columns for every row, by row id (read once per table and engine: the tables are small). */
function subjectRows(engine: QueryEngine, table: CatalogTable & { subjects: Record<string, string> }) {
  return rowsById(engine, table.name, 'subjects', Object.entries(table.subjects).map(([kind, column]) => `t.${sqlIdentifier(column)} AS ${sqlIdentifier(kind)}`));
}

/** The subjects of the source rows behind lineage keys ("table:rowid"); empty when no table read declares any. */
export async function subjectsOf(engine: QueryEngine, keys: Iterable<string>): Promise<Subjects> {
  const idsByTable = new Map<string, Set<number>>();
  for (const key of keys) {
    const at = key.lastIndexOf(':');
    const name = key.slice(0, at);
    if (!idsByTable.has(name)) idsByTable.set(name, new Set());
    idsByTable.get(name)!.add(Number(key.slice(at + 1)));
  }
  const found = new Map<string, Set<string>>();
  for (const [name, ids] of idsByTable) {
    const table = engine.catalog.tables.find((t) => t.name === name);
    if (!table?.subjects) continue;
    const byId = await subjectRows(engine, table as CatalogTable & { subjects: Record<string, string> });
    for (const id of ids) {
      for (const [kind, value] of Object.entries(byId.get(id) ?? {})) {
        if (value === null || value === undefined || value === '') continue;
        if (!found.has(kind)) found.set(kind, new Set());
        found.get(kind)!.add(String(value));
      }
    }
  }
  return Object.fromEntries([...found].sort(([a], [b]) => a.localeCompare(b)).map(([kind, values]) => [kind, [...values].sort()]));
}
