import { stringify } from 'csv-stringify/sync';
import type { Row } from './json-values.ts';

/**
 * Text that a spreadsheet would run as a formula when the CSV is opened (CSV injection): it starts with
 * =, +, -, @, a tab or a carriage return. Such a cell gets a leading ' (OWASP's advice), which spreadsheets
 * show as text. Only text is touched: a number such as -5 stays a number.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A value as the text of its cell: empty for null, JSON for a list or record, text that could run as a formula neutralised. */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return typeof v === 'string' && FORMULA_START.test(s) ? `'${s}` : s;
}

/** RFC 4180 CSV of query rows (csv-stringify), with a header row of the column names; CRLF line ends, quotes only where needed. */
export function toCsv(columns: readonly string[], rows: readonly Row[]): string {
  const records = [columns.map(cellText), ...rows.map((r) => columns.map((c) => cellText(r[c])))];
  // A line break of either kind inside a cell is quoted (csv-stringify quotes only the record delimiter's own).
  return stringify(records, { record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}
