/**
 * An engine's DuckDB connections: opened on first use, each running one statement at a time (a connection is not
 * for concurrent use). While this thread turns one result into rows, DuckDB works on the next statement on another
 * connection.
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { limiter } from '../concurrency.ts';
import { QueryError } from './query-error.ts';

/** The database and its connections as they are opened: whatever is here when the pool closes is closed. */
export interface OpenDatabase {
  instance?: DuckDBInstance;
  connections: DuckDBConnection[];
}

export interface ConnectionPool {
  /** Runs `work` on an idle connection, opening the database first if it is not open yet. */
  use<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T>;
  /** Opens the database (once; later calls wait for the same opening). */
  open(): Promise<void>;
  /** Closes the database: now, or when the statements still running have finished. */
  close(): void;
}

/**
 * `open` starts DuckDB and fills `db` with the instance and `size` connections (it may run setup statements on
 * them first). `busy.ms` gains the wall-clock time with at least one statement running, not the sum over
 * connections.
 */
export function connectionPool(size: number, open: (db: OpenDatabase) => Promise<void>, busy: { ms: number }): ConnectionPool {
  const db: OpenDatabase = { connections: [] };
  const idle: DuckDBConnection[] = [];
  const slots = limiter(size);
  let opening: Promise<void> | undefined;
  let running = 0;
  let busySince = 0;
  // close() while a statement runs (a build failing while another query is under way) waits for it: DuckDB crashes
  // when a connection closes under a running statement.
  let closing = false;
  const closeNow = () => {
    for (const connection of db.connections.splice(0)) connection.closeSync();
    db.instance?.closeSync();
    db.instance = undefined;
  };
  const pool: ConnectionPool = {
    open: () =>
      (opening ??= open(db).then(() => {
        idle.push(...db.connections);
      })),
    use: (work) =>
      slots(async () => {
        await pool.open();
        if (closing) throw new QueryError('the query engine was closed before this statement could run');
        const connection = idle.pop()!;
        if (running++ === 0) busySince = performance.now();
        try {
          return await work(connection);
        } finally {
          idle.push(connection);
          if (--running === 0) {
            busy.ms += performance.now() - busySince;
            if (closing) closeNow();
          }
        }
      }),
    close() {
      closing = true;
      if (running === 0) closeNow();
    },
  };
  return pool;
}
