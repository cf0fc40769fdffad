/**
 * The query engine: one in-process DuckDB per build, every catalogued table loaded once, file access
 * locked to exactly the catalogued files, and results cached by a hash of the SQL and of the data of the tables
 * it reads (from DuckDB's parse tree of it: sql-policy.ts, which also refuses everything else that could read,
 * reveal or vary). Each statement runs under a time limit and the database under a memory limit.
 * Usable without Astro: `const engine = await createQueryEngine({ catalog }); await engine.query(sql)`.
 */
import type { DuckDBConnection, DuckDBInstance, DuckDBPreparedStatement } from '@duckdb/node-api';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Catalog, CatalogTable } from '../data/catalog.ts';
import { DataError, errorMessage } from '../errors.ts';
import { hashFile, hashParts } from '../hash.ts';
import { toJsonValue, type Row } from '../data/json-values.ts';
import { statementCount } from './sql-names.ts';
import { SqlRefusal, tablesRead } from './sql-policy.ts';
import { unitProbeSql } from '../units/query-units.ts';
import type { AstNode } from './sql-ast.ts';
import { TOOLKIT_VERSION } from '../version.ts';
import { memoryCache, type BuildCache } from '../build-cache.ts';
import { limiter } from '../concurrency.ts';
import { checkCategoryMaps } from '../../mlperf/mlperf-categories.ts';

export interface ColumnInfo {
  name: string;
  /** DuckDB's type, e.g. DOUBLE, VARCHAR, DECIMAL(10,2). */
  type: string;
}

export interface QueryResult {
  columns: ColumnInfo[];
  rows: Row[];
  /** Catalogued tables the SQL reads (its data dependencies), from DuckDB's parse tree of it. */
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
  /** One hash of every table's files and catalog entry, and the row cap: what any result here may depend on. */
  readonly contentKey: string;
  /**
   * Runs one read-only SELECT over the catalogued tables. Throws QueryError with DuckDB's own message, or with why it is
   * refused (sql-policy.ts: what it reads or calls), or when it passes the time or memory limit.
   */
  query(sql: string): Promise<QueryResult>;
  /** The data file (relative to the data folder) a row of a table was loaded from. */
  fileOfRow(table: string, rowid: number): string | undefined;
  /** The first rowid of each of a table's files, in load order. */
  fileRanges(table: string): { file: string; firstRow: number }[];
  /** DuckDB's parse tree of a statement (json_serialize_sql), for rewriting. */
  parse(sql: string): Promise<AstNode>;
  /** SQL text of a parse tree (json_deserialize_sql). */
  unparse(tree: AstNode): Promise<string>;
  /** Queries run on DuckDB (cache misses) and answered from the cache; whether DuckDB was started at all; time in DuckDB. */
  readonly stats: { executed: number; cached: number; started: boolean; ms: number };
  /** Closes DuckDB: now, or when the statements still running have finished. */
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
  /**
   * The most rows a query may return (default DEFAULT_MAX_ROWS). A larger result is a QueryError: pages,
   * CSV downloads and the build's memory are sized for aggregated results, not raw dumps.
   */
  maxRows?: number;
  /**
   * Where results are kept between builds (default: in memory, for this engine only). A query whose SQL and
   * data are unchanged is answered from it, and DuckDB is not even started when every answer is there.
   */
  cache?: BuildCache;
  /**
   * The longest one statement may run, in milliseconds (default DEFAULT_QUERY_TIMEOUT_S seconds): then it is
   * interrupted and fails, naming the limit (BENCHWRIGHT_QUERY_TIMEOUT sets it for a build, in seconds).
   */
  timeoutMs?: number;
  /** DuckDB's memory_limit for the whole database, tables included (default DEFAULT_MEMORY_LIMIT; BENCHWRIGHT_MEMORY_LIMIT). */
  memoryLimit?: string;
}

let duckdb: typeof import('@duckdb/node-api') | undefined;

/** DuckDB connections a build uses at once. */
const CONNECTIONS = 2;

