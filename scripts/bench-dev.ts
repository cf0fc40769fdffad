// The dev loop of the bench (scripts/bench.ts --dev): `astro dev` on the synthetic site, and the time from saving a
// file to the page showing it.
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { median, ROOT } from './bench-build.ts';
import { syntheticSite } from './bench-sites.ts';

/**
 * The dev loop (`--dev`): `astro dev` on the synthetic site, then the time from saving a file to the page
 * showing the change, for an edit to an article's prose and for a data file one of its charts reads.
 */
export async function devLoop(REPORTS: number, CHARTS: number, keep: boolean) {
  const work = mkdtempSync(join(ROOT, '.tmp', 'bench-dev-'));
  const { content, data } = syntheticSite(work, REPORTS, CHARTS);
  const port = 4400 + (process.pid % 500);
  const server = spawn(process.execPath, [join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'dev', '--port', String(port)], {
    cwd: ROOT,
    env: { ...process.env, BENCHWRIGHT_CONTENT_DIR: content, BENCHWRIGHT_DATA_DIR: data, BENCHWRIGHT_CACHE_DIR: join(work, 'cache'), ASTRO_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', openSync(join(work, 'dev.log'), 'w'), openSync(join(work, 'dev.log'), 'a')],
  });
  const url = `http://localhost:${port}/reports/r0001/`;
  const page = async () => {
    try {
      const response = await fetch(url);
      return response.ok ? await response.text() : '';
    } catch {
      return '';
    }
  };
  try {
    const started = performance.now();
    // Asked before its first content sync, Astro's dev server caches an empty route list (a 404 until the next
    // change), so the first request waits for the server to say it is ready.
    while (!readFileSync(join(work, 'dev.log'), 'utf8').includes('watching for file changes')) {
      if (performance.now() - started > 120_000) throw new Error(`bench: astro dev did not start within 2 minutes (server log: ${join(work, 'dev.log')})`);
      await new Promise((r) => setTimeout(r, 100));
    }
    while (!(await page()).includes('Synthetic report 1')) {
      if (performance.now() - started > 120_000) throw new Error('bench: astro dev did not serve the report within 2 minutes');
      await new Promise((r) => setTimeout(r, 200));
    }
    const untilVisible = async (what: string, change: () => void, visible: (html: string) => boolean) => {
      const t = performance.now();
      change();
      while (!visible(await page())) {
        if (performance.now() - t > 30_000) throw new Error(`bench: the change did not show within 30 s (${what}; server log: ${join(work, 'dev.log')})`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return Number(((performance.now() - t) / 1000).toFixed(2));
    };
    const article = join(content, 'reports', 'r0001', 'v1.md');
    const csv = join(data, 'results.csv');
    const articleTimes: number[] = [];
    const dataTimes: number[] = [];
    for (let i = 1; i <= 3; i++) {
      await new Promise((r) => setTimeout(r, 1500));
      const marker = `Edited in the dev loop, take ${i}.`;
      articleTimes.push(await untilVisible(`article edit ${i}`, () => writeFileSync(article, readFileSync(article, 'utf8').replace(/Synthetic report 1\.( Edited in the dev loop, take \d\.)?/, `Synthetic report 1. ${marker}`)), (html) => html.includes(marker)));
      await new Promise((r) => setTimeout(r, 1500));
      // Chart 1 of report 1 reads model-c, round r2, Offline: raise one of its results above every other, so its
      // bar, table row and CSV change.
      const before = await page();
      dataTimes.push(await untilVisible(`data edit ${i}`, () => {
        const lines = readFileSync(csv, 'utf8').split('\n');
        const at = lines.findIndex((l) => l.startsWith('r2,') && l.includes(',model-c,Offline,'));
        const cells = lines[at]!.split(',');
        cells[9] = `${900_000 + i}.5`;
        lines[at] = cells.join(',');
        writeFileSync(csv, lines.join('\n'));
      }, (html) => html !== '' && html !== before));
    }
    const result = { reports: REPORTS, charts_per_report: CHARTS, article_edit_seconds: articleTimes, data_edit_seconds: dataTimes, article_edit_median: median(articleTimes), data_edit_median: median(dataTimes) };
    console.log([
      `Benchwright dev loop: ${REPORTS} reports × ${CHARTS} charts (synthetic data), astro dev, from saving a file to the page showing it`,
      '| edit | times | median |',
      '|---|---|---|',
      `| article prose | ${articleTimes.join(' s, ')} s | ${median(articleTimes)} s |`,
      `| data file one of its charts reads | ${dataTimes.join(' s, ')} s | ${median(dataTimes)} s |`,
    ].join('\n'));
    return result;
  } finally {
    server.kill();
    if (!keep) rmSync(work, { recursive: true, force: true });
  }
}
