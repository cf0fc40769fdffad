/**
 * Lines of a source around a place, numbered, with a caret under the column: what an error shows of the author's
 * file (`astro dev`'s error page, the guide's failing examples). The caret line is caretExcerpt's, so a SQL error's
 * own excerpt and this one line up the same way (tabs kept under tabs).
 */
import { caretExcerpt } from './sql/sql-error-place.ts';

export function sourceExcerpt(lines: readonly string[], line: number, column: number, around = 2): string {
  if (line < 1 || line > lines.length) return '';
  const from = Math.max(1, line - around);
  const to = Math.min(lines.length, line + around);
  const width = String(to).length;
  const out: string[] = [];
  for (let n = from; n <= to; n++) {
    if (n !== line) out.push(`  ${String(n).padStart(width)} | ${lines[n - 1]!}`);
    // caretExcerpt's two lines, the first marked as the line the error is on.
    else out.push(caretExcerpt(lines[n - 1]!, n, column, width).replace(/^ {2}/, '> '));
  }
  return out.join('\n');
}

/** The excerpt to show under an error's message: none when the message already shows that line and caret (a SQL error's). */
export function excerptBeside(message: string, lines: readonly string[], line: number, column: number): string {
  const text = lines[line - 1];
  if (text !== undefined && message.includes(caretExcerpt(text, line, column))) return '';
  return sourceExcerpt(lines, line, column);
}
