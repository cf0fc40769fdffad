import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseHTML } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';
import { BuildError } from '../src/core/errors.ts';
import { hashFile } from '../src/core/hash.ts';
import { writePins } from '../src/core/versions/pins.ts';
import { BuildFailedError, buildReports, closeProject, openProject } from '../src/core/versions/reports.ts';
import { ROOT, copyFixtureData } from './helpers.ts';
import { checkLinks, formatProblems } from '../src/publish/link-check.ts';
import { astroBuild, type BuildResult } from './site.ts';
import { mlperfContent } from '../src/mlperf/content.ts';

const CONTENT = join(ROOT, 'test/fixtures/versions-site/content');
const V1 = 'test/fixtures/versions-site/content/reports/two-rounds/v1.md';
const FIXTURE_DATA_DIR = join(ROOT, 'test/fixtures/data');

async function build(contentDir: string, dataDir: string) {
  const project = await openProject({ root: ROOT, contentDir, dataDir }, process.env, undefined, mlperfContent);
  try {
    return await buildReports(project);
  } finally {
    closeProject(project);
  }
}

/** A writable copy of the versions fixture's content. */
function copyContent(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bw-content-'));
  cpSync(CONTENT, dir, { recursive: true });
  return dir;
}

describe('data pins', () => {
  it('published versions pin exactly the data files they read', async () => {
    const versions = await build(CONTENT, join(ROOT, 'test/fixtures/data'));
    expect(versions.map((v) => [v.version, v.status, v.files])).toEqual([
      [1, 'pinned', ['mlperf-inference/v4.1.csv']],
      [2, 'pinned', ['mlperf-inference/v5.1.csv']],
    ]);
  });

  it('the build fails, naming the file, the pins line and the changed data, when pinned data changes', async () => {
    const data = copyFixtureData();
    appendFileSync(join(data, 'mlperf-inference/v4.1.csv'), readFileSync(join(data, 'mlperf-inference/v4.1.csv'), 'utf8').split('\n')[1] + '\n');
    const error = await build(CONTENT, data).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(BuildFailedError);
    const failures = (error as BuildFailedError).failures as BuildError[];
    expect(failures.length).toBe(1); // v2 reads only v5.1, which did not change
    expect(failures[0]!.message).toMatch(new RegExp(`^${V1}:8:1: the data version 1 of "two-rounds" was published on has changed: data/mlperf-inference/v4.1.csv changed since this version was pinned \\(pinned sha256:916fbcfe0386…, now sha256:`));
    // Both ways on, as commands for this very version.
    expect(failures[0]!.message).toContain('`npm run freeze -- two-rounds --version 1` keeps its computed results');
    expect(failures[0]!.message).toContain('`npm run pin -- two-rounds --version 1` re-pins it');
  });

  it('a new round leaves older versions\' pins intact: v1 pinned before v5.1 existed still builds after', async () => {
    // Before the round: the data without v5.1.
    const before = copyFixtureData();
    rmSync(join(before, 'mlperf-inference/v5.1.csv'));
    const catalog = join(before, 'catalog.yaml');
    writeFileSync(catalog, readFileSync(catalog, 'utf8').replace('      - mlperf-inference/v5.1.csv\n', ''));
    const content = copyContent();
    rmSync(join(content, 'reports/two-rounds/v2.md'));
    const v1 = join(content, 'reports/two-rounds/v1.md');
    const [unpinned] = await build(content, before);
    writeFileSync(v1, writePins(readFileSync(v1, 'utf8'), Object.fromEntries(unpinned!.files.map((f) => [f, pinHash(before, f)]))));
    // The round arrives: v1 still builds, pinned.
    const after = await build(content, join(ROOT, 'test/fixtures/data'));
    expect(after.map((v) => [v.version, v.status])).toEqual([[1, 'pinned']]);
  });

  it('a pinned version is evaluated on its pinned files only: a round added later is not in its tables, filter or not', async () => {
    const content = copyContent();
    const v1 = join(content, 'reports/two-rounds/v1.md');
    const [before] = await build(content, join(ROOT, 'test/fixtures/data'));
    // Without its round filter, v1's query would read v5.1 too, if the table held it for v1.
    writeFileSync(v1, readFileSync(v1, 'utf8').replace("AND round = 'v4.1' AND", 'AND'));
    const [after] = await build(content, join(ROOT, 'test/fixtures/data'));
    expect(after!.status).toBe('pinned');
    expect(after!.files).toEqual(['mlperf-inference/v4.1.csv']);
    expect(after!.data.queries.map((q) => q.result)).toEqual(before!.data.queries.map((q) => q.result));
    // The whole data (a draft) does have v5.1 rows for the same query.
    writeFileSync(v1, readFileSync(v1, 'utf8').replace(/\ndata:\n(  .*\n)+/, '\n'));
    const [draft] = await build(content, join(ROOT, 'test/fixtures/data'));
    expect(draft!.files).toEqual(['mlperf-inference/v4.1.csv', 'mlperf-inference/v5.1.csv']);
  });

  it("a pinned version's DuckDB is closed once the reports are built, and opened again for the next build (the dev loop)", async () => {
    const content = copyContent();
    const project = await openProject({ root: ROOT, contentDir: content, dataDir: join(ROOT, 'test/fixtures/data') }, process.env, undefined, mlperfContent);
    try {
      const first = await buildReports(project);
      const pinned = project.engines.all.filter((e) => e !== project.engine);
      expect(pinned.length).toBeGreaterThan(0);
      // A statement no cache holds must reach DuckDB, which is closed.
      for (const engine of pinned) await expect(engine.query('SELECT 42 AS closed_check')).rejects.toThrow(/closed/);
      await expect(project.engine.query('SELECT 42 AS open_check')).resolves.toMatchObject({ rows: [{ open_check: 42 }] });
      // Edited (as in `npm run dev`), v1 is rendered again on a pinned engine opened anew.
      const v1 = join(content, 'reports/two-rounds/v1.md');
      writeFileSync(v1, readFileSync(v1, 'utf8').replace("AND round = 'v4.1' AND", 'AND'));
      const second = await buildReports(project);
      expect(second.map((v) => v.status)).toEqual(first.map((v) => v.status));
      expect(second[0]!.data.queries.map((q) => q.result)).toEqual(first[0]!.data.queries.map((q) => q.result));
    } finally {
      closeProject(project);
    }
  });

  it('a published version that starts reading a file it was not pinned to fails', async () => {
    const content = copyContent();
    const v1 = join(content, 'reports/two-rounds/v1.md');
    writeFileSync(v1, readFileSync(v1, 'utf8').replace('FROM mlperf_inference\n', 'FROM mlperf_inference, (SELECT max(tdp_w) AS most FROM accelerators)\n'));
    const error = await build(content, join(ROOT, 'test/fixtures/data')).then(() => undefined, (e: unknown) => e);
    expect((error as BuildFailedError).failures[0]!.message).toContain('the version now reads data/accelerators.csv, which it was not pinned to');
  });

  it('a version without pins is a draft', async () => {
    const content = copyContent();
    const v2 = join(content, 'reports/two-rounds/v2.md');
    writeFileSync(v2, readFileSync(v2, 'utf8').replace(/\ndata:\n(  .*\n)+/, '\n'));
    const versions = await build(content, join(ROOT, 'test/fixtures/data'));
    expect(versions.map((v) => v.status)).toEqual(['pinned', 'draft']);
  });
});

