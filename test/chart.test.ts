// Charts drawn on the server: what Plot gives is made the same on every build.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeChartSpec } from '../src/lib/chart-spec.ts';
import { renderChart } from '../src/lib/chart.ts';
import type { QueryEngine } from '../src/lib/query-engine.ts';
import { LLAMA_SQL, fixtureEngine } from './helpers.ts';

let engine: QueryEngine;
beforeAll(async () => {
  engine = await fixtureEngine();
});
afterAll(() => engine.close());

describe('clip paths', () => {
  it('get ids from the chart, not from how many charts the process drew before', async () => {
    const { rows } = await engine.query(LLAMA_SQL);
    const clipped = (x: string) => normalizeChartSpec({ marks: [{ dot: { x, y: 'accelerator', clip: true } }] }, Object.keys(rows[0]!));
    const first = renderChart(clipped('per_accel'), rows, 'q').html;
    renderChart(clipped('per_accel'), rows, 'q');
    const again = renderChart(clipped('per_accel'), rows, 'q').html;
    // Plot's own ids count up per process (plot-clip-1, -2, …); a cached chart would clash with a new one.
    expect(first).toMatch(/clip-path="url\(#plot-clip-[0-9a-f]{10}-1\)"/);
    expect(again).toBe(first);
    const other = renderChart(clipped('per_accel'), rows.slice(1), 'q').html;
    const id = (html: string) => /id="(plot-clip-[^"]+)"/.exec(html)![1];
    expect(id(other)).not.toBe(id(first));
  });
});
