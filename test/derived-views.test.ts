/** The shipped catalog's derived-metric views, on the real data. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/core/data/catalog.ts';
import { createQueryEngine, type QueryEngine } from '../src/core/sql/query-engine.ts';
import { traceUnits } from '../src/core/units/query-units.ts';
import { ROOT } from './helpers.ts';
import { mlperfContent } from '../src/mlperf/content.ts';

let engine: QueryEngine;
beforeAll(async () => {
  engine = await createQueryEngine({ catalog: loadCatalog(join(ROOT, 'data'), mlperfContent) });
}, 60_000);
afterAll(() => engine.close());

const units = async (sql: string) => (await traceUnits(engine, sql, await engine.query(sql))).columns;

describe('derived metrics', () => {
  const h200 = "model = 'llama2-70b-99' AND round = 'v5.1' AND scenario = 'Offline' AND division = 'closed' AND accelerator_id = 'nvidia-h200-sxm-141gb'";

  it('per accelerator, per W of TDP and per TB/s of memory bandwidth, with their units', async () => {
    const sql = `SELECT max(result_per_accelerator) AS per_accel, max(result_per_tdp_w) AS per_w, max(result_per_tbs) AS per_tbs, any_value(tdp_w) AS tdp_w, any_value(memory_bw_tbs) AS bw FROM mlperf_inference_derived WHERE ${h200}`;
    const { rows } = await engine.query(sql);
    const row = rows[0]!;
    expect(row.per_w as number).toBeCloseTo((row.per_accel as number) / (row.tdp_w as number), 9);
    expect(row.per_tbs as number).toBeCloseTo((row.per_accel as number) / (row.bw as number), 9);
    expect(await units(sql)).toEqual({
      per_accel: ['tokens/s per accelerator'],
      per_w: ['tokens/s per accelerator per W of TDP'],
      per_tbs: ['tokens/s per accelerator per TB/s of memory bandwidth'],
      tdp_w: ['W'],
      bw: ['TB/s'],
    });
  });

  it('per dollar-hour only where a sourced, dated price exists, keeping each quote\'s source', async () => {
    const sql = `SELECT price_provider, price_as_of, price_source_url, usd_per_accelerator_hour, max(result_per_usd_hour) AS per_usd_hour FROM mlperf_inference_per_dollar WHERE ${h200} GROUP BY ALL`;
    const { rows } = await engine.query(sql);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.price_source_url).toMatch(/^https?:\/\//);
      expect(row.price_as_of, 'the date the source states (free text)').toMatch(/\S/);
    }
    expect((await units(sql)).per_usd_hour).toEqual(['tokens/s per accelerator per USD/h']);
    // Parts without a mapped price get no per-dollar row at all.
    const unpriced = await engine.query("SELECT count(*) AS n FROM mlperf_inference_per_dollar WHERE accelerator_id = 'nvidia-t4'");
    expect(unpriced.rows[0]!.n).toBe(0);
  });
});