/** Default row cap of a query result (BENCHWRIGHT_MAX_ROWS overrides it for a build). */
export const DEFAULT_MAX_ROWS = 100_000;

/** Default time limit of one statement, in seconds (BENCHWRIGHT_QUERY_TIMEOUT overrides it for a build). */
export const DEFAULT_QUERY_TIMEOUT_S = 30;

/** Default memory limit of a build's DuckDB (BENCHWRIGHT_MEMORY_LIMIT overrides it), in DuckDB's notation. */
export const DEFAULT_MEMORY_LIMIT = '2GB';

/** A memory size as DuckDB's memory_limit takes it: a number and a unit, e.g. 2GB, 512MB, 1.5GiB. */
export const MEMORY_LIMIT_PATTERN = /^[0-9]+([.][0-9]+)? *(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;

/** What loading the tables and creating the views found out; cached so a warm build need not start DuckDB. */
interface CatalogState {
  ranges: Record<string, { file: string; firstRow: number }[]>;
  views: Record<string, CatalogTable['columns']>;
}

export async function createQueryEngine({
  catalog,
  maxRows = DEFAULT_MAX_ROWS,
  cache = memoryCache(),
  timeoutMs = DEFAULT_QUERY_TIMEOUT_S * 1000,
  memoryLimit = DEFAULT_MEMORY_LIMIT,
}: QueryEngineOptions): Promise<QueryEngine> {
  if (!Number.isSafeInteger(maxRows) || maxRows < 1) throw new RangeError(`maxRows must be a positive whole number, not ${maxRows}`);
  if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs)) throw new RangeError(`timeoutMs must be a positive number, not ${timeoutMs}`);
  if (!MEMORY_LIMIT_PATTERN.test(memoryLimit)) throw new RangeError(`memoryLimit must be a size such as 2GB, not ${JSON.stringify(memoryLimit)}`);
  const dataDir = resolve(catalog.dataDir);
  // Content hashes come from the files themselves, so they are known before (and without) DuckDB.
  const dataHashes = new Map<string, string>();
  const fileHashes = new Map<string, string>();
  for (const table of catalog.tables) {
    if (table.view) continue;
    for (const file of table.files) fileHashes.set(file, hashFile(resolve(dataDir, file)));
    dataHashes.set(table.name, table.files.length === 1 ? fileHashes.get(table.files[0]!)! : `sha256:${hashParts(...table.files.flatMap((f) => [f, fileHashes.get(f)!]))}`);
  }
  for (const table of catalog.tables) {
    if (table.view) dataHashes.set(table.name, `sha256:${hashParts(table.view.sql, ...table.view.reads.map((t) => dataHashes.get(t)!))}`);
  }
  // A result depends on a table's files and on its catalog entry (column types, the view's SQL): both are in its key.
  const tableKeys = new Map<string, string>();
  for (const t of catalog.tables) if (!t.view) tableKeys.set(t.name, hashParts(JSON.stringify(t), dataHashes.get(t.name)!));
  for (const t of catalog.tables) if (t.view) tableKeys.set(t.name, hashParts(JSON.stringify(t), ...t.view.reads.map((r) => tableKeys.get(r)!)));
  const allDataHash = hashParts(...[...tableKeys.entries()].flat());
  const catalogKey = hashParts(TOOLKIT_VERSION, allDataHash);
  const fileRanges = new Map<string, { file: string; firstRow: number }[]>();
  // Which tables a statement reads depends on its text and on which names are tables, not on any data.
  const tableNames = new Set(catalog.tables.map((t) => t.name));
  const readsKey = (sql: string) => hashParts(TOOLKIT_VERSION, 'reads', [...tableNames].sort().join(','), sql);

  const inflight = new Map<string, Promise<QueryResult>>();
  const parsing = new Map<string, Promise<AstNode>>();
  const parseQueue: { sql: string; resolve: (tree: AstNode) => void; reject: (error: unknown) => void }[] = [];
  const stats = { executed: 0, cached: 0, started: false, ms: 0 };
  // A few connections, each running one statement at a time (a connection is not for concurrent use). While this
  // thread turns one result into rows, DuckDB works on the next statement on another connection.
  const idle: DuckDBConnection[] = [];
  const slots = limiter(CONNECTIONS);
  // stats.ms is wall-clock time with at least one statement running, not the sum over connections.
  let running = 0;
  let busySince = 0;
  // close() while a statement runs (a build failing while another query is under way) waits for it: DuckDB crashes
  // when a connection closes under a running statement.
  let closing = false;
  const closeNow = () => {
    for (const connection of connections.splice(0)) connection.closeSync();
    instance?.closeSync();
    instance = undefined;
  };
  const withConnection = <T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> =>
    slots(async () => {
      await connect();
      if (closing) throw new QueryError('the query engine was closed before this statement could run');
      const connection = idle.pop()!;
      if (running++ === 0) busySince = performance.now();
      try {
        return await work(connection);
      } finally {
        idle.push(connection);
        if (--running === 0) {
          stats.ms += performance.now() - busySince;
          if (closing) closeNow();
        }
      }
    });

  // DuckDB starts on the first question the cache cannot answer, loads every table and creates the views.
  let instance: DuckDBInstance | undefined;
  const connections: DuckDBConnection[] = [];
  let starting: Promise<void> | undefined;
  const connect = () => (starting ??= start());
  async function start(): Promise<void> {
    stats.started = true;
    // Loaded only here: a build that the cache answers entirely never loads DuckDB.
    duckdb = await import('@duckdb/node-api');
    instance = await duckdb.DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    });
    const connection = await instance.connect();
    connections.push(connection);
    await lockToFiles(connection, catalog.tables.flatMap((t) => t.files.map((f) => resolve(dataDir, f))), memoryLimit);
    const state: CatalogState = { ranges: {}, views: {} };
    for (const table of catalog.tables) {
      if (table.view) continue;
      state.ranges[table.name] = await loadTable(connection, dataDir, table);
      fileRanges.set(table.name, state.ranges[table.name]!);
    }
    await checkCategoryMaps(catalog, async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[]);
    // Views are created before any other statement runs, so they talk to the first connection directly.
    const direct: QueryEngine = {
      ...engine,
      parse: (sql) => parseWith(connection, sql),
      unparse: (tree) => unparseWith(connection, tree),
      // A catalogued view is the catalog's, not an article's: the row cap is for article queries. It may read and
      // call only what an article's query may (a statement that is not one SELECT gets its message from execute).
      query: async (sql) => {
        const statements = (await parseWith(connection, sql).catch(() => undefined))?.statements as { node: AstNode }[] | undefined;
        if (statements?.length === 1) tablesRead(statements[0]!.node, tableNames);
        return execute(connection, sql, [], '', Number.MAX_SAFE_INTEGER - 1, true);
      },
    };
    for (const table of catalog.tables) {
      if (!table.view) continue;
      await createView(direct, connection, table, (work) => limited(connection, work));
      state.views[table.name] = table.columns;
    }
    // The settings locked above are the database's, so the other connections share them, and the tables.
    for (let i = 1; i < CONNECTIONS; i++) connections.push(await instance.connect());
    idle.push(...connections);
    cache.set('catalog', catalogKey, state);
  }

  /**
   * Runs DuckDB work on a connection under the time limit (the connection is interrupted when it passes) and turns
   * DuckDB's interruption and out-of-memory errors into messages that name the limit and what to do.
   */
  async function limited<T>(connection: DuckDBConnection, work: () => Promise<T>): Promise<T> {
    let stopped = false;
    const timer = setTimeout(() => {
      stopped = true;
      connection.interrupt();
    }, timeoutMs);
    try {
      return await work();
    } catch (error) {
      const message = cleanDuckDbMessage(errorMessage(error));
      if (stopped) {
        throw new QueryError(
          `the query was stopped after ${timeoutMs / 1000} s, the time limit of one query (BENCHWRIGHT_QUERY_TIMEOUT): a join without a ` +
            'condition, or a recursive CTE without a stop, runs on and on. Join on a condition, end the recursion with a WHERE, ' +
            'aggregate earlier, or, if the query really needs longer, raise BENCHWRIGHT_QUERY_TIMEOUT (in seconds)',
        );
      }
      if (/^Out of Memory Error/.test(message)) {
        throw new QueryError(
          `the query needs more memory than the limit of ${memoryLimit} (BENCHWRIGHT_MEMORY_LIMIT, for the tables and every query) and ` +
            'was stopped: a join without a condition, or a recursive CTE without a stop, grows without end. Join on a condition, end ' +
            `the recursion with a WHERE, aggregate or filter earlier, or raise BENCHWRIGHT_MEMORY_LIMIT (e.g. 4GB). DuckDB said: ${message.split('\n')[0]}`,
        );
      }
      throw error instanceof QueryError ? error : new QueryError(message);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Runs a statement; `setup` ones (creating the catalog's views) are not counted as the build's queries. */
  async function execute(connection: DuckDBConnection, sql: string, tables: string[], key: string, limit = maxRows, setup = false): Promise<QueryResult> {
    const prepared = await prepareSingleSelect(connection, sql);
    let reader;
    try {
      // Streamed, and read only up to one row past the cap: a runaway result is refused without being
      // materialised (DuckDB reads in chunks of 2,048 rows, so at most that many more are held).
      reader = await limited(connection, () => prepared.streamAndReadUntil(limit + 1));
    } finally {
      // Freed now, not when the garbage collector gets to its handle: DuckDB's memory is not on V8's heap, so
      // thousands of prepared statements would otherwise pile up (hundreds of MB in a large build).
      prepared.destroySync();
    }
    if (!setup) stats.executed++;
    if (reader.currentRowCount > limit) {
      const total = await limited(connection, () => countRows(connection, sql)).catch(() => undefined);
      const cap = `the limit of ${limit.toLocaleString('en-US')}`;
      throw new QueryError(
        `${total === undefined ? `query returned more rows than ${cap}` : `query returned ${total.toLocaleString('en-US')} rows, more than ${cap}`}: ` +
          'aggregate or filter it (or raise BENCHWRIGHT_MAX_ROWS)',
      );
    }
    const types = reader.columnTypes().map((t) => t.toString());
    const columns = reader.columnNames().map((name, i) => ({ name, type: types[i]! }));
    checkColumnNames(columns.map((c) => c.name));
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
    contentKey: hashParts(allDataHash, String(maxRows)),
    stats,
    query(sql: string) {
      // Which tables it reads comes from DuckDB's parse tree of it, kept under its text: a warm build needs no DuckDB.
      const known = cache.get<string[]>('reads', readsKey(sql));
      if (known) return answer(sql, known);
      return readsOf(sql).then((tables) => {
        cache.set('reads', readsKey(sql), tables);
        return answer(sql, tables);
      });
    },
    fileOfRow(table: string, rowid: number) {
      const ranges = fileRanges.get(table);
      return ranges?.findLast((r) => r.firstRow <= rowid)?.file;
    },
    fileRanges: (table: string) => fileRanges.get(table) ?? [],
    parse(sql: string) {
      const key = hashParts(TOOLKIT_VERSION, sql);
      const stored = cache.get<AstNode>('parse', key);
      if (stored) return Promise.resolve(stored);
      return parseQueued(sql).then((tree) => {
        cache.set('parse', key, tree);
        return tree;
      });
    },
    unparse(tree: AstNode) {
      const text = JSON.stringify(tree);
      const key = hashParts(TOOLKIT_VERSION, text);
      const stored = cache.get<string>('unparse', key);
      if (stored !== undefined) return Promise.resolve(stored);
      return withConnection((connection) => unparseWith(connection, tree)).then((sql) => {
        cache.set('unparse', key, sql);
        return sql;
      });
    },
    close() {
      closing = true;
      if (running === 0) closeNow();
    },
  };
  /** A result under its key (the SQL and the content of the tables it reads): from a statement in flight, the cache, or DuckDB. */
  function answer(sql: string, tables: string[]): Promise<QueryResult> {
    const key = hashParts(TOOLKIT_VERSION, String(maxRows), sql, tables.map((t) => tableKeys.get(t)!).join(','));
    const pending = inflight.get(key);
    if (pending) {
      stats.cached++;
      // Kept once it is there, from here: this caller's tracked article records it too.
      return pending.then((r) => {
        cache.touch('query', key);
        return r;
      });
    }
    const stored = cache.get<QueryResult>('query', key);
    if (stored) {
      stats.cached++;
      return Promise.resolve(stored);
    }
    const result = withConnection((connection) => execute(connection, sql, tables, key));
    inflight.set(key, result);
    return result.then((r) => {
      cache.set('query', key, r);
      return r;
    });
  }

  /**
   * The catalogued tables a statement reads, from DuckDB's parse tree of it; a QueryError for a statement that is
   * not one SELECT (with DuckDB's own message), or that reads, reveals or calls what a query may not (sql-policy.ts).
   */
  async function readsOf(sql: string): Promise<string[]> {
    // An article's query was parsed for its unit probe already (engine.parse keeps that tree); a probe's was not.
    const tree =
      cache.get<AstNode>('parse', hashParts(TOOLKIT_VERSION, sql)) ??
      (await parseQueued(sql).catch((error: unknown) => {
        if (error instanceof QueryError) return undefined;
        throw error;
      }));
    const statements = tree?.statements as { node: AstNode }[] | undefined;
    if (statements?.length !== 1) {
      // A syntax error, no statement or several, or one that is not a SELECT: DuckDB says which when preparing it.
      await withConnection((connection) => prepareSingleSelect(connection, sql)).then((prepared) => prepared.destroySync());
      // DuckDB runs some statements as a SELECT of a table function (PRAGMA version, SHOW …) that are not one as written.
      throw new QueryError(
        /^\s*pragma\b/i.test(sql)
          ? 'only SELECT queries may run in an article; this one is a PRAGMA, which reads DuckDB\'s settings or catalog, not data'
          : 'DuckDB cannot give the parse tree of this query, so Benchwright cannot tell what it reads: write it as one plain SELECT',
      );
    }
    try {
      return tablesRead(statements[0]!.node, tableNames);
    } catch (error) {
      if (!(error instanceof SqlRefusal)) throw error;
      // Placed on its line, as DuckDB places its errors: the same check on a tree that keeps query_location.
      const located = await withConnection((connection) => parseLocated(connection, sql)).catch(() => undefined);
      let at: number | undefined;
      try {
        if (located) tablesRead(located, tableNames);
      } catch (again) {
        if (again instanceof SqlRefusal) at = again.location;
      }
      throw new QueryError(error.message + (at === undefined ? '' : `\n\n${lineAt(sql, at)}`));
    }
  }

  /** A statement's parse tree; parses asked for in one turn go to DuckDB together, and each statement once. */
  function parseQueued(sql: string): Promise<AstNode> {
    const key = hashParts(TOOLKIT_VERSION, sql);
    let pending = parsing.get(key);
    if (!pending) {
      pending = new Promise<AstNode>((resolve, reject) => {
        if (parseQueue.length === 0) setImmediate(flushParses);
        parseQueue.push({ sql, resolve, reject });
      });
      parsing.set(key, pending);
      const done = () => parsing.delete(key);
      void pending.then(done, done);
    }
    return pending;
  }

  /**
   * Parses asked for in one turn of the event loop go to DuckDB together, up to PARSE_BATCH in one statement: an
   * article asks for all its queries' trees at once, and one round trip is far cheaper than one per query.
   */
  function flushParses(): void {
    const queue = parseQueue.splice(0);
    for (let i = 0; i < queue.length; i += PARSE_BATCH) {
      const part = queue.slice(i, i + PARSE_BATCH);
      withConnection((connection) => parseManyWith(connection, part.map((p) => p.sql))).then(
        (trees) => part.forEach((p, j) => (trees[j] instanceof Error ? p.reject(trees[j]) : p.resolve(trees[j]!))),
        (error: unknown) => part.forEach((p) => p.reject(error)),
      );
    }
  }
  const known = cache.get<CatalogState>('catalog', catalogKey);
  if (known) {
    for (const [name, ranges] of Object.entries(known.ranges)) fileRanges.set(name, ranges);
    for (const table of catalog.tables) if (table.view) table.columns = known.views[table.name]!;
  } else {
    // Views' columns are part of the catalog every article sees, so they are needed before the first query.
    await connect();
  }
  return engine;
}

const PARSE_BATCH = 32;

async function parseWith(connection: DuckDBConnection, sql: string): Promise<AstNode> {
  const [tree] = await parseManyWith(connection, [sql]);
  if (tree instanceof Error) throw tree;
  return tree!;
}

/** DuckDB's parse tree of each statement, in one round trip; a statement that does not parse gives its QueryError. */
async function parseManyWith(connection: DuckDBConnection, sqls: string[]): Promise<(AstNode | QueryError)[]> {
  const columns = sqls.map((_, i) => `json_serialize_sql($${i + 1}::VARCHAR) AS t${i}`).join(', ');
  const row = (await connection.runAndReadAll(`SELECT ${columns}`, sqls)).getRowsJS()[0]!;
  return row.map((value) => {
    // query_location can be 2^64−1, which a JavaScript number cannot carry back; it is optional, so it is cut from
    // the text (a JSON.parse reviver would do the same at three times the cost). Inside a string value its quotes
    // would be escaped (\"), so only the key itself matches.
    const tree = JSON.parse(String(value).replace(/,"query_location":\d+|"query_location":\d+,?/g, '')) as AstNode;
    return tree.error ? new QueryError(String(tree.error_message ?? 'cannot parse the query')) : tree;
  });
}

/** The one statement's tree with DuckDB's query_location kept (byte offsets), or undefined: for placing a refusal. */
async function parseLocated(connection: DuckDBConnection, sql: string): Promise<AstNode | undefined> {
  const reader = await connection.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR) AS t', [sql]);
  // A location too large for a JavaScript number is DuckDB's "none".
  const tree = JSON.parse(String(reader.getRowsJS()[0]![0]).replace(/"query_location":[0-9]{16,}/g, '"query_location":null')) as AstNode;
  return (tree.statements as { node: AstNode }[] | undefined)?.[0]?.node;
}

/** DuckDB's way of pointing at a place in a statement: "LINE n: <the line>" and a caret under the byte offset. */
function lineAt(sql: string, offset: number): string {
  const before = Buffer.from(sql).subarray(0, offset).toString().split('\n');
  const prefix = `LINE ${before.length}: `;
  return `${prefix}${sql.split('\n')[before.length - 1] ?? ''}\n${' '.repeat(prefix.length + before.at(-1)!.length)}^`;
}

async function unparseWith(connection: DuckDBConnection, tree: AstNode): Promise<string> {
  const reader = await connection.runAndReadAll('SELECT json_deserialize_sql($1::JSON) AS sql', [JSON.stringify(tree)]);
  return String(reader.getRowObjectsJS()[0]!.sql);
}

/**
 * Materialises a catalogued view with its unit probe, so each measure column has a `<column>__unit`
 * column, and fills in the view's columns in the catalog. A view that mixes units is a data error.
 */
async function createView(engine: QueryEngine, connection: DuckDBConnection, view: CatalogTable, limited: <T>(work: () => Promise<T>) => Promise<T>): Promise<void> {
  const where = `data/catalog.yaml, view "${view.name}"`;
  let probeSql: string;
  try {
    const result = await engine.query(view.view!.sql);
    probeSql = await unitProbeSql(engine, view.view!.sql, result.columns.map((c) => c.name));
    await limited(() => connection.run(`CREATE TABLE ${sqlIdentifier(view.name)} AS ${probeSql}`));
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

/**
 * TOOLCHAIN §4.6: the only order of settings that works, and it cannot be undone once locked. DuckDB may then read
 * exactly the catalogued files (allowed_paths; not data/'s other files, such as a .env), which the engine loads into
 * tables next; article SQL cannot name even those (sql-policy.ts refuses file-reading functions and paths in FROM).
 */
export async function lockToFiles(connection: DuckDBConnection, files: string[], memoryLimit: string): Promise<void> {
  // One thread: a query without ORDER BY then returns its rows in the same order on every build, so pages
  // are byte-identical (the tables are small; parallelism buys little here).
  await connection.run('SET threads=1');
  // DuckDB adds its temp_directory (default `.tmp` in the working directory) to allowed_directories, which
  // would let article SQL read <cwd>/.tmp/ (build outputs, caches). Benchwright's data fits in memory: no spill
  // folder, so a statement that needs more than the memory limit fails instead of filling the disk.
  await connection.run("SET temp_directory=''");
  await connection.run(`SET memory_limit=${sqlString(memoryLimit)}`);
  // TIMESTAMPTZ values are shown in the session's time zone, otherwise the machine's.
  await connection.run("SET TimeZone='UTC'");
  await connection.run(`SET allowed_paths=[${files.map(sqlString).join(', ')}]`);
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
      // DuckDB's advice ("Possible fixes", reader options) is about read_csv's options, which are not the user's to set.
      // The offending line is quoted as read: control characters of a binary file must not reach the terminal.
      const duck = cleanDuckDbMessage(errorMessage(error))
        .split(/\n(?=Column \S+ is being converted|Possible (?:fix|solution)|\s+file = )/i)[0]!
        .trim()
        .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '\uFFFD');
      const ragged = raggedRow(resolve(dataDir, file));
      throw new DataError(
        `data/${file}: cannot load it into table "${table.name}" with the types in data/catalog.yaml:\n  ${duck}` +
          (ragged ? `\n  line ${ragged.line} has ${ragged.values} value${ragged.values === 1 ? '' : 's'}; the header has ${ragged.expected}` : '') +
          `\n  what to do: fix the file (UTF-8 text, RFC 4180 quoting, ${table.columns.length} values on every line, each parsing as its column's type), or correct the column's type in the catalog`,
      );
    }
    checkHeader(resolve(dataDir, file), `data/${file}`, table);
    ranges.push({ file, firstRow: rows });
    rows = Number((await connection.runAndReadAll(`SELECT count(*) AS n FROM ${sqlIdentifier(table.name)}`)).getRowObjectsJS()[0]!.n);
  }
  return ranges;
}

