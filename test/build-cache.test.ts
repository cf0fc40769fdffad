/**
 * The build cache: a rebuild with nothing changed runs no query and draws no chart (DuckDB is not even
 * started), its output is the same, and each changed input recomputes exactly what depends on it.
 * Real DuckDB, real Plot, a real cache folder.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { deserialize } from 'node:v8';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importClosure, openBuildCache, toolkitFingerprint } from '../src/core/build-cache.ts';
import { OUTPUT_ENTRIES } from '../src/publish/output-code.ts';
import { buildReports, openProject } from '../src/core/versions/reports.ts';
import { copyFixtureData, ROOT } from './helpers.ts';
import { astroBuild } from './site.ts';
import { mlperfContent } from '../src/mlperf/content.ts';

/** One report with a query over the results and one over the accelerator specifications only. */
const ARTICLE = `---
title: Cache test
version: 1
published: 2025-09-10
summary: Two queries over two tables.
authors: [Benchwright tests]
---

\`\`\`sql llama
SELECT accelerator, max(result / total_accelerators) AS per_accel
FROM mlperf_inference
WHERE model = 'llama2-70b-99' AND round = 'v5.1' AND scenario = 'Offline' AND unit = 'tokens/s'
GROUP BY accelerator ORDER BY per_accel DESC
\`\`\`

\`\`\`plot llama
marginLeft: 200
marks:
  - barX: { y: accelerator, x: per_accel }
\`\`\`

\`\`\`sql bandwidth
SELECT accelerator, memory_bw_tbs FROM accelerators WHERE vendor = 'NVIDIA' ORDER BY accelerator
\`\`\`

\`\`\`plot bandwidth
marginLeft: 200
marks:
  - barX: { y: accelerator, x: memory_bw_tbs }
\`\`\`
`;

function project() {
  const work = mkdtempSync(join(tmpdir(), 'bw-cache-'));
  const content = join(work, 'content');
  mkdirSync(join(content, 'reports', 'cache-test'), { recursive: true });
  const article = join(content, 'reports', 'cache-test', 'v1.md');
  writeFileSync(article, ARTICLE);
  const data = copyFixtureData();
  const cacheDir = join(work, 'cache');
  return { article, data, cacheDir, paths: { root: ROOT, contentDir: content, dataDir: data } };
}

/** One build of the reports with the cache folder, as the Astro loader does it. */
async function build(p: ReturnType<typeof project>) {
  const cache = openBuildCache(p.cacheDir, 'reports', ROOT);
  const proj = await openProject(p.paths, {}, cache, mlperfContent);
  try {
    const [version] = await buildReports(proj, { base: '/' });
    const none = { computed: 0, cached: 0, ms: 0 };
    return { html: version!.html, queries: proj.engine.stats.executed, duckdb: proj.engine.stats.started, charts: cache.counts.get('chart') ?? none, articles: cache.counts.get('article') ?? none };
  } finally {
    proj.engine.close();
    cache.save();
  }
}

