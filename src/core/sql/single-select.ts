/**
 * Running one article query: exactly one SELECT, streamed up to the row cap, its rows turned into JSON values with
 * one column per name.
 */
import type { DuckDBConnection, DuckDBPreparedStatement } from '@duckdb/node-api';
import { toJsonValue, type Row } from '../data/json-values.ts';
import { errorMessage } from '../errors.ts';
import type { Limited } from './engine-limits.ts';
import { cleanDuckDbMessage, QueryError } from './query-error.ts';
import type { ColumnInfo } from './query-types.ts';
import { statementCount } from './sql-names.ts';

/**
 * Runs a statement that must be one SELECT and returns at most `limit` rows: a larger result is a QueryError naming
 * how many rows it has. `ran` is called once DuckDB has run it (whether or not the result is within the cap).
 */
export async function runSelect(connection: DuckDBConnection, sql: string, limit: number, limited: Limited, ran: () => void = () => {}): Promise<{ columns: ColumnInfo[]; rows: Row[] }> {
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
  ran();
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
  return { columns, rows };
}

/** Article SQL may only read: exactly one SELECT (DESCRIBE, PRAGMA-as-table and FROM-first count), prepared to run. */
export async function prepareSingleSelect(connection: DuckDBConnection, sql: string): Promise<DuckDBPreparedStatement> {
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
  // Loaded already (a connection exists): the module's own enum of statement types.
  const { StatementType } = await import('@duckdb/node-api');
  const type = prepared.statementType;
  if (type !== StatementType.SELECT) {
    prepared.destroySync();
    throw new QueryError(`only SELECT queries may run in an article; this is a ${StatementType[type]} statement`);
  }
  return prepared;
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
