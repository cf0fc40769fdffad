import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryEngine } from '../src/core/sql/query-engine.ts';
import { traceUnits } from '../src/core/units/query-units.ts';
import { expectBuildError, fence, fixtureEngine, renderBody } from './helpers.ts';

let engine: QueryEngine;
beforeAll(async () => {
  engine = await fixtureEngine();
});
afterAll(() => engine.close());

describe('catalogued views of derived metrics', () => {
  it('are created once per build, with their derived columns\' units traced row by row', async () => {
    const view = engine.catalog.tables.find((t) => t.name === 'mlperf_inference_per_accelerator')!;
    expect(view.view!.reads).toEqual(['mlperf_inference']);
    expect(view.columns.find((c) => c.name === 'result_per_accelerator')).toMatchObject({ unit_column: 'result_per_accelerator__unit', description: "result ÷ total_accelerators, in the result's unit per accelerator" });
    const sql = "SELECT round, max(result_per_accelerator) AS best FROM mlperf_inference_per_accelerator WHERE model = 'gptj-99' GROUP BY round ORDER BY round";
    const result = await engine.query(sql);
    expect(result.rows.length).toBe(2);
    expect((await traceUnits(engine, sql, result)).columns.best).toEqual(['samples/s per accelerator', 'tokens/s per accelerator']);
    const check = await engine.query("SELECT count(*) AS n FROM mlperf_inference_per_accelerator WHERE abs(result_per_accelerator - result / total_accelerators) > 1e-9");
    expect(check.rows[0]!.n).toBe(0);
  });

  it('still refuse to mix units, and cite MLPerf with the derivation named', async () => {
    const mixed = fence('sql best', "SELECT accelerator, max(result_per_accelerator) AS best\nFROM mlperf_inference_per_accelerator\nWHERE model = 'gptj-99'\nGROUP BY accelerator");
    await expectBuildError(renderBody(engine, mixed), { line: 1, contains: ['mixes units in column "best": samples/s per accelerator, tokens/s per accelerator'] });
    const ok = [
      fence('sql best', "SELECT accelerator, max(result_per_accelerator) AS best\nFROM mlperf_inference_per_accelerator\nWHERE model = 'llama2-70b-99' AND round = 'v5.1' AND scenario = 'Server'\nGROUP BY accelerator"),
      fence('table best', ''),
    ].join('\n\n');
    const { html } = await renderBody(engine, ok);
    const doc = parseHTML(`<body>${html}</body>`).document;
    expect([...doc.querySelectorAll('th')].map((th) => th.textContent)).toEqual(['accelerator', 'best (tokens/s per accelerator)']);
    expect(doc.querySelector('.bw-mlperf-note')!.textContent).toContain('best (tokens/s per accelerator) is a metric derived by Benchwright from MLPerf results, not an official MLPerf result.');
    // The view's rows lead back to the base table's rows and file: those are cited.
    expect(doc.querySelector('.bw-source')!.textContent).toContain('table mlperf_inference; data/mlperf-inference/v5.1.csv)');
    expect(doc.querySelector('.bw-methods')!.textContent).toContain('result_per_accelerator = result ÷ total_accelerators');
  });
});