describe('the build cache', () => {
  it('a rebuild with nothing changed runs no query, draws no chart and gives the same page', async () => {
    const p = project();
    const cold = await build(p);
    expect(cold.queries).toBeGreaterThan(0);
    expect(cold.charts).toMatchObject({ computed: 2, cached: 0 });
    const warm = await build(p);
    expect(warm).toMatchObject({ queries: 0, duckdb: false, charts: { computed: 0, cached: 2, ms: expect.any(Number) } });
    // The whole article came from the cache: not even its Markdown was parsed.
    expect(warm.articles).toMatchObject({ computed: 0, cached: 1 });
    expect(warm.html).toBe(cold.html);
    expect(warm.html).toContain('<svg');
  });

  it('an edited chart is drawn again, and only that chart; its query is not run', async () => {
    const p = project();
    await build(p);
    writeFileSync(p.article, readFileSync(p.article, 'utf8').replace('  - barX: { y: accelerator, x: memory_bw_tbs }', '  - barX: { y: accelerator, x: memory_bw_tbs, fill: "#c33" }'));
    const edited = await build(p);
    expect(edited).toMatchObject({ queries: 0, duckdb: false, charts: { computed: 1, cached: 1, ms: expect.any(Number) } });
    expect(edited.articles).toMatchObject({ computed: 1, cached: 0 });
    expect(edited.html).toContain('fill="#c33"');
  });

  it('after a rebuild that took the whole article from the cache, editing its prose still reuses its queries and charts', async () => {
    const p = project();
    await build(p);
    expect((await build(p)).articles).toMatchObject({ computed: 0, cached: 1 });
    writeFileSync(p.article, readFileSync(p.article, 'utf8').replace('summary: Two queries over two tables.', 'summary: Two queries, two tables.'));
    const edited = await build(p);
    expect(edited).toMatchObject({ queries: 0, duckdb: false, articles: { computed: 1, cached: 0 }, charts: { computed: 0, cached: 2 } });
  });

  it('an edited query runs again (with its probes), and only that query', async () => {
    const p = project();
    const before = await build(p);
    writeFileSync(p.article, readFileSync(p.article, 'utf8').replace("WHERE vendor = 'NVIDIA'", "WHERE vendor = 'AMD'"));
    const edited = await build(p);
    // The edited query and its unit-and-lineage probe; nothing of `llama`. Its source rows come from the table's
    // provenance rows, read once and kept in the cache (render/provenance.ts).
    expect(edited.queries).toBe(2);
    expect(edited.charts).toMatchObject({ computed: 1, cached: 1 });
    expect(edited.html).not.toBe(before.html);
    expect(edited.html).toMatch(/MI3\d\dX/);
  });

  it('a changed data file reruns the queries that read its table, and only those', async () => {
    const p = project();
    const before = await build(p);
    // A copy of the accelerator specifications with H100's bandwidth changed: `bandwidth` reads it, `llama` does not.
    const csv = join(p.data, 'accelerators.csv');
    const text = readFileSync(csv, 'utf8');
    const h100 = text.split('\n').find((l) => l.startsWith('H100 SXM'))!;
    writeFileSync(csv, text.replace(h100, h100.replace(',3.35,', ',3.36,')));
    expect(readFileSync(csv, 'utf8')).not.toBe(text);
    const changed = await build(p);
    expect(changed.queries).toBe(3);
    expect(changed.charts).toMatchObject({ computed: 1, cached: 1 });
    expect(changed.html).not.toBe(before.html);
    // And back: the pack keeps only what the last build used, so the original is computed again, and equals the first page.
    writeFileSync(csv, text);
    const restored = await build(p);
    expect(restored.html).toBe(before.html);
    expect(restored.queries).toBe(3);
  });

  it('a changed data file reruns every query that reads its table, however the query names it', async () => {
    const p = project();
    // DuckDB binds "ACCELERATORS" to the table accelerators: a scan of the SQL text for table names did not, and kept
    // serving the value from before the change. What a query reads now comes from DuckDB's parse tree of it.
    const h100 = "WHERE accelerator = 'H100 SXM 80GB'";
    const queries = {
      plain: `SELECT memory_bw_tbs AS v FROM accelerators ${h100}`,
      quoted: `SELECT memory_bw_tbs AS v FROM "ACCELERATORS" ${h100}`,
      qualified: `SELECT memory_bw_tbs AS v FROM memory.main."Accelerators" ${h100}`,
      nested: `WITH specs AS (SELECT * FROM (SELECT accelerator, memory_bw_tbs FROM "Accelerators") s)\nSELECT memory_bw_tbs AS v FROM specs ${h100}`,
    };
    const body = Object.entries(queries).map(([name, sql]) => `\`\`\`sql ${name}\n${sql}\n\`\`\`\n\n${name}: :value[${name}.v]{format=".2f"} TB/s.\n`).join('\n');
    writeFileSync(p.article, ARTICLE.replace(/\n```sql bandwidth[^]*$/, `\n${body}`));
    const before = await build(p);
    const value = (html: string, name: string) => new RegExp(`${name}: <span class="bw-value" data-query="${name}" data-column="v"[^>]*>([^<]*)</span>`).exec(html)?.[1];
    for (const name of Object.keys(queries)) expect(value(before.html, name), name).toBe('3.35');
    const csv = join(p.data, 'accelerators.csv');
    const text = readFileSync(csv, 'utf8');
    const row = text.split('\n').find((l) => l.startsWith('H100 SXM'))!;
    writeFileSync(csv, text.replace(row, row.replace(',3.35,', ',3.36,')));
    const changed = await build(p);
    for (const name of Object.keys(queries)) expect(value(changed.html, name), name).toBe('3.36');
    // Each of the four with its unit probe, and the one read of the H100 row they all cite; not the llama query.
    expect(changed.queries).toBe(9);
    expect(changed.charts).toMatchObject({ computed: 0, cached: 1 });
  });

  it('a query that names its table in a string, query_table(\'accelerators\'), is refused rather than cached under no table', async () => {
    const p = project();
    writeFileSync(p.article, ARTICLE.replace('FROM accelerators WHERE vendor', "FROM query_table('accelerators') WHERE vendor"));
    await expect(build(p)).rejects.toThrow(/SQL error in query "bandwidth": query_table\(\) reads a table or file named by a string, which Benchwright cannot follow/);
  });

  it('a changed catalog entry (a column\'s unit) reruns the queries over that table', async () => {
    const p = project();
    const before = await build(p);
    expect(before.html).toContain('TB/s');
    const catalog = join(p.data, 'catalog.yaml');
    writeFileSync(catalog, readFileSync(catalog, 'utf8').replace(/(memory_bw_tbs:\n(?:\s+\w+: .*\n)*?\s+unit: )TB\/s/, '$1GB/s'));
    const changed = await build(p);
    expect(changed.queries).toBe(3);
    expect(changed.charts).toMatchObject({ computed: 1, cached: 1 });
    expect(changed.html).toContain('GB/s');
  });

  it('appending a file to a table reruns only the queries over that table', async () => {
    const p = project();
    await build(p);
    // Another round's file for mlperf_inference: the same file again under a new name, listed in the catalog.
    cpSync(join(p.data, 'mlperf-inference', 'v5.1.csv'), join(p.data, 'mlperf-inference', 'v5.1-copy.csv'));
    const catalog = join(p.data, 'catalog.yaml');
    const text = readFileSync(catalog, 'utf8');
    writeFileSync(catalog, text.replace('      - mlperf-inference/v5.1.csv', '      - mlperf-inference/v5.1.csv\n      - mlperf-inference/v5.1-copy.csv'));
    expect(readFileSync(catalog, 'utf8')).toContain('v5.1-copy.csv');
    const changed = await build(p);
    expect(changed.queries).toBe(3);
  });

  it('keeps only the entries a build used, and is not written again when a build used exactly what it holds', () => {
    const root = mkdtempSync(join(tmpdir(), 'bw-pack-'));
    const dir = join(root, 'cache');
    const first = openBuildCache(dir, 'reports', root);
    first.set('query', 'a', { rows: [1] });
    first.set('query', 'b', { rows: [2] });
    first.save();
    const pack = join(dir, 'reports.pack');
    // Each write is a new file renamed into place, so an unchanged inode means no write.
    const written = statSync(pack).ino;
    const same = openBuildCache(dir, 'reports', root);
    same.get('query', 'a');
    same.get('query', 'b');
    same.save();
    expect(statSync(pack).ino).toBe(written);
    const fewer = openBuildCache(dir, 'reports', root);
    fewer.get('query', 'a');
    fewer.save();
    expect((deserialize(readFileSync(pack)) as { entries: unknown }).entries).toEqual({ 'query:a': { rows: [1] } });
  });

  it('a different toolkit (package.json, lockfile, code that shapes output, or fonts) starts from an empty cache', () => {
    const a = mkdtempSync(join(tmpdir(), 'bw-toolkit-'));
    writeFileSync(join(a, 'package.json'), '{"dependencies":{"@observablehq/plot":"0.6.17"}}');
    const before = toolkitFingerprint(a, OUTPUT_ENTRIES);
    const dir = join(a, 'cache');
    const cache = openBuildCache(dir, 'reports', a, OUTPUT_ENTRIES);
    cache.set('query', 'k', { rows: [1] });
    cache.save();
    expect(openBuildCache(dir, 'reports', a, OUTPUT_ENTRIES).get('query', 'k')).toEqual({ rows: [1] });
    const b = mkdtempSync(join(tmpdir(), 'bw-toolkit-'));
    writeFileSync(join(b, 'package.json'), '{"dependencies":{"@observablehq/plot":"0.6.18"}}');
    expect(toolkitFingerprint(b, OUTPUT_ENTRIES)).not.toBe(before);
    cpSync(dir, join(b, 'cache'), { recursive: true });
    expect(openBuildCache(join(b, 'cache'), 'reports', b, OUTPUT_ENTRIES).get('query', 'k')).toBeUndefined();
  });
});

describe('the toolkit fingerprint covers only code that shapes output', () => {
  it('reaches the query engine, charts and data pages, not the link checker, the PDF printer or the Astro adapter', () => {
    const closure = importClosure(ROOT, OUTPUT_ENTRIES);
    for (const file of ['src/core/sql/query-engine.ts', 'src/core/charts/chart.ts', 'src/core/units/units.ts', 'src/mlperf/data-pages.ts', 'src/publish/raster.ts']) expect(closure).toContain(file);
    // The MLPerf citation formatter and its words, which the project is handed when it opens (no pipeline module imports them).
    for (const file of ['src/mlperf/mlperf-citation.ts', 'src/mlperf/mlperf-words.ts', 'src/mlperf/mlperf-categories.ts']) expect(closure).toContain(file);
    for (const file of ['src/publish/link-check.ts', 'src/publish/pdf/pdf.ts', 'src/publish/search-index.ts', 'src/astro/astro-build.ts']) expect(closure).not.toContain(file);
  });

  it('changes when a module of the closure changes, and not when the link checker does', () => {
    const copy = mkdtempSync(join(ROOT, '.tmp', 'bw-fingerprint-'));
    cpSync(join(ROOT, 'src'), join(copy, 'src'), { recursive: true });
    const before = toolkitFingerprint(copy, OUTPUT_ENTRIES);
    const linkCheck = join(copy, 'src/publish/link-check.ts');
    writeFileSync(linkCheck, readFileSync(linkCheck, 'utf8') + '\n// edited\n');
    const copy2 = mkdtempSync(join(ROOT, '.tmp', 'bw-fingerprint-'));
    cpSync(join(copy, 'src'), join(copy2, 'src'), { recursive: true });
    expect(toolkitFingerprint(copy2, OUTPUT_ENTRIES)).toBe(before);
    const chart = join(copy2, 'src/core/charts/chart-ticks.ts');
    writeFileSync(chart, readFileSync(chart, 'utf8') + '\n// edited\n');
    const copy3 = mkdtempSync(join(ROOT, '.tmp', 'bw-fingerprint-'));
    cpSync(join(copy2, 'src'), join(copy3, 'src'), { recursive: true });
    expect(toolkitFingerprint(copy3, OUTPUT_ENTRIES)).not.toBe(before);
    rmSync(copy, { recursive: true, force: true });
    rmSync(copy2, { recursive: true, force: true });
    rmSync(copy3, { recursive: true, force: true });
  });
});

describe('a real Astro build, twice with one cache folder', () => {
  it('the second runs no query, draws no chart and rasterises no image, and writes the same files', () => {
    mkdirSync(join(ROOT, '.tmp'), { recursive: true });
    const cacheDir = mkdtempSync(join(ROOT, '.tmp', 'bw-cache-'));
    // The publish variant, so chart PNGs and social cards are rasterised (and then reused) too.
    const site = { content: 'test/fixtures/site/content', data: 'test/fixtures/data', env: { BENCHWRIGHT_CACHE_DIR: cacheDir, BENCHWRIGHT_PUBLISH: '1' } };
    const cold = astroBuild(site);
    expect(cold.code, cold.output).toBe(0);
    expect(cold.output).toMatch(/\[benchwright\] summary: \d+ queries \([1-9]\d* run, \d+ from cache\), (\d+) charts \(\1 drawn, 0 from cache\)/);
    const warm = astroBuild(site);
    expect(warm.code, warm.output).toBe(0);
    const summary = /\[benchwright\] summary: .*/.exec(warm.output)![0];
    expect(summary).toMatch(/summary: \d+ queries \(0 run, [1-9]\d* from cache\), [1-9]\d* charts \(0 drawn, [1-9]\d* from cache\), [1-9]\d* PNG images \(0 rasterised, [1-9]\d* from cache\)/);
    expect(warm.output).toContain('DuckDB not started');
    expect(listFiles(warm.outDir)).toEqual(listFiles(cold.outDir));
    for (const file of listFiles(cold.outDir)) {
      expect(readFileSync(join(warm.outDir, file)).equals(readFileSync(join(cold.outDir, file))), file).toBe(true);
    }
    // The files beside the pages are links to the cache's file store, not copies written again.
    const stored = new Set(readdirSync(join(cacheDir, 'benchwright', 'files')).map((name) => statSync(join(cacheDir, 'benchwright', 'files', name)).ino));
    const beside = listFiles(warm.outDir).filter((f) => /^(charts|social)\//.test(f));
    expect(beside).toEqual(expect.arrayContaining(['charts/fixture-report/v1/figure-1.svg', 'charts/fixture-report/v1/figure-1.png', 'charts/fixture-report/v1/figure-1.csv', 'social/fixture-report-v1.png']));
    for (const file of beside) expect(stored.has(statSync(join(warm.outDir, file)).ino), file).toBe(true);
  }, 120_000);
});

function listFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => statSync(join(dir, f)).isFile()).sort();
}
