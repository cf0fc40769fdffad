import { parseHTML } from 'linkedom';
import { parseCsv } from './citation-helpers.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressIds } from '../src/mlperf/mlperf-citation.ts';
import { rowsFromLineage, rowsFromLineages } from '../src/core/render/provenance.ts';
import { traceUnits } from '../src/core/units/query-units.ts';
import type { QueryEngine } from '../src/core/sql/query-engine.ts';
import { expectBuildError, fence, fixtureEngine, renderBody } from './helpers.ts';

let engine: QueryEngine;
beforeAll(async () => {
  engine = await fixtureEngine();
});
afterAll(() => engine.close());

const V51 = "SELECT accelerator, max(result / total_accelerators) AS per_accel\nFROM mlperf_inference\nWHERE model = 'llama2-70b-99' AND round = 'v5.1' AND scenario = 'Offline'\nGROUP BY accelerator";

const rowsRead = async (sql: string) => rowsFromLineage(engine, (await traceUnits(engine, sql, await engine.query(sql))).lineage);

describe('provenance: the rows a result was computed from', () => {
  it('follows queries that read other queries, with filters applied after them', async () => {
    // The base query reads every row; the outer query keeps v5.1 Offline only: only those rows are cited.
    const sql = "WITH base AS (SELECT * FROM mlperf_inference) SELECT accelerator, max(result / total_accelerators) AS best FROM base WHERE model = 'llama2-70b-99' AND round = 'v5.1' AND scenario = 'Offline' GROUP BY accelerator";
    const [read] = await rowsRead(sql);
    const direct = await engine.query("SELECT count(*) AS n FROM mlperf_inference WHERE model = 'llama2-70b-99' AND round = 'v5.1' AND scenario = 'Offline'");
    expect(read!.table).toBe('mlperf_inference');
    expect(read!.rows.length).toBe(direct.rows[0]!.n);
    expect(new Set(read!.rows.map((r) => r.round))).toEqual(new Set(['v5.1']));
    expect(Object.keys(read!.rows[0]!)).toEqual(expect.arrayContaining(['round', 'division', 'availability', 'model', 'scenario', 'result_location', 'source_repo', 'source_commit']));
  });

  it('cites only the rows a LIMIT keeps, and both sides of a join', async () => {
    const top = await rowsRead("SELECT system_id, result FROM mlperf_inference WHERE model = 'gptj-99' ORDER BY result DESC LIMIT 2");
    expect(top[0]!.rows.length).toBe(2);
    const joined = await rowsRead("SELECT m.system_id, a.memory_bw_tbs FROM mlperf_inference m JOIN accelerators a ON a.accelerator = 'H100 SXM 80GB' WHERE m.model = 'gptj-99' AND m.round = 'v4.1'");
    expect(joined.map((r) => [r.table, r.rows.length])).toEqual([['accelerators', 1], ['mlperf_inference', 5]]);
  });
});

describe('the source rows of an article, one query per table', () => {
  it('gives each result exactly the rows rowsFromLineage gives it alone, reading each table once per engine', async () => {
    const sqls = [
      V51,
      "SELECT system_id, result FROM mlperf_inference WHERE model = 'gptj-99' ORDER BY result DESC LIMIT 2",
      "SELECT m.system_id, a.memory_bw_tbs FROM mlperf_inference m JOIN accelerators a ON a.accelerator = 'H100 SXM 80GB' WHERE m.model = 'gptj-99' AND m.round = 'v4.1'",
    ];
    const lineages = await Promise.all(sqls.map(async (sql) => (await traceUnits(engine, sql, await engine.query(sql))).lineage));
    const statements = () => (engine.stats.kinds.lineage?.run ?? 0) + (engine.stats.kinds.lineage?.cached ?? 0);
    const start = statements();
    const alone = await Promise.all(lineages.map((keys) => rowsFromLineage(engine, keys)));
    // Two tables (mlperf_inference, accelerators): at most one statement each, and none if an earlier test read them.
    expect(statements() - start).toBeLessThanOrEqual(2);
    const read = statements();
    const parses = engine.stats.kinds.parse?.run ?? 0;
    const together = await rowsFromLineages(engine, lineages);
    expect(together).toEqual(alone);
    expect(together.flat().map((t) => t.table).sort()).toEqual(['accelerators', 'mlperf_inference', 'mlperf_inference', 'mlperf_inference']);
    // Both tables read already: no statement, and nothing parsed.
    expect(statements()).toBe(read);
    expect(engine.stats.kinds.parse?.run ?? 0).toBe(parses);
  });

  it('a fresh engine reads a table\'s source rows with one statement, whatever number of results cite it', async () => {
    const fresh = await fixtureEngine();
    try {
      const lineages = await Promise.all([V51, "SELECT system_id FROM mlperf_inference WHERE model = 'gptj-99'"].map(async (sql) => (await traceUnits(fresh, sql, await fresh.query(sql))).lineage));
      await Promise.all([rowsFromLineages(fresh, lineages), rowsFromLineage(fresh, lineages[0]!), rowsFromLineage(fresh, lineages[1]!)]);
      expect(fresh.stats.kinds.lineage).toMatchObject({ run: 1, cached: 0 });
    } finally {
      fresh.close();
    }
  });

  it('counts statements by kind: run, from the cache, and their time', async () => {
    const sql = "SELECT count(*) AS n FROM mlperf_inference WHERE model = 'gptj-99' -- kinds test";
    const before = { ...(engine.stats.kinds.page ?? { run: 0, cached: 0, ms: 0 }) };
    await engine.query(sql, 'page');
    await engine.query(sql, 'page');
    const after = engine.stats.kinds.page!;
    expect([after.run - before.run, after.cached - before.cached]).toEqual([1, 1]);
    expect(after.ms).toBeGreaterThan(before.ms);
  });
});

