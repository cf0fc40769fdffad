/**
 * Claim checks: a condition, in SQL, that must hold for every row of a query. Run at build time, so a
 * sentence that new data makes false stops the build instead of being published.
 */
import type { Row } from '../data/json-values.ts';
import type { QueryEngine } from '../sql/query-engine.ts';
import { trimSql } from '../sql/sql-names.ts';

export interface CheckOutcome {
  rows: number;
  failingCount: number;
  /** Up to five rows where the condition is false (or NULL). */
  failing: Row[];
}

/**
 * Checks several conditions over one query's rows with one statement (the query runs once for all of them, not
 * once for each). Each condition gets its outcome, or the error of its own statement: when the statement fails,
 * each condition is checked alone, so that an invalid one is named and the others still get their outcome.
 */
export async function runChecks(engine: QueryEngine, sql: string, conditions: readonly string[], runAs?: () => Promise<string>): Promise<(CheckOutcome | Error)[]> {
  const inner = (text: string) => `(\n${trimSql(text)}\n)`;
  // On lines of their own: a condition ending in a `-- comment` does not swallow what follows it.
  const conds = conditions.map((condition) => `coalesce((\n${trimSql(condition)}\n), false)`);
  // The claim's statement as written (checked, and its key), and as DuckDB computes it: over the query's runAs.
  const claim = (wrap: (inner: string) => string) => ({ written: wrap(inner(sql)), runAs: runAs && (async () => wrap(inner(await runAs()))) });
  let counts: Row;
  try {
    const failing = conds.map((cond, i) => `count(*) FILTER (WHERE NOT ${cond}) AS failing_${i}`).join(',\n');
    const { written, runAs: countsAs } = claim((rows) => `SELECT count(*) AS n,\n${failing}\nFROM ${rows} AS claim_rows`);
    counts = (await engine.query(written, 'claim', { runAs: countsAs })).rows[0]!;
  } catch (error) {
    if (conditions.length === 1) return [asError(error)];
    return (await Promise.all(conditions.map((condition) => runChecks(engine, sql, [condition], runAs)))).flat();
  }
  return Promise.all(
    conds.map(async (cond, i): Promise<CheckOutcome | Error> => {
      const failingCount = Number(counts[`failing_${i}`]);
      try {
        const { written, runAs: failingAs } = claim((rows) => `SELECT * FROM ${rows} AS claim_rows WHERE NOT ${cond} LIMIT 5`);
        const failing = failingCount > 0 ? (await engine.query(written, 'claim', { runAs: failingAs })).rows : [];
        return { rows: Number(counts.n), failingCount, failing };
      } catch (error) {
        return asError(error);
      }
    }),
  );
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
