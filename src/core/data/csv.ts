import type { Row } from './json-values.ts';

/**
 * Text that a spreadsheet would run as a formula when the CSV is opened (CSV injection): it starts with
 * =, +, -, @, a tab or a carriage return. Such a cell gets a leading ' (OWASP's advice), which spreadsheets
 * show as text. Only text is touched: a number such as -5 stays a number.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** RFC 4180 CSV of query rows, with a header row of the column names; text that could run as a formula is neutralised. */
export function toCsv(columns: readonly string[], rows: readonly Row[]): string {
  const cell = (v: unknown): string => {
    if (v === null || v === undefined) return '';
    let s = typeof v === 'object' ? JSON.stringify(v) : String(v);
    if (typeof v === 'string' && FORMULA_START.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [columns.map(cell).join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n';
}
