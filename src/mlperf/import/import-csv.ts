/**
 * The importer's CSV: the toolkit's reader (src/core/data/csv-read.ts) with the importer's errors, and a writer
 * (csv-stringify) in the format of the files in data/: a header, `\n` line endings, cells quoted only when needed.
 */
import { stringify } from 'csv-stringify/sync';
import { CsvSyntaxError, readCsv, type CsvRecord } from '../../core/data/csv-read.ts';
import { ImportError } from './import-error.ts';

/** RFC 4180 parsing: quoted fields may hold commas, quotes ("") and line breaks; \n or \r\n rows. */
export function parseCsv(text: string, file: string): string[][] {
  return records(text, file).map((r) => r.cells);
}

/** The records with their lines; text that is not CSV is an ImportError naming the file and line. */
function records(text: string, file: string): CsvRecord[] {
  try {
    return readCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new ImportError(`${file}:${error.line}: ${error.reason}`);
    throw error;
  }
}

/**
 * Rows as CSV, header first, `\n` line endings. A cell is quoted only when needed: a comma, quote or line break
 * (csv-stringify's own rule, with a carriage return added), or spaces at either end (which a reader that trims
 * would lose).
 */
export function writeCsv(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  return stringify([columns, ...rows], { record_delimiter: 'unix', quoted_match: /\r|^\s|\s$/ });
}

/** Rows of a CSV with exactly the expected header, as objects; `line` is the row's line in the file. */
export function readTable<C extends string>(text: string, file: string, columns: readonly C[]): { line: number; cells: Record<C, string> }[] {
  const [first, ...rows] = records(text, file);
  const header = first?.cells;
  if (!header || header.join(',') !== columns.join(',')) {
    throw new ImportError(`${file}: the header must be exactly "${columns.join(',')}", found "${(header ?? []).join(',')}"`);
  }
  // The line a row starts on, counting the line breaks inside quoted cells of the rows before it.
  return rows.map(({ line, cells }) => {
    if (cells.length !== columns.length) {
      throw new ImportError(`${file}:${line}: expected ${columns.length} cells (${columns.join(', ')}), found ${cells.length}`);
    }
    const out = {} as Record<C, string>;
    columns.forEach((c, j) => (out[c] = cells[j]!));
    return { line, cells: out };
  });
}
