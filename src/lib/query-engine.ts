/**
 * The query engine: one in-process DuckDB per build, every catalogued table loaded once, file access
 * locked to data/, and results cached by a hash of the SQL and of the data files it reads.
 * Usable without Astro: `const engine = await createQueryEngine({ catalog }); await engine.query(sql)`.
 */
import { DuckDBInstance, StatementType, type DuckDBConnection } from '@duckdb/node-api';
import { resolve } from 'node:path';
import type { Catalog, CatalogTable } from './catalog.ts';
import { DataError, errorMessage } from './errors.ts';
import { hashFile, hashParts } from './hash.ts';
import { toJsonValue, type Row } from './json-values.ts';
import { mentionsFilePath, scanSql } from './sql-names.ts';
import { unitProbeSql } from './query-units.ts';
import type { AstNode } from './sql-ast.ts';
import { TOOLKIT_VERSION } from './version.ts';

export interface ColumnInfo {
  name: string;
  /** DuckDB's type, e.g. DOUBLE, VARCHAR, DECIMAL(10,2). */
  type: string;
}

export interface QueryResult {
  columns: ColumnInfo[];
  rows: Row[];
  /** Catalogued tables the SQL mentions (its data dependencies). */
  tables: string[];
  /** The cache key: hash of toolkit version, SQL and the content hashes of the data read. */
  key: string;
}

export interface QueryEngine {
  readonly catalog: Catalog;
  /** Content hash (`sha256:…`) of each table's data, by table name. */
  readonly dataHashes: ReadonlyMap<string, string>;
  /** Content hash of each data file, by path relative to the data folder (for pins). */
  readonly fileHashes: ReadonlyMap<string, string>;
  /** Runs one read-only SELECT. Throws QueryError with DuckDB's own message. */
  query(sql: string): Promise<QueryResult>;
  /** The data file (relative to the data folder) a row of a table was loaded from. */
  fileOfRow(table: string, rowid: number): string | undefined;
  /** DuckDB's parse tree of a statement (json_serialize_sql), for rewriting. */
  parse(sql: string): Promise<AstNode>;
  /** SQL text of a parse tree (json_deserialize_sql). */
  unparse(tree: AstNode): Promise<string>;
  /** How many queries actually ran on DuckDB (cache misses). */
  readonly stats: { executed: number; cached: number };
  close(): void;
}

export class QueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryError';
  }
}

export interface QueryEngineOptions {
  catalog: Catalog;
}

export async function createQueryEngine({ catalog }: QueryEngineOptions): Promise<QueryEngine> {
  const dataDir = resolve(catalog.dataDir);
  const instance = await DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  const connection = await instance.connect();
  await lockToDirectory(connection, dataDir);
  const dataHashes = new Map<string, string>();
  const fileHashes = new Map<string, string>();
  const fileRanges = new Map<string, { file: string; firstRow: number }[]>();
  for (const table of catalog.tables) {
    if (table.view) continue;
    fileRanges.set(table.name, await loadTable(connection, dataDir, table));
    for (const file of table.files) fileHashes.set(file, hashFile(resolve(dataDir, file)));
    dataHashes.set(table.name, table.files.length === 1 ? fileHashes.get(table.files[0]!)! : `sha256:${hashParts(...table.files.flatMap((f) => [f, fileHashes.get(f)!]))}`);
  }
  const allDataHash = hashParts(...[...dataHashes.entries()].flat());

  const cache = new Map<string, Promise<QueryResult>>();
  const stats = { executed: 0, cached: 0 };
  // One connection, one statement at a time: DuckDB connections are not for concurrent use.
  let queue: Promise<unknown> = Promise.resolve();
  const serialized = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  };

  async function execute(sql: string, tables: string[], key: string): Promise<QueryResult> {
    await assertSingleSelect(connection, sql);
    let reader;
    try {
      reader = await connection.runAndReadAll(sql);
    } catch (error) {
      throw new QueryError(cleanDuckDbMessage(errorMessage(error)));
    }
    stats.executed++;
    const types = reader.columnTypes().map((t) => t.toString());
    const columns = reader.columnNames().map((name, i) => ({ name, type: types[i]! }));
    const rows = reader.getRowObjectsJS().map((raw) => {
      const row: Row = {};
      for (const { name, type } of columns) row[name] = toJsonValue(raw[name], type);
      return row;
    });
    return { columns, rows, tables, key };
  }

  const engine: QueryEngine = {
    catalog,
    dataHashes,
    fileHashes,
    stats,
    query(sql: string) {
      const mentions = scanSql(sql);
      const tables = catalog.tables.filter((t) => mentions.identifiers.has(t.name)).map((t) => t.name);
      const dataKey = mentionsFilePath(mentions) ? allDataHash : tables.map((t) => dataHashes.get(t)!).join(',');
      const key = hashParts(TOOLKIT_VERSION, sql, dataKey);
      const hit = cache.get(key);
      if (hit) {
        stats.cached++;
        return hit;
      }
      const result = serialized(() => execute(sql, tables, key));
      cache.set(key, result);
      return result;
    },
    fileOfRow(table: string, rowid: number) {
      const ranges = fileRanges.get(table);
      return ranges?.findLast((r) => r.firstRow <= rowid)?.file;
    },
    parse(sql: string) {
      return serialized(async () => {
        const reader = await connection.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR) AS tree', [sql]);
        // query_location can be 2^64−1, which a JavaScript number cannot carry back; it is optional.
        const tree = JSON.parse(String(reader.getRowObjectsJS()[0]!.tree), (key, value) => (key === 'query_location' ? undefined : value)) as AstNode;
        if (tree.error) throw new QueryError(String(tree.error_message ?? 'cannot parse the query'));
        return tree;
      });
    },
    unparse(tree: AstNode) {
      return serialized(async () => {
        const reader = await connection.runAndReadAll('SELECT json_deserialize_sql($1::JSON) AS sql', [JSON.stringify(tree)]);
        return String(reader.getRowObjectsJS()[0]!.sql);
      });
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
  for (const table of catalog.tables) {
    if (!table.view) continue;
    await createView(engine, connection, table);
    dataHashes.set(table.name, `sha256:${hashParts(table.view.sql, ...table.view.reads.map((t) => dataHashes.get(t)!))}`);
  }
  return engine;
}

