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

describe('the standalone SVG (the chart\'s SVG and PNG files, and its social card)', () => {
  it('is an SVG document with the colour legend, which Plot draws as HTML, redrawn inside it', async () => {
    const { rows } = await engine.query(LLAMA_SQL);
    const spec = normalizeChartSpec({ color: { legend: true }, marks: [{ barX: { x: 'per_accel', y: 'accelerator', fill: 'scenario' } }] }, Object.keys(rows[0]!));
    const chart = renderChart(spec, rows, 'q');
    // In the page: Plot's <figure> with the legend's swatches as HTML.
    expect(chart.html).toMatch(/^<figure/);
    const swatches = [...chart.html.matchAll(/<span class="plot-[0-9a-f]+-swatch">.*?<\/svg>([^<]+)<\/span>/g)].map((m) => m[1]);
    expect(swatches).toEqual(['Offline', 'Server']);
    // Standalone: the SVG namespace, 26 px more for the legend, one swatch and label per scenario, then Plot's SVG.
    const height = Number(/ viewBox="0 0 640 (\d+)"/.exec(chart.html)![1]);
    expect(chart.svg).toMatch(new RegExp(`^<svg xmlns="http://www.w3.org/2000/svg" width="640" height="${height + 26}"`));
    expect([...chart.svg.matchAll(/<text x="\d+(?:\.\d+)?" y="16">([^<]+)<\/text>/g)].map((m) => m[1])).toEqual(['Offline', 'Server']);
    expect(chart.svg).toContain('<svg y="26"');
    expect(chart.svg.match(/<rect fill="#[0-9a-f]{6}" /g)).toHaveLength(rows.length);
  });
});

describe('linkedom, patched after install (scripts/patch-dependencies.mjs)', () => {
  it("makes a node's listener map only when a listener is added; events still reach listeners", async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { ROOT } = await import('./helpers.ts');
    for (const flavour of ['esm', 'cjs']) {
      const source = readFileSync(join(ROOT, 'node_modules/linkedom', flavour, 'interface/event-target.js'), 'utf8');
      expect(source).toContain('Benchwright: the listener Map is made by the first addEventListener');
      expect(source).not.toMatch(/constructor\(\) \{\s*wm\.set\(this, new Map\);/);
    }
    const { parseHTML } = await import('linkedom');
    const window = parseHTML('<!DOCTYPE html><html><body><div><span></span></div></body></html>') as unknown as {
      document: Document;
      Event: typeof Event;
    };
    const outer = window.document.querySelector('div')!;
    const inner = window.document.querySelector('span')!;
    const seen: string[] = [];
    const listener = (event: Event) => seen.push(`${event.type} at ${(event.currentTarget as Element).tagName}`);
    outer.addEventListener('ping', listener);
    inner.removeEventListener('ping', listener); // a node that never had a listener
    inner.dispatchEvent(new window.Event('ping', { bubbles: true }));
    outer.removeEventListener('ping', listener);
    inner.dispatchEvent(new window.Event('ping', { bubbles: true }));
    expect(seen).toEqual(['ping at DIV']);
  });
});