describe('a new round', () => {
  it('changes no file of an earlier version: its page, what-changed page and figure files are byte-identical', () => {
    // Before the round: the data without v5.1, and a v1 pinned to v4.1 whose queries do not even filter on round.
    const before = copyFixtureData();
    rmSync(join(before, 'mlperf-inference/v5.1.csv'));
    const catalog = join(before, 'catalog.yaml');
    writeFileSync(catalog, readFileSync(catalog, 'utf8').replace('      - mlperf-inference/v5.1.csv\n', ''));
    const content = copyContent();
    rmSync(join(content, 'reports/two-rounds/v2.md'));
    const v1 = join(content, 'reports/two-rounds/v1.md');
    writeFileSync(v1, readFileSync(v1, 'utf8').replace("AND round = 'v4.1' AND", 'AND'));
    const a = astroBuild({ content, data: before });
    expect(a.code, a.output).toBe(0);
    // The round arrives (the fixture's data has v5.1): nothing else changes.
    const b = astroBuild({ content, data: FIXTURE_DATA_DIR });
    expect(b.code, b.output).toBe(0);
    const files = (dir: string) => ['reports/two-rounds/v1', 'charts/two-rounds/v1'].flatMap((f) => listFiles(join(dir, f)).map((p) => [relative(dir, p), hashFile(p)]));
    const published = files(a.outDir);
    expect(published.map(([p]) => p)).toEqual(expect.arrayContaining(['reports/two-rounds/v1/index.html', 'charts/two-rounds/v1/table-1.csv']));
    expect(files(b.outDir)).toEqual(published);
  }, 120_000);
});

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)])).sort();
}

