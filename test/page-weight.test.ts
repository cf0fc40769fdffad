/** Page weight: measured from real built files, and a real build that fails when a page passes its budget. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { budgetsFromEnv, overBudget, pageWeights } from '../src/publish/page-weight.ts';
import { astroBuild } from './site.ts';

describe('page weight', () => {
  it('counts a page\'s HTML, the CSS and JS it links and its images, each shared file read once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-weight-'));
    mkdirSync(join(dir, '_astro'));
    mkdirSync(join(dir, 'reports', 'a'), { recursive: true });
    const css = 'body{color:black}'.repeat(10);
    writeFileSync(join(dir, '_astro', 'site.css'), css);
    writeFileSync(join(dir, '_astro', 'app.js'), 'console.log(1)');
    writeFileSync(join(dir, 'logo.png'), Buffer.alloc(300));
    const page = '<html><head><link rel="stylesheet" href="/_astro/site.css"><script type="module" src="/_astro/app.js"></script></head><body><img src="/logo.png"></body></html>';
    writeFileSync(join(dir, 'reports', 'a', 'index.html'), page);
    writeFileSync(join(dir, 'index.html'), '<html><head><link rel="stylesheet" href="/_astro/site.css"></head></html>');
    const [heaviest, light] = pageWeights(dir);
    expect(heaviest).toEqual({
      page: 'reports/a/index.html', html: page.length, css: css.length, js: 14, images: 300,
      raw: page.length + css.length + 14, gzip: gzipSync(page).length + gzipSync(css).length + gzipSync('console.log(1)').length,
    });
    expect(light!.page).toBe('index.html');
    expect(overBudget([heaviest!, light!], budgetsFromEnv(`reports/:${heaviest!.raw - 1},:100000`)!).map((o) => o.weight.page)).toEqual(['reports/a/index.html']);
    expect(overBudget([heaviest!, light!], budgetsFromEnv(`reports/:${heaviest!.raw}`)!)).toEqual([]);
    expect(() => budgetsFromEnv('reports/95000')).toThrow(/not <page prefix>:<bytes>/);

    // With the last build's gzipped sizes: the same weights, and a file with known bytes is looked up, not gzipped.
    const first = { known: new Map<string, number>(), used: new Map<string, number>() };
    expect(pageWeights(dir, '/', first)).toEqual([heaviest, light]);
    expect(first.used.size).toBe(5); // two pages, the CSS, the JS and the image
    const known = new Map([...first.used].map(([hash]) => [hash, 1]));
    const again = { known, used: new Map<string, number>() };
    expect(pageWeights(dir, '/', again).map((w) => w.gzip)).toEqual([3, 2]);
    expect([...again.used.keys()].sort()).toEqual([...first.used.keys()].sort());
  });

  it('a real build prints the heaviest pages, and fails naming the page when one passes its budget', () => {
    const site = { content: 'test/fixtures/site/content', data: 'test/fixtures/data' };
    const ok = astroBuild(site);
    expect(ok.code, ok.output).toBe(0);
    expect(ok.output).toMatch(/\[benchwright\] page weight, heaviest first:\n\[benchwright\]   \S+index\.html: [\d.]+ KB \(HTML [\d.]+ KB, CSS [\d.]+ KB, JS [\d.]+ KB; [\d.]+ KB gzip\)/);
    const over = astroBuild({ ...site, env: { BENCHWRIGHT_PAGE_BUDGET: 'reports/:20000,:1500000' } });
    expect(over.code).not.toBe(0);
    expect(over.output).toMatch(/over the page-weight budget[\s\S]*reports\/fixture-report\/index\.html: [\d.]+ KB[\s\S]*budget for "reports\/" is 20\.0 KB/);
  }, 120_000);
});
