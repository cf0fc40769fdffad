/**
 * Where a value is in the data files: the file and line of the first row of a catalogued table whose column holds
 * it, for messages about something made from the data (a data page, its address) to name the row that caused it.
 * Read from the CSV files themselves (DuckDB's tables do not keep the line a row came from); used on the way to an
 * error only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog } from './catalog.ts';

export interface DataRow {
  /** `data/<file>`, as messages name the files of the data folder in use. */
  file: string;
  /** 1-based line of the row in the file (the header is line 1). */
  line: number;
}

/** RFC 4180 records with the line each starts on (a quoted field may hold line breaks). */
export function csvRecords(text: string): { line: number; cells: string[] }[] {
  const records: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = () => {
    cells.push(field);
    records.push({ line: start, cells });
    cells = [];
    field = '';
  };
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(field);
      field = '';
    } else if (c === '\n') {
      endRecord();
      start = ++line;
    } else if (c !== '\r') field += c;
  }
  if (field !== '' || cells.length > 0) endRecord();
  return records;
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
    let records: ReturnType<typeof csvRecords>;
    try {
      records = csvRecords(readFileSync(join(catalog.dataDir, file), 'utf8'));
    } catch {
      continue;
    }
    const index = records[0]?.cells.indexOf(column) ?? -1;
    if (index === -1) continue;
    for (const r of records.slice(1)) if ((r.cells[index] ?? '') === wanted) out.push({ file: `data/${file}`, line: r.line });
  }
  return out;
}
