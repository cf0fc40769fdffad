import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryEngine } from '../src/lib/query-engine.ts';
import { traceUnits } from '../src/lib/query-units.ts';
import { expectBuildError, fence, fixtureEngine, renderBody } from './helpers.ts';

let engine: QueryEngine;
beforeAll(async () => {
  engine = await fixtureEngine();
});
afterAll(() => engine.close());

const units = async (sql: string) => (await traceUnits(engine, sql, await engine.query(sql))).columns;

describe('units travel with query results', () => {
  it('a measure keeps its unit through aggregates, and division makes a derived unit', async () => {
    expect(await units("SELECT max(result) AS best, count(*) AS n FROM mlperf_inference WHERE model = 'llama2-70b-99'")).toEqual({ best: ['tokens/s'], n: [] });
    expect(await units("SELECT accelerator, median(result / total_accelerators) AS per_accel FROM mlperf_inference WHERE model = 'llama2-70b-99' GROUP BY ALL")).toEqual({
      accelerator: [],
      per_accel: ['tokens/s per accelerator'],
    });
    expect(await units('SELECT memory_bw_tbs, tdp_w, memory_bw_tbs / tdp_w AS tbs_per_w FROM accelerators')).toEqual({ memory_bw_tbs: ['TB/s'], tdp_w: ['W'], tbs_per_w: ['TB/s per W'] });
  });

  it('through queries that read other queries, FILTER clauses and ratios of one unit', async () => {
    const sql = `WITH llama AS (SELECT accelerator, result / total_accelerators AS per_accel FROM mlperf_inference WHERE model = 'llama2-70b-99' AND round = 'v5.1')
      SELECT max(per_accel) FILTER (WHERE accelerator LIKE '%B200%') / max(per_accel) FILTER (WHERE accelerator LIKE '%H200%') AS ratio, max(per_accel) AS best FROM llama`;
    expect(await units(sql)).toEqual({ ratio: ['ratio'], best: ['tokens/s per accelerator'] });
  });

  it('keeps per-row units apart when rows are not combined', async () => {
    expect(await units("SELECT round, result FROM mlperf_inference WHERE model = 'gptj-99' ORDER BY round")).toEqual({ round: [], result: ['samples/s', 'tokens/s'] });
  });

  it('a declared unit replaces the traced one', async () => {
    expect(await units('-- @unit bw_gbs: GB/s\nSELECT memory_bw_tbs * 1000 AS bw_gbs FROM accelerators')).toEqual({ bw_gbs: ['GB/s'] });
    // Undeclared, scaling keeps the unit it came from: 1000 × TB/s is not silently "GB/s".
    expect(await units('SELECT memory_bw_tbs * 1000 AS bw_gbs FROM accelerators')).toEqual({ bw_gbs: ['TB/s'] });
  });
});

