/**
 * The build as users run it (scripts/build.ts): atomic output — a failed or killed build leaves the
 * previous site intact — and reproducible output — two builds of the same inputs are byte-identical in
 * every file, PDFs and images included.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, childEnv, waitFor } from './helpers.ts';

const FIXTURE = { content: 'test/fixtures/site/content', data: 'test/fixtures/data' };

function workDir(): string {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  return mkdtempSync(join(ROOT, '.tmp', 'bw-atomic-'));
}

function env(out: string, content = FIXTURE.content): NodeJS.ProcessEnv {
  return childEnv({ BENCHWRIGHT_CONTENT_DIR: content, BENCHWRIGHT_DATA_DIR: FIXTURE.data, BENCHWRIGHT_OUT_DIR: out, BENCHWRIGHT_CACHE_DIR: `${out}-cache`, ASTRO_TELEMETRY_DISABLED: '1' });
}

function build(out: string, args: string[] = [], content?: string) {
  return spawnSync(process.execPath, ['scripts/build.ts', ...args], { cwd: ROOT, encoding: 'utf8', env: env(out, content) });
}

/** Every file under dir with the SHA-256 of its bytes. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

const stagingFolders = (out: string) => readdirSync(dirname(out)).filter((n) => n.startsWith('.dist.staging-'));

/** The staging folders left once the previous site, deleted by a process of its own after the swap, is gone. */
async function settledStagingFolders(out: string): Promise<string[]> {
  await waitFor(() => !stagingFolders(out).some((n) => n.endsWith('.old')), { limitMs: 30_000, everyMs: 50 });
  return stagingFolders(out);
}

describe('output', () => {
  it('--quiet prints only the summary lines; a build not on a terminal prints no progress line', () => {
    const out = join(workDir(), 'dist');
    const quiet = build(out, ['--quiet']);
    expect(quiet.status, quiet.stderr).toBe(0);
    const lines = quiet.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\[benchwright\] summary: \d+ queries \(\d+ run, \d+ from cache\), 1 charts \(1 drawn, 0 from cache\), 0 PNG images .*, \d+ pages, heaviest [\d.]+ KB$/);
    expect(lines[1]).toMatch(/^build: .* ready; site [\d.]+ s, search index [\d.]+ s; total [\d.]+ s$/);
    // --force: the same inputs into the same folder would otherwise be kept as they are (see 'nothing changed' below).
    const loud = build(out, ['--force']);
    expect(loud.status, loud.stderr).toBe(0);
    // Per phase, with counts and times; no progress line (its carriage return) in a pipe.
    for (const phase of ['queries', 'charts', 'images', 'pages']) expect(loud.stdout).toMatch(new RegExp(`\\[benchwright\\] ${phase}: .* \\d+`));
    expect(loud.stdout + loud.stderr).not.toContain('\r');
  }, 180_000);

  it('keeps the search index for a site whose pages are all unchanged (the same files), and indexes again when one changes', () => {
    const out = join(workDir(), 'dist');
    const first = build(out);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Pagefind: indexed \d+ HTML pages\n/);
    const index = snapshot(join(out, 'pagefind'));
    expect(Object.keys(index).length).toBeGreaterThan(5);
    const again = build(out, ['--force']);
    expect(again.stdout).toMatch(/Pagefind: indexed \d+ HTML pages \(every page unchanged: the index kept from the last build\)/);
    expect(snapshot(join(out, 'pagefind'))).toEqual(index);
    const other = build(out, [], 'test/fixtures/versions-site/content');
    expect(other.status, other.stderr).toBe(0);
    expect(other.stdout).toMatch(/Pagefind: indexed \d+ HTML pages\n/);
    expect(snapshot(join(out, 'pagefind'))).not.toEqual(index);
  }, 180_000);
});

