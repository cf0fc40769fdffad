/**
 * What a query engine is to its users (articles, units, claims, versions): its results and its methods. Kept apart
 * from the engine itself (query-engine.ts), so modules the engine uses (the unit probes of views) can name it.
 */
import type { Catalog } from '../data/catalog.ts';
import type { Row } from '../data/json-values.ts';
import type { AstNode } from './sql-ast.ts';

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

/** Where each of a table's files starts: the first rowid of its rows, in load order. */
export interface FileRange {
  file: string;
  firstRow: number;
}

/**
 * What a statement is for, for the build's counts and the bench: an article's own query, its unit and lineage probe,
 * the source rows behind a result, a claim's check, a generated page's own query, a catalog view's columns.
 */
export type QueryKind = 'article' | 'probe' | 'lineage' | 'claim' | 'page';
export const QUERY_KINDS: readonly QueryKind[] = ['article', 'probe', 'lineage', 'claim', 'page'];

/** Statements that are not queries: parse trees of SQL, SQL of parse trees, and tables of CTE rows that probes share (cte-tables.ts). */
export type TreeWork = 'parse' | 'unparse' | 'cte';

/** Statements of one kind run on DuckDB and answered from the cache, and milliseconds spent running them. */
export interface KindStats {
  run: number;
  cached: number;
  ms: number;
}

export interface EngineStats {
  /** Queries run on DuckDB (cache misses). */
  executed: number;
  /** Queries answered from the cache. */
  cached: number;
  /** Whether DuckDB was started at all. */
  started: boolean;
  /** Wall-clock milliseconds with at least one statement running. */
  ms: number;
  /** By kind of query, and the parse-tree round trips; each statement's own time, summed (statements overlap). */
  kinds: Partial<Record<QueryKind | TreeWork, KindStats>>;
}

/** Adds `n` statements of `kind` to the stats. */
export function countKind(stats: EngineStats, kind: QueryKind | TreeWork, cached: boolean, ms = 0, n = 1): void {
  const k = (stats.kinds[kind] ??= { run: 0, cached: 0, ms: 0 });
  if (cached) k.cached += n;
  else k.run += n;
  k.ms += ms;
}

/** Adds one engine's stats to a sum of several. */
export function addStats(sum: EngineStats, stats: EngineStats): void {
  sum.executed += stats.executed;
  sum.cached += stats.cached;
  sum.started ||= stats.started;
  sum.ms += stats.ms;
  for (const [kind, k] of Object.entries(stats.kinds) as [QueryKind | TreeWork, KindStats][]) {
    countKind(sum, kind, false, k.ms, k.run);
    countKind(sum, kind, true, 0, k.cached);
  }
}

export function emptyStats(): EngineStats {
  return { executed: 0, cached: 0, started: false, ms: 0, kinds: {} };
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
   * `reads` is only for SQL the toolkit generated itself, from a statement already checked (a unit probe) or from
   * catalog names and numbers (source rows): the catalogued tables it reads, so it is neither parsed nor checked
   * again. Article SQL never passes it.
   */
  query(sql: string, kind?: QueryKind, reads?: readonly string[]): Promise<QueryResult>;
  /** The data file (relative to the data folder) a row of a table was loaded from. */
  fileOfRow(table: string, rowid: number): string | undefined;
  /** The first rowid of each of a table's files, in load order. */
  fileRanges(table: string): FileRange[];
  /** DuckDB's parse tree of a statement (json_serialize_sql), for rewriting. */
  parse(sql: string): Promise<AstNode>;
  /** SQL text of a parse tree (json_deserialize_sql). */
  unparse(tree: AstNode): Promise<string>;
  /**
   * The name of a table holding the rows of `body`, a top-level CTE of the statement `tree` that reads only catalogued
   * tables, made once per engine (cte-tables.ts); undefined when it cannot be made exactly. For the toolkit's own
   * probes only. Engines that answer from recorded results (frozen versions, and the engine recording them) have none.
   */
  cteTable?(tree: AstNode, body: AstNode): Promise<string | undefined>;
  /** Queries run on DuckDB (cache misses) and answered from the cache, by kind; whether DuckDB was started at all; time in DuckDB. */
  readonly stats: EngineStats;
  /** Closes DuckDB: now, or when the statements still running have finished. */
  close(): void;
}
