/**
 * Where in the author's SQL a DuckDB error is. DuckDB ends a parser or binder error with an excerpt of the line it ran
 * ("LINE 10: GROUP BY …" and a caret under the spot), counting lines of the composed query (the query with the ones
 * it reads inlined as CTEs, named-queries.ts) and cutting long lines to a window ("... "). This finds the line and
 * column in the composed SQL, so the caller can map them to the article and show the author's own line instead.
 */

/** DuckDB's excerpt: "LINE n: <text>" then a line of spaces and a caret, at the end of the message. */
const EXCERPT = /\n*LINE (\d+): ([^\n]*)\n( *)\^[ \t]*$/;

export interface DuckErrorSpot {
  /** 1-based line and column in the SQL DuckDB ran. */
  line: number;
  column: number;
  /** The message without DuckDB's excerpt. */
  reason: string;
}

export function duckErrorSpot(message: string, sql: string): DuckErrorSpot | undefined {
  const match = EXCERPT.exec(message);
  if (!match) return undefined;
  const line = Number(match[1]);
  const full = sql.split('\n')[line - 1];
  if (full === undefined) return undefined;
  let text = match[2]!;
  let caret = match[3]!.length - `LINE ${match[1]}: `.length;
  // A long line is shown as a window: "... " before it and/or " ..." after it.
  const cutBefore = text.startsWith('... ');
  if (cutBefore) {
    text = text.slice(4);
    caret -= 4;
  }
  const cutAfter = text.endsWith(' ...');
  if (cutAfter) text = text.slice(0, -4);
  const start = !cutBefore && full.startsWith(text) ? 0 : !cutAfter && full.endsWith(text) ? full.length - text.length : full.indexOf(text);
  if (start < 0 || caret < 0) return undefined;
  return { line, column: start + caret + 1, reason: message.slice(0, match.index).trimEnd() };
}

/** The author's line with a caret under the column, numbered as the article numbers it (for the error message). */
export function caretExcerpt(lineText: string, lineNumber: number, column: number): string {
  const gutter = String(lineNumber);
  // Tabs kept under tabs, so the caret lines up however the terminal sets its tab stops.
  return `  ${gutter} | ${lineText}\n  ${' '.repeat(gutter.length)} | ${lineText.slice(0, Math.max(0, column - 1)).replace(/[^\t]/g, ' ')}^`;
}