/**
 * Materialises a catalogued view with its unit probe, so each measure column has a `<column>__unit`
 * column, and fills in the view's columns in the catalog. A view that mixes units is a data error.
 */
async function createView(engine: QueryEngine, connection: DuckDBConnection, view: CatalogTable): Promise<void> {
  const where = `data/catalog.yaml, view "${view.name}"`;
  let probeSql: string;
  try {
    const result = await engine.query(view.view!.sql);
    probeSql = await unitProbeSql(engine, view.view!.sql, result.columns.map((c) => c.name));
    await connection.run(`CREATE TABLE ${sqlIdentifier(view.name)} AS ${probeSql}`);
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

/** TOOLCHAIN §4.6: the only order of settings that works, and it cannot be undone once locked. */
async function lockToDirectory(connection: DuckDBConnection, dir: string): Promise<void> {
  // One thread: a query without ORDER BY then returns its rows in the same order on every build, so pages
  // are byte-identical (the tables are small; parallelism buys little here).
  await connection.run('SET threads=1');
  await connection.run(`SET allowed_directories=[${sqlString(dir + '/')}]`);
  await connection.run('SET enable_external_access=false');
  await connection.run('SET lock_configuration=true');
}

/**
 * Loads a table file by file, in catalog order, and returns the first rowid of each file's rows, so a
 * row's lineage key leads back to the file it came from (for citations and data pins).
 */
async function loadTable(connection: DuckDBConnection, dataDir: string, table: CatalogTable): Promise<{ file: string; firstRow: number }[]> {
  const columns = table.columns.map((c) => `${sqlString(c.name)}: ${sqlString(c.type)}`).join(', ');
  const ranges: { file: string; firstRow: number }[] = [];
  let rows = 0;
  for (const [i, file] of table.files.entries()) {
    // auto_detect off: the catalog's types are the contract; a value that does not parse is an error.
    const read = `SELECT * FROM read_csv(${sqlString(resolve(dataDir, file))}, header=true, auto_detect=false, delim=',', quote='"', escape='"', strict_mode=true, columns={${columns}})`;
    try {
      await connection.run(i === 0 ? `CREATE TABLE ${sqlIdentifier(table.name)} AS ${read}` : `INSERT INTO ${sqlIdentifier(table.name)} ${read}`);
    } catch (error) {
      throw new DataError(`data/${file}: cannot load it into table "${table.name}" with the types in data/catalog.yaml:\n  ${cleanDuckDbMessage(errorMessage(error))}`);
    }
    ranges.push({ file, firstRow: rows });
    rows = Number((await connection.runAndReadAll(`SELECT count(*) AS n FROM ${sqlIdentifier(table.name)}`)).getRowObjectsJS()[0]!.n);
  }
  return ranges;
}

/** Article SQL may only read: exactly one SELECT (DESCRIBE, PRAGMA-as-table and FROM-first count). */
async function assertSingleSelect(connection: DuckDBConnection, sql: string): Promise<void> {
  let extracted;
  try {
    extracted = await connection.extractStatements(sql);
  } catch (error) {
    throw new QueryError(cleanDuckDbMessage(errorMessage(error)));
  }
  if (extracted.count !== 1) {
    throw new QueryError(`a query block holds exactly one statement; this one has ${extracted.count}`);
  }
  let prepared;
  try {
    prepared = await extracted.prepare(0);
  } catch (error) {
    throw new QueryError(cleanDuckDbMessage(errorMessage(error)));
  }
  if (prepared.statementType !== StatementType.SELECT) {
    throw new QueryError(
      `only SELECT queries may run in an article; this is a ${StatementType[prepared.statementType]} statement`,
    );
  }
}

function cleanDuckDbMessage(message: string): string {
  return message.replace(/^Failed to (extract statements|prepare statement|execute prepared statement): /, '').trim();
}

export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export function sqlIdentifier(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}

