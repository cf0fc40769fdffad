/**
 * The tokens of SQL text as written, for the few questions asked of it before (or without) DuckDB: which names a query
 * mentions, and how many statements it holds. Comments and white space are skipped; strings, quoted names and $$
 * strings are one token each, so nothing inside them is taken for a name or a semicolon. It does not parse SQL.
 */

export type SqlToken =
  /** A bare word (keyword or name), as written. */
  | { kind: 'word'; text: string }
  /** A "quoted name", its quotes removed and doubled quotes undone. */
  | { kind: 'quoted'; text: string }
  /** A 'string', its quotes removed and doubled quotes undone. */
  | { kind: 'string'; text: string }
  /** A $$ string or $tag$ string, as written. */
  | { kind: 'dollar'; text: string }
  | { kind: 'semicolon'; text: ';' }
  /** Any other character (an operator, a digit, a parenthesis). */
  | { kind: 'other'; text: string };

/** The opening tag of a dollar-quoted string ($$ or $tag$), matched where the scan is (sticky). */
const DOLLAR_TAG = /\$[A-Za-z_]*\$/y;

export function* sqlTokens(sql: string): Generator<SqlToken> {
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    const tag = c === '$' ? dollarTag(sql, i) : undefined;
    if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 2;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      let text = '';
      while (j < sql.length) {
        if (sql[j] === c && sql[j + 1] === c) {
          text += c;
          j += 2;
        } else if (sql[j] === c) break;
        else text += sql[j++];
      }
      yield { kind: c === "'" ? 'string' : 'quoted', text };
      i = j + 1;
    } else if (tag !== undefined) {
      const end = sql.indexOf(tag, i + tag.length);
      const stop = end === -1 ? sql.length : end + tag.length;
      yield { kind: 'dollar', text: sql.slice(i, stop) };
      i = stop;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < sql.length && /[A-Za-z0-9_$]/.test(sql[j]!)) j++;
      yield { kind: 'word', text: sql.slice(i, j) };
      i = j;
    } else {
      if (c === ';') yield { kind: 'semicolon', text: ';' };
      else if (!/\s/.test(c)) yield { kind: 'other', text: c };
      i++;
    }
  }
}

function dollarTag(sql: string, at: number): string | undefined {
  DOLLAR_TAG.lastIndex = at;
  return DOLLAR_TAG.exec(sql)?.[0];
}
