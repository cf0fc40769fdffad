/**
 * The query engine: one in-process DuckDB per build, every catalogued table loaded once, file access
 * locked to exactly the catalogued files, and results cached by a hash of the SQL and of the data of the tables
 * it reads (from DuckDB's parse tree of it: sql-policy.ts, which also refuses everything else that could read,
 * reveal or vary). Each statement runs under a time limit and the database under a memory limit.
 * Usable without Astro: `const engine = await createQueryEngine({ catalog }); await engine.query(sql)`.
 *
 * This module puts the engine together; its jobs are modules of their own: content hashes (content-hashes.ts), the
 * sandbox (sandbox.ts), loading tables (table-loading.ts), the catalog's views (catalog-views.ts), connections
 * (connection-pool.ts), parse trees (parse-tree.ts), what a statement reads (statement-reads.ts), running one
 * SELECT under the row cap (single-select.ts), cached results (result-cache.ts) and the limits (engine-limits.ts).
 */
import { resolve } from 'node:path';
import type { Catalog } from '../data/catalog.ts';
import { hashParts } from '../hash.ts';
import { TOOLKIT_VERSION } from '../version.ts';
import { memoryCache, type BuildCache } from '../build-cache.ts';
import { createCatalogViews } from './catalog-views.ts';
import { cteTables } from './cte-tables.ts';
import { connectionPool, type OpenDatabase } from './connection-pool.ts';
import { contentHashes } from './content-hashes.ts';
import { checkLimits, DEFAULT_MAX_ROWS, DEFAULT_MEMORY_LIMIT, DEFAULT_QUERY_TIMEOUT_S, underLimits } from './engine-limits.ts';
import { parseBatcher, unparseBatcher } from './parse-tree.ts';
import { countKind, emptyStats, type FileRange, type QueryEngine, type QueryKind } from './query-types.ts';
import { cachedResults } from './result-cache.ts';
import { lockToFiles } from './sandbox.ts';
import { runSelect } from './single-select.ts';
import type { AstNode } from './sql-ast.ts';
import { statementReads } from './statement-reads.ts';
import { loadTable } from './table-loading.ts';

export type { ColumnInfo, EngineStats, FileRange, KindStats, QueryEngine, QueryKind, QueryResult } from './query-types.ts';
export { QUERY_KINDS } from './query-types.ts';
export { QueryError } from './query-error.ts';
export { DEFAULT_MAX_ROWS, DEFAULT_MEMORY_LIMIT, DEFAULT_QUERY_TIMEOUT_S, MEMORY_LIMIT_PATTERN } from './engine-limits.ts';
export { lockToFiles } from './sandbox.ts';
export { sqlIdentifier, sqlString } from './sql-quote.ts';

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

/** DuckDB connections a build uses at once. */
const CONNECTIONS = 2;

/** What loading the tables and creating the views found out; cached so a warm build need not start DuckDB. */
interface CatalogState {
  ranges: Record<string, FileRange[]>;
  views: Record<string, Catalog['tables'][number]['columns']>;
}

