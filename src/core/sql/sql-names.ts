/**
 * A small SQL scanner: the identifiers a query mentions, and how many statements it holds as written. It does not
 * parse SQL; it finds which named queries of an article a query may read (an over-approximation, such as a column
 * that shares a query's name, is harmless). Which tables a query reads comes from DuckDB's parse tree, not from
 * here (sql-policy.ts): a name inside a string, query_table('accelerators'), is a read no scanner can follow.
 */

export interface SqlMentions {
  /** Identifiers, lower-cased; quoted identifiers keep their case. */
  identifiers: Set<string>;
  /** String literals, in order (for spotting file paths). */
  strings: string[];
}

export function scanSql(sql: string): SqlMentions {
  const identifiers = new Set<string>();
  const strings: string[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
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
      if (c === "'") strings.push(text);
      else identifiers.add(text);
      i = j + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < sql.length && /[A-Za-z0-9_$]/.test(sql[j]!)) j++;
      identifiers.add(sql.slice(i, j).toLowerCase());
      i = j;
    } else i++;
  }
  return { identifiers, strings };
}

/**
 * The statements of a text as its author wrote them: the parts between semicolons (outside strings, quoted names,
 * $$ strings and comments) that hold more than white space and comments. DuckDB may count more (it expands a
 * PIVOT without an IN list into two); the difference says which message to give.
 */
export function statementCount(sql: string): number {
  let count = 0;
  let content = false;
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 2;
    } else if (c === "'" || c === '"') {
      content = true;
      let j = i + 1;
      while (j < sql.length && !(sql[j] === c && sql[j + 1] !== c)) j += sql[j] === c ? 2 : 1;
      i = j + 1;
    } else if (c === '$' && /^\$[A-Za-z_]*\$/.test(sql.slice(i))) {
      content = true;
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i))![0];
      const end = sql.indexOf(tag, i + tag.length);
      i = end === -1 ? sql.length : end + tag.length;
    } else if (c === ';') {
      if (content) count++;
      content = false;
      i++;
    } else {
      if (!/\s/.test(c)) content = true;
      i++;
    }
  }
  return count + (content ? 1 : 0);
}

/** Removes trailing semicolons and white space, so a query can be wrapped or spliced. */
export function trimSql(sql: string): string {
  return sql.replace(/[\s;]+$/, '');
}
