// Benchmark (`npm run bench`; `npm run bench -- --help` for every flag). Builds, each with `npm run build`'s script
// (site, search index, swap) in a temporary folder with its own output and cache, cold, again with no change (and
// with --force when the build keeps an unchanged site), and again after editing one sentence of one article:
//   shipped    the project's own content/ (a copy, which the edit changes) and data/;
//   real       N reports × M bar charts over the real MLPerf Inference table, with the real data/ (data pages too);
//   synthetic  N reports × M charts over a generated results table with the MLPerf columns (made-up numbers, never
//              published), plus a cold publish build with images, bytes per report page and PDF time.
// For each build: time, phases, peak memory, the summary, and the statements by query kind. With --framework DIR,
// Observable Framework's cold build of DIR (framework-anchor.sh) runs before each of the real site's cold builds.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { scriptArgs } from './script-args.ts';
import { pageWeights } from '../src/publish/page-weight.ts';
import { exportPdfs } from '../src/publish/pdf/pdf.ts';
import { build, coldNoChangeEdit, median, removeWork, repeated, ROOT, type Build } from './bench-build.ts';
import { devLoop } from './bench-dev.ts';
import { frameworkAnchor, pairedWithFramework, type FrameworkPair } from './bench-framework.ts';
import { frameworkSection, siteSection, type FrameworkResult, type SiteResult } from './bench-print.ts';
import { queryCost, queryCostSection, type QueryCost } from './bench-query-cost.ts';
import { articleCharts, realDataSite, shippedSite, syntheticSite, type BenchSite } from './bench-sites.ts';

const HELP = `npm run bench -- [flags]   (or: ./node_modules/.bin/node scripts/bench.ts [flags])

Builds sites with \`npm run build\`'s script, each in a temporary folder with its own output and cache: cold (cache
deleted), again with nothing changed (when the build then keeps the site as unchanged and does nothing, once more
with --force: the rebuild from the cache, comparable with earlier numbers), and again after editing one sentence
of one article; prints a Markdown section per site (builds, and the cold build's statements by query kind).

  --only LIST         what to measure, comma-separated (default: shipped,real,synthetic,queries)
                        shipped    content/ (a copy: the edit is to mlperf-inference-per-accelerator/v3.md) and data/
                        real       N reports × M bar charts over the real mlperf_inference table, real data/
                        synthetic  N reports × M charts over a synthetic table (made-up numbers); also a cold publish
                                   build with images, report page weight and PDF time
                        queries    no build: each query of the shipped reports' latest versions with its unit probe
                                   and source rows, one at a time on an idle engine; the medians
  --reports N         reports of the real and synthetic sites (default: real 50, synthetic 100)
  --charts M          charts per report of the real and synthetic sites (default 10)
  --sizes NxM,…       several synthetic sites in one table, e.g. 25x10,50x10,100x10 (overrides --reports/--charts
                      for the synthetic site)
  --repeat K          each cold build K times: the median, and every run's time (default 1); with --framework, K
                      Framework/Benchwright pairs
  --framework DIR     Observable Framework beside Benchwright: DIR prepared by
                      scripts/framework-anchor.sh DIR 50 10; before each cold build of the real site,
                      a cold \`observable build\` in DIR (dist/ and its cache deleted, its npm bundles kept);
                      prints each pair's times, their ratio and the median ratio (needs the real site in --only)
  --pdf-reports N     PDFs printed for the synthetic site's PDF time (default 10; 0 skips)
  --json FILE         also write every number to FILE: { queries, shipped, real, framework, synthetic: [one per size] }
  --keep              keep the temporary folders (.tmp/bench-*) instead of deleting them at the end
  --dev               instead: the dev loop, \`astro dev\` on the synthetic site (first size), from saving a file to
                      the page showing it
  --help              this text`;

const SITES = ['shipped', 'real', 'synthetic', 'queries'] as const;
type SiteName = (typeof SITES)[number];

const { values: flags } = scriptArgs('bench', HELP, {
  options: {
    only: { type: 'string' },
    reports: { type: 'string' },
    charts: { type: 'string' },
    sizes: { type: 'string' },
    repeat: { type: 'string' },
    framework: { type: 'string' },
    'pdf-reports': { type: 'string' },
    json: { type: 'string' },
    keep: { type: 'boolean' },
    dev: { type: 'boolean' },
  },
});

/** A whole-number flag, at least `min`. */
function whole(name: string, fallback: number, min = 1): number {
  const value = flags[name as keyof typeof flags];
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`bench: --${name} takes a whole number of at least ${min}, not "${value}"`);
  return n;
}
const ONLY = new Set((flags.only ?? SITES.join(',')).split(',').map((s) => s.trim()) as SiteName[]);
for (const site of ONLY) if (!SITES.includes(site)) throw new Error(`bench: --only takes ${SITES.join(', ')} (comma-separated), not "${site}"`);
const REPEAT = whole('repeat', 1);
const PDF_REPORTS = whole('pdf-reports', 10, 0);
const REAL_SIZE = { reports: whole('reports', 50), charts: whole('charts', 10) };
const SYNTHETIC_SIZES = (flags.sizes ?? `${whole('reports', 100)}x${whole('charts', 10)}`).split(',').map((size) => {
  const [reports, charts] = size.split('x').map(Number);
  if (!Number.isInteger(reports) || !Number.isInteger(charts) || reports! < 1 || charts! < 1) throw new Error(`bench: --sizes takes e.g. 25x10,50x10 (reports x charts), not "${size}"`);
  return { reports: reports!, charts: charts! };
});
if (flags.framework && !ONLY.has('real')) throw new Error('bench: --framework pairs Framework with the real site: add real to --only');
const jsonAt = flags.json ? resolve(flags.json) : undefined;
mkdirSync(join(ROOT, '.tmp'), { recursive: true });

