// Charts drawn on the server: what Plot gives is made the same on every build.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeChartSpec } from '../src/core/charts/chart-spec.ts';
import { renderChart } from '../src/core/charts/chart.ts';
import type { QueryEngine } from '../src/core/sql/query-engine.ts';
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
    // The wide drawing (the narrow one, for phones, follows it: chart-layout.ts).
    const wide = chart.html.split('bw-chart-narrow')[0]!;
    expect(wide).toContain('bw-chart-wide');
    const swatches = [...wide.matchAll(/<span class="plot-[0-9a-f]+-swatch">.*?<\/svg>([^<]+)<\/span>/g)].map((m) => m[1]);
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

describe('addresses and CSS in a chart follow the URL policy (url-policy.ts)', () => {
  const rows = [
    { name: 'a', v: 1, url: 'https://example.org/a?x=1&y=2', paint: '#4269d0' },
    { name: 'b', v: 2, url: '#b', paint: 'url(#pattern)' },
  ];
  const draw = (raw: Record<string, unknown>, data: Record<string, unknown>[] = rows) => renderChart(normalizeChartSpec(raw, Object.keys(data[0]!)), data as never, 'links');
  const refusal = (raw: Record<string, unknown>, data?: Record<string, unknown>[]) => {
    try {
      draw(raw, data);
    } catch (error) {
      return error as Error & { path: string; hint?: string };
    }
    throw new Error('expected the chart to be refused');
  };

  it('draws web, mail, relative and #fragment links, and colours that are CSS, as they are', () => {
    const { html } = draw({ color: { type: 'identity' }, marks: [{ barY: { x: 'name', y: 'v', href: 'url', fill: 'paint', title: 'name' } }] });
    expect(html).toContain('href="https://example.org/a?x=1&y=2"');
    expect(html).toContain('href="#b"');
    expect(html).toContain('fill="url(#pattern)"');
  });

  it('refuses a link from data that is a list, or that a browser decodes into a script address, naming the column and the row', () => {
    const row = (url: unknown) => [{ name: 'a', v: 1, url: 'https://example.org' }, { name: 'b', v: 2, url }];
    const list = refusal({ marks: [{ barY: { x: 'name', y: 'v', href: 'url' } }] }, row(['javascript:alert(1)']));
    expect(list.message).toBe('column "url" holds a link that is not a web address: ["javascript:alert(1)"] (row 2 of query "links": it is a list, not one address)');
    expect(list.path).toBe('marks[0].barY.href');
    expect(list.hint).toBe('links may be http(s), mailto, relative or #fragment addresses, and so may images (no data: addresses)');
    for (const url of ['javascript&colon;alert(1)', 'javascript&#58;alert(1)', 'java\tscript:alert(1)', ' JavaScript:alert(1)', 'vbscript:x', 'data:text/html,<script>alert(1)</script>']) {
      expect(refusal({ marks: [{ barY: { x: 'name', y: 'v', href: 'url' } }] }, row(url)).message, url).toMatch(/^column "url" holds a link that is not a web address: .* \(row 2 of query "links": it uses the [a-z]+: scheme/);
    }
    expect(refusal({ marks: [{ barY: { x: 'name', y: 'v', href: 'url' } }] }, row({ href: 'https://example.org' })).message).toContain('it is an object, not an address');
  });

  it("refuses an image's src from data, a colour from data that loads a refused address, and links in literal data", () => {
    const image = refusal({ marks: [{ image: { x: 'name', y: 'v', src: 'url' } }] }, [{ name: 'a', v: 1, url: 'data:image/svg+xml,<svg onload=alert(1)>' }]);
    expect(image.message).toContain('column "url" holds an image address that is not a web address');
    expect(image.path).toBe('marks[0].image.src');
    const fill = refusal({ color: { type: 'identity' }, marks: [{ dot: { x: 'name', y: 'v', fill: 'paint' } }] }, [{ name: 'a', v: 1, paint: 'url("javascript:alert(1)")' }]);
    expect(fill.message).toContain('column "paint" holds a colour that is not allowed: "url(\\"javascript:alert(1)\\")" (row 1 of query "links"');
    const literal = refusal({ marks: [{ text: { data: [{ x: 1, y: 1, u: 'javascript:alert(1)' }], x: 'x', y: 'y', text: 'u', href: 'u' } }] });
    expect(literal.message).toContain("(item 1 of the mark's literal data: it uses the javascript: scheme");
    const listed = refusal({ marks: [{ barY: { x: 'name', y: 'v', href: ['javascript:alert(1)', '#x'] } }] });
    expect(listed.message).toContain('channel href of mark barY holds a link that is not allowed');
    const constant = refusal({ marks: [{ dot: { data: [{ x: 1, y: 1 }], x: 'x', y: 'y', fill: 'url(data:image/png;base64,AA)' } }] });
    expect(constant.message).toContain('fill of mark dot is a colour that is not allowed');
  });

  it('refuses CSS in the spec that loads a refused address or runs something, at its option', () => {
    const style = refusal({ style: { background: 'u\\72l(javascript:alert(1))' }, marks: [{ barY: { x: 'name', y: 'v' } }] });
    expect(style.path).toBe('style.background');
    expect(style.message).toContain('"style.background" is CSS that a page may not hold');
    const filter = refusal({ marks: [{ barY: { x: 'name', y: 'v', imageFilter: 'url(data:image/svg+xml,x)' } }] });
    expect(filter.path).toBe('marks[0].barY.imageFilter');
    // A web address is allowed in CSS as anywhere.
    expect(draw({ style: { background: 'url(https://example.org/x.png)' }, marks: [{ barY: { x: 'name', y: 'v' } }] }).html).toContain('background:url(https://example.org/x.png)');
  });
});
