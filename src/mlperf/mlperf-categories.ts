/**
 * MLCommons' result categories for tables whose published category is free text. MLPerf Training's system status
 * comes in a dozen spellings ("onprem", "Available cloud", "Available on-premise", "preview", …); MLCommons' rules
 * (policies/submission_rules.adoc, "Results categories") know Available (in cloud or on premise), Preview and
 * Research, Development, or Internal. A table's `mlperf.category_map` names the catalogued table that gives each
 * published text its category; the cited rows carry it as `<category column>_category`, beside the published text.
 */
import type { Catalog, CatalogTable } from '../core/data/catalog.ts';
import { DataError } from '../core/errors.ts';
import { sqlIdentifier } from '../core/sql/sql-quote.ts';
import { mlperfEntry } from './mlperf-catalog.ts';

/** The select-list item that adds MLCommons' category to rows of `table` read as alias `t` (empty without a map). */
export function categorySelect(table: CatalogTable, alias: string): string {
  const m = mlperfEntry(table);
  const map = m?.category_map;
  if (!m || !map) return '';
  const published = m.columns.category;
  return `(SELECT m.${sqlIdentifier(map.category)} FROM ${sqlIdentifier(map.table)} m WHERE m.${sqlIdentifier(map.published)} = ${alias}.${sqlIdentifier(published)}) AS ${sqlIdentifier(`${published}_category`)}`;
}

/**
 * Every published category of every mapped table has exactly one category, or the data is refused before any query
 * runs, naming the values and the table to add them to (an unmapped spelling would otherwise cite no category).
 */
export async function checkCategoryMaps(catalog: Catalog, query: (sql: string) => Promise<Record<string, unknown>[]>): Promise<void> {
  for (const table of catalog.tables) {
    const m = mlperfEntry(table);
    const map = m?.category_map;
    if (!m || !map || table.view) continue;
    const target = catalog.tables.find((t) => t.name === map.table)!;
    const where = `data/${target.files[0] ?? map.table} (table ${map.table})`;
    const published = sqlIdentifier(m.columns.category);
    const twice = await query(`SELECT ${sqlIdentifier(map.published)} AS v FROM ${sqlIdentifier(map.table)} GROUP BY 1 HAVING count(*) > 1 ORDER BY 1`);
    if (twice.length) throw new DataError(`${where} gives ${twice.map((r) => JSON.stringify(r.v)).join(', ')} more than one row: keep one category per published text`);
    const missing = await query(
      `SELECT DISTINCT t.${published} AS v FROM ${sqlIdentifier(table.name)} t WHERE NOT EXISTS (SELECT 1 FROM ${sqlIdentifier(map.table)} m WHERE m.${sqlIdentifier(map.published)} = t.${published}) ORDER BY 1`,
    );
    if (missing.length) {
      throw new DataError(`${table.name}.${m.columns.category} holds ${missing.map((r) => JSON.stringify(r.v)).join(', ')}, which ${where} gives no category: add a row for each (${map.published}, ${map.category}: available, preview or rdi, as MLCommons' rules define them)`);
    }
  }
}
