// Probes that share a CTE read it from one table of its rows (src/core/sql/cte-tables.ts), and a first probe names
// mixed units roughly (FAST_AGGREGATE_SQL) until the exact one names them in full: both give what the inline, exact
// probe gives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selfContainedCtes } from '../src/core/sql/cte-tables.ts';
import { loadCatalog } from '../src/core/data/catalog.ts';
import { createQueryEngine, type QueryEngine } from '../src/core/sql/query-engine.ts';
import { mlperfContent } from '../src/mlperf/content.ts';
import type { AstNode } from '../src/core/sql/sql-ast.ts';
import { traceUnits } from '../src/core/units/query-units.ts';
import { FIXTURE_DATA, fixtureEngine } from './helpers.ts';

let engine: QueryEngine;
beforeAll(async () => {
  engine = await fixtureEngine();
});
afterAll(() => engine.close());

/** The same engine without tables of CTE rows: every probe computes its CTEs inline, as before. */
const inline = () => Object.create(engine, { cteTable: { value: undefined } }) as QueryEngine;
const trace = async (on: QueryEngine, sql: string) => traceUnits(on, sql, await on.query(sql));
const tablesMade = () => engine.stats.kinds.cte?.run ?? 0;

const RUNS = `WITH runs AS (
  SELECT round, accelerator, model, scenario, unit, result, result / total_accelerators AS per_accel
  FROM mlperf_inference WHERE total_accelerators > 0
)`;

describe('probes that share a CTE', () => {
  it('read it from one table, and trace the same units and source rows as the CTE inline', async () => {
    const queries = [
      `${RUNS} SELECT model, scenario, max(per_accel) AS best, median(result) AS mid FROM runs GROUP BY ALL ORDER BY ALL`,
      `${RUNS} SELECT accelerator, round, per_accel FROM runs WHERE model LIKE 'gptj%' ORDER BY ALL`,
      `${RUNS} SELECT round, max(per_accel) FILTER (WHERE scenario = 'Offline') AS offline, max(per_accel) FILTER (WHERE scenario = 'Server') AS server FROM runs GROUP BY round ORDER BY round`,
    ];
    const before = tablesMade();
    for (const sql of queries) {
      const shared = await trace(engine, sql);
      expect(shared, sql).toEqual(await trace(inline(), sql));
      expect(shared.lineage.length, sql).toBeGreaterThan(0);
    }
    // One table for the three probes: their CTE bodies are the same tree.
    expect(tablesMade() - before).toBe(1);
  });

  it('find mixed units as the inline probe does, named in full', async () => {
    const sql = `${RUNS} SELECT model, max(result) AS best FROM runs GROUP BY model ORDER BY model`;
    const shared = await trace(engine, sql);
    expect(shared.mixed.length).toBeGreaterThan(0);
    expect(shared.mixed.map((m) => `${m.column}: ${m.units}`)).toEqual((await trace(inline(), sql)).mixed.map((m) => `${m.column}: ${m.units}`));
  });

  it('leave a CTE inline when a CTE before it is named like the table it reads', async () => {
    // Here "mlperf_inference" in the second CTE is the first CTE, not the table: a table of its rows would read the table.
    const sql = `WITH mlperf_inference AS (SELECT accelerator, result * 1000 AS result, 'per ms' AS unit FROM accelerators, (SELECT 1 AS result)),
      runs AS (SELECT accelerator, result FROM mlperf_inference)
      SELECT max(result) AS best FROM runs`;
    const tree = await engine.parse(sql);
    const statement = (tree.statements as { node: AstNode }[])[0]!.node;
    expect(selfContainedCtes(statement, new Set(engine.catalog.tables.map((t) => t.name))).map((c) => c.entry.key)).toEqual(['mlperf_inference']);
    expect(await trace(engine, sql)).toEqual(await trace(inline(), sql));
  });

  it('leave a CTE inline whose table would not be exactly its rows (two columns of one name)', async () => {
    for (const body of ['SELECT result, result FROM mlperf_inference', 'SELECT accelerator AS a, model AS A FROM mlperf_inference']) {
      const tree = await engine.parse(`WITH c AS (${body}) SELECT * FROM c`);
      const statement = (tree.statements as { node: AstNode }[])[0]!.node;
      const [cte] = selfContainedCtes(statement, new Set(engine.catalog.tables.map((t) => t.name)));
      expect(cte, body).toBeDefined();
      expect(await engine.cteTable!(tree, cte!.body), body).toBeUndefined();
    }
  });

  it('leave a CTE inline with a column of untyped NULLs, which a table would store as INTEGER', async () => {
    // Inside a query `note` is NULL-typed, so coalesce(note, 'none') is VARCHAR; read from a table it would be an INTEGER
    // column and the probe would fail to convert 'none'. With no rows as well: the type is the column's, not its values'.
    for (const where of ['', ' WHERE false']) {
      const sql = `WITH base AS (SELECT accelerator, NULL AS note FROM accelerators${where})
        SELECT accelerator, coalesce(note, 'none') AS note FROM base UNION ALL SELECT accelerator, 'other' FROM base`;
      expect(await trace(engine, sql), where).toEqual(await trace(inline(), sql));
    }
  });
});

