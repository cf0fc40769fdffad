/**
 * Some columns of every row of a catalogued table, by DuckDB's row id: what lineage keys ("table:rowid") point at.
 * Read with one statement per engine, table and use, and kept for the engine's life: an engine's articles cite the
 * same small tables many times (provenance.ts reads the citation columns, subjects.ts what rows are about).
 */
import type { Row } from '../data/json-values.ts';
import { sqlIdentifier, type QueryEngine } from './query-engine.ts';

const ROW_ID = '__bw_rowid';

const read = new WeakMap<QueryEngine, Map<string, Promise<Map<number, Row>>>>();

/**
 * `columns`: SQL expressions over the table, aliased `t` (generated from catalog names only: the statement reads this
 * table and is not parsed and checked again). `use` names what they are for, so two uses of one table keep apart.
 */
export function rowsById(engine: QueryEngine, table: string, use: string, columns: readonly string[]): Promise<Map<number, Row>> {
  let tables = read.get(engine);
  if (!tables) read.set(engine, (tables = new Map()));
  const key = `${use}\0${table}`;
  let rows = tables.get(key);
  if (!rows) {
    const select = [`t.rowid AS ${ROW_ID}`, ...columns].join(', ');
    rows = engine.query(`SELECT ${select} FROM ${sqlIdentifier(table)} t ORDER BY t.rowid`, 'lineage', [table]).then((result) => {
      const byId = new Map<number, Row>();
      for (const { [ROW_ID]: id, ...row } of result.rows) byId.set(Number(id), row);
      return byId;
    });
    tables.set(key, rows);
  }
  return rows;
}
