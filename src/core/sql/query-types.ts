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
  fileRanges(table: string): FileRange[];
  /** DuckDB's parse tree of a statement (json_serialize_sql), for rewriting. */
  parse(sql: string): Promise<AstNode>;
  /** SQL text of a parse tree (json_deserialize_sql). */
  unparse(tree: AstNode): Promise<string>;
  /** Queries run on DuckDB (cache misses) and answered from the cache; whether DuckDB was started at all; time in DuckDB. */
  readonly stats: { executed: number; cached: number; started: boolean; ms: number };
  /** Closes DuckDB: now, or when the statements still running have finished. */
  close(): void;
}
