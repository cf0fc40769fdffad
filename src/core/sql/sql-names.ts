/**
 * What SQL text says as written, before DuckDB: the names a query mentions, and how many statements it holds. It
 * does not parse SQL; it finds which named queries of an article a query may read (an over-approximation, such as a
 * column that shares a query's name, is harmless). Which tables a query reads comes from DuckDB's parse tree, not
 * from here (sql-policy.ts): a name inside a string, query_table('accelerators'), is a read no scanner can follow.
 */
import { sqlTokens } from './sql-tokens.ts';

/** The names a query mentions: bare words lower-cased, quoted names as written (comments and strings left out). */
export function mentionedNames(sql: string): Set<string> {
  const names = new Set<string>();
  for (const token of sqlTokens(sql)) {
    if (token.kind === 'word') names.add(token.text.toLowerCase());
    else if (token.kind === 'quoted') names.add(token.text);
  }
  return names;
}

/**
 * The statements of a text as its author wrote them: the parts between semicolons (outside strings, quoted names,
 * $$ strings and comments) that hold more than white space and comments. DuckDB may count more (it expands a
 * PIVOT without an IN list into two); the difference says which message to give.
 */
export function statementCount(sql: string): number {
  let count = 0;
  let content = false;
  for (const token of sqlTokens(sql)) {
    if (token.kind !== 'semicolon') content = true;
    else if (content) {
      count++;
      content = false;
    }
  }
  return count + (content ? 1 : 0);
}

/** Removes trailing semicolons and white space, so a query can be wrapped or spliced. */
export function trimSql(sql: string): string {
  return sql.replace(/[\s;]+$/, '');
}
