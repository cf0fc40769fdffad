/**
 * Loading a catalogued table into DuckDB, file by file (DuckDB's read_csv with the catalog's types), and the checks
 * read_csv cannot make: that each file's header is the catalog's columns, and, when a file does not load, which
 * line has the wrong number of values.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CatalogTable } from '../data/catalog.ts';
import { readCsv } from '../data/csv-read.ts';
import { DataError, errorMessage } from '../errors.ts';
import { cleanDuckDbMessage } from './query-error.ts';
import type { FileRange } from './query-types.ts';
import { sqlIdentifier, sqlString } from './sql-quote.ts';

/**
 * Loads a table file by file, in catalog order, and returns the first rowid of each file's rows, so a
 * row's lineage key leads back to the file it came from (for citations and data pins).
 */
export async function loadTable(connection: DuckDBConnection, dataDir: string, table: CatalogTable): Promise<FileRange[]> {
  const columns = table.columns.map((c) => `${sqlString(c.name)}: ${sqlString(c.type)}`).join(', ');
  const ranges: FileRange[] = [];
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

/** The first record of a CSV file whose number of values differs from its header's, with its line. */
function raggedRow(path: string): { line: number; values: number; expected: number } | undefined {
  let records;
  try {
    records = readCsv(readFileSync(path, 'utf8'), { skipEmptyLines: true, relaxQuotes: true });
  } catch {
    return undefined;
  }
  const expected = records[0]?.cells.length;
  const ragged = records.find((r) => r.cells.length !== expected);
  return ragged && { line: ragged.line, values: ragged.cells.length, expected: expected! };
}

/** The fields of a CSV file's header (read from its first 64 KB), or undefined for an empty file. */
function csvHeader(path: string): string[] | undefined {
  const fd = openSync(path, 'r');
  let head: Buffer;
  try {
    const buffer = Buffer.alloc(65536);
    head = buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0));
  } finally {
    closeSync(fd);
  }
  if (head.toString('utf8').replace(/^\uFEFF/, '').trim() === '') return undefined;
  return readCsv(head, { records: 1, relaxQuotes: true })[0]?.cells ?? [''];
}
