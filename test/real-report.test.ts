/**
 * The shipped site, built for real from content/ and data/: every chart of the MLPerf report holds a mark
 * for each accelerator its query returns, and the page shows its charts in Chromium with JavaScript off.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../src/publish/pdf/browser.ts';
import { checkLinks, formatProblems } from '../src/publish/link-check.ts';
import { loadCatalog } from '../src/core/data/catalog.ts';
import { parseReportFrontMatter } from '../src/core/article/front-matter.ts';
import { pinnedCatalog } from '../src/core/versions/pinned-data.ts';
import { findReportFiles } from '../src/core/versions/report-files.ts';
import { createQueryEngine, type QueryEngine } from '../src/core/sql/query-engine.ts';
import { ROOT } from './helpers.ts';
import { serveStatic } from '../src/publish/pdf/static-server.ts';
import { astroBuild, type BuildResult } from './site.ts';
import { mlperfContent } from '../src/mlperf/content.ts';
import { modelSlug } from '../src/mlperf/data-pages/addresses.ts';
import { readRows } from './report-helpers.ts';

const REPORT = 'reports/mlperf-inference-per-accelerator/index.html';
/** Plot's aria-labels of the marks that draw one element per row. */
const PER_ROW_MARKS = ['bar', 'dot', 'tick', 'cell', 'rect', 'text', 'arrow'];
/** v2: the version the specific assertions below were written against (a published version does not change). */
const V2 = 'reports/mlperf-inference-per-accelerator/v2/index.html';

let build: BuildResult;
/** Every version's page, with an engine over the data that version is pinned to (a draft: all of it). */
const versions: { page: string; engine: QueryEngine }[] = [];
beforeAll(async () => {
  build = astroBuild({ content: 'content', data: 'data', search: true });
  const catalog = loadCatalog(join(ROOT, 'data'), mlperfContent);
  for (const file of findReportFiles(join(ROOT, 'content'), ROOT).filter((f) => f.slug === 'mlperf-inference-per-accelerator')) {
    const pins = parseReportFrontMatter(readFileSync(file.path, 'utf8'), file.path).data;
    const engine = await createQueryEngine({ catalog: pins ? pinnedCatalog(catalog, Object.keys(pins)) : catalog });
    versions.push({ page: `reports/${file.slug}/v${file.version}/index.html`, engine });
  }
}, 180_000);
afterAll(() => versions.forEach((v) => v.engine.close()));

describe('the shipped MLPerf inference report', () => {
  it('builds', () => {
    expect(build.code, build.output).toBe(0);
  });

  it('has at least 6 charts, 3 tables and inline values', () => {
    const doc = parseHTML(readFileSync(join(build.outDir, REPORT), 'utf8')).document;
    expect(doc.querySelectorAll('figure.bw-chart svg').length).toBeGreaterThanOrEqual(6);
    expect(doc.querySelectorAll('figure.bw-table table').length).toBeGreaterThanOrEqual(3);
    expect(doc.querySelectorAll('.bw-value').length).toBeGreaterThanOrEqual(5);
    expect(doc.body.textContent).toContain('v5.0');
  });

  it('draws a mark for each accelerator each chart\'s query returns, in every version', async () => {
    expect(versions.length).toBeGreaterThanOrEqual(3);
    for (const { page, engine } of versions) {
      const doc = parseHTML(readFileSync(join(build.outDir, page), 'utf8')).document;
      const charts = [...doc.querySelectorAll('figure.bw-chart')];
      let checked = 0;
      for (const figure of charts) {
        // Run the exact SQL the figure says it ran, on the real data.
        const sql = figure.querySelector('details.bw-data pre code')!.textContent!;
        const { rows } = await engine.query(sql);
        if (!rows.length || !('accelerator' in rows[0]!)) continue;
        checked++;
        const accelerators = new Set(rows.map((r) => String(r.accelerator)));
        const svgText = new Set([...figure.querySelectorAll('text, .bw-figure-body span')].map((t) => t.textContent!.trim()));
        for (const name of accelerators) expect(svgText, `${figure.id} should label ${name}`).toContain(name);
        const marks = PER_ROW_MARKS.flatMap((label) => [...figure.querySelectorAll(`svg g[aria-label="${label}"] > *`)]);
        expect(marks.length, `${page} ${figure.id}: marks vs ${accelerators.size} accelerators`).toBeGreaterThanOrEqual(accelerators.size);
      }
      expect(checked, page).toBeGreaterThanOrEqual(4);
    }
  });
});

