// Benchmark: generates a synthetic site shaped like the real one — N reports × M charts over a generated
// results table with the MLPerf columns (synthetic numbers, clearly labelled; never published) — in a
// temporary folder, builds it with `npm run build`'s script (site, search index, swap) cold, again with no
// change, and again after editing one article, then cold once more with the publish build's images (chart PNGs
// and social cards), and reports times, charts per second, peak memory, bytes per report page (HTML + CSS + JS,
// raw and gzip) and PDF time.
//   npm run bench -- [--reports 100] [--charts 10] [--pdf-reports 10] [--json out.json] [--keep]
//   npm run bench -- --sizes 25x10,50x10,100x10     several sites in one table (time linear in charts?)
//   npm run bench -- --repeat 5      each cold build 5 times: the median, and the range (times vary run to run)
//   npm run bench -- --dev [--reports 10 --charts 10]   the dev loop: save → visible in `astro dev`
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pageWeights } from '../src/publish/page-weight.ts';
import { exportPdfs } from '../src/publish/pdf/pdf.ts';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const sizesArg = args.includes('--sizes') ? args[args.indexOf('--sizes') + 1]! : `${flag('reports', 100)}x${flag('charts', 10)}`;
const SIZES = sizesArg.split(',').map((size) => {
  const [reports, charts] = size.split('x').map(Number);
  if (!Number.isInteger(reports) || !Number.isInteger(charts) || reports! < 1 || charts! < 1) throw new Error(`bench: --sizes takes e.g. 25x10,50x10 (reports x charts), not "${size}"`);
  return { reports: reports!, charts: charts! };
});
const PDF_REPORTS = flag('pdf-reports', 10);
const REPEAT = flag('repeat', 1);
if (!Number.isInteger(REPEAT) || REPEAT < 1) throw new Error(`bench: --repeat takes a whole number of runs, not "${REPEAT}"`);
const jsonAt = args.includes('--json') ? resolve(args[args.indexOf('--json') + 1]!) : undefined;
const ROOT = resolve(import.meta.dirname, '..');
mkdirSync(join(ROOT, '.tmp'), { recursive: true });

const runs: Record<string, unknown>[] = [];
const cleanup: string[] = [];
process.on('exit', () => {
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
});
if (args.includes('--dev')) {
  const dev = await devLoop(SIZES[0]!.reports, SIZES[0]!.charts);
  if (jsonAt) writeFileSync(jsonAt, `${JSON.stringify(dev, null, 2)}\n`);
  process.exit(0);
}
for (const size of SIZES) runs.push(await bench(size.reports, size.charts, size === SIZES.at(-1)));
printTable();
if (jsonAt) writeFileSync(jsonAt, `${JSON.stringify(SIZES.length === 1 ? runs[0] : runs, null, 2)}\n`);

/**
 * The dev loop (`--dev`): `astro dev` on the synthetic site, then the time from saving a file to the page
 * showing the change, for an edit to an article's prose and for a data file one of its charts reads.
 */
async function devLoop(REPORTS: number, CHARTS: number) {
  const work = mkdtempSync(join(ROOT, '.tmp', 'bench-dev-'));
  const content = join(work, 'content');
  const data = join(work, 'data');
  writeSite(content, data, REPORTS, CHARTS);
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
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
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
    if (!args.includes('--keep')) rmSync(work, { recursive: true, force: true });
  }
}

