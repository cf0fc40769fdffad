/**
 * Which catalogued tables a statement reads, from DuckDB's parse tree of it, or why it may not run: not one
 * SELECT (with DuckDB's own message), or it reads, reveals or calls what a query may not (sql-policy.ts), placed on
 * its line as DuckDB places its errors.
 */
import type { ConnectionPool } from './connection-pool.ts';
import { lineAt, parseLocated } from './parse-tree.ts';
import { QueryError } from './query-error.ts';
import { prepareSingleSelect } from './single-select.ts';
import type { AstNode } from './sql-ast.ts';
import { SqlRefusal, tablesRead } from './sql-policy.ts';

export interface ReadsContext {
  /** The statement's parse tree (a QueryError when DuckDB cannot parse it). */
  parse(sql: string): Promise<AstNode>;
  use: ConnectionPool['use'];
  tableNames: ReadonlySet<string>;
}

export async function statementReads(sql: string, { parse, use, tableNames }: ReadsContext): Promise<string[]> {
  const tree = await parse(sql).catch((error: unknown) => {
    if (error instanceof QueryError) return undefined;
    throw error;
  });
  const statements = tree?.statements as { node: AstNode }[] | undefined;
  if (statements?.length !== 1) {
    // A syntax error, no statement or several, or one that is not a SELECT: DuckDB says which when preparing it.
    await use((connection) => prepareSingleSelect(connection, sql)).then((prepared) => prepared.destroySync());
    // DuckDB runs some statements as a SELECT of a table function (PRAGMA version, SHOW …) that are not one as written.
    throw new QueryError(
      /^\s*pragma\b/i.test(sql)
        ? 'only SELECT queries may run in an article; this one is a PRAGMA, which reads DuckDB\'s settings or catalog, not data'
        : 'DuckDB cannot give the parse tree of this query, so Benchwright cannot tell what it reads: write it as one plain SELECT',
    );
  }
  try {
    return tablesRead(statements[0]!.node, tableNames);
  } catch (error) {
    if (!(error instanceof SqlRefusal)) throw error;
    // Placed on its line, as DuckDB places its errors: the same check on a tree that keeps query_location.
    const located = await use((connection) => parseLocated(connection, sql)).catch(() => undefined);
    let at: number | undefined;
    try {
      if (located) tablesRead(located, tableNames);
    } catch (again) {
      if (again instanceof SqlRefusal) at = again.location;
    }
    throw new QueryError(error.message + (at === undefined ? '' : `\n\n${lineAt(sql, at)}`));
  }
}
