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

export async function runCheck(engine: QueryEngine, sql: string, condition: string): Promise<CheckOutcome> {
  const inner = `(\n${trimSql(sql)}\n)`;
  const cond = `coalesce((${trimSql(condition)}), false)`;
  const counts = await engine.query(`SELECT count(*) AS n, count(*) FILTER (WHERE NOT ${cond}) AS failing FROM ${inner} AS claim_rows`, 'claim');
  const { n, failing } = counts.rows[0] as { n: number; failing: number };
  const rows = failing > 0 ? (await engine.query(`SELECT * FROM ${inner} AS claim_rows WHERE NOT ${cond} LIMIT 5`)).rows : [];
  return { rows: n, failingCount: failing, failing: rows };
}
