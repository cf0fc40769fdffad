// The bench's report (scripts/bench.ts): Markdown, a heading per site, its builds in one table and the statements of
// its cold build by query kind in another; then Observable Framework beside Benchwright when it was measured.
import type { Build } from './bench-build.ts';
import type { FrameworkAnchor, FrameworkPair } from './bench-framework.ts';

export interface SiteResult {
  /** "shipped", or "50 × 10" for a generated site. */
  site: string;
  reports?: number;
  charts_per_report?: number;
  /** Charts of the articles (```plot blocks; data pages' charts not counted). */
  charts: number;
  builds: Build[];
  charts_per_second_cold: number;
  page_weight?: { pages_measured: number; html_css_js_raw_bytes: number; html_css_js_gzip_bytes: number; heaviest_raw_bytes: number };
  pdf?: { skipped: true } | { pdfs: number; seconds: number; seconds_per_pdf: number };
}

export interface FrameworkResult {
  anchor: FrameworkAnchor;
  pairs: FrameworkPair[];
  median_ratio: number;
}

const NOTE = 'Each build runs `npm run build`\'s script (the site, its search index and the swap) with its own output and cache folders; its time is the wall time of the process. Charts: the articles\' charts (the summary counts the data pages\' too); charts/s is those over the cold build\'s time.';

/** One site's section: heading, builds, and query kinds of each size's cold build. */
export function siteSection(heading: string, results: SiteResult[]): string[] {
  const lines = [`## ${heading}`, '', NOTE, '', '| site | charts | build | time | of which | charts/s | peak memory | summary |', '|---|---|---|---|---|---|---|---|'];
  for (const r of results) {
    for (const b of r.builds) {
      const perSecond = b.label === 'cold' ? String(r.charts_per_second_cold) : '';
      const spread = b.runs_seconds ? ` (median of ${b.runs_seconds.length}: ${b.runs_seconds.join(', ')} s)` : '';
      lines.push(`| ${r.site} | ${r.charts} | ${b.label} | ${b.seconds} s${spread} | ${b.phases.replace(/^unchanged \(.*\)$/, 'unchanged: nothing built')} | ${perSecond} | ${b.peak_memory_mb} MB | ${b.summary} |`);
    }
  }
  for (const r of results) lines.push('', ...queryKindsTable(`Query kinds, cold build (${r.site})`, r.builds[0]!));
  const extras = results.flatMap((r) => (r.page_weight ? [pageWeightLine(r)] : []));
  if (extras.length) lines.push('', ...extras);
  const pdf = results.at(-1)?.pdf;
  if (pdf) lines.push('', 'skipped' in pdf ? 'PDF: skipped' : `PDF: ${pdf.pdfs} PDFs in ${pdf.seconds} s (${pdf.seconds_per_pdf} s each)`);
  return [...lines, ''];
}

/** The statements of one build by kind: run, answered from the cache, their summed time and the time per statement run. */
function queryKindsTable(heading: string, b: Build): string[] {
  const kinds = Object.entries(b.query_kinds);
  if (kinds.length === 0) return [`### ${heading}`, '', 'The build printed no `[benchwright] query kinds:` line.'];
  return [
    `### ${heading}`,
    '',
    '| kind | run | from cache | ms (summed) | ms per statement run |',
    '|---|---|---|---|---|',
    ...kinds.map(([kind, k]) => `| ${kind} | ${k.run} | ${k.cached} | ${k.ms} | ${k.run ? (k.ms / k.run).toFixed(1) : '–'} |`),
  ];
}

function pageWeightLine(r: SiteResult): string {
  const w = r.page_weight!;
  return `${r.site}: report page (HTML+CSS+JS) ${w.html_css_js_raw_bytes} bytes raw, ${w.html_css_js_gzip_bytes} gzip (average of ${w.pages_measured}; heaviest ${w.heaviest_raw_bytes} raw)`;
}

/** Framework's cold builds beside ours, pair by pair, and the median ratio. */
export function frameworkSection(framework: FrameworkResult, ours: SiteResult): string[] {
  const { anchor, pairs } = framework;
  return [
    `## Observable Framework ${anchor.version} beside Benchwright: cold builds`,
    '',
    `Framework: ${anchor.pages} pages × ${anchor.charts_per_page} charts over one CSV (${anchor.dir}; \`observable build\` run by Node 24, with dist/ and its cache deleted but its npm bundles). ` +
      `Benchwright: the real-data site, ${ours.site}, cold. In each pair Framework builds first, then Benchwright; each time is the wall time of the process.`,
    '',
    '| pair | Framework | Benchwright | Benchwright / Framework | Framework peak memory |',
    '|---|---|---|---|---|',
    ...pairs.map((p, i) => `| ${i + 1} | ${p.framework_seconds} s | ${p.ours_seconds} s | ${p.ratio} | ${p.framework_peak_memory_mb} MB |`),
    '',
    `Median ratio Benchwright / Framework: ${framework.median_ratio} (${pairs.length} pair${pairs.length === 1 ? '' : 's'})`,
    '',
  ];
}