/**
 * Rows are objects keyed by column name, so two columns of one name would silently show one column's values
 * twice, and a column named __proto__ would set the row's prototype instead of holding a value.
 */
function checkColumnNames(names: string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new QueryError(`the query returns more than one column named "${name}": give each column its own name with AS (e.g. after a join, list the columns instead of *)`);
    if (name === '__proto__') throw new QueryError('a column may not be named "__proto__": rename it with AS');
    seen.add(name);
  }
}

/** The number of rows a query returns, counted by DuckDB without materialising them; undefined if it cannot say. */
async function countRows(connection: DuckDBConnection, sql: string): Promise<number | undefined> {
  try {
    // Newlines around the SQL: a trailing `-- comment` must not swallow the closing parenthesis.
    const reader = await connection.runAndReadAll(`SELECT count(*) AS n FROM (\n${sql.replace(/[\s;]+$/, '')}\n)`);
    return Number(reader.getRowObjectsJS()[0]!.n);
  } catch {
    return undefined;
  }
}

/**
 * read_csv with `columns` takes the catalog's names in the catalog's order and skips the header without reading
 * it, so a file whose columns were renamed, reordered, added or dropped (with the same count) would load its
 * values under the wrong names. The header must be the catalog's column names, in order.
 */
function checkHeader(path: string, shown: string, table: CatalogTable): void {
  const expected = table.columns.map((c) => c.name);
  const header = csvHeader(path);
  const fix = `  what to do: make the file's first line the catalog's columns (${expected.join(',')}), or change the catalog to describe the file`;
  if (header === undefined) throw new DataError(`${shown}: the file is empty; table "${table.name}" needs a header line and rows\n${fix}`);
  const at = expected.findIndex((name, i) => header[i] !== name);
  if (at === -1 && header.length === expected.length) return;
  const found = at === -1 ? `it has ${header.length} columns, the catalog ${expected.length}` : `column ${at + 1} is ${header[at] === undefined ? 'missing' : JSON.stringify(header[at])}, the catalog says "${expected[at]}"`;
  throw new DataError(`${shown}: the header does not match the columns of table "${table.name}" in data/catalog.yaml: ${found}\n${fix}`);
}

