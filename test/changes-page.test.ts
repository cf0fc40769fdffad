/**
 * The shipped report's what-changed pages, built for real: they lead with the numbers (a new leader old → new), show
 * the prose as rendered text, fold every row diff into <details> with a CSV that holds every changed row, and never
 * overflow at 390 or 1280 px in Chromium.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../src/publish/pdf/browser.ts';
import { serveStatic, type StaticServer } from '../src/publish/pdf/static-server.ts';
import { astroBuild, type BuildResult } from './site.ts';

const SLUG = 'mlperf-inference-per-accelerator';
let site: BuildResult;
let server: StaticServer;

beforeAll(async () => {
  // Page weights have their own test (page-weight.test.ts); this build is about the what-changed pages.
  site = astroBuild({ content: 'content', data: 'data' });
  if (site.code === 0) server = await serveStatic(site.outDir);
}, 900_000);
afterAll(async () => server?.close());

/** Every what-changed page of the site (reports/<slug>/v<N>/changes/index.html). */
function changesPages(): string[] {
  const reports = join(site.outDir, 'reports');
  return readdirSync(reports).flatMap((slug) =>
    readdirSync(join(reports, slug), { withFileTypes: true })
      .filter((e) => e.isDirectory() && /^v\d+$/.test(e.name))
      .flatMap((e) => {
        try {
          readFileSync(join(reports, slug, e.name, 'changes/index.html'));
          return [`reports/${slug}/${e.name}/changes/`];
        } catch {
          return [];
        }
      }),
  );
}

const doc = (path: string) => parseHTML(readFileSync(join(site.outDir, path, 'index.html'), 'utf8')).document;

/** CSV lines (no quoted newlines in these files' cells). */
function csvRows(text: string): string[][] {
  return text
    .trimEnd()
    .split('\r\n')
    .map((line) => line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.slice(0, -1).map((cell) => cell.replace(/,$/, '')));
}

