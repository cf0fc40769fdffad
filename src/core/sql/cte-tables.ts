/**
 * Tables of CTE rows for the toolkit's own rewritten statements (the unit probes). A report's queries mostly read one
 * named query (`runs`: the scan, filters and window over the results table), composed into each of them as a CTE, and
 * each query's probe computed that CTE again, with its units and source rows: two thirds of a cold build's DuckDB
 * time went to statements holding it. A probe CTE whose body reads only catalogued tables is now computed once per
 * engine into a table, and every probe holding the same body reads that table instead.
 *
 * An article's query reads the named queries that several of its queries read the same way (named-tables.ts):
 * `ofQuery` makes a table of a named query's rows, keyed by its SQL as written. A probe's answer (units and source
 * rows per column, as sets) does not depend on row order; an article query's rows are compared with the SQL as
 * written for every shipped query and for reads whose order is DuckDB's (test/named-tables.test.ts).
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

export interface CteTables {
  /**
   * `(tree, body)` → the name of a table holding the rows of `body` (a SELECT of `tree`'s statement), made on first
   * use; undefined when that table could not be made exactly (its columns' names or types differ from the body's, it
   * has more than maxRows rows, or DuckDB refused): the CTE then stays inline, as it always was.
   */
  ofCte(tree: AstNode, body: AstNode): Promise<string | undefined>;
  /** The same for a named query: `sql` as written (already checked; the key), `run` the SQL that computes its rows. */
  ofQuery(sql: string, run: string): Promise<string | undefined>;
}

export function cteTables({ use, unparse, limited, maxRows, made }: CteTablesContext): CteTables {
  const tables = new Map<string, Promise<string | undefined>>();
  const once = (key: string, make: (name: string) => Promise<string | undefined>) => {
    let table = tables.get(key);
    if (!table) {
      table = make(`bw_cte_${hashParts(key).slice(0, 32)}`);
      tables.set(key, table);
    }
    return table;
  };
  return {
    ofCte: (tree, body) => once(JSON.stringify(body), (name) => unparse({ ...tree, statements: [{ node: body }] }).then((sql) => makeTable(name, sql), () => undefined)),
    // Prefixed: a query's text and a probe body's JSON never share a key.
    ofQuery: (sql, run) => once(`query\n${sql}`, (name) => makeTable(name, run)),
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

/** A statement's column names and types, from its prepared statement (freed at once, as runSelect frees its own). */
async function shapeOf(connection: DuckDBConnection, sql: string): Promise<string> {
  const prepared = await connection.prepare(sql);
  try {
    return JSON.stringify(Array.from({ length: prepared.columnCount }, (_, i) => [prepared.columnName(i), prepared.columnType(i).toString()]));
  } finally {
    prepared.destroySync();
  }
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
