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
  // The caret's place counts display columns: a CJK character takes two, a tab none (DuckDB's own measure).
  let caret = match[3]!.length - `LINE ${match[1]}: `.length;
  // A long line is shown as a window, "..." before and/or after it (the text next to it as it was).
  const cutBefore = text.startsWith('...');
  if (cutBefore) {
    text = text.slice(3);
    caret -= 3;
  }
  const cutAfter = text.endsWith('...');
  if (cutAfter) text = text.slice(0, -3);
  const start = !cutBefore && full.startsWith(text) ? 0 : !cutAfter && full.endsWith(text) ? full.length - text.length : full.indexOf(text);
  if (start < 0 || caret < 0) return undefined;
  const offset = offsetAtWidth(text, caret);
  if (offset === undefined) return undefined;
  return { line, column: start + offset + 1, reason: message.slice(0, match.index).trimEnd() };
}

/** East Asian wide and fullwidth characters: two columns in a terminal, and in DuckDB's caret line. */
const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{20000}-\u{3FFFD}]/u;

/** The index (in UTF-16 units) in `text` where `width` display columns end. */
function offsetAtWidth(text: string, width: number): number | undefined {
  let columns = 0;
  let index = 0;
  for (const char of text) {
    // A tab takes no column, so the spot is past it.
    if (char !== '\t' && columns >= width) return index;
    if (char !== '\t') columns += WIDE.test(char) ? 2 : 1;
    index += char.length;
  }
  return columns >= width ? index : undefined;
}

/** The author's line with a caret under the column, numbered as the article numbers it (for the error message). */
export function caretExcerpt(lineText: string, lineNumber: number, column: number, gutterWidth = 0): string {
  const gutter = String(lineNumber).padStart(gutterWidth);
  // Tabs kept under tabs, so the caret lines up however the terminal sets its tab stops.
  return `  ${gutter} | ${lineText}\n  ${' '.repeat(gutter.length)} | ${lineText.slice(0, Math.max(0, column - 1)).replace(/[^\t]/g, ' ')}^`;
}
