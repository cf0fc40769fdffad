/**
 * The limits a build's queries run under: rows per result, time per statement, memory for the database. A
 * statement that passes one fails with a message that names the limit and what to do.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { errorMessage } from '../errors.ts';
import { cleanDuckDbMessage, QueryError } from './query-error.ts';

/** Default row cap of a query result (BENCHWRIGHT_MAX_ROWS overrides it for a build). */
export const DEFAULT_MAX_ROWS = 100_000;

/** Default time limit of one statement, in seconds (BENCHWRIGHT_QUERY_TIMEOUT overrides it for a build). */
export const DEFAULT_QUERY_TIMEOUT_S = 30;

/** Default memory limit of a build's DuckDB (BENCHWRIGHT_MEMORY_LIMIT overrides it), in DuckDB's notation. */
export const DEFAULT_MEMORY_LIMIT = '2GB';

/** A memory size as DuckDB's memory_limit takes it: a number and a unit, e.g. 2GB, 512MB, 1.5GiB. */
export const MEMORY_LIMIT_PATTERN = /^[0-9]+([.][0-9]+)? *(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;

export interface EngineLimits {
  maxRows: number;
  timeoutMs: number;
  memoryLimit: string;
}

/** Throws a RangeError naming the first limit that is not a usable value. */
export function checkLimits({ maxRows, timeoutMs, memoryLimit }: EngineLimits): void {
  if (!Number.isSafeInteger(maxRows) || maxRows < 1) throw new RangeError(`maxRows must be a positive whole number, not ${maxRows}`);
  if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs)) throw new RangeError(`timeoutMs must be a positive number, not ${timeoutMs}`);
  if (!MEMORY_LIMIT_PATTERN.test(memoryLimit)) throw new RangeError(`memoryLimit must be a size such as 2GB, not ${JSON.stringify(memoryLimit)}`);
}

/** Runs DuckDB work on a connection under the limits: see `underLimits`. */
export type Limited = <T>(connection: DuckDBConnection, work: () => Promise<T>) => Promise<T>;

/**
 * Runs DuckDB work on a connection under the time limit (the connection is interrupted when it passes) and turns
 * DuckDB's interruption and out-of-memory errors into messages that name the limit and what to do.
 */
export function underLimits({ timeoutMs, memoryLimit }: Pick<EngineLimits, 'timeoutMs' | 'memoryLimit'>): Limited {
  return async (connection, work) => {
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
  };
}
