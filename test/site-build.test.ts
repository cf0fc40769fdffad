import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';
import { astroBuild, type BuildResult } from './site.ts';

const page = (outDir: string, path: string) => parseHTML(readFileSync(join(outDir, path), 'utf8')).document;

describe('a real Astro build of a small fixture site', () => {
  let build: BuildResult;
  beforeAll(() => {
    build = astroBuild({ content: 'test/fixtures/site/content', data: 'test/fixtures/data' });
  }, 120_000);

  it('succeeds and reports its work', () => {
    expect(build.code, build.output).toBe(0);
    expect(build.output).toMatch(/1 report version in \d+ ms/);
    // Both loaders share one project; the last to finish says what it did.
    expect(build.output).toMatch(/queries and charts: \d+ queries \(\d+ run, \d+ from cache\), 1 charts \(1 drawn, 0 from cache\)/);
    expect(build.output).toMatch(/\[benchwright\] summary: \d+ queries \([1-9]\d* run, \d+ from cache\), 1 charts \(1 drawn, 0 from cache\), 0 PNG images \(0 rasterised, 0 from cache\), \d+ pages/);
  });

  it('publishes each chart as SVG; PNGs, social cards and PDFs are the publish build\'s, so nothing links them', () => {
    const doc = page(build.outDir, 'reports/fixture-report/index.html');
    expect([...doc.querySelectorAll('#figure-1 .bw-image-links a')].map((a) => a.getAttribute('href'))).toEqual(['/charts/fixture-report/v1/figure-1.svg']);
    expect(readFileSync(join(build.outDir, 'charts/fixture-report/v1/figure-1.svg'), 'utf8')).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(existsSync(join(build.outDir, 'charts/fixture-report/v1/figure-1.png'))).toBe(false);
    expect(existsSync(join(build.outDir, 'social'))).toBe(false);
    expect(doc.querySelector('meta[property="og:image"]')).toBeNull();
    expect(doc.querySelector('.pdf-links')).toBeNull();
  });

  it('lists the report on the index, linking its page', () => {
    const doc = page(build.outDir, 'index.html');
    const link = doc.querySelector('.report-list a')!;
    expect(link.textContent).toBe('Fixture: Llama 2 70B per accelerator');
    expect(link.getAttribute('href')).toBe('/reports/fixture-report/');
  });

  it('renders the report: chart, table, inline values, contents and data sources', () => {
    const doc = page(build.outDir, 'reports/fixture-report/index.html');
    expect(doc.querySelector('h1')!.textContent).toBe('Fixture: Llama 2 70B per accelerator');
    expect(doc.querySelector('.report-header .version')!.textContent).toBe('Version 1');
    expect([...doc.querySelectorAll('.toc a')].map((a) => a.getAttribute('href'))).toEqual(['#per-accelerator', '#summary', '#data-and-methods']);
    // The CSV download (a file the site publishes beside the chart's images) holds the query's rows: one bar per
    // row, one table row per row.
    const chart = doc.querySelector('figure.bw-chart')!;
    const href = chart.querySelector('a.bw-download')!.getAttribute('href')!;
    expect(href).toBe('/charts/fixture-report/v1/figure-1.csv');
    const rows = readFileSync(join(build.outDir, href), 'utf8').trim().split('\r\n').slice(1);
    expect(rows.length).toBe(5);
    // The chart is drawn twice (for the page and for a phone): each drawing has one bar and one label per row.
    const accelerators = rows.map((r) => r.split(',')[0]!.replace(/^"|"$/g, ''));
    for (const variant of ['wide', 'narrow']) {
      expect(chart.querySelectorAll(`.bw-chart-${variant}`).length, variant).toBe(1);
      expect(chart.querySelectorAll(`.bw-chart-${variant} g[aria-label="bar"] rect`).length, variant).toBe(rows.length);
      const ticks = [...chart.querySelectorAll(`.bw-chart-${variant} g[aria-label="y-axis tick label"] text`)].map((t) =>
        // the phone drawing wraps a long name over lines (one tspan each)
        t.querySelector('tspan') ? [...t.querySelectorAll('tspan')].map((l) => l.textContent).join(' ') : t.textContent,
      );
      expect(new Set(ticks), variant).toEqual(new Set(accelerators));
    }
    const table = doc.querySelector('figure.bw-table table')!;
    expect(table.querySelectorAll('tbody tr').length).toBe(rows.length);
    // The inline values agree with the table's first row (the query orders by throughput).
    const first = [...table.querySelectorAll('tbody tr')[0]!.querySelectorAll('td')].map((td) => td.textContent);
    const values = [...doc.querySelectorAll('.bw-value')].map((v) => v.textContent);
    expect(values).toEqual(first);
    // Every figure cites its sources; the generated methods section lists them with the MLPerf legend.
    expect(chart.querySelector('.bw-cite-line')!.textContent).toMatch(/MLPerf Inference v5\.1, closed division, available category: \d+ results, retrieved /);
    const cited = chart.querySelector('details.bw-citations')!.textContent!;
    expect(cited).toContain('MLPerf Inference v5.1, closed division, available category');
    expect(cited).toContain('llama2-70b-99, Offline: ');
    expect(doc.querySelector('.bw-methods')!.textContent).toContain('mlcommons/inference_results_v5.1 at 965182b03376');
    // No script is needed to read anything.
    expect(doc.querySelectorAll('script').length).toBe(0);
  });
});

describe('a build with a SQL typo', () => {
  it('fails with the file and line of the typo, and writes no site', () => {
    const build = astroBuild({ content: 'test/fixtures/broken-site/content', data: 'test/fixtures/data' });
    expect(build.code).not.toBe(0);
    expect(build.output).toContain('test/fixtures/broken-site/content/reports/typo/v1.md:14:7: SQL error in query "llama"');
    expect(build.output).toContain("  14 | WHERE modle = 'llama2-70b-99'\n     |       ^");
    expect(build.output).toContain('Referenced column "modle" not found');
    expect(existsSync(build.outDir)).toBe(false);
  }, 120_000);
});

describe('a build that averages results in different units', () => {
  it('fails naming the file, the line, the units found and the row', () => {
    const build = astroBuild({ content: 'test/fixtures/mixed-units-site/content', data: 'test/fixtures/data' });
    expect(build.code).not.toBe(0);
    expect(build.output).toContain('test/fixtures/mixed-units-site/content/reports/gptj-mean/v1.md:11:1: query "gptj_mean" mixes units in column "mean_per_accel": samples/s per accelerator, tokens/s per accelerator (in the row accelerator=NVIDIA H100-SXM-80GB)');
    expect(existsSync(build.outDir)).toBe(false);
  }, 120_000);
});
