/**
 * `astro dev` on a copy of the fixture site: a saved article or data file shows on the page, and a broken article's
 * error is shown in the browser, with its file, line and source line, until a save fixes it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadersFor } from '../src/astro/astro-dev-reload.ts';
import { devErrorPage } from '../src/astro/dev-error-page.ts';
import { BuildError } from '../src/core/errors.ts';
import { caretExcerpt } from '../src/core/sql/sql-error-place.ts';
import { ROOT, childEnv, waitFor } from './helpers.ts';

describe('which loaders a saved file reloads', () => {
  const paths = { contentDir: '/site/content', dataDir: '/site/data' };
  it('an article: the reports; a guide page: the guide; a data file: all three; anything else: none', () => {
    expect(loadersFor('/site/content/reports/a/v1.md', paths)).toEqual(['benchwright-reports']);
    expect(loadersFor('/site/data/mlperf-inference/v5.1.csv', paths)).toEqual(['benchwright-reports', 'benchwright-data-pages', 'benchwright-guide']);
    expect(loadersFor('/site/content/guide/tutorial.md', paths)).toEqual(['benchwright-guide']);
    expect(loadersFor('/site/content-old/x.md', paths)).toEqual([]);
    expect(loadersFor('/site/src/pages/index.astro', paths)).toEqual([]);
  });
});

describe('astro dev on the fixture site', () => {
  let work: string;
  let server: ChildProcess;
  let log = '';
  const port = 4900 + (process.pid % 90);
  let lastFailure = '';
  const page = async () => {
    try {
      const response = await fetch(`http://localhost:${port}/reports/fixture-report/`);
      if (response.ok) return await response.text();
      lastFailure = `HTTP ${response.status}`;
    } catch (error) {
      lastFailure = String((error as Error).cause ?? error);
    }
    return '';
  };
  // Waits for the page to satisfy `ok` (a generous limit: this checks behaviour; speed is the bench's).
  const until = async (ok: (html: string) => boolean, what: string, limitMs = 30_000) => {
    const shown = await waitFor(async () => {
      const html = await page();
      return ok(html) ? html : undefined;
    }, { limitMs });
    if (shown === undefined) throw new Error(`${what} did not show within ${limitMs / 1000} s (last request: ${lastFailure}); server log:\n${log}`);
    return shown;
  };
  const article = () => join(work, 'content', 'reports', 'fixture-report', 'v1.md');

  beforeAll(async () => {
    mkdirSync(join(ROOT, '.tmp'), { recursive: true });
    work = mkdtempSync(join(ROOT, '.tmp', 'bw-dev-'));
    cpSync(join(ROOT, 'test/fixtures/site/content'), join(work, 'content'), { recursive: true });
    cpSync(join(ROOT, 'test/fixtures/data'), join(work, 'data'), { recursive: true });
    // Vitest's own variables would put Astro's dev server in its test mode (no pages served): the child gets none.
    const inherited = Object.fromEntries(Object.entries(childEnv()).filter(([key]) => !/^(VITEST|TEST$)/.test(key)));
    server = spawn(process.execPath, [join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'dev', '--port', String(port)], {
      cwd: ROOT,
      env: { ...inherited, ASTRO_TELEMETRY_DISABLED: '1', BENCHWRIGHT_CONTENT_DIR: join(work, 'content'), BENCHWRIGHT_DATA_DIR: join(work, 'data'), BENCHWRIGHT_CACHE_DIR: join(work, 'cache') },
    });
    server.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    server.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    // Asked before its first content sync, Astro's dev server caches an empty route list and answers 404 until the
    // next change (Astro 7): the first request waits for the server to say it is ready, as a reader would.
    if (!(await waitFor(() => log.includes('watching for file changes'), { limitMs: 90_000 }))) throw new Error(`astro dev did not start within 90 s; server log:\n${log}`);
    await until((html) => html.includes('Fixture: Llama 2 70B per accelerator'), 'the report');
  }, 120_000);
  afterAll(() => {
    server?.kill();
  });

  it("serves each chart's SVG, PNG and CSV downloads and the social card, from the files the loader keeps", async () => {
    const html = await page();
    const id = /<figure class="bw-figure bw-chart" id="([^"]+)"/.exec(html)?.[1];
    expect(id, 'a chart on the page').toBeTruthy();
    const get = async (path: string) => {
      const response = await fetch(`http://localhost:${port}${path}`);
      return { status: response.status, type: response.headers.get('content-type') ?? '', body: Buffer.from(await response.arrayBuffer()) };
    };
    const svg = await get(`/charts/fixture-report/v1/${id}.svg`);
    expect([svg.status, svg.type]).toEqual([200, 'image/svg+xml']);
    expect(svg.body.toString('utf8')).toMatch(/^<svg[\s\S]*<\/svg>$/);
    for (const csv of [`${id}.csv`, `${id}-cited.csv`]) {
      const file = await get(`/charts/fixture-report/v1/${csv}`);
      expect([file.status, file.type], csv).toEqual([200, 'text/csv; charset=utf-8']);
      expect(file.body.toString('utf8').split('\n').length, csv).toBeGreaterThan(2);
    }
    for (const png of [`/charts/fixture-report/v1/${id}.png`, '/social/fixture-report-v1.png']) {
      const file = await get(png);
      expect([file.status, file.type], png).toEqual([200, 'image/png']);
      expect(file.body.subarray(1, 4).toString('latin1'), png).toBe('PNG');
    }
  }, 60_000);

  it('shows a saved article', async () => {
    writeFileSync(article(), readFileSync(article(), 'utf8').replace('## Per accelerator', 'A sentence saved while the server runs.\n\n## Per accelerator'));
    await until((html) => html.includes('<p>A sentence saved while the server runs.</p>'), 'the saved sentence');
  }, 60_000);

  it('shows a saved data file in the charts and tables that read it', async () => {
    // The MI300X system's Offline result, per accelerator (8): 27,803.9 / 8 = 3,475 in the table before the edit.
    const before = await page();
    expect(before).toContain('<td class="bw-num">3,475</td>');
    const csv = join(work, 'data', 'mlperf-inference', 'v5.1.csv');
    const text = readFileSync(csv, 'utf8');
    expect(text).toContain(',Offline,27803.9,tokens/s,');
    // A what-if copy of the fixture, to see the change travel; 27,903.9 / 8 = 3,488.
    writeFileSync(csv, text.replace(',Offline,27803.9,tokens/s,', ',Offline,27903.9,tokens/s,'));
    const after = await until((html) => html.includes('<td class="bw-num">3,488</td>'), 'the edited result');
    expect(after).not.toContain('<td class="bw-num">3,475</td>');
  }, 60_000);

  it('shows a broken article\'s error in the browser, with its file, line and source line, and the page again once fixed', async () => {
    const good = readFileSync(article(), 'utf8');
    log = '';
    writeFileSync(article(), good.replace('FROM mlperf_inference\nWHERE', 'FROM mlperf_inferense\nWHERE'));
    await waitFor(() => /v1\.md:\d+:\d+/.test(log), { limitMs: 30_000 });
    expect(log).toMatch(/content\/reports\/fixture-report\/v1\.md:\d+:\d+/);
    expect(log).toContain('mlperf_inferense');
    // Every page is the error, as the browser asks for pages (the last good page would hide it).
    for (const path of ['/reports/fixture-report/', '/']) {
      const response = await fetch(`http://localhost:${port}${path}`, { headers: { accept: 'text/html' } });
      expect(response.status, path).toBe(500);
      const html = await response.text();
      expect(html).toMatch(/content\/reports\/fixture-report\/v1\.md:\d+:\d+: SQL error in query/);
      expect(html).toContain('mlperf_inferense');
      // The author's line with a caret under the spot, once: a SQL error's message shows it, so no excerpt repeats it.
      expect(html).toMatch(/ +\d+ \| FROM mlperf_inferense\n +\| +\^/);
      expect(html.split('| FROM mlperf_inferense').length - 1).toBe(1);
      expect(html).toContain('/@vite/client');
    }
    writeFileSync(article(), good.replace('A sentence saved while the server runs.', 'Fixed again.'));
    await until((html) => html.includes('<p>Fixed again.</p>'), 'the fixed article');
  }, 60_000);
});

describe("the dev error page's excerpt of the source", () => {
  it('shows the lines around an error that has none in its message, and none under a SQL error that shows its line', () => {
    const dir = mkdtempSync(join(ROOT, '.tmp', 'bw-dev-page-'));
    writeFileSync(join(dir, 'v1.md'), 'one\r\ntwo: <b>\r\nthree\r\n');
    const file = relative(ROOT, join(dir, 'v1.md'));
    const chart = devErrorPage([new BuildError('unknown column "x"', { place: { file, line: 2, column: 6 } })], ROOT);
    expect(chart).toContain('In the source:');
    // Escaped, numbered, the line marked and the caret under its column; a CRLF file has no \r in it.
    expect(chart).toContain('  1 | one\n&gt; 2 | two: &lt;b&gt;\n    |      ^\n  3 | three');
    const sql = devErrorPage([new BuildError(`SQL error: x\n${caretExcerpt('two: <b>', 2, 6)}`, { place: { file, line: 2, column: 6 } })], ROOT);
    expect(sql).not.toContain('In the source:');
  });
});

describe('astro dev started on a broken article', () => {
  it('starts, shows the error in the browser, and the page once the article is fixed', async () => {
    const work = mkdtempSync(join(ROOT, '.tmp', 'bw-dev-broken-'));
    cpSync(join(ROOT, 'test/fixtures/site/content'), join(work, 'content'), { recursive: true });
    cpSync(join(ROOT, 'test/fixtures/data'), join(work, 'data'), { recursive: true });
    const article = join(work, 'content', 'reports', 'fixture-report', 'v1.md');
    const good = readFileSync(article, 'utf8');
    writeFileSync(article, good.replace('FROM mlperf_inference\nWHERE', 'FROM mlperf_inferense\nWHERE'));
    const port = 4990 + (process.pid % 9);
    let log = '';
    const inherited = Object.fromEntries(Object.entries(childEnv()).filter(([key]) => !/^(VITEST|TEST$)/.test(key)));
    const server = spawn(process.execPath, [join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'dev', '--port', String(port), '--ignore-lock'], {
      cwd: ROOT,
      env: { ...inherited, ASTRO_TELEMETRY_DISABLED: '1', BENCHWRIGHT_CONTENT_DIR: join(work, 'content'), BENCHWRIGHT_DATA_DIR: join(work, 'data'), BENCHWRIGHT_CACHE_DIR: join(work, 'cache') },
    });
    server.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    server.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    try {
      if (!(await waitFor(() => log.includes('watching for file changes'), { limitMs: 90_000 }))) throw new Error(`astro dev did not start within 90 s; server log:\n${log}`);
      const get = () => fetch(`http://localhost:${port}/reports/fixture-report/`, { headers: { accept: 'text/html' } }).then(async (r) => ({ status: r.status, html: await r.text() })).catch(() => ({ status: 0, html: '' }));
      const broken = await waitFor(async () => { const r = await get(); return r.status === 500 ? r : undefined; }, { limitMs: 30_000 });
      expect(broken?.html ?? log, log).toMatch(/v1\.md:\d+:\d+: SQL error in query/);
      writeFileSync(article, good);
      const fixed = await waitFor(async () => { const r = await get(); return r.status === 200 && r.html.includes('Fixture: Llama 2 70B per accelerator') ? r : undefined; }, { limitMs: 30_000 });
      expect(fixed, log).toBeTruthy();
    } finally {
      server.kill();
    }
  }, 180_000);
});
