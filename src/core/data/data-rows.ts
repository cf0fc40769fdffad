/**
 * Where a value is in the data files: the file and line of the first row of a catalogued table whose column holds
 * it, for messages about something made from the data (a data page, its address) to name the row that caused it.
 * Read from the CSV files themselves (DuckDB's tables do not keep the line a row came from); used on the way to an
 * error only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog } from './catalog.ts';
import { readCsv, type CsvRecord } from './csv-read.ts';

export interface DataRow {
  /** `data/<file>`, as messages name the files of the data folder in use. */
  file: string;
  /** 1-based line of the row in the file (the header is line 1). */
  line: number;
}

/**
 * The rows of `table` (a catalogued table with files, not a view) whose `column` holds `value` (null: an empty cell,
 * which DuckDB reads as NULL), in file order.
 */
export function findDataRows(catalog: Catalog, table: string, column: string, value: unknown): DataRow[] {
  const files = catalog.tables.find((t) => t.name === table)?.files ?? [];
  const wanted = value === null || value === undefined ? '' : String(value);
  const out: DataRow[] = [];
  for (const file of files) {
    let records: CsvRecord[];
    try {
      // A file that cannot be read, or is not CSV, holds no row to name (DuckDB would have refused it first).
      records = readCsv(readFileSync(join(catalog.dataDir, file), 'utf8'), { relaxQuotes: true });
    } catch {
      continue;
    }
    const index = records[0]?.cells.indexOf(column) ?? -1;
    if (index === -1) continue;
    for (const r of records.slice(1)) if ((r.cells[index] ?? '') === wanted) out.push({ file: `data/${file}`, line: r.line });
  }
  return out;
}
