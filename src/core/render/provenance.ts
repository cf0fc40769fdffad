/**
 * Which rows of which catalogued tables a result was computed from. The probe query (units.ts) carries
 * each row's source keys ("table:rowid") through joins, filters, aggregates and named queries; this module
 * turns those keys back into the tables' provenance columns. Rows in a group that an aggregate read are
 * all cited (a max() reads its whole group), which is what a citation of "results used" needs.
 */
import type { Catalog, CatalogTable } from '../data/catalog.ts';
import { citationOf } from '../data/citation-formatter.ts';
import type { Row } from '../data/json-values.ts';
import type { QueryEngine } from '../sql/query-engine.ts';
import { sqlIdentifier } from '../sql/query-engine.ts';
import { rowsById } from '../sql/rows-by-id.ts';

export interface TableRowsRead {
  table: string;
  rows: Row[];
  /** The data files those rows came from, in catalog order. */
  files: string[];
}

/** The provenance columns of a table: the columns its citation formatter reads, and its per-row source columns. */
export function provenanceColumns(catalog: Catalog, table: CatalogTable): string[] {
  const declared = citationOf(catalog, table);
  return [...new Set<string>([...(declared ? declared.formatter.columns(declared.config) : []), ...(table.source.row_provenance ?? [])])];
}

/** Rows behind the lineage keys, per table (tables in name order, rows in table order). */
export async function rowsFromLineage(engine: QueryEngine, keys: string[]): Promise<TableRowsRead[]> {
  return (await rowsFromLineages(engine, [keys]))[0]!;
}

/**
 * A table's provenance columns for every row, by row id: one statement per table and engine (and one cached result
 * for a warm build) instead of one per article: the tables are small, and pages cite many of their rows.
 */
function provenanceRows(engine: QueryEngine, table: CatalogTable): Promise<Map<number, Row>> {
  const columns = provenanceColumns(engine.catalog, table);
  // What the formatter adds beside those columns (MLPerf: MLCommons' category of a published text, looked up).
  const declared = citationOf(engine.catalog, table);
  const extra = declared?.formatter.select?.(table, declared.config, 't') ?? '';
  return rowsById(engine, table.name, 'provenance', [...columns.map((c) => `t.${sqlIdentifier(c)}`), ...(extra ? [extra] : [])]);
}

/**
 * The rows behind several results' lineage keys (an article's queries), each result's as `rowsFromLineage` gives them,
 * from each table's provenance rows, read once (provenanceRows).
 */
export async function rowsFromLineages(engine: QueryEngine, lineages: readonly string[][]): Promise<TableRowsRead[][]> {
  const idsOf = lineages.map((keys) => {
    const byTable = new Map<string, number[]>();
    for (const key of keys) {
      const at = key.lastIndexOf(':');
      const ids = byTable.get(key.slice(0, at)) ?? [];
      ids.push(Number(key.slice(at + 1)));
      byTable.set(key.slice(0, at), ids);
    }
    return byTable;
  });
  const names = [...new Set(idsOf.flatMap((byTable) => [...byTable.keys()]))].sort((a, b) => a.localeCompare(b));
  const rowsById = new Map<string, Map<number, Row>>();
  await Promise.all(
    names.map(async (name) => {
      const table = engine.catalog.tables.find((t) => t.name === name);
      if (table) rowsById.set(name, await provenanceRows(engine, table));
    }),
  );
  return idsOf.map((byTable) => {
    const out: TableRowsRead[] = [];
    for (const [name, ids] of [...byTable.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const table = engine.catalog.tables.find((t) => t.name === name);
      if (!table) continue;
      const sorted = [...new Set(ids)].sort((a, b) => a - b);
      const byId = rowsById.get(name)!;
      const fromFiles = new Set(sorted.map((id) => engine.fileOfRow(name, id)));
      out.push({ table: name, rows: sorted.filter((id) => byId.has(id)).map((id) => byId.get(id)!), files: table.files.filter((f) => fromFiles.has(f)) });
    }
    return out;
  });
}
