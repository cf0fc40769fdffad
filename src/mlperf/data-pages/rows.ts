/** Small helpers over query rows. */
import type { Row } from '../../core/data/json-values.ts';
import type { QueryEngine } from '../../core/sql/query-engine.ts';

export async function rowsOf(engine: QueryEngine, sql: string): Promise<Row[]> {
  return (await engine.query(sql, 'page')).rows;
}

export function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}