describe('a CTE larger than the row cap', () => {
  it('stays inline: no table holds more rows than a result may have', async () => {
    const small = await createQueryEngine({ catalog: loadCatalog(FIXTURE_DATA, mlperfContent), maxRows: 3 });
    try {
      const tree = await small.parse('WITH c AS (SELECT accelerator, result FROM mlperf_inference) SELECT max(result) AS best FROM c');
      const statement = (tree.statements as { node: AstNode }[])[0]!.node;
      const [cte] = selfContainedCtes(statement, new Set(small.catalog.tables.map((t) => t.name)));
      expect(await small.cteTable!(tree, cte!.body)).toBeUndefined();
      const few = await small.parse('WITH c AS (SELECT accelerator, result FROM mlperf_inference LIMIT 3) SELECT max(result) AS best FROM c');
      const [fits] = selfContainedCtes((few.statements as { node: AstNode }[])[0]!.node, new Set(small.catalog.tables.map((t) => t.name)));
      expect(await small.cteTable!(few, fits!.body)).toMatch(/^bw_cte_[0-9a-f]{32}$/);
    } finally {
      small.close();
    }
  });
});

describe('a first probe', () => {
  it('finds the units the exact probe finds: FILTER clauses across a unit change, empty filtered groups, pivots, windows, a mix divided by a mix', async () => {
    const GPTJ = "FROM mlperf_inference WHERE model = 'gptj-99'"; // v4.0 in samples/s, v4.1 in tokens/s (the fixture)
    const queries = [
      `SELECT model, max(result) FILTER (WHERE round = 'v4.0') / max(result) FILTER (WHERE round = 'v4.1') AS growth ${GPTJ} GROUP BY model`,
      "SELECT round, max(result) FILTER (WHERE model LIKE 'llama%') AS llama FROM mlperf_inference GROUP BY round ORDER BY round",
      `SELECT accelerator, max(result) FILTER (WHERE round = 'v4.0') AS v40, max(result) FILTER (WHERE round = 'v4.1') AS v41 ${GPTJ} GROUP BY accelerator ORDER BY accelerator`,
      `SELECT unit, avg(result) AS mean, count(*) AS n ${GPTJ} GROUP BY unit ORDER BY unit`,
      `SELECT accelerator, avg(result) OVER (PARTITION BY unit) AS mean ${GPTJ} ORDER BY ALL`,
      `SELECT max(result) / max(result) AS same_mix ${GPTJ}`,
      `SELECT max(result) FILTER (WHERE scenario = 'Offline') / min(result) FILTER (WHERE scenario = 'Offline') AS spread ${GPTJ}`,
      `${RUNS} SELECT model, round, max(per_accel) FILTER (WHERE scenario = 'Offline') AS offline FROM runs GROUP BY ALL ORDER BY ALL`,
    ];
    for (const sql of queries) {
      const result = await engine.query(sql);
      const first = await traceUnits(engine, sql, result);
      expect(first, sql).toEqual(await traceUnits(engine, sql, result, { exact: true }));
    }
    // Two cases the first probe once got wrong, with what they must be.
    const growth = await trace(engine, queries[0]!);
    expect(growth.columns.growth).toEqual(['samples/s per tokens/s']);
    const mix = await trace(engine, queries[5]!);
    expect(mix.mixed.map((m) => m.column)).toEqual(['same_mix']);
  });

  it('that finds units mixed is followed by the exact one, which names every unit mixed, not only the least and the greatest', async () => {
    // Three units in one aggregate: samples/s and tokens/s (GPT-J's two scenarios' units in the fixture) and TB/s.
    const sql = `SELECT max(x) AS m FROM (
      SELECT result AS x FROM mlperf_inference WHERE model LIKE 'gptj%'
      UNION ALL SELECT memory_bw_tbs AS x FROM accelerators WHERE memory_bw_tbs IS NOT NULL)`;
    const { mixed } = await trace(engine, sql);
    expect(mixed.map((m) => `${m.column}: ${m.units}`)).toEqual(['m: TB/s, samples/s, tokens/s']);
  });
});