describe('the shipped report\'s what-changed pages', () => {
  it('builds, with a page for v2 and v3', () => {
    expect(site.code, site.output).toBe(0);
    expect(changesPages()).toEqual(expect.arrayContaining([`reports/${SLUG}/v2/changes/`, `reports/${SLUG}/v3/changes/`]));
  });

  it('lead with the numbers: a one-row query whose leader changed reads old → new, with units on the measures', () => {
    const page = doc(`reports/${SLUG}/v2/changes`);
    const body = page.querySelector('.bw-diff')!;
    const first = body.querySelector('h2')!;
    expect(first.id).toBe('numbers');
    const facts = [...page.querySelectorAll('.bw-diff-numbers-query')].find((s) => s.querySelector('h3 code')!.textContent === 'llama70b_latest_facts')!;
    const cells = [...facts.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
    expect(cells).toContainEqual(['offline_leader', 'NVIDIA H200-SXM-141GB-CTS', 'NVIDIA GB200', '']);
    expect(cells).toContainEqual(['offline_besttokens/s per accelerator', '4,488', '13,015', '+8,528 (+190%)']);
    // Not a row removed and a row added.
    const rows = page.querySelector('#rows-llama70b_latest_facts')!;
    expect(rows.querySelector('.bw-diff-rows-added, .bw-diff-rows-removed')).toBeNull();
  });

  for (const version of [2, 3]) {
    it(`v${version}: the prose diff is rendered text (no Markdown syntax), and the charts of both versions are files that exist`, () => {
      const page = doc(`reports/${SLUG}/v${version}/changes`);
      const text = [...page.querySelectorAll('.bw-diff-section')].map((s) => s.textContent).join('\n');
      expect(text.length).toBeGreaterThan(1000);
      for (const syntax of ['**', '##', ':value[', '```', '](', '<strong>']) expect(text, syntax).not.toContain(syntax);
      // Generated parts are not prose: no citation lists, no SQL.
      const prose = [...page.querySelectorAll('.bw-diff-section, .bw-diff-unchanged')].map((e) => e.textContent).join('\n');
      expect(prose).not.toMatch(/Citations|SELECT /);
      const images = [...page.querySelectorAll('.bw-diff-pair img')].map((img) => img.getAttribute('src')!);
      expect(images.length).toBeGreaterThan(0);
      for (const src of images) {
        expect(src).toMatch(new RegExp(`^/charts/${SLUG}/v(${version - 1}|${version})/[a-z0-9-]+\\.svg$`));
        expect(readFileSync(join(site.outDir, src)).subarray(0, 4).toString()).toBe('<svg');
      }
    });

    it(`v${version}: every row table is inside a <details>, at most 20 rows each, and each query's CSV holds every changed row`, () => {
      const page = doc(`reports/${SLUG}/v${version}/changes`);
      const tables = [...page.querySelectorAll('.bw-diff-rows-added, .bw-diff-rows-removed, .bw-diff-values')];
      expect(tables.length).toBeGreaterThan(0);
      for (const table of tables) {
        expect(table.closest('details.bw-diff-query')).not.toBeNull();
        expect(table.querySelectorAll('tbody tr').length).toBeLessThanOrEqual(table.classList.contains('bw-diff-values') ? 20 * 20 : 20);
      }
      for (const details of page.querySelectorAll('details.bw-diff-query')) {
        const name = details.id.replace(/^rows-/, '');
        const counts = Object.fromEntries([...details.querySelector('summary')!.textContent!.matchAll(/([\d,]+) (added|removed|changed)/g)].map((m) => [m[2], Number(m[1]!.replace(/,/g, ''))]));
        const link = details.querySelector('a.bw-download')!.getAttribute('href')!;
        expect(link).toBe(`/reports/${SLUG}/v${version}/changes/${name}.csv`);
        const rows = csvRows(readFileSync(join(site.outDir, link), 'utf8'));
        const kinds = rows.slice(1).map((r) => r[0]);
        for (const kind of ['added', 'removed', 'changed']) expect(kinds.filter((k) => k === kind).length, `${name} ${kind}`).toBe(counts[kind] ?? 0);
        // The table captions agree: "Rows added (182)".
        for (const caption of details.querySelectorAll('caption')) {
          const [, label, n] = /^Rows (added|removed|changed) \(([\d,]+)\)$/.exec(caption.textContent!)!;
          expect(kinds.filter((k) => k === label).length).toBe(Number(n!.replace(/,/g, '')));
        }
      }
    });
  }

  it('v3: the runs query\'s 182 added rows are in its CSV, 20 on the page', () => {
    const page = doc(`reports/${SLUG}/v3/changes`);
    const runs = page.querySelector('#rows-runs')!;
    expect(runs.querySelector('caption')!.textContent).toBe('Rows added (182)');
    expect(runs.querySelectorAll('.bw-diff-rows-added tbody tr').length).toBe(20);
    const rows = csvRows(readFileSync(join(site.outDir, `reports/${SLUG}/v3/changes/runs.csv`), 'utf8'));
    expect(rows.length - 1).toBe(182);
  });

  it('no what-changed page is wider than the window at 390 or 1280 px (Chromium)', async () => {
    const browser = await launchBrowser({ javaScriptEnabled: true, viewport: { width: 1280, height: 900 } });
    try {
      const page = await browser.context.newPage();
      const wide: string[] = [];
      for (const width of [390, 1280]) {
        await page.setViewportSize({ width, height: 900 });
        for (const path of changesPages()) {
          await page.goto(`${server.url}${path}`);
          // With every <details> open too: a row table must scroll in its own box, not widen the page.
          for (const open of [false, true]) {
            if (open) await page.evaluate('document.querySelectorAll("details").forEach((d) => { d.open = true; })');
            const scrollWidth = (await page.evaluate('document.documentElement.scrollWidth')) as number;
            if (scrollWidth > width) wide.push(`${path} at ${width}${open ? ' (details open)' : ''}: ${scrollWidth} px`);
          }
        }
      }
      expect(wide).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