describe('figures cite their sources', () => {
  it('a chart of MLPerf results carries the footnote MLCommons asks for, as text, and names derived metrics', async () => {
    const body = [fence('sql v51', V51), fence('plot v51', 'marks:\n  - barX: { y: accelerator, x: per_accel }')].join('\n\n');
    const { html } = await renderBody(engine, body);
    const doc = parseHTML(`<body>${html}</body>`).document;
    const note = doc.querySelector('figure .bw-mlperf-note')!.textContent!;
    // One short line (suite, round, division, category, number of results, retrieval, verified status), the full list a click away.
    const line = doc.querySelector('figure .bw-cite-line')!.textContent!;
    expect(line).toContain('MLPerf Inference v5.1, closed division, available category: 10 results, retrieved 2026-11-23. Verified by MLCommons Association.');
    expect(line).toContain('Full list: cited results');
    const list = doc.querySelector('figure details.bw-citations')!.textContent!;
    expect(list).toContain('MLPerf Inference v5.1, closed division, available category');
    expect(list).toContain('llama2-70b-99, Offline: 10 results');
    expect(note).toContain('Retrieved 2026-11-23 from github.com/mlcommons/inference_results_v5.1 at commit 965182b03376.');
    expect(note).toContain('Verified by MLCommons Association.');
    expect(note).toContain('per_accel (tokens/s per accelerator) is a metric derived by Benchwright from MLPerf results, not an official MLPerf result.');
    expect(note).toMatch(/systems of \d+ to \d+ accelerators/);
    expect(doc.querySelector('figure .bw-source')!.textContent).toContain('table mlperf_inference; data/mlperf-inference/v5.1.csv)');
    const cited = decodeURIComponent(doc.querySelector('a.bw-download-cited')!.getAttribute('href')!.split(',').slice(1).join(','));
    expect(cited.split('\r\n')[0]).toContain('result_location');
    // A figure over two tables cites both in one CSV: a table column, then each table's columns under one header.
    const joined = "SELECT r.accelerator, max(r.result / r.total_accelerators) AS per_accel, max(a.memory_bw_tbs) AS bw\nFROM mlperf_inference r JOIN accelerators a ON r.accelerator LIKE '%H200%' AND a.accelerator = 'H200 SXM 141GB'\nWHERE r.model = 'llama2-70b-99' AND r.round = 'v5.1' AND r.scenario = 'Offline'\nGROUP BY r.accelerator";
    const both = parseHTML(`<body>${(await renderBody(engine, [fence('sql both', joined), fence('table both', '')].join('\n\n'))).html}</body>`).document;
    const csv = parseCsv(decodeURIComponent(both.querySelector('a.bw-download-cited')!.getAttribute('href')!.split(',').slice(1).join(',')));
    expect(Object.keys(csv[0]!)[0]).toBe('table');
    expect(new Set(csv.map((r) => r.table))).toEqual(new Set(['accelerators', 'mlperf_inference']));
    expect(csv.filter((r) => r.table === 'mlperf_inference').every((r) => /^v5\.1$/.test(r.round!) && r.result_location !== '')).toBe(true);
    expect(csv.filter((r) => r.table === 'accelerators').every((r) => r.round === '' && r.sources !== '')).toBe(true);
    // The report's generated methods section lists the query, the file with its hash, the source and the trademark legend.
    const methods = doc.querySelector('.bw-methods')!.textContent!;
    expect(methods).toContain('v51: 5 rows from mlperf_inference; units per_accel: tokens/s per accelerator');
    expect(methods).toMatch(/data\/mlperf-inference\/v5\.1\.csv \(table mlperf_inference\), sha256:[0-9a-f]{64}/);
    expect(methods).toContain('mlcommons/inference_results_v5.1 at 965182b03376');
    expect(methods).toContain('The MLPerf name and logo are registered and unregistered trademarks of MLCommons Association');
  });

  it('writes runs of result IDs as ranges', () => {
    expect(compressIds(['5.1-0003', '5.1-0001', '5.1-0002', '5.1-0007', '4.1-0010', '4.1-0011'])).toBe('4.1-0010 to 4.1-0011, 5.1-0001 to 5.1-0003, 5.1-0007');
  });

  it('a chart comparing incompatible results fails unless its block says why', async () => {
    const acrossRounds = "SELECT round, max(result / total_accelerators) AS per_accel FROM mlperf_inference WHERE model = 'llama2-70b-99' AND scenario = 'Offline' GROUP BY round";
    const plot = 'marks:\n  - barY: { x: round, y: per_accel }';
    await expectBuildError(renderBody(engine, [fence('sql trend', acrossRounds), fence('plot trend', plot)].join('\n\n')), {
      line: 6,
      contains: ['this chart compares MLPerf results of different rounds v4.1 and v5.1', 'add `compare: <why the comparison is sound>`'],
    });
    const explained = await renderBody(engine, [fence('sql trend', acrossRounds), fence('plot trend', `compare: Same benchmark and accuracy target in both rounds.\n${plot}`)].join('\n\n'));
    const note = parseHTML(`<body>${explained.html}</body>`).document.querySelector('.bw-mlperf-note')!.textContent!;
    expect(note).toContain('Compares results of different versions v4.1 and v5.1');
    expect(note).toContain('Why: Same benchmark and accuracy target in both rounds.');
  });
});