describe('frozen versions', () => {
  it('a corrected pinned file: `npm run freeze` recovers the pinned data from git and the version builds as published, even with the file gone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-freeze-'));
    cpSync(FIXTURE_DATA_DIR, join(dir, 'data'), { recursive: true });
    cpSync(CONTENT, join(dir, 'content'), { recursive: true });
    const git = (...args: string[]) => execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], { stdio: 'pipe' });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'published');
    const content = join(dir, 'content');
    const data = join(dir, 'data');
    const [published, v2] = await build(content, data);
    // A correction to the round v1 was pinned to: one llama2-70b-99 Offline result changes, and is committed.
    const file = join(data, 'mlperf-inference/v4.1.csv');
    const lines = readFileSync(file, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.includes(',llama2-70b-99,') && l.includes(',Offline,'));
    lines[at] = lines[at]!.replace(/,(\d+(?:\.\d+)?),tokens\/s,/, (_, n: string) => `,${Number(n) * 2},tokens/s,`);
    writeFileSync(file, lines.join('\n'));
    git('commit', '-qam', 'correction');
    const failed = await build(content, data).then(() => undefined, (e: unknown) => e);
    expect((failed as BuildFailedError).failures[0]!.message).toContain('npm run freeze -- two-rounds --version 1');

    const freeze = spawnSync(process.execPath, ['scripts/freeze.ts', 'two-rounds', '--version', '1'], {
      cwd: ROOT,
      env: { ...process.env, BENCHWRIGHT_CONTENT_DIR: content, BENCHWRIGHT_DATA_DIR: data },
      encoding: 'utf8',
    });
    expect(freeze.status, freeze.stderr).toBe(0);
    expect(freeze.stdout).toMatch(/the pinned data is as of commit [0-9a-f]{12}/);
    expect(freeze.stdout).toMatch(/froze \S*content\/reports\/two-rounds\/v1\.md: 5 results of 1 pinned data files/);

    const [frozen, next] = await build(content, data);
    expect(frozen!.status).toBe('frozen');
    expect(frozen!.changedSince).toEqual(['mlperf-inference/v4.1.csv']);
    // The same computed article as published, to the byte, though the data changed; v2 and its diff are unchanged.
    expect(frozen!.html).toBe(published!.html);
    expect(frozen!.data.queries).toEqual(published!.data.queries);
    expect(next!.changes).toEqual(v2!.changes);

    // The file it was pinned to is gone altogether: the frozen version still builds as published.
    rmSync(file);
    const catalog = join(data, 'catalog.yaml');
    writeFileSync(catalog, readFileSync(catalog, 'utf8').replace('      - mlperf-inference/v4.1.csv\n', ''));
    const [gone] = await build(content, data);
    expect(gone!.html).toBe(published!.html);

    // A frozen file belongs to one text of its version.
    const v1 = join(content, 'reports/two-rounds/v1.md');
    writeFileSync(v1, readFileSync(v1, 'utf8').replace('## Method', '## Methods'));
    const edited = await build(content, data).then(() => undefined, (e: unknown) => e);
    expect((edited as BuildFailedError).failures[0]!.message).toContain('this version changed since it was frozen');
  }, 60_000);

  it('a version with no pins cannot be frozen, and both commands answer --help', () => {
    const content = copyContent();
    const v2 = join(content, 'reports/two-rounds/v2.md');
    writeFileSync(v2, readFileSync(v2, 'utf8').replace(/\ndata:\n(  .*\n)+/, '\n'));
    const run = (...args: string[]) => spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, BENCHWRIGHT_CONTENT_DIR: content, BENCHWRIGHT_DATA_DIR: FIXTURE_DATA_DIR } });
    expect(run('scripts/freeze.ts', '--help').stdout).toContain('npm run freeze -- <slug> [--version N]');
    expect(run('scripts/pin.ts', '--help').stdout).toContain('npm run pin -- <slug> [--version N]');
    const draft = run('scripts/freeze.ts', 'two-rounds', '--version', '2');
    expect(draft.status).toBe(1);
    expect(draft.stderr).toContain('is a draft (no data: pins); pin it first: npm run pin -- two-rounds --version 2');
    const missing = run('scripts/freeze.ts', 'two-rounds', '--version', '9');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('report "two-rounds" has no version 9 (it has v1, v2)');
  }, 60_000);
});

function pinHash(dataDir: string, file: string): string {
  return hashFile(join(dataDir, file));
}

// One Astro build of the two-version fixture serves the page and what-changed tests.
let site: BuildResult;
beforeAll(() => {
  site = astroBuild({ content: 'test/fixtures/versions-site/content', data: 'test/fixtures/data', search: true });
}, 120_000);