async function bench(REPORTS: number, CHARTS: number, last: boolean): Promise<Record<string, unknown>> {
  const work = mkdtempSync(join(ROOT, '.tmp', 'bench-'));
  const content = join(work, 'content');
  const data = join(work, 'data');
  const out = join(work, 'dist');
  writeSite(content, data, REPORTS, CHARTS);
  const results: Record<string, unknown> = { reports: REPORTS, charts_per_report: CHARTS, charts: REPORTS * CHARTS };
  const cold = repeated(() => build('cold', true));
  const noChange = build('no-change rebuild', false);
  const report = join(content, 'reports', 'r0001', 'v1.md');
  writeFileSync(report, readFileSync(report, 'utf8').replace('Synthetic report 1.', 'Synthetic report 1, edited.'));
  const oneEdit = build('one-article edit', false);
  // The publish build adds a PNG of every chart and a social card per version (and PDFs, timed below).
  const images = repeated(() => build('cold, with images', true, { BENCHWRIGHT_PUBLISH: '1' }));
  results.builds = [cold, noChange, oneEdit, images];
  results.charts_per_second_cold = Math.round((REPORTS * CHARTS) / (cold.seconds as number));
  results.page_weight = pageWeight();
  // PDFs once, for the last size: their time does not depend on how many reports the site has.
  results.pdf = last ? await pdfTime() : { skipped: true };
  // Removed at the very end: deleting thousands of files makes the disk busy for seconds, which would slow the
  // next size's builds.
  if (!args.includes('--keep')) cleanup.push(work);
  return results;

  /** A cold build run REPEAT times: the median run, with every run's time and the highest peak memory. */
  function repeated(run: () => Record<string, unknown>): Record<string, unknown> {
    const runs = Array.from({ length: REPEAT }, run).sort((a, b) => (a.seconds as number) - (b.seconds as number));
    const median = runs[Math.floor((runs.length - 1) / 2)]!;
    if (runs.length === 1) return median;
    return { ...median, runs_seconds: runs.map((r) => r.seconds), peak_memory_mb: Math.max(...runs.map((r) => r.peak_memory_mb as number)) };
  }

  function build(label: string, clearCache: boolean, env: Record<string, string> = {}): Record<string, unknown> {
    if (clearCache) rmSync(`${out}-cache`, { recursive: true, force: true });
    // The build before deletes the site it replaced in a process of its own; each build is timed alone.
    const deleting = () => readdirSync(work).some((name) => /^\.dist\.staging-.*\.old/.test(name));
    for (const waitStarted = performance.now(); deleting() && performance.now() - waitStarted < 60_000; ) spawnSync('sleep', ['0.05']);
    // Written-back first, so a build is not timed while the disk is still busy with the files before it.
    spawnSync('sync');
    const rssFile = join(work, 'rss.txt');
    rmSync(rssFile, { force: true });
    const started = performance.now();
    // What `npm run build` runs: the site, its search index, and the swap into place. Each Node process (the script,
    // which also indexes the search, and Astro) records its peak memory.
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts/build.ts')], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: {
        ...process.env,
        BENCHWRIGHT_CONTENT_DIR: content,
        BENCHWRIGHT_DATA_DIR: data,
        BENCHWRIGHT_OUT_DIR: out,
        BENCHWRIGHT_CACHE_DIR: `${out}-cache`,
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${join(ROOT, 'scripts/bench-rss.mjs')}`.trim(),
        BENCH_RSS_FILE: rssFile,
        ...env,
      },
    });
    const seconds = (performance.now() - started) / 1000;
    if (run.status !== 0) {
      console.error(run.stdout, run.stderr);
      throw new Error(`bench: the ${label} build failed`);
    }
    const summary = /\[benchwright\] summary: (.*)/.exec(run.stdout)?.[1] ?? '';
    const phases = /^build: .* ready; (.*); total/m.exec(run.stdout)?.[1] ?? '';
    const peakMb = existsSync(rssFile) ? Math.max(...readFileSync(rssFile, 'utf8').trim().split('\n').map(Number)) / 1024 : NaN;
    return { label, seconds: Number(seconds.toFixed(2)), phases, peak_memory_mb: Math.round(peakMb), summary };
  }

  function pageWeight() {
    // The same measure as the build's page-weight report: HTML + linked CSS + JS of each report page.
    const pages = pageWeights(out).filter((w) => /^reports\/[^/]+\/index\.html$/.test(w.page));
    const avg = (key: 'raw' | 'gzip') => Math.round(pages.reduce((n, w) => n + w[key], 0) / pages.length);
    return { pages_measured: pages.length, html_css_js_raw_bytes: avg('raw'), html_css_js_gzip_bytes: avg('gzip'), heaviest_raw_bytes: Math.max(...pages.map((w) => w.raw)) };
  }

  async function pdfTime() {
    if (PDF_REPORTS <= 0) return { skipped: true };
    // Print only the first PDF_REPORTS reports: a copy of the site without the others' version pages.
    const keep = new Set(readdirSync(join(out, 'reports')).sort().slice(0, PDF_REPORTS));
    for (const slug of readdirSync(join(out, 'reports'))) if (!keep.has(slug)) rmSync(join(out, 'reports', slug), { recursive: true, force: true });
    const started = performance.now();
    const pdfs = await exportPdfs({ siteDir: out, siteUrl: 'https://bench.example', formats: ['A4'] });
    const seconds = (performance.now() - started) / 1000;
    return { pdfs: pdfs.length, seconds: Number(seconds.toFixed(2)), seconds_per_pdf: Number((seconds / pdfs.length).toFixed(3)) };
  }
}

function printTable() {
  const lines = [
    'Benchwright bench (synthetic data; each build runs `npm run build`: the site, its search index and the swap)',
    '| site | charts | build | time | of which | charts/s | peak memory | summary |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of runs) {
    for (const b of r.builds as Record<string, unknown>[]) {
      const perSecond = b.label === 'cold' ? String(r.charts_per_second_cold) : '';
      const spread = Array.isArray(b.runs_seconds) ? ` (median of ${b.runs_seconds.length}: ${b.runs_seconds.join(', ')} s)` : '';
      lines.push(`| ${r.reports} × ${r.charts_per_report} | ${r.charts} | ${b.label} | ${b.seconds} s${spread} | ${b.phases} | ${perSecond} | ${b.peak_memory_mb} MB | ${b.summary} |`);
    }
  }
  for (const r of runs) {
    const w = r.page_weight as Record<string, number>;
    lines.push(`${r.reports} × ${r.charts_per_report}: report page (HTML+CSS+JS) ${w.html_css_js_raw_bytes} bytes raw, ${w.html_css_js_gzip_bytes} gzip (average of ${w.pages_measured}; heaviest ${w.heaviest_raw_bytes} raw)`);
  }
  const p = runs.at(-1)!.pdf as Record<string, number>;
  lines.push(p.skipped ? 'PDF: skipped' : `PDF: ${p.pdfs} PDFs in ${p.seconds} s (${p.seconds_per_pdf} s each)`);
  if (jsonAt) lines.push(`JSON: ${relative(process.cwd(), jsonAt)}`);
  console.log(lines.join('\n'));
}

/** The synthetic site: a results table with the MLPerf columns, and N reports of M charts each. */
function writeSite(content: string, data: string, REPORTS: number, CHARTS: number) {
  mkdirSync(join(data), { recursive: true });
  const accelerators = Array.from({ length: 24 }, (_, i) => `Synthetic Accelerator ${String.fromCharCode(65 + i)}`);
  const models = ['model-a', 'model-b', 'model-c', 'model-d', 'model-e'];
  const rounds = ['r1', 'r2', 'r3', 'r4'];
  // One source repository and commit per round, as in MLCommons' results.
  const lines = ['round,division,availability,submitter,system_id,accelerator,total_accelerators,model,scenario,result,unit,source_repo,source_commit'];
  let n = 0;
  for (const round of rounds) for (const model of models) for (const accelerator of accelerators) for (const scenario of ['Offline', 'Server']) {
    n++;
    // Deterministic made-up numbers for timing only; the catalog says so.
    lines.push(`${round},closed,available,Submitter ${n % 7},sys-${n},${accelerator},${1 + (n % 8)},${model},${scenario},${(1000 + ((n * 7919) % 9000)) / 10},tokens/s,bench/synthetic_results_${round},synthetic-commit-${round}`);
  }
  writeFileSync(join(data, 'results.csv'), `${lines.join('\n')}\n`);
  writeFileSync(
    join(data, 'catalog.yaml'),
    `tables:
  results:
    file: results.csv
    title: Synthetic benchmark results (bench only)
    description: Generated by scripts/bench.ts for timing builds; not real results.
    source: { publisher: Benchwright bench (synthetic), retrieved: 2026-11-23 }
    extraction: Generated with a fixed formula; every number is made up and is never published.
    mlperf:
      suite: Synthetic Suite
      verified: false
      columns: { round: round, division: division, category: availability, benchmark: model, scenario: scenario, location: system_id, accelerators: total_accelerators, repo: source_repo, commit: source_commit }
    columns:
      round: { type: VARCHAR, description: round }
      division: { type: VARCHAR, description: division }
      availability: { type: VARCHAR, description: availability }
      submitter: { type: VARCHAR, description: submitter }
      system_id: { type: VARCHAR, description: system }
      accelerator: { type: VARCHAR, description: accelerator }
      total_accelerators: { type: INTEGER, description: accelerators, unit: accelerator }
      model: { type: VARCHAR, description: model }
      scenario: { type: VARCHAR, description: scenario }
      result: { type: DOUBLE, description: result, unit_column: unit }
      unit: { type: VARCHAR, description: unit }
      source_repo: { type: VARCHAR, description: repository of the round's results }
      source_commit: { type: VARCHAR, description: commit of the round's results }
`,
  );
  for (let r = 1; r <= REPORTS; r++) {
    const slug = `r${String(r).padStart(4, '0')}`;
    mkdirSync(join(content, 'reports', slug), { recursive: true });
    const blocks: string[] = [];
    for (let c = 1; c <= CHARTS; c++) {
      const model = models[(r + c) % models.length];
      const round = rounds[(r * c) % rounds.length];
      const scenario = c % 2 ? 'Offline' : 'Server';
      // Every query and chart is its own (a comment and the title name them), as in a real site: none is
      // answered from another's result.
      blocks.push(`## Chart ${c}\n\n\`\`\`sql q${c}\n-- report ${r}, chart ${c}\nSELECT accelerator, max(result / total_accelerators) AS per_accel\nFROM results\nWHERE model = '${model}' AND round = '${round}' AND scenario = '${scenario}'\nGROUP BY accelerator\nORDER BY per_accel DESC, accelerator\nLIMIT 12\n\`\`\`\n\n\`\`\`plot q${c}\ntitle: Report ${r}, ${model} ${round} ${scenario}\nmarginLeft: 170\nmarks:\n  - barX: { y: accelerator, x: per_accel, sort: { y: "-x" } }\n  - ruleX: [0]\n\`\`\``);
    }
    writeFileSync(
      join(content, 'reports', slug, 'v1.md'),
      `---\ntitle: "Synthetic report ${r}"\nversion: 1\npublished: 2026-11-23\nsummary: Synthetic report ${r}.\nauthors: [bench]\n---\n\nSynthetic report ${r}.\n\n${blocks.join('\n\n')}\n`,
    );
  }
}

