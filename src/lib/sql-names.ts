/**
 * A small SQL scanner: the identifiers a query mentions and whether it names a file path. It does not
 * parse SQL; it is used to find which tables and named queries a query may read, so an
 * over-approximation (a column that shares a table's name) is harmless.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

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
 * True when a string literal may name files the query reads directly (a glob, or a path that exists), so its
 * result depends on files no table name reveals. A unit such as 'tokens/s' is not a path.
 */
export function mentionsFilePath({ strings }: SqlMentions, dataDir: string, exists: (path: string) => boolean = existsSync): boolean {
  return strings.some((s) => /[*?[]/.test(s) || (s.trim() !== '' && (exists(resolve(s)) || exists(resolve(dataDir, s)))));
}

/** Removes trailing semicolons and white space, so a query can be wrapped or spliced. */
export function trimSql(sql: string): string {
  return sql.replace(/[\s;]+$/, '');
}
