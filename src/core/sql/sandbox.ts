/**
 * The database's settings, locked before any table is loaded: what DuckDB may read, how much memory it may use,
 * and what makes its answers the same on every build.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlString } from './sql-quote.ts';

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