describe('honest numbers on the shipped report', () => {
  it('every chart cites its MLPerf results as text, with IDs, retrieval, verification and the derivation, in every version', () => {
    for (const { page } of versions) {
      const charts = [...parseHTML(readFileSync(join(build.outDir, page), 'utf8')).document.querySelectorAll('figure.bw-chart')];
      expect(charts.length, page).toBeGreaterThanOrEqual(4);
      for (const figure of charts) {
        const note = figure.querySelector('.bw-mlperf-note')?.textContent ?? '';
        // One short line names suite, rounds, division, category and the number of results; the list is a click away.
        const line = figure.querySelector('.bw-cite-line')?.textContent ?? '';
        expect(line, figure.id).toMatch(/MLPerf Inference v\d\.\d(?:, v\d\.\d)*(?: and v\d\.\d)?, closed division, available category: [\d,]+ results?, retrieved \d{4}-\d{2}-\d{2}/);
        expect(figure.querySelector('details.bw-citations')?.textContent ?? '', figure.id).toMatch(/MLPerf Inference v\d\.\d, closed division, available category/);
        expect(note, figure.id).toContain('Verified by MLCommons Association.');
        expect(note, figure.id).toMatch(/Retrieved \d{4}-\d{2}-\d{2} from github\.com\/[\w-]+\/inference_results_v\d\.\d at commit [0-9a-f]{12}|Retrieved 2026-11-23 from github\.com\/mlcommons\/cm4mlperf-results/);
        expect(note, figure.id).toContain('is a metric derived by Benchwright from MLPerf results, not an official MLPerf result.');
      }
    }
    const doc = parseHTML(readFileSync(join(build.outDir, V2), 'utf8')).document;
    // v5.1 results are cited by their official IDs.
    expect(doc.querySelector('#figure-1 .bw-mlperf-note')!.textContent).toMatch(/results, IDs 5\.1-\d{4}/);
    // Cross-round charts state why they compare.
    expect(doc.body.textContent).toContain('Compares results of different versions v4.0, v4.1 and v5.1');
    // Checked claims are marked and listed; the methods section carries the trademark legend.
    expect(doc.querySelectorAll('a.bw-claim-mark').length).toBeGreaterThanOrEqual(2);
    const methods = doc.querySelector('.bw-methods')!.textContent!;
    expect(methods).toContain('Checked claims');
    expect(methods).toMatch(/data\/mlperf-inference\/v5\.1\.csv \(table mlperf_inference\), sha256:[0-9a-f]{64}/);
    expect(methods).toContain('The MLPerf name and logo are registered and unregistered trademarks of MLCommons Association');
  });
});

describe('accelerator and model pages link the reports that discuss them', () => {
  it('exactly the reports whose latest version cites a result of that accelerator or model, found from the published cited-results CSVs', () => {
    // Each MLPerf Inference row by the key its citation CSV names, read from the raw files (not through the build).
    const rounds = readdirSync(join(ROOT, 'data/mlperf-inference')).filter((f) => f.endsWith('.csv'));
    const byKey = new Map<string, Record<string, string>>();
    for (const file of rounds) for (const row of readRows(join('mlperf-inference', file))) byKey.set(`${row.round}|${row.result_location}|${row.scenario}`, row);
    const latest = new Map<string, number>();
    for (const f of findReportFiles(join(ROOT, 'content'), ROOT)) latest.set(f.slug, Math.max(latest.get(f.slug) ?? 0, f.version));
    const expected = { accelerators: new Map<string, Set<string>>(), models: new Map<string, Set<string>>() };
    for (const [slug, version] of latest) {
      const folder = join(build.outDir, 'charts', slug, `v${version}`);
      for (const file of existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('-cited.csv')) : []) {
        for (const row of readRows(join(folder, file), '/')) {
          const source = byKey.get(`${row.round}|${row.result_location}|${row.scenario}`);
          if (!source) continue; // a citation of another table (training)
          for (const [map, id] of [[expected.accelerators, source.accelerator_id!], [expected.models, modelSlug(source.model!)]] as const) {
            if (!map.has(id)) map.set(id, new Set());
            map.get(id)!.add(slug);
          }
        }
      }
    }
    expect(expected.accelerators.size).toBeGreaterThan(5);
    for (const [folder, map] of [['accelerators', expected.accelerators], ['models', expected.models]] as const) {
      const pages = readdirSync(join(build.outDir, folder), { withFileTypes: true }).filter((d) => d.isDirectory());
      expect(pages.length).toBeGreaterThan(5);
      for (const page of pages) {
        const doc = parseHTML(readFileSync(join(build.outDir, folder, page.name, 'index.html'), 'utf8')).document;
        const linked = [...doc.querySelectorAll('.dp-reports a')].map((a) => /\/reports\/([^/]+)\/$/.exec(a.getAttribute('href')!)![1]!).sort();
        expect(linked, `${folder}/${page.name}`).toEqual([...(map.get(page.name) ?? [])].sort());
      }
    }
  });
});

describe('the shipped site\'s links', () => {
  it('every internal href and #anchor resolves', () => {
    const problems = checkLinks(build.outDir, { base: '/' });
    expect(problems, formatProblems(problems)).toEqual([]);
  });
});

describe('in Chromium with JavaScript disabled', () => {
  it('shows every chart of the report', async () => {
    const { url, close } = await serveStatic(build.outDir);
    const browser = await launchBrowser({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    try {
      const page = await browser.context.newPage();
      const response = await page.goto(`${url}${REPORT.replace('index.html', '')}`);
      expect(response!.status()).toBe(200);
      // Each chart is drawn twice (for the page and for a phone); at 1280 px exactly one drawing of each shows.
      const charts = page.locator('figure.bw-chart .bw-figure-body svg[class^="plot-"]:visible');
      const count = await charts.count();
      expect(count).toBeGreaterThanOrEqual(6);
      expect(count).toBe(await page.locator('figure.bw-chart').count());
      for (let i = 0; i < count; i++) {
        const box = await charts.nth(i).boundingBox();
        expect(box!.width).toBeGreaterThan(300);
        expect(box!.height).toBeGreaterThan(150);
      }
      mkdirSync(join(ROOT, 'test-output'), { recursive: true });
      await page.screenshot({ path: join(ROOT, 'test-output/report-no-js.png'), fullPage: true });
      // The first chart, as pixels: drawn, not blank.
      const png = await charts.first().screenshot();
      const { channels } = await sharp(png).stats();
      expect(channels[0]!.min).toBeLessThan(128);
      expect(channels[0]!.stdev).toBeGreaterThan(10);
    } finally {
      await browser.close();
      await close();
    }
  }, 120_000);
});