describe('mixing units fails the build', () => {
  it('averaging GPT-J results across the rounds where its unit changed', async () => {
    const body = fence('sql gptj', "SELECT accelerator, avg(result) AS mean_result\nFROM mlperf_inference\nWHERE model = 'gptj-99'\nGROUP BY accelerator");
    await expectBuildError(renderBody(engine, body), {
      line: 1,
      contains: ['query "gptj" mixes units in column "mean_result": samples/s, tokens/s', 'accelerator=NVIDIA H100-SXM-80GB', 'filter on the unit column'],
    });
  });

  it('the same average per round, or filtered to one unit, builds', async () => {
    const perRound = fence('sql gptj', "SELECT round, unit, avg(result) AS mean_result FROM mlperf_inference WHERE model = 'gptj-99' GROUP BY ALL");
    await expect(renderBody(engine, perRound)).resolves.toBeDefined();
    const oneUnit = fence('sql gptj', "SELECT avg(result) AS mean_result FROM mlperf_inference WHERE model = 'gptj-99' AND unit = 'tokens/s'");
    await expect(renderBody(engine, oneUnit)).resolves.toBeDefined();
  });

  it('adding results in different units', async () => {
    const body = fence('sql s', "SELECT a.result + b.result AS total\nFROM mlperf_inference a, mlperf_inference b\nWHERE a.model = 'gptj-99' AND a.round = 'v4.0' AND b.model = 'gptj-99' AND b.round = 'v4.1'");
    await expectBuildError(renderBody(engine, body), { line: 1, contains: ['mixes units in column "total": samples/s, tokens/s'] });
  });

  it('a chart channel whose column has rows in two units', async () => {
    const body = [fence('sql gptj', "SELECT round, system_id, result FROM mlperf_inference WHERE model = 'gptj-99'"), fence('plot gptj', 'marks:\n  - dot:\n      x: result\n      y: round')].join('\n\n');
    await expectBuildError(renderBody(engine, body), { line: 8, contains: ['channel x mixes units: column "result" has rows in samples/s and tokens/s', 'one chart (or facet) per unit'] });
  });

  it('two columns of different units on one axis', async () => {
    const sql = "SELECT accelerator, max(result) FILTER (WHERE round = 'v4.0') AS v40, max(result) FILTER (WHERE round = 'v4.1') AS v41 FROM mlperf_inference WHERE model = 'gptj-99' GROUP BY ALL";
    const body = [fence('sql gptj', sql), fence('plot gptj', 'marks:\n  - dot: { x: v40, y: accelerator }\n  - tickX: { x: v41, y: accelerator }')].join('\n\n');
    await expectBuildError(renderBody(engine, body), { line: 8, contains: ['the x scale mixes units: v40 (samples/s), v41 (tokens/s)'] });
  });

  it('an axis label that says GB/s over data in TB/s', async () => {
    const body = [fence('sql bw', 'SELECT accelerator, memory_bw_tbs FROM accelerators WHERE memory_bw_tbs IS NOT NULL'), fence('plot bw', 'y: { label: "Memory bandwidth (GB/s)" }\nmarks:\n  - barY: { x: accelerator, y: memory_bw_tbs }')].join('\n\n');
    await expectBuildError(renderBody(engine, body), { line: 6, contains: ['the y label says GB/s, but memory_bw_tbs is in TB/s'] });
  });

  it('a table header that says GB/s over data in TB/s', async () => {
    const body = [fence('sql bw', 'SELECT accelerator, memory_bw_tbs FROM accelerators WHERE memory_bw_tbs IS NOT NULL'), fence('table bw', 'columns:\n  accelerator: Accelerator\n  memory_bw_tbs: { label: Bandwidth, unit: GB/s }')].join('\n\n');
    await expectBuildError(renderBody(engine, body), { line: 8, contains: ['column "memory_bw_tbs" is labelled GB/s, but its data is in TB/s'] });
  });

  it('a table column in two units without a unit column', async () => {
    const sql = "SELECT round, system_id, result FROM mlperf_inference WHERE model = 'gptj-99'";
    await expectBuildError(renderBody(engine, [fence('sql gptj', sql), fence('table gptj', '')].join('\n\n')), { line: 5, contains: ['column "result" has rows in different units (samples/s, tokens/s)'] });
    const withUnit = "SELECT round, system_id, result, unit FROM mlperf_inference WHERE model = 'gptj-99'";
    await expect(renderBody(engine, [fence('sql gptj', withUnit), fence('table gptj', '')].join('\n\n'))).resolves.toBeDefined();
  });
});

describe('units shown to readers', () => {
  it('labels an unlabelled axis and a table header with the data unit', async () => {
    const body = [fence('sql bw', 'SELECT accelerator, memory_bw_tbs FROM accelerators WHERE memory_bw_tbs IS NOT NULL'), fence('plot bw', 'marks:\n  - barY: { x: accelerator, y: memory_bw_tbs }'), fence('table bw', '')].join('\n\n');
    const { html } = await renderBody(engine, body);
    const doc = parseHTML(`<body>${html}</body>`).document;
    expect(doc.querySelector('g[aria-label="y-axis label"] text')!.textContent).toBe('↑ memory_bw_tbs (TB/s)');
    expect([...doc.querySelectorAll('figure.bw-table th')].map((th) => th.textContent)).toEqual(['accelerator', 'memory_bw_tbs (TB/s)']);
  });
});
