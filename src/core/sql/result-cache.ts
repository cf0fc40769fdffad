/**
 * Query results under their key (the toolkit version, the row cap, the SQL and the content of the tables it reads):
 * from a statement already in flight, the build cache, or DuckDB, in that order.
 */
import type { BuildCache } from '../build-cache.ts';
import { hashParts } from '../hash.ts';
import { TOOLKIT_VERSION } from '../version.ts';
import { countKind, type EngineStats, type QueryKind, type QueryResult } from './query-types.ts';

export interface ResultSource {
  cache: BuildCache;
  maxRows: number;
  /** What a result reading each table depends on (content-hashes.ts). */
  tableKeys: ReadonlyMap<string, string>;
  /** Counts answers that DuckDB did not have to compute. */
  stats: EngineStats;
  /** Runs the statement on DuckDB. */
  run(sql: string, tables: string[], key: string, kind: QueryKind): Promise<QueryResult>;
}

export function cachedResults({ cache, maxRows, tableKeys, stats, run }: ResultSource): (sql: string, tables: string[], kind: QueryKind) => Promise<QueryResult> {
  const inflight = new Map<string, Promise<QueryResult>>();
  return (sql, tables, kind) => {
    const key = hashParts(TOOLKIT_VERSION, String(maxRows), sql, tables.map((t) => tableKeys.get(t)!).join(','));
    const pending = inflight.get(key);
    if (pending) {
      stats.cached++;
      countKind(stats, kind, true);
      // Kept once it is there, from here: this caller's tracked article records it too.
      return pending.then((r) => {
        cache.touch('query', key);
        return r;
      });
    }
    const stored = cache.get<QueryResult>('query', key);
    if (stored) {
      stats.cached++;
      countKind(stats, kind, true);
      return Promise.resolve(stored);
    }
    const result = run(sql, tables, key, kind);
    inflight.set(key, result);
    return result.then((r) => {
      cache.set('query', key, r);
      return r;
    });
  };
}
