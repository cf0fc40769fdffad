/**
 * Tables of CTE rows for the toolkit's own rewritten statements (the unit probes). A report's queries mostly read one
 * named query (`runs`: the scan, filters and window over the results table), composed into each of them as a CTE, and
 * each query's probe computed that CTE again, with its units and source rows: two thirds of a cold build's DuckDB
 * time went to statements holding it. A probe CTE whose body reads only catalogued tables is now computed once per
 * engine into a table, and every probe holding the same body reads that table instead.
 *
 * Only probes read these tables, never an article's own query: its rows, their order and its bytes on the page come
 * from the SQL as written. A probe's answer (units and source rows per column, as sets) does not depend on row order.
 * The table is qualified (`main.bw_cte_…`), so a CTE of the article's own that is named like it cannot stand in for it,
 * and article SQL cannot name it (sql-policy.ts reads only catalogued tables).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { hashParts } from '../hash.ts';
import type { Limited } from './engine-limits.ts';
import { sqlIdentifier } from './sql-quote.ts';
import { isNode, type AstNode } from './sql-ast.ts';

export interface CteTablesContext {
  use: <T>(work: (connection: DuckDBConnection) => Promise<T>) => Promise<T>;
  unparse: (tree: AstNode) => Promise<string>;
  limited: Limited;
  /** The most rows kept in one such table (the result row cap): a larger CTE stays inline. */
  maxRows: number;
  /** Counts the time each attempt took, and whether it made a table (a refused one is dropped again). */
  made: (ms: number, kept: boolean) => void;
}

/**
 * `(tree, body)` → the name of a table holding the rows of `body` (a SELECT of `tree`'s statement), made on first
 * use; undefined when that table could not be made exactly (its columns' names or types differ from the body's, it
 * has more than maxRows rows, or DuckDB refused): the CTE then stays inline, as it always was.
 */
export function cteTables({ use, unparse, limited, maxRows, made }: CteTablesContext): (tree: AstNode, body: AstNode) => Promise<string | undefined> {
  const tables = new Map<string, Promise<string | undefined>>();
  return (tree, body) => {
    const json = JSON.stringify(body);
    let table = tables.get(json);
    if (!table) {
      const name = `bw_cte_${hashParts(json).slice(0, 32)}`;
      table = unparse({ ...tree, statements: [{ node: body }] }).then((sql) => makeTable(name, sql), () => undefined);
      tables.set(json, table);
    }
    return table;
  };

  function makeTable(name: string, sql: string): Promise<string | undefined> {
    const qualified = `main.${sqlIdentifier(name)}`;
    return use(async (connection) => {
      const started = performance.now();
      let kept = false;
      try {
        // At most one row past the cap is ever stored: a CTE that large is refused before it fills memory.
        await limited(connection, () => connection.run(`CREATE TABLE ${qualified} AS SELECT * FROM (\n${sql}\n) LIMIT ${maxRows + 1}`));
        const same = (await shapeOf(connection, sql)) === (await shapeOf(connection, `SELECT * FROM ${qualified}`));
        const rows = Number((await connection.runAndReadAll(`SELECT count(*) FROM ${qualified}`)).getRowsJS()[0]![0]);
        if (same && rows <= maxRows) {
          kept = true;
          return name;
        }
      } catch {
        // Inline, as before: the probe itself then gives DuckDB's message, if there is one.
      } finally {
        made(performance.now() - started, kept);
      }
      await connection.run(`DROP TABLE IF EXISTS ${qualified}`).catch(() => undefined);
      return undefined;
    });
  }
}

/**
 * A statement's column names (from its prepared statement, freed at once, as runSelect frees its own: duplicates kept)
 * and types as DuckDB binds them inside a query. A prepared statement shows an untyped NULL column as INTEGER, which is
 * what a table stores for it, but inside a query it is still NULL (`coalesce(note, 'none')` binds to VARCHAR): `typeof`
 * tells them apart. Read through a LEFT JOIN onto one row of an empty result, so no row of the statement is computed.
 */
async function shapeOf(connection: DuckDBConnection, sql: string): Promise<string> {
  const prepared = await connection.prepare(sql);
  let names: string[];
  try {
    names = Array.from({ length: prepared.columnCount }, (_, i) => prepared.columnName(i));
  } finally {
    prepared.destroySync();
  }
  const types = await connection.runAndReadAll(`SELECT typeof(COLUMNS(bw_shape.*)) FROM (SELECT 1) AS bw_one LEFT JOIN (SELECT * FROM (\n${sql}\n) LIMIT 0) AS bw_shape ON true`);
  return JSON.stringify([names, types.getRowsJS()[0]]);
}

/** The statement's top-level CTEs whose bodies read only the named tables (no other CTE): those a table can hold. */
export function selfContainedCtes(statement: AstNode, tableNames: ReadonlySet<string>): { entry: { key: string; value: { query: { node: AstNode } } }; body: AstNode }[] {
  const map = (statement.cte_map as { map?: { key: string; value: { query: { node: AstNode } } }[] } | undefined)?.map ?? [];
  // A CTE may be named like a catalogued table and stand in for it in the CTEs after it: such a name is not the table.
  const tables = new Set([...tableNames].filter((t) => !map.some((e) => e.key.toLowerCase() === t)));
  const out = [];
  for (const entry of map) {
    const body = entry.value.query.node;
    if (body.type !== 'SELECT_NODE' && body.type !== 'SET_OPERATION_NODE') continue;
    if (readsOnly(body, tables)) out.push({ entry, body });
  }
  return out;
}

/** Every table the body names is one of `tables`, unqualified or in main, and it defines no CTE of its own. */
function readsOnly(node: unknown, tables: ReadonlySet<string>): boolean {
  if (Array.isArray(node)) return node.every((n) => readsOnly(n, tables));
  if (!isNode(node)) return true;
  if (node.class === undefined && node.type === 'BASE_TABLE') {
    const schema = String(node.schema_name ?? '');
    return (schema === '' || schema === 'main') && String(node.catalog_name ?? '') === '' && tables.has(String(node.table_name).toLowerCase());
  }
  if (((node.cte_map as { map?: unknown[] } | undefined)?.map ?? []).length > 0) return false;
  return Object.values(node).every((v) => readsOnly(v, tables));
}

/** A SELECT * of the table, as DuckDB's parse tree (the shape json_serialize_sql gives). */
export function tableScan(table: string): AstNode {
  return {
    type: 'SELECT_NODE',
    modifiers: [],
    cte_map: { map: [] },
    select_list: [{ class: 'STAR', type: 'STAR', alias: '', relation_name: '', exclude_list: [], replace_list: [], columns: false, expr: null, qualified_exclude_list: [], rename_list: [] }],
    from_table: { type: 'BASE_TABLE', alias: '', sample: null, schema_name: 'main', table_name: table, column_name_alias: [], catalog_name: '', at_clause: null },
    where_clause: null,
    group_expressions: [],
    group_sets: [],
    aggregate_handling: 'STANDARD_HANDLING',
    having: null,
    sample: null,
    qualify: null,
  };
}