/** The first record of a CSV file whose number of values differs from its header's (RFC 4180 quoting), with its line. */
function raggedRow(path: string): { line: number; values: number; expected: number } | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  let expected: number | undefined;
  let values = 1;
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let empty = true;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') i++;
      else if (c === '"') quoted = false;
      else if (c === '\n') line++;
      else if (c === undefined) break;
      continue;
    }
    if (c === '"' || c === ',') {
      if (c === '"') quoted = true;
      else values++;
      empty = false;
    } else if (c === '\n' || c === undefined) {
      if (!empty) {
        if (expected === undefined) expected = values;
        else if (values !== expected) return { line: recordLine, values, expected };
      }
      if (c === undefined) break;
      line++;
      recordLine = line;
      values = 1;
      empty = true;
    } else if (c !== '\r') empty = false;
  }
  return undefined;
}

/** The fields of a CSV file's first line (RFC 4180 quoting), or undefined for an empty file. */
function csvHeader(path: string): string[] | undefined {
  const fd = openSync(path, 'r');
  let text = '';
  try {
    const buffer = Buffer.alloc(65536);
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    text = buffer.subarray(0, n).toString('utf8').replace(/^\uFEFF/, '');
  } finally {
    closeSync(fd);
  }
  if (text.trim() === '') return undefined;
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') break;
    else field += c;
  }
  fields.push(field);
  return fields;
}