describe('nothing changed', () => {
  it('a plain build of the same inputs into a folder as the last build left it keeps the site; any change to an input or to the folder builds again', () => {
    const work = workDir();
    const out = join(work, 'dist');
    const content = join(work, 'content');
    cpSync(FIXTURE.content, content, { recursive: true });
    expect(build(out, [], content).status).toBe(0);
    const before = snapshot(out);
    const kept = build(out, [], content);
    expect(kept.status, kept.stderr).toBe(0);
    expect(kept.stdout).toMatch(/^build: .* ready; unchanged \(the same inputs as the last build into it/m);
    expect(kept.stdout).not.toContain('[benchwright] summary');
    expect(snapshot(out)).toEqual(before);
    // A sentence of an article: built again, and the page shows it.
    const article = join(content, 'reports/fixture-report/v1.md');
    writeFileSync(article, readFileSync(article, 'utf8').replace('## Per accelerator\n', '## Per accelerator\n\nEdited for the up-to-date test.\n'));
    const edited = build(out, [], content);
    expect(edited.stdout).toContain('[benchwright] summary');
    expect(readFileSync(join(out, 'reports/fixture-report/v1/index.html'), 'utf8')).toContain('Edited for the up-to-date test.');
    // A file of the output changed by hand (or deleted): built again, and put back as the build makes it.
    expect(build(out, [], content).stdout).toMatch(/ready; unchanged/);
    const page = join(out, 'reports/fixture-report/v1/index.html');
    const made = readFileSync(page, 'utf8');
    writeFileSync(page, 'tampered');
    const repaired = build(out, [], content);
    expect(repaired.stdout).toContain('[benchwright] summary');
    expect(readFileSync(page, 'utf8')).toBe(made);
    // A setting that shapes the site (its address): built again.
    const moved = spawnSync(process.execPath, ['scripts/build.ts'], { cwd: ROOT, encoding: 'utf8', env: { ...env(out, content), SITE_URL: 'https://elsewhere.example' } });
    expect(moved.stdout).toContain('[benchwright] summary');
  }, 240_000);
});

describe('atomic output', () => {
  it('a failed build leaves the previous site intact and no staging folder behind', () => {
    const out = join(workDir(), 'dist');
    expect(build(out).status).toBe(0);
    const before = snapshot(out);
    expect(Object.keys(before)).toContain('reports/fixture-report/v1/index.html');
    const failed = build(out, [], 'test/fixtures/broken-site/content');
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain(`the previous site in ${out} is unchanged`);
    expect(snapshot(out)).toEqual(before);
    expect(stagingFolders(out)).toEqual([]);
  }, 180_000);

  it('a build killed midway leaves the previous site intact; the next build clears its leftovers', async () => {
    const out = join(workDir(), 'dist');
    expect(build(out).status).toBe(0);
    const before = snapshot(out);
    // Start a build and kill it (and the Astro process it runs) once it is writing its staging folder.
    const child = spawn(process.execPath, ['scripts/build.ts', '--force'], { cwd: ROOT, env: env(out), detached: true, stdio: 'ignore' });
    const writing = () => stagingFolders(out).some((n) => existsSync(join(dirname(out), n, '.prerender')) || existsSync(join(dirname(out), n, 'index.html')));
    if (!(await waitFor(writing, { limitMs: 60_000, everyMs: 50 }))) throw new Error('the build never started writing');
    process.kill(-child.pid!, 'SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(snapshot(out)).toEqual(before);
    expect(stagingFolders(out).length).toBe(1); // what the killed build left
    expect(build(out).status).toBe(0);
    expect(await settledStagingFolders(out)).toEqual([]);
    expect(snapshot(out)).toEqual(before);
  }, 180_000);

  it('the previous site is deleted after the swap, by a process of its own; a deletion cut short is finished by the next build', async () => {
    const out = join(workDir(), 'dist');
    expect(build(out).status).toBe(0);
    const before = snapshot(out);
    // A previous site whose deletion was killed: its build's process is gone.
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    const leftover = join(dirname(out), `.dist.staging-${gone}.old`);
    cpSync(out, leftover, { recursive: true });
    expect(build(out, ['--force']).status).toBe(0);
    expect(await settledStagingFolders(out)).toEqual([]);
    expect(snapshot(out)).toEqual(before);
  }, 180_000);
});

describe('reproducible output', () => {
  it('two publishes of the same inputs are byte-identical in every file, PDFs and images included', () => {
    const work = workDir();
    const a = join(work, 'a', 'dist');
    const b = join(work, 'b', 'dist');
    mkdirSync(dirname(a), { recursive: true });
    mkdirSync(dirname(b), { recursive: true });
    const first = build(a, ['--publish']);
    expect(first.status, first.stderr).toBe(0);
    expect(build(b, ['--publish']).status).toBe(0);
    const files = snapshot(a);
    expect(Object.keys(files).filter((f) => /\.(pdf|png|svg|xml)$/.test(f)).length).toBeGreaterThanOrEqual(6);
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['pdf/fixture-report-v1.pdf', 'charts/fixture-report/v1/figure-1.png', 'social/fixture-report-v1.png', 'sitemap.xml', 'feed.xml']));
    expect(snapshot(b)).toEqual(files);
  }, 240_000);
});
