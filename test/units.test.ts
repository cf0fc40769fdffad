import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryEngine } from '../src/core/sql/query-engine.ts';
import { mixedUnits as mixedUnitsText, traceUnits } from '../src/core/units/query-units.ts';
import { ALL_AGGREGATES, MIXED, UntraceableError } from '../src/core/units/units.ts';
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

  it('through a star: SELECT * of a named query or subquery, beside other columns too, and a declared unit with it', async () => {
    const llama = "WITH llama AS (SELECT accelerator, result / total_accelerators AS per_accel FROM mlperf_inference WHERE model = 'llama2-70b-99' AND round = 'v5.1')";
    // The build's summarised probe once left out every column a star brought (no unit, so no unit check either).
    expect(await units(`${llama} SELECT * FROM llama WHERE accelerator LIKE '%H200%'`)).toEqual({ accelerator: [], per_accel: ['tokens/s per accelerator'] });
    expect(await units(`${llama} SELECT *, max(per_accel) OVER () AS top FROM llama`)).toEqual({ accelerator: [], per_accel: ['tokens/s per accelerator'], top: ['tokens/s per accelerator'] });
    expect(await units('SELECT * FROM (SELECT memory_bw_tbs, tdp_w FROM accelerators) a')).toEqual({ memory_bw_tbs: ['TB/s'], tdp_w: ['W'] });
    expect(await units(`-- @unit per_accel: {result} per GPU\n${llama} SELECT * FROM llama`)).toEqual({ accelerator: [], per_accel: ['tokens/s per GPU'] });
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
    // Built, and each row keeps its own unit: one row per round and unit, the column in both units.
    const byRound = (await renderBody(engine, perRound)).data.queries[0]!;
    expect([byRound.rows, byRound.units.mean_result]).toEqual([2, ['samples/s', 'tokens/s']]);
    const oneUnit = fence('sql gptj', "SELECT avg(result) AS mean_result FROM mlperf_inference WHERE model = 'gptj-99' AND unit = 'tokens/s'");
    const filtered = (await renderBody(engine, oneUnit)).data.queries[0]!;
    expect([filtered.rows, filtered.units.mean_result]).toEqual([1, ['tokens/s']]);
  });

  it('a mix that goes on through a division or a subtraction names the units it mixed, once each', async () => {
    const over = "max(result) OVER (PARTITION BY accelerator)";
    // Was "samples/s per , samples/s, tokens/s" and "samples/s, , samples/s, tokens/s".
    for (const [expression, said] of [[`result / ${over}`, 'samples/s, tokens/s'], [`result - ${over}`, 'samples/s, tokens/s'], [`${over} / total_accelerators`, 'samples/s, tokens/s per accelerator']]) {
      const body = fence('sql s', `SELECT accelerator, ${expression} AS x\nFROM mlperf_inference\nWHERE model = 'gptj-99'`);
      const error = await expectBuildError(renderBody(engine, body), { line: 1, contains: ['mixes units in column "x": '] });
      expect(error.message, expression).toContain(`mixes units in column "x": ${said} (in the row`);
    }
  });

  it('a mix of units that hold commas, or a mix divided by a mix, names each unit whole', () => {
    expect(mixedUnitsText(`${MIXED}samples/s per 1,000 USD, tokens/s per 1,000 USD`)).toBe('samples/s per 1,000 USD, tokens/s per 1,000 USD');
    expect(mixedUnitsText(`${MIXED}samples/s, tokens/s per ${MIXED}samples/s, tokens/s`)).toBe('samples/s, tokens/s');
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

  it('a table header that names GB/s in its words over data in TB/s, in either form of column; the right unit is not shown twice', async () => {
    const sql = fence('sql bw', 'SELECT accelerator, memory_bw_tbs FROM accelerators WHERE memory_bw_tbs IS NOT NULL');
    for (const column of ['memory_bw_tbs: Memory bandwidth (GB/s)', 'memory_bw_tbs: { label: "Memory bandwidth (GB/s)" }']) {
      await expectBuildError(renderBody(engine, [sql, fence('table bw', `columns:\n  accelerator: Accelerator\n  ${column}`)].join('\n\n')), { line: 8, contains: ['column "memory_bw_tbs" has the header "Memory bandwidth (GB/s)", which says GB/s, but its data is in TB/s'] });
    }
    const { html } = await renderBody(engine, [sql, fence('table bw', 'columns:\n  accelerator: Accelerator\n  memory_bw_tbs: Memory bandwidth (TB/s)')].join('\n\n'));
    expect(html).toContain('<th scope="col" class="bw-num">Memory bandwidth (TB/s)</th>');
    // Full-width brackets are brackets; brackets that name parts are not units, nor are a header's own words.
    await expectBuildError(renderBody(engine, [sql, fence('table bw', 'columns:\n  memory_bw_tbs: 带宽（GB/s）')].join('\n\n')), { line: 7, contains: ['which says GB/s, but its data is in TB/s'] });
    for (const header of ['Bandwidth (8× H100 80 GB)', 'GB, 1–8', 'GB300 rack (TB/s)']) {
      const built = await renderBody(engine, [sql, fence('table bw', `columns:\n  memory_bw_tbs: "${header}"`)].join('\n\n'));
      expect(built.html, header).toContain(`>${header}${header.includes('(TB/s)') ? '' : ' <span class="bw-unit">(TB/s)</span>'}</th>`);
    }
  });

  it("a table header's bracketed unit must be the data's whole unit: not the tokens/s of tokens/s per accelerator", async () => {
    const sql = fence('sql pa', "SELECT accelerator, max(result / total_accelerators) AS per_accel FROM mlperf_inference WHERE model = 'llama2-70b-99' AND round = 'v5.1' AND unit = 'tokens/s' GROUP BY accelerator");
    await expectBuildError(renderBody(engine, [sql, fence('table pa', 'columns:\n  per_accel: Throughput (tokens/s)')].join('\n\n')), { line: 7, contains: ['has the header "Throughput (tokens/s)", which says tokens/s, but its data is in tokens/s per accelerator'] });
    const { html } = await renderBody(engine, [sql, fence('table pa', 'columns:\n  per_accel: Throughput (tokens/s per accelerator)')].join('\n\n'));
    expect(html).toContain('>Throughput (tokens/s per accelerator)</th>');
  });

  it('a table column in two units without a unit column', async () => {
    const sql = "SELECT round, system_id, result FROM mlperf_inference WHERE model = 'gptj-99'";
    await expectBuildError(renderBody(engine, [fence('sql gptj', sql), fence('table gptj', '')].join('\n\n')), { line: 5, contains: ['column "result" has rows in different units (samples/s, tokens/s)'] });
    const withUnit = "SELECT round, system_id, result, unit FROM mlperf_inference WHERE model = 'gptj-99'";
    const built = await renderBody(engine, [fence('sql gptj', withUnit), fence('table gptj', '')].join('\n\n'));
    // The table is drawn, its result column in both units, told apart by the unit column beside it.
    expect(built.data.figures.map((f) => f.number)).toEqual(['Table 1']);
    expect(built.data.queries[0]!.units.result).toEqual(['samples/s', 'tokens/s']);
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

// Issue #14, "Every number honest": every SQL construct that can carry a measure is traced, or the query is refused
// naming the construct. Each construct has its traced case and its mixed-unit failure.
const GPTJ = "FROM mlperf_inference WHERE model = 'gptj-99'"; // v4.0 in samples/s, v4.1 in tokens/s
const LLAMA = "FROM mlperf_inference WHERE model = 'llama2-70b-99'"; // tokens/s throughout

/** The mixed columns of a query ("column: units"), as the build reports them. */
const mixedUnits = async (sql: string) => (await traceUnits(engine, sql, await engine.query(sql))).mixed.map((m) => `${m.column}: ${m.units}`);
/** The refusal of a query whose units cannot be traced. */
async function refusal(sql: string): Promise<UntraceableError> {
  const error = await traceUnits(engine, sql, await engine.query(sql)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected ${sql} to be refused as untraceable`).toBeInstanceOf(UntraceableError);
  return error as UntraceableError;
}

describe('window functions', () => {
  it('an aggregate over a window keeps its unit, checked over the rows of the window like GROUP BY', async () => {
    expect(await units(`SELECT accelerator, avg(result) OVER (PARTITION BY round, unit) AS m ${GPTJ}`)).toEqual({ accelerator: [], m: ['samples/s', 'tokens/s'] });
    expect(await units(`SELECT accelerator, max(result) OVER () AS best ${LLAMA}`)).toEqual({ accelerator: [], best: ['tokens/s'] });
    expect(await units('SELECT accelerator, max(memory_bw_tbs) OVER () AS best FROM accelerators')).toEqual({ accelerator: [], best: ['TB/s'] });
    // The window's FILTER and frame are the rows checked.
    expect(await units(`SELECT sum(result) FILTER (WHERE unit = 'tokens/s') OVER () AS s ${GPTJ}`)).toEqual({ s: ['tokens/s'] });
    const frame = `SELECT max(result) OVER (PARTITION BY unit ORDER BY accelerator ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE CURRENT ROW) AS others ${GPTJ}`;
    expect(await mixedUnits(frame)).toEqual([]);
  });

  it('avg(result) OVER () across samples/s and tokens/s fails like the same average with GROUP BY', async () => {
    expect(await mixedUnits(`SELECT accelerator, avg(result) OVER () AS mean_result ${GPTJ}`)).toEqual(['mean_result: samples/s, tokens/s']);
    expect(await mixedUnits(`SELECT accelerator, sum(result) OVER (PARTITION BY scenario ORDER BY round) AS running ${GPTJ}`)).toEqual(['running: samples/s, tokens/s']);
    const body = fence('sql gptj', `SELECT accelerator, round, avg(result) OVER () AS mean_result\n${GPTJ}`);
    await expectBuildError(renderBody(engine, body), { line: 1, contains: ['query "gptj" mixes units in column "mean_result": samples/s, tokens/s', 'filter on the unit column'] });
  });

  it('a window over the groups of an aggregating query', async () => {
    expect(await units(`SELECT round, unit, max(result) AS best, max(max(result)) OVER (PARTITION BY unit) AS best_in_unit ${GPTJ} GROUP BY round, unit`)).toEqual({
      round: [],
      unit: [],
      best: ['samples/s', 'tokens/s'],
      best_in_unit: ['samples/s', 'tokens/s'],
    });
    expect(await mixedUnits(`SELECT round, max(result) AS best, sum(max(result)) OVER () AS total ${GPTJ} GROUP BY round`)).toEqual(['total: samples/s, tokens/s']);
  });

  it('lag, lead, first_value and nth_value take the unit of the row they read', async () => {
    expect(await units(`SELECT round, lag(result) OVER (PARTITION BY accelerator ORDER BY round) AS before ${GPTJ}`)).toEqual({ round: [], before: ['samples/s', 'tokens/s'] });
    expect(await units(`SELECT lead(result, 1, 0) OVER (ORDER BY round) AS next, first_value(result IGNORE NULLS) OVER (ORDER BY round) AS first ${LLAMA}`)).toEqual({ next: ['tokens/s'], first: ['tokens/s'] });
    expect(await units(`SELECT round, lag(max(result)) OVER (ORDER BY round) AS before ${LLAMA} GROUP BY round`)).toEqual({ round: [], before: ['tokens/s'] });
  });

  it('a rank has no unit, but ranking rows by a measure in different units fails', async () => {
    expect(await units(`SELECT accelerator, rank() OVER (PARTITION BY unit ORDER BY result DESC) AS place ${GPTJ}`)).toEqual({ accelerator: [], place: [] });
    expect(await mixedUnits(`SELECT accelerator, rank() OVER (ORDER BY result DESC) AS place ${GPTJ}`)).toEqual(['place: samples/s, tokens/s']);
    expect(await mixedUnits(`SELECT accelerator, row_number() OVER (PARTITION BY model ORDER BY result DESC) AS place ${GPTJ}`)).toEqual(['place: samples/s, tokens/s']);
  });

  it('a window function without a unit rule over a measure is refused, naming it', async () => {
    const error = await refusal(`SELECT product(result) OVER (PARTITION BY unit) AS p ${LLAMA}`);
    expect(error.message).toContain('cannot trace the unit of column "p": it goes through the window function product(…) OVER (…)');
    expect(error.hint).toContain('-- @unit p: <unit>');
  });
});

describe('math functions', () => {
  it('exp(avg(ln(result))) is refused: ln and exp of a measure have no unit rule', async () => {
    const error = await refusal(`SELECT exp(avg(ln(result))) AS geo ${LLAMA}`);
    expect(error.message).toBe('cannot trace the unit of column "geo": it goes through the function ln(…), then the function exp(…), for which Benchwright has no unit rule');
    expect(error.hint).toContain('declare the column\'s unit with a comment line "-- @unit geo: <unit>"');
    const body = fence('sql geo', `SELECT exp(avg(ln(result))) AS geo\n${LLAMA}`);
    const built = await expectBuildError(renderBody(engine, body), { line: 1, contains: ['query "geo": cannot trace the unit of column "geo"', 'the function ln(…), then the function exp(…)', 'what to do: declare'] });
    expect(built.advice).toContain('-- @unit geo: <unit>');
  });

  it('declared, it gets the declared unit, and values mixed inside it still fail', async () => {
    expect(await units(`-- @unit geo: {result}\nSELECT exp(avg(ln(result))) AS geo ${LLAMA}`)).toEqual({ geo: ['tokens/s'] });
    expect(await units(`-- @unit geo: tokens/s\nSELECT exp(avg(ln(result))) AS geo ${LLAMA}`)).toEqual({ geo: ['tokens/s'] });
    // The issue: a geometric mean across samples/s and tokens/s, published as tokens/s.
    expect(await mixedUnits(`-- @unit geo: tokens/s\nSELECT exp(avg(ln(result))) AS geo ${GPTJ}`)).toEqual(['geo: ln(samples/s), ln(tokens/s)']);
    // A declaration never hid an aggregate that mixes units either.
    expect(await mixedUnits(`-- @unit m: tokens/s\nSELECT avg(result) AS m ${GPTJ}`)).toEqual(['m: samples/s, tokens/s']);
  });

  it('sqrt, pow, log and other functions without a rule are refused over a measure, and fine over anything else', async () => {
    for (const [expr, fn] of [['sqrt(memory_bw_tbs)', 'sqrt'], ['pow(memory_bw_tbs, 2)', 'pow'], ['log10(tdp_w)', 'log10'], ['memory_bw_tbs ** 2', '**'], ["lpad(CAST(tdp_w AS VARCHAR), 6, ' ')", 'lpad']]) {
      expect((await refusal(`SELECT ${expr} AS x FROM accelerators`)).message).toContain(`it goes through the function ${fn}(…)`);
    }
    expect(await units("SELECT upper(accelerator) AS a, sqrt(launch_year) AS y, length(accelerator) AS n FROM accelerators")).toEqual({ a: [], y: [], n: [] });
  });

  it('abs, round, ceil, floor keep the unit; greatest and least need one unit; sign and isnan have none', async () => {
    expect(await units('SELECT abs(tdp_w) AS a, round(memory_bw_tbs, 1) AS r, ceil(tdp_w) AS c, floor(tdp_w) AS f, greatest(tdp_w, 700) AS g, least(memory_bw_tbs, 3) AS l, sign(tdp_w) AS s, isnan(tdp_w) AS n FROM accelerators')).toEqual({
      a: ['W'],
      r: ['TB/s'],
      c: ['W'],
      f: ['W'],
      g: ['W'],
      l: ['TB/s'],
      s: [],
      n: [],
    });
    expect(await mixedUnits('SELECT greatest(memory_bw_tbs, tdp_w) AS g FROM accelerators WHERE tdp_w IS NOT NULL')).toEqual(['g: TB/s, W']);
    expect(await mixedUnits('SELECT least(memory_bw_tbs, tdp_w) AS l FROM accelerators WHERE tdp_w IS NOT NULL')).toEqual(['l: TB/s, W']);
  });

  it('variance is in the unit squared; corr has no unit but its arguments must not mix units; arg_max must not compare them', async () => {
    expect(await units('SELECT variance(memory_bw_tbs) AS v, stddev(memory_bw_tbs) AS sd, corr(memory_bw_tbs, tdp_w) AS c FROM accelerators')).toEqual({ v: ['TB/s × TB/s'], sd: ['TB/s'], c: [] });
    expect(await mixedUnits(`SELECT var_pop(result) AS v, corr(result, total_accelerators) AS c, arg_max(accelerator, result) AS best ${GPTJ}`)).toEqual([
      'v: samples/s, tokens/s',
      'c: samples/s, tokens/s',
      'best: samples/s, tokens/s',
    ]);
    expect(await units(`SELECT arg_max(accelerator, result) AS best ${LLAMA}`)).toEqual({ best: [] });
  });
});

describe('casts to text, concatenation and COALESCE', () => {
  it('a measure cast to text keeps its unit (tables and axes show it), and so does text built from it', async () => {
    expect(await units("SELECT CAST(memory_bw_tbs AS VARCHAR) AS t, memory_bw_tbs::VARCHAR || ' TB/s' AS label, concat(tdp_w, ' W') AS w, format('{:.1f}', tdp_w) AS f FROM accelerators")).toEqual({
      t: ['TB/s'],
      label: ['TB/s'],
      w: ['W'],
      f: ['W'],
    });
    expect(await mixedUnits("SELECT memory_bw_tbs::VARCHAR || ' / ' || tdp_w::VARCHAR AS both FROM accelerators WHERE tdp_w IS NOT NULL")).toEqual(['both: TB/s, W']);
    expect(await mixedUnits(`SELECT string_agg(CAST(result AS VARCHAR), ', ') AS all_results ${GPTJ}`)).toEqual(['all_results: samples/s, tokens/s']);
    const body = [fence('sql bw', "SELECT accelerator, CAST(memory_bw_tbs AS VARCHAR) || ' TB/s' AS bw FROM accelerators"), fence('table bw', 'columns:\n  accelerator: Accelerator\n  bw: { label: Bandwidth, unit: GB/s }')].join('\n\n');
    await expectBuildError(renderBody(engine, body), { line: 8, contains: ['column "bw" is labelled GB/s, but its data is in TB/s'] });
  });

  it('COALESCE keeps the unit (it was dropped: DuckDB parses it as an operator), and fails across units', async () => {
    expect(await units('SELECT coalesce(memory_bw_tbs, 0) AS bw, COALESCE(tdp_w, 700) AS w FROM accelerators')).toEqual({ bw: ['TB/s'], w: ['W'] });
    expect(await mixedUnits('SELECT coalesce(memory_bw_tbs, tdp_w) AS x FROM accelerators')).toEqual(['x: TB/s, W']);
  });
});

describe('lists and structs', () => {
  it('list(), array_agg() and string_agg() keep the unit of their rows, which must be one', async () => {
    expect(await units(`SELECT scenario, list(result) AS l, array_agg(result) AS a ${LLAMA} GROUP BY scenario`)).toEqual({ scenario: [], l: ['tokens/s'], a: ['tokens/s'] });
    expect(await mixedUnits(`SELECT list(result) AS l ${GPTJ}`)).toEqual(['l: samples/s, tokens/s']);
  });

  it('list_aggregate, list_sum and friends apply their aggregate\'s rule to the list; list elements keep the unit', async () => {
    const lists = `WITH l AS (SELECT round, unit, list(result) AS results ${GPTJ} GROUP BY round, unit)`;
    expect(await units(`${lists} SELECT round, list_aggregate(results, 'avg') AS a, list_sum(results) AS s, list_max(results) AS m, results[1] AS first, list_aggregate(results, 'count') AS n, len(results) AS k, list_sort(results)[1:2] AS two FROM l`)).toEqual({
      round: [],
      a: ['samples/s', 'tokens/s'],
      s: ['samples/s', 'tokens/s'],
      m: ['samples/s', 'tokens/s'],
      first: ['samples/s', 'tokens/s'],
      n: [],
      k: [],
      two: ['samples/s', 'tokens/s'],
    });
    expect(await mixedUnits(`SELECT list_aggregate(list(result), 'avg') AS a ${GPTJ}`)).toEqual(['a: samples/s, tokens/s']);
    expect(await mixedUnits(`SELECT list_sum(list(result)) AS s ${GPTJ}`)).toEqual(['s: samples/s, tokens/s']);
    expect((await refusal(`SELECT list_aggregate(list(result), 'product') AS p ${LLAMA}`)).message).toContain("it goes through list_aggregate(…, 'product')");
  });

  it('[a, b] and list_value need one unit; list_transform over a measure is refused; list_filter keeps the unit', async () => {
    expect(await units('SELECT [memory_bw_tbs, 3.35] AS l, list_filter([tdp_w], x -> x > 500) AS f FROM accelerators')).toEqual({ l: ['TB/s'], f: ['W'] });
    expect(await mixedUnits('SELECT [memory_bw_tbs, tdp_w] AS l FROM accelerators')).toEqual(['l: TB/s, W']);
    expect((await refusal('SELECT list_transform([tdp_w], x -> x * 2) AS l FROM accelerators')).message).toContain('the function list_transform(…)');
  });

  it('unnest keeps the unit of the list, in the select list and in FROM', async () => {
    expect(await units(`SELECT unnest(list(result)) AS r ${LLAMA}`)).toEqual({ r: ['tokens/s'] });
    expect(await units(`SELECT round, x FROM mlperf_inference t, unnest([t.result]) AS u(x) WHERE model = 'gptj-99'`)).toEqual({ round: [], x: ['samples/s', 'tokens/s'] });
    const lists = `WITH l AS (SELECT unit, list(result) AS results ${GPTJ} GROUP BY unit)`;
    expect(await units(`${lists} SELECT unit, x FROM l, unnest(l.results) AS u(x)`)).toEqual({ unit: [], x: ['samples/s', 'tokens/s'] });
    expect(await mixedUnits(`${lists} SELECT avg(x) AS mean FROM l, unnest(l.results) AS u(x)`)).toEqual(['mean: samples/s, tokens/s']);
    expect(await mixedUnits(`SELECT avg(x) AS mean FROM (SELECT unnest([result]) AS x ${GPTJ})`)).toEqual(['mean: samples/s, tokens/s']);
  });

  it('struct_pack, struct literals, row() and map() holding a measure are refused, also read back field by field', async () => {
    expect((await refusal(`SELECT {'best': max(result)} AS s ${LLAMA}`)).message).toContain('the function struct_pack(…)');
    expect((await refusal(`SELECT struct_pack(best := max(result)) AS s ${LLAMA}`)).message).toContain('the function struct_pack(…)');
    expect((await refusal(`SELECT row(accelerator, result) AS s ${LLAMA}`)).message).toContain('the function row(…)');
    expect((await refusal(`SELECT map([accelerator], [result]) AS m ${LLAMA}`)).message).toContain('the function map(…)');
    expect((await refusal(`WITH s AS (SELECT {'r': result} AS st ${LLAMA}) SELECT st.r AS r FROM s`)).message).toContain('cannot trace the unit of column "r": it goes through the function struct_pack(…)');
    expect((await refusal(`SELECT st.* FROM (SELECT {'r': result} AS st ${LLAMA}) sub`)).message).toContain('st.*, the fields of a struct holding a measure');
    expect(await units(`SELECT {'name': accelerator} AS s ${LLAMA}`)).toEqual({ s: [] });
  });
});

describe('subqueries, LATERAL and FROM clauses', () => {
  it('a LATERAL subquery is traced through its reference to the table on its left', async () => {
    const lateral = `SELECT round, s.per FROM mlperf_inference t, LATERAL (SELECT t.result / t.total_accelerators AS per) s WHERE t.model = 'gptj-99'`;
    expect(await units(lateral)).toEqual({ round: [], per: ['samples/s per accelerator', 'tokens/s per accelerator'] });
    expect(await mixedUnits(`SELECT avg(s.per) AS mean_per FROM mlperf_inference t, LATERAL (SELECT t.result / t.total_accelerators AS per) s WHERE t.model = 'gptj-99'`)).toEqual([
      'mean_per: samples/s per accelerator, tokens/s per accelerator',
    ]);
  });

  it('a scalar subquery carries its unit (it carried none, so result / (SELECT max(result)) was labelled tokens/s)', async () => {
    expect(await units(`SELECT accelerator, result / (SELECT max(result) ${LLAMA}) AS rel ${LLAMA}`)).toEqual({ accelerator: [], rel: ['ratio'] });
    expect(await units(`SELECT (SELECT max(memory_bw_tbs) FROM accelerators) AS top`)).toEqual({ top: ['TB/s'] });
    // Correlated: per row of the outer query.
    const correlated = `SELECT a.round, a.result / (SELECT max(b.result) FROM mlperf_inference b WHERE b.model = a.model AND b.round = a.round) AS rel FROM mlperf_inference a WHERE a.model = 'gptj-99'`;
    expect(await units(correlated)).toEqual({ round: [], rel: ['ratio'] });
    expect(await mixedUnits(`SELECT (SELECT avg(result) ${GPTJ}) AS mean`)).toEqual(['mean: samples/s, tokens/s']);
  });

  it('select aliases, column alias lists and positional references keep the unit', async () => {
    expect(await units(`SELECT result AS r, r * 2 AS twice ${LLAMA}`)).toEqual({ r: ['tokens/s'], twice: ['tokens/s'] });
    expect(await units(`WITH x(a, r) AS (SELECT accelerator, result ${LLAMA}) SELECT a, r FROM x`)).toEqual({ a: [], r: ['tokens/s'] });
    expect(await units(`SELECT * FROM (SELECT accelerator, result ${LLAMA}) s(a, r)`)).toEqual({ a: [], r: ['tokens/s'] });
    expect(await units('SELECT #1 AS bw FROM (SELECT memory_bw_tbs FROM accelerators)')).toEqual({ bw: ['TB/s'] });
    // A subquery without an alias (its probe columns are read unqualified), and ARRAY(SELECT …), which DuckDB writes as one.
    expect(await units(`SELECT result FROM (SELECT * ${LLAMA})`)).toEqual({ result: ['tokens/s'] });
    expect(await units(`SELECT ARRAY(SELECT result ${LLAMA}) AS l`)).toEqual({ l: ['tokens/s'] });
  });

  it('COLUMNS(…), * REPLACE/RENAME of a measure, UNPIVOT, VALUES and table functions over a measure, recursive CTEs over measures are refused', async () => {
    expect((await refusal("SELECT COLUMNS('memory.*') FROM accelerators")).message).toBe('Benchwright cannot trace units through COLUMNS(…), which may select measure columns');
    expect((await refusal("SELECT max(COLUMNS('memory.*')) FROM accelerators")).message).toContain('COLUMNS(…) or * inside an expression');
    expect((await refusal('SELECT * REPLACE (memory_bw_tbs * 1000 AS memory_bw_tbs) FROM accelerators')).message).toContain('* REPLACE (… AS memory_bw_tbs) of a measure');
    expect((await refusal('SELECT * RENAME (memory_bw_tbs AS bw) FROM accelerators')).message).toContain('* RENAME (memory_bw_tbs AS bw) of a measure');
    expect((await refusal('SELECT * FROM accelerators UNPIVOT (v FOR k IN (tdp_w, memory_bw_tbs))')).message).toContain('UNPIVOT of a table with measures');
    expect((await refusal('SELECT v.x FROM accelerators a, (VALUES (a.tdp_w)) v(x)')).message).toContain('a VALUES list holding a measure');
    expect((await refusal('SELECT i FROM accelerators a, range(CAST(a.tdp_w AS BIGINT)) r(i)')).message).toContain('the table function range(…) over a measure');
    expect((await refusal('WITH RECURSIVE r(n) AS (SELECT max(tdp_w) FROM accelerators UNION ALL SELECT n + 1 FROM r WHERE n < 1000) SELECT n FROM r')).message).toContain('the recursive CTE "r"');
    expect((await refusal('SELECT * FROM (SUMMARIZE accelerators)')).message).toContain('SUMMARIZE of measures');
    // Without a measure, they are fine.
    expect(await units("SELECT COLUMNS('acc.*') FROM (SELECT accelerator, vendor FROM accelerators)")).toEqual({ accelerator: [] });
    expect(await units('SELECT * REPLACE (upper(vendor) AS vendor) FROM (SELECT accelerator, vendor FROM accelerators)')).toEqual({ accelerator: [], vendor: [] });
    expect(await units('SELECT i FROM range(3) r(i)')).toEqual({ i: [] });
    expect(await units('SELECT column_name FROM (DESCRIBE accelerators)')).toEqual({ column_name: [] });
    expect(await units('WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT n FROM r')).toEqual({ n: [] });
  });

  it('a declaration also gives the unit in WITH queries and named queries that another query reads', async () => {
    const body = [
      fence('sql geo', `-- @unit geo: {result}\nSELECT scenario, exp(avg(ln(result))) AS geo\n${LLAMA}\nGROUP BY scenario`),
      fence('sql best', 'SELECT max(geo) AS best FROM geo'),
      fence('table best', ''),
    ].join('\n\n');
    const { html } = await renderBody(engine, body);
    expect(html).toContain('best <span class="bw-unit">(tokens/s)</span>');
  });
});

describe('every aggregate DuckDB has is known to the probe', () => {
  it('ALL_AGGREGATES lists DuckDB\'s aggregate functions, so a query that calls one is traced as aggregating', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
    const connection = await instance.connect();
    try {
      const rows = (await connection.runAndReadAll("SELECT DISTINCT lower(function_name) AS name FROM duckdb_functions() WHERE function_type = 'aggregate'")).getRowObjectsJS() as { name: string }[];
      expect(rows.map((r) => r.name).filter((n) => !ALL_AGGREGATES.has(n)), 'aggregates units.ts does not know').toEqual([]);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
    expect(await units('SELECT product(tdp_w) AS p FROM accelerators').catch((e: unknown) => (e as Error).message)).toContain('the aggregate product(…)');
  });
});
