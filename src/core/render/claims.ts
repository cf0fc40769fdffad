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
export async function runChecks(engine: QueryEngine, sql: string, conditions: readonly string[]): Promise<(CheckOutcome | Error)[]> {
  const inner = `(\n${trimSql(sql)}\n)`;
  // On lines of their own: a condition ending in a `-- comment` does not swallow what follows it.
  const conds = conditions.map((condition) => `coalesce((\n${trimSql(condition)}\n), false)`);
  let counts: Row;
  try {
    const failing = conds.map((cond, i) => `count(*) FILTER (WHERE NOT ${cond}) AS failing_${i}`).join(',\n');
    counts = (await engine.query(`SELECT count(*) AS n,\n${failing}\nFROM ${inner} AS claim_rows`, 'claim')).rows[0]!;
  } catch (error) {
    if (conditions.length === 1) return [asError(error)];
    return (await Promise.all(conditions.map((condition) => runChecks(engine, sql, [condition])))).flat();
  }
  return Promise.all(
    conds.map(async (cond, i): Promise<CheckOutcome | Error> => {
      const failingCount = Number(counts[`failing_${i}`]);
      try {
        const failing = failingCount > 0 ? (await engine.query(`SELECT * FROM ${inner} AS claim_rows WHERE NOT ${cond} LIMIT 5`)).rows : [];
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
