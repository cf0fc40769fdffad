/**
 * The catalog's views, materialised as tables when DuckDB starts: each with its unit probe, so each measure column
 * has a `<column>__unit` column, and its columns filled in the catalog. A view that mixes units is a data error.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { CatalogTable } from '../data/catalog.ts';
import { DataError, errorMessage } from '../errors.ts';
import { unitProbeSql } from '../units/query-units.ts';
import type { Limited } from './engine-limits.ts';
import { parseWith, unparseWith } from './parse-tree.ts';
import { cleanDuckDbMessage } from './query-error.ts';
import type { QueryEngine } from './query-types.ts';
import { prepareSingleSelect } from './single-select.ts';
import type { AstNode } from './sql-ast.ts';
import { tablesRead } from './sql-policy.ts';
import { sqlIdentifier } from './sql-quote.ts';

export interface ViewContext {
  /** The engine being started (its catalog, the views' columns are filled in). */
  engine: QueryEngine;
  /** The first connection: views are created before any other statement runs, so they talk to it directly. */
  connection: DuckDBConnection;
  tableNames: ReadonlySet<string>;
  limited: Limited;
}

/** Creates every view of the catalog, in catalog order; returns the columns each view now has in the catalog. */
export async function createCatalogViews({ engine, connection, tableNames, limited }: ViewContext): Promise<Record<string, CatalogTable['columns']>> {
  // Each view's SQL is parsed once, for the policy and for its probe.
  const trees = new Map<string, Promise<AstNode>>();
  const parse = (sql: string) => {
    let tree = trees.get(sql);
    if (!tree) trees.set(sql, (tree = parseWith(connection, sql)));
    return tree;
  };
  const direct: QueryEngine = {
    ...engine,
    parse,
    unparse: (tree) => unparseWith(connection, JSON.stringify(tree)),
  };
  // A catalogued view may read and call only what an article's query may, and must be one SELECT. Its columns are
  // the prepared statement's: running it here would only turn thousands of rows into JavaScript values to learn their
  // names (its probe runs it, into the table).
  const columnNames = async (sql: string) => {
    const statements = (await parse(sql).catch(() => undefined))?.statements as { node: AstNode }[] | undefined;
    if (statements?.length === 1) tablesRead(statements[0]!.node, tableNames);
    const prepared = await prepareSingleSelect(connection, sql);
    try {
      return Array.from({ length: prepared.columnCount }, (_, i) => prepared.columnName(i));
    } finally {
      prepared.destroySync();
    }
  };
  const views: Record<string, CatalogTable['columns']> = {};
  for (const table of engine.catalog.tables) {
    if (!table.view) continue;
    await createView(direct, connection, table, limited, columnNames);
    views[table.name] = table.columns;
  }
  return views;
}

async function createView(engine: QueryEngine, connection: DuckDBConnection, view: CatalogTable, limited: Limited, columnNames: (sql: string) => Promise<string[]>): Promise<void> {
  const where = `data/catalog.yaml, view "${view.name}"`;
  let probeSql: string;
  try {
    probeSql = await unitProbeSql(engine, view.view!.sql, await columnNames(view.view!.sql));
    await limited(connection, () => connection.run(`CREATE TABLE ${sqlIdentifier(view.name)} AS ${probeSql}`));
  } catch (error) {
    throw new DataError(`${where}: cannot create the view:\n  ${cleanDuckDbMessage(errorMessage(error))}`);
  }
  const described = (await connection.runAndReadAll(`DESCRIBE ${sqlIdentifier(view.name)}`)).getRowObjectsJS() as { column_name: string; column_type: string }[];
  const names = new Set(described.map((d) => d.column_name));
  const bases = view.view!.reads.map((name) => engine.catalog.tables.find((t) => t.name === name)!);
  const documented = new Map(view.columns.map((c) => [c.name, c.description]));
  view.columns = described.map(({ column_name: name, column_type: type }) => {
    const inherited = bases.flatMap((b) => b.columns).find((c) => c.name === name);
    const unitColumn = names.has(`${name}__unit`) ? `${name}__unit` : undefined;
    return {
      name,
      type: type as CatalogTable['columns'][number]['type'],
      description: documented.get(name) ?? inherited?.description ?? (name.endsWith('__unit') ? `unit of ${name.slice(0, -6)}, row by row` : 'computed by the view'),
      ...(unitColumn ? { unit_column: unitColumn } : {}),
    };
  });
  for (const column of view.columns.filter((c) => c.unit_column)) {
    const mixed = await connection.runAndReadAll(`SELECT count(*) AS n FROM ${sqlIdentifier(view.name)} WHERE ${sqlIdentifier(column.unit_column!)} LIKE '%mixed:%'`);
    if (Number(mixed.getRowObjectsJS()[0]!.n) > 0) throw new DataError(`${where}: column ${column.name} mixes units; filter the view's SQL to one unit per row`);
  }
}
