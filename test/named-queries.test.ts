import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildQueryGraph, composeQuery, QueryCycleError } from '../src/core/sql/named-queries.ts';
import type { QueryEngine } from '../src/core/sql/query-engine.ts';
import { fixtureEngine } from './helpers.ts';

let engine: QueryEngine;
beforeAll(async () => {
  engine = await fixtureEngine();
});
afterAll(() => engine.close());

const queries = [
  { name: 'base', sql: "SELECT accelerator, result / total_accelerators AS per_accel FROM mlperf_inference WHERE round = 'v5.1';" },
  { name: 'best', sql: '-- the best per accelerator\nWITH ranked AS (SELECT * FROM base)\nSELECT accelerator, max(per_accel) AS top FROM ranked GROUP BY ALL ORDER BY top DESC' },
  { name: 'winner', sql: 'SELECT accelerator FROM best LIMIT 1' },
  { name: 'alone', sql: "SELECT 'base' AS label" },
];

describe('named queries', () => {
  it('finds which queries a query reads, ignoring names inside strings', () => {
    const graph = buildQueryGraph(queries);
    expect(graph.readsFrom.get('winner')).toEqual(['best']);
    expect(graph.readsFrom.get('best')).toEqual(['base']);
    expect(graph.readsFrom.get('alone')).toEqual([]);
  });

  it('composes dependencies as CTEs, splicing into a query that has its own WITH', async () => {
    const graph = buildQueryGraph(queries);
    const winner = composeQuery(queries, graph, 'winner');
    expect(winner.sql.startsWith('WITH "base" AS (')).toBe(true);
    expect(winner.lineOffset).toBe(winner.sql.split('\n').length - 1);
    const best = composeQuery(queries, graph, 'best');
    expect(best.sql).toMatch(/^-- the best per accelerator\nWITH "base" AS \([\s\S]*\),\nranked AS/);
    // Line 3 of best's own SQL (its SELECT) is the same text in the composed SQL, lineOffset lines further.
    expect(best.sql.split('\n')[2 + best.lineOffset]).toBe(queries[1]!.sql.split('\n')[2]);
    const direct = await engine.query("SELECT accelerator FROM (SELECT accelerator, max(result / total_accelerators) AS top FROM mlperf_inference WHERE round = 'v5.1' GROUP BY ALL ORDER BY top DESC) LIMIT 1");
    expect((await engine.query(winner.sql)).rows).toEqual(direct.rows);
  });

  it('rejects a cycle, naming its queries', () => {
    const cycle = [
      { name: 'a', sql: 'SELECT * FROM c' },
      { name: 'b', sql: 'SELECT * FROM a' },
      { name: 'c', sql: 'SELECT * FROM b' },
    ];
    expect(() => buildQueryGraph(cycle)).toThrow(QueryCycleError);
    expect(() => buildQueryGraph(cycle)).toThrow('queries read from each other in a cycle: a → c → b → a');
  });
});