describe('versioned pages', () => {
  const page = (path: string) => parseHTML(readFileSync(join(site.outDir, path), 'utf8')).document;

  it('every version at /reports/<slug>/v<N>/, the latest also at /reports/<slug>/', () => {
    expect(site.code, site.output).toBe(0);
    expect(page('reports/two-rounds/v1/index.html').querySelector('h1')!.textContent).toBe('Fixture: Llama 2 70B per accelerator, as of v4.1');
    expect(page('reports/two-rounds/v2/index.html').querySelector('h1')!.textContent).toBe('Fixture: Llama 2 70B per accelerator, as of v5.1');
    expect(page('reports/two-rounds/index.html').querySelector('h1')!.textContent).toBe('Fixture: Llama 2 70B per accelerator, as of v5.1');
  });

  it('each page shows its version and date and links every other version', () => {
    const v1 = page('reports/two-rounds/v1/index.html');
    expect(v1.querySelector('.report-header .meta')!.textContent).toMatch(/^Version 1 of 2 · published 2025-09-10 · a newer version \(v2\) exists/);
    expect([...v1.querySelectorAll('.versions a')].map((a) => a.getAttribute('href'))).toEqual(['/reports/two-rounds/v2/', '/reports/two-rounds/v2/changes/']);
    const v2 = page('reports/two-rounds/v2/index.html');
    expect(v2.querySelector('.versions [aria-current]')!.textContent).toBe('v2');
    expect([...v2.querySelectorAll('.versions a')].map((a) => a.getAttribute('href'))).toContain('/reports/two-rounds/v1/');
    expect(v2.querySelector('.draft-banner')).toBeNull();
  });
});

describe('what changed', () => {
  it('a generated page per consecutive pair: numbers old → new with units, the rendered prose by section, rows folded with a CSV', () => {
    expect(site.code, site.output).toBe(0);
    const doc = parseHTML(readFileSync(join(site.outDir, 'reports/two-rounds/v2/changes/index.html'), 'utf8')).document;
    expect(doc.querySelector('.report-header .meta')!.textContent).toBe('What changed · version 1 → version 2');
    // The Method section's sentence gained words.
    const method = [...doc.querySelectorAll('.bw-diff-section')].find((s) => s.querySelector('h3')!.textContent!.startsWith('Method'))!;
    expect(method.querySelector('ins')!.textContent).toContain('(nodes × accelerators per node)');
    // The numbers first: the one-row query "top" old → new in its unit, and H100's best of the query "best".
    const numbers = (query: string) =>
      [...[...doc.querySelectorAll('.bw-diff-numbers-query')].find((s) => s.querySelector('h3 code')?.textContent === query)!.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
    const [top] = numbers('top');
    expect(top![0]).toBe('per_acceltokens/s per accelerator');
    expect(top![1]).not.toBe(top![2]);
    const h100 = numbers('best').find((cells) => cells[0] === 'NVIDIA H100-SXM-80GB')!;
    expect(h100[1]).toBe('per_acceltokens/s per accelerator');
    expect(h100[2]).not.toBe(h100[3]);
    // Rows added are folded away, with every changed row in the query's CSV.
    const best = doc.querySelector('details#rows-best')!;
    expect(best.querySelector('table.bw-diff-rows-added')!.textContent).toContain('NVIDIA GB200');
    const csv = readFileSync(join(site.outDir, 'reports/two-rounds/v2/changes/best.csv'), 'utf8');
    expect(csv.split('\r\n')[0]).toBe('change,accelerator,per_accel (v1),per_accel (v2),per_accel unit (v1),per_accel unit (v2)');
    expect(csv).toMatch(/\r\nadded,NVIDIA GB200,,[\d.]+,,tokens\/s per accelerator\r\n/);
    // Inline values are compared as the numbers readers saw.
    const per = [...doc.querySelectorAll('.bw-diff-section')].find((s) => s.querySelector('h3')!.textContent!.startsWith('Per accelerator'))!;
    expect(per.querySelector('del')!.textContent).toMatch(/^[\d,]+$/);
    expect(per.textContent).toContain('The best result');
    expect(per.textContent).not.toContain(':value[');
    // v1 has no "what changed" page.
    expect(() => readFileSync(join(site.outDir, 'reports/two-rounds/v1/changes/index.html'))).toThrow();
  });
});

describe('links', () => {
  it('every internal link and #anchor resolves in every version, the what-changed page and under a base path', () => {
    const based = astroBuild({ content: 'test/fixtures/versions-site/content', data: 'test/fixtures/data', base: '/reports/', search: true });
    expect(based.code, based.output).toBe(0);
    expect(readFileSync(join(based.outDir, 'reports/two-rounds/v1/index.html'), 'utf8')).toContain('href="/reports/reports/two-rounds/v2/changes/"');
    const problems = checkLinks(based.outDir, { base: '/reports/' });
    expect(problems, formatProblems(problems)).toEqual([]);
    expect(checkLinks(site.outDir, { base: '/' })).toEqual([]);
  }, 120_000);
});