/** Article SQL may only read: exactly one SELECT (DESCRIBE, PRAGMA-as-table and FROM-first count), prepared to run. */
async function prepareSingleSelect(connection: DuckDBConnection, sql: string): Promise<DuckDBPreparedStatement> {
  let prepared;
  try {
    // Prepared directly: DuckDB refuses more (or fewer) than one statement itself, a round trip fewer than
    // extracting the statements first. Only then are they counted, for the message.
    prepared = await connection.prepare(sql);
  } catch (error) {
    const message = errorMessage(error);
    if (/^Invalid Input Error: No statement to prepare!/.test(message)) throw new QueryError('a query block holds exactly one statement; this one has none (it is empty or only comments)');
    if (/^Invalid Input Error: Cannot prepare multiple statements at once!/.test(message)) {
      const extracted = await connection.extractStatements(sql);
      // One statement as written that DuckDB makes into several: a PIVOT without an IN list first queries the
      // values to make columns of (and creates a type from them), then pivots.
      if (statementCount(sql) === 1 && extracted.count > 1) {
        throw new QueryError(
          /\bpivot\b/i.test(sql)
            ? 'a PIVOT without an IN list is more than one statement to DuckDB (it first queries the values to make columns of, ' +
                "then pivots), so it cannot run as one query: list the values, PIVOT t ON col IN ('a', 'b') USING sum(x), or write it " +
                "as GROUP BY with one aggregate per value: sum(x) FILTER (WHERE col = 'a') AS a, …"
            : `DuckDB makes this statement into ${extracted.count} statements, so it cannot run as one query: write it as one plain SELECT`,
        );
      }
      throw new QueryError(`a query block holds exactly one statement; this one has ${extracted.count}`);
    }
    throw new QueryError(cleanDuckDbMessage(message));
  }
  const { StatementType } = duckdb!;
  const type = prepared.statementType;
  if (type !== StatementType.SELECT) {
    prepared.destroySync();
    throw new QueryError(`only SELECT queries may run in an article; this is a ${StatementType[type]} statement`);
  }
  return prepared;
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

