/**
 * Errors that name the data row a page comes from (`data/accelerator-names.csv:12`), not the Markdown generated
 * from it: a page's generated Markdown is in no file anyone can open.
 */
import type { Catalog } from '../../core/data/catalog.ts';
import { findDataRows, type DataRow } from '../../core/data/data-rows.ts';
import { BuildError } from '../../core/errors.ts';
import { groupBy } from './rows.ts';

const CATALOG_NAME = 'catalog.yaml';

/** A BuildError placed on the first data row whose `column` of `table` holds `value` (the table's first file if none). */
export function dataError(catalog: Catalog, [table, column, value]: [string, string, unknown], reason: string, hint: string, nth = 0): BuildError {
  const rows = findDataRows(catalog, table, column, value);
  const row: DataRow = rows[nth] ?? rows[0] ?? { file: `data/${catalog.tables.find((t) => t.name === table)?.files[0] ?? CATALOG_NAME}`, line: 1 };
  return new BuildError(reason, { place: { file: row.file, line: row.line, column: 1 }, hint });
}

/**
 * An error in a page's blocks, placed on the first data row the page is made from (`what` names the page, `page`
 * its address); without rows, the error as it is.
 */
export function pageError(error: BuildError, what: string | undefined, page: string, rows: DataRow[]): BuildError {
  const row = rows[0];
  return row
    ? new BuildError(`${what} (${page}), made from ${madeFrom(rows)}, cannot be built: ${error.reason} (line ${error.place.line} of the page's generated Markdown)`, {
        place: { file: row.file, line: row.line, column: 1 },
        ...(error.block ? { block: error.block } : {}),
        hint: error.advice ?? 'correct the row, or what the message names',
      })
    : error;
}

/** "this row", or "these rows: data/x.csv lines 2, 5; data/y.csv line 9" (the first few). */
function madeFrom(rows: DataRow[]): string {
  if (rows.length === 1) return 'this row';
  const byFile = groupBy(rows.slice(0, 10), (r) => r.file);
  const listed = [...byFile].map(([file, of]) => `${file} line${of.length === 1 ? '' : 's'} ${of.map((r) => r.line).join(', ')}`).join('; ');
  return `these rows: ${listed}${rows.length > 10 ? ` and ${rows.length - 10} more` : ''}`;
}