export async function createQueryEngine({
  catalog,
  maxRows = DEFAULT_MAX_ROWS,
  cache = memoryCache(),
  timeoutMs = DEFAULT_QUERY_TIMEOUT_S * 1000,
  memoryLimit = DEFAULT_MEMORY_LIMIT,
}: QueryEngineOptions): Promise<QueryEngine> {
  checkLimits({ maxRows, timeoutMs, memoryLimit });
  const limited = underLimits({ timeoutMs, memoryLimit });
  const dataDir = resolve(catalog.dataDir);
  const { dataHashes, fileHashes, tableKeys, allDataHash } = contentHashes(catalog);
  const catalogKey = hashParts(TOOLKIT_VERSION, allDataHash);
  const fileRanges = new Map<string, FileRange[]>();
  // Which tables a statement reads depends on its text and on which names are tables, not on any data.
  const tableNames = new Set(catalog.tables.map((t) => t.name));
  const readsKey = (sql: string) => hashParts(TOOLKIT_VERSION, 'reads', [...tableNames].sort().join(','), sql);
  const parseKey = (sql: string) => hashParts(TOOLKIT_VERSION, sql);
  const stats = emptyStats();

  // DuckDB starts on the first question the cache cannot answer, loads every table and creates the views.
  const pool = connectionPool(CONNECTIONS, start, stats);
  const parseQueued = parseBatcher(pool.use, (ms) => countKind(stats, 'parse', false, ms));
  const unparseQueued = unparseBatcher(pool.use, (ms) => countKind(stats, 'unparse', false, ms));
  async function start(db: OpenDatabase): Promise<void> {
    stats.started = true;
    // Loaded only here: a build that the cache answers entirely never loads DuckDB.
    const duckdb = await import('@duckdb/node-api');
    const instance = (db.instance = await duckdb.DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    }));
    const connection = await instance.connect();
    db.connections.push(connection);
    await lockToFiles(connection, catalog.tables.flatMap((t) => t.files.map((f) => resolve(dataDir, f))), memoryLimit);
    const state: CatalogState = { ranges: {}, views: {} };
    for (const table of catalog.tables) {
      if (table.view) continue;
      state.ranges[table.name] = await loadTable(connection, dataDir, table);
      fileRanges.set(table.name, state.ranges[table.name]!);
    }
    // Each citation formatter's checks of the loaded data (MLPerf: every published category maps to one), before any query.
    for (const formatter of catalog.formatters) await formatter.checkData?.(catalog, async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[]);
    state.views = await createCatalogViews({
      engine,
      connection,
      tableNames,
      limited,
    });
    // The settings locked above are the database's, so the other connections share them, and the tables.
    for (let i = 1; i < CONNECTIONS; i++) db.connections.push(await instance.connect());
    cache.set('catalog', catalogKey, state);
  }

  const answer = cachedResults({
    cache,
    maxRows,
    tableKeys,
    stats,
    run: (sql, tables, key, kind) =>
      pool.use(async (connection) => {
        const started = performance.now();
        const result = await runSelect(connection, sql, maxRows, limited, () => stats.executed++);
        countKind(stats, kind, false, performance.now() - started);
        return { ...result, tables, key };
      }),
  });

  const cteTable = cteTables({
    use: pool.use,
    unparse: (tree) => engine.unparse(tree),
    limited,
    maxRows,
    // Counted as run only when kept: "cte N run" is the number of tables the probes share.
    made: (ms, kept) => countKind(stats, 'cte', false, ms, kept ? 1 : 0),
  });

  const engine: QueryEngine = {
    catalog,
    dataHashes,
    fileHashes,
    contentKey: hashParts(allDataHash, String(maxRows)),
    stats,
    query(sql: string, kind: QueryKind = 'article', reads?: readonly string[]) {
      if (reads) return answer(sql, [...reads].sort(), kind);
      // Which tables it reads comes from DuckDB's parse tree of it, kept under its text: a warm build needs no DuckDB.
      const known = cache.get<string[]>('reads', readsKey(sql));
      if (known) return answer(sql, known, kind);
      // An article's query was parsed for its unit probe already (engine.parse keeps that tree).
      const parse = (text: string) => {
        const stored = cache.get<AstNode>('parse', parseKey(text));
        return stored ? Promise.resolve(stored) : parseQueued(text);
      };
      return statementReads(sql, { parse, use: pool.use, tableNames }).then((tables) => {
        cache.set('reads', readsKey(sql), tables);
        return answer(sql, tables, kind);
      });
    },
    fileOfRow(table: string, rowid: number) {
      const ranges = fileRanges.get(table);
      return ranges?.findLast((r) => r.firstRow <= rowid)?.file;
    },
    fileRanges: (table: string) => fileRanges.get(table) ?? [],
    parse(sql: string) {
      const key = parseKey(sql);
      const stored = cache.get<AstNode>('parse', key);
      if (stored) return Promise.resolve(stored);
      return parseQueued(sql).then((tree) => {
        cache.set('parse', key, tree);
        return tree;
      });
    },
    unparse(tree: AstNode) {
      // Serialised once, for the key and for DuckDB: a probe's tree is large.
      const json = JSON.stringify(tree);
      const key = hashParts(TOOLKIT_VERSION, json);
      const stored = cache.get<string>('unparse', key);
      if (stored !== undefined) return Promise.resolve(stored);
      return unparseQueued(json).then((sql) => {
        cache.set('unparse', key, sql);
        return sql;
      });
    },
    cteTable,
    close: () => pool.close(),
  };

  const known = cache.get<CatalogState>('catalog', catalogKey);
  if (known) {
    for (const [name, ranges] of Object.entries(known.ranges)) fileRanges.set(name, ranges);
    for (const table of catalog.tables) if (table.view) table.columns = known.views[table.name]!;
  } else {
    // Views' columns are part of the catalog every article sees, so they are needed before the first query.
    await pool.open();
  }
  return engine;
}