// Removed at the very end: deleting thousands of files makes the disk busy for seconds, which would slow the next
// site's builds.
const cleanup: string[] = [];
process.on('exit', () => {
  for (const dir of cleanup) removeWork(dir);
});
function workFolder(name: string): string {
  const work = mkdtempSync(join(ROOT, '.tmp', `bench-${name}-`));
  if (!flags.keep) cleanup.push(work);
  return work;
}

if (flags.dev) {
  const dev = await devLoop(SYNTHETIC_SIZES[0]!.reports, SYNTHETIC_SIZES[0]!.charts, flags.keep ?? false);
  if (jsonAt) writeFileSync(jsonAt, `${JSON.stringify(dev, null, 2)}\n`);
  process.exit(0);
}

const json: { queries?: QueryCost; shipped?: SiteResult; real?: SiteResult; framework?: FrameworkResult; synthetic?: SiteResult[] } = {};
const print = (lines: string[]) => console.log(lines.join('\n'));
if (ONLY.has('queries')) {
  json.queries = await queryCost(ROOT);
  print(queryCostSection(json.queries));
}
if (ONLY.has('shipped')) {
  json.shipped = measure('shipped', shippedSite(workFolder('shipped')));
  print(siteSection('Shipped site: content/ (a copy) and data/', [json.shipped]));
}
if (ONLY.has('real')) {
  const { reports, charts } = REAL_SIZE;
  const anchor = flags.framework ? frameworkAnchor(flags.framework) : undefined;
  const pairs: FrameworkPair[] = [];
  json.real = { ...measure(`${reports} × ${charts}`, realDataSite(workFolder('real'), reports, charts), anchor && pairedWithFramework(anchor, pairs)), reports, charts_per_report: charts };
  print(siteSection(`Real data: ${reports} reports × ${charts} charts over the real mlperf_inference table, with data/ (its data pages too)`, [json.real]));
  if (anchor) {
    json.framework = { anchor, pairs, median_ratio: median(pairs.map((p) => p.ratio)) };
    print(frameworkSection(json.framework, json.real));
  }
}
if (ONLY.has('synthetic')) {
  json.synthetic = [];
  for (const size of SYNTHETIC_SIZES) json.synthetic.push(await measureSynthetic(size.reports, size.charts, size === SYNTHETIC_SIZES.at(-1)));
  print(siteSection('Synthetic data: N reports × M charts over a generated results table (made-up numbers, never published)', json.synthetic));
}
if (jsonAt) {
  writeFileSync(jsonAt, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`JSON: ${relative(process.cwd(), jsonAt)}`);
}

/** A site's cold, no-change and one-article-edit builds. */
function measure(label: string, site: BenchSite, eachCold?: (coldBuild: () => Build) => Build): SiteResult {
  const charts = articleCharts(site.content);
  const builds = coldNoChangeEdit(site, site.edit, { repeat: REPEAT, eachCold });
  return { site: label, charts, builds, charts_per_second_cold: Math.round(charts / builds[0]!.seconds) };
}

/** The synthetic site, as measured since the bench began: and a cold publish build with images, page weight and PDFs. */
async function measureSynthetic(reports: number, charts: number, last: boolean): Promise<SiteResult> {
  const site = syntheticSite(workFolder('synthetic'), reports, charts);
  const out = join(site.work, 'dist');
  const result: SiteResult = { ...measure(`${reports} × ${charts}`, site), reports, charts_per_report: charts };
  // The publish build adds a PNG of every chart and a social card per version (and PDFs, timed below).
  result.builds.push(repeated(REPEAT, () => build(site, 'cold, with images', { cold: true, env: { BENCHWRIGHT_PUBLISH: '1' } })));
  result.page_weight = pageWeight(out);
  // PDFs once, for the last size: their time does not depend on how many reports the site has.
  result.pdf = last ? await pdfTime(out) : { skipped: true };
  return result;
}

function pageWeight(out: string): SiteResult['page_weight'] {
  // The same measure as the build's page-weight report: HTML + linked CSS + JS of each report page.
  const pages = pageWeights(out).filter((w) => /^reports\/[^/]+\/index\.html$/.test(w.page));
  const avg = (key: 'raw' | 'gzip') => Math.round(pages.reduce((n, w) => n + w[key], 0) / pages.length);
  return { pages_measured: pages.length, html_css_js_raw_bytes: avg('raw'), html_css_js_gzip_bytes: avg('gzip'), heaviest_raw_bytes: Math.max(...pages.map((w) => w.raw)) };
}

async function pdfTime(out: string): Promise<SiteResult['pdf']> {
  if (PDF_REPORTS <= 0) return { skipped: true };
  // Print only the first PDF_REPORTS reports: a copy of the site without the others' version pages.
  const keep = new Set(readdirSync(join(out, 'reports')).sort().slice(0, PDF_REPORTS));
  for (const slug of readdirSync(join(out, 'reports'))) if (!keep.has(slug)) rmSync(join(out, 'reports', slug), { recursive: true, force: true });
  const started = performance.now();
  const pdfs = await exportPdfs({ siteDir: out, siteUrl: 'https://bench.example', formats: ['A4'] });
  const seconds = (performance.now() - started) / 1000;
  return { pdfs: pdfs.length, seconds: Number(seconds.toFixed(2)), seconds_per_pdf: Number((seconds / pdfs.length).toFixed(3)) };
}
