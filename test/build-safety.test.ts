/**
 * The build cannot destroy the project, and stops cleanly (issue #14):
 * - an output folder that is, holds or lies inside a source folder is refused before anything is written, by
 *   scripts/build.ts and by a direct `astro build` (which empties its output folder first), shown on a throwaway
 *   copy of a small project whose every file and folder is hashed before and after;
 * - a SIGTERM or SIGINT, to the build or to the `npm run build` that started it, stops every process the build
 *   started, leaves the previous site as it was and no staging folder, and exits with 128 + the signal's number.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outputDirProblem } from '../src/publish/output-dir.ts';
import { descendants, isRunning, processTable } from '../src/publish/process-tree.ts';
import { ROOT, childEnv, waitFor } from './helpers.ts';

const FIXTURE = { content: 'test/fixtures/site/content', data: 'test/fixtures/data' };
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** The environment of a child build: without Vitest's values, the machine's BENCHWRIGHT_* settings and npm's npm_* ones. */
function buildEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = childEnv({ ASTRO_TELEMETRY_DISABLED: '1', ...extra }, { clean: true });
  for (const key of Object.keys(env)) if (key.startsWith('npm_')) delete env[key];
  return env;
}

/** Every path under dir (links not followed) with the SHA-256 of each file's bytes, or where each link points. */
function fingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      const stat = lstatSync(path);
      const key = relative(dir, path);
      if (stat.isSymbolicLink()) out[key] = `-> ${readlinkSync(path)}`;
      else if (stat.isDirectory()) {
        out[`${key}/`] = 'dir';
        walk(path);
      } else out[key] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

describe('an output folder that is, holds or lies inside a source folder is refused before anything is written', () => {
  let work: string;
  let project: string;
  beforeAll(() => {
    // A small project of its own inside .tmp/ (Node finds the real node_modules from there): the build's scripts and
    // library, the site's source, a fixture report and data, a public/ folder and a .git folder.
    mkdirSync(join(ROOT, '.tmp'), { recursive: true });
    work = mkdtempSync(join(ROOT, '.tmp', 'bw-safety-'));
    project = join(work, 'proj');
    for (const path of ['scripts', 'src', 'package.json', 'astro.config.mjs', 'tsconfig.json']) cpSync(join(ROOT, path), join(project, path), { recursive: true });
    cpSync(join(ROOT, FIXTURE.content), join(project, 'content'), { recursive: true });
    cpSync(join(ROOT, FIXTURE.data), join(project, 'data'), { recursive: true });
    mkdirSync(join(project, 'public'));
    writeFileSync(join(project, 'public', 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    mkdirSync(join(project, '.git', 'refs'), { recursive: true });
    writeFileSync(join(project, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    symlinkSync('src/core', join(project, 'lib-link'));
    // What a build's start-up would clear away, were it let start: a staging folder of a build that is gone, beside
    // the output folder "." would have.
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    mkdirSync(join(work, `.proj.staging-${gone}`));
  }, 60_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const build = (out: string, extra: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, ['scripts/build.ts'], { cwd: project, encoding: 'utf8', env: buildEnv({ BENCHWRIGHT_OUT_DIR: out, ...extra }), timeout: 60_000 });

  it('BENCHWRIGHT_OUT_DIR=. exits 1 saying why and what to do, and touches nothing', () => {
    const before = fingerprint(work);
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['proj/content/', 'proj/data/catalog.yaml', 'proj/src/core/versions/report-files.ts', 'proj/.git/HEAD', 'proj/public/favicon.svg']));
    const run = build('.');
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toContain(`build: BENCHWRIGHT_OUT_DIR is "." (${project}), which cannot be the output folder: it is the project folder itself`);
    expect(run.stderr).toMatch(/^ {2}what to do: leave BENCHWRIGHT_OUT_DIR unset \(the site goes to dist\/\), or name a folder of its own/m);
    expect(fingerprint(work)).toEqual(before);
  });

  it('refuses every source folder, one inside them and one holding the project, however the path is written', () => {
    const before = fingerprint(work);
    const cases: [string, string][] = [
      ['./', 'it is the project folder itself'],
      ['public', "it is the project's public/ folder"],
      ['public/', "it is the project's public/ folder"],
      ['content', "it is the project's content/ folder"],
      ['data/../data', "it is the project's data/ folder"],
      ['src/site', "it lies inside the project's src/ folder"],
      ['scripts', "it is the project's scripts/ folder"],
      ['test', "it is the project's test/ folder"],
      ['.git', "it is the project's .git/ folder"],
      ['node_modules', "it is the project's node_modules/ folder"],
      ['..', 'it holds the project folder'],
      ['lib-link/out', `it leads to ${join(project, 'src/core/out')}, so it lies inside the project's src/ folder`],
      ['package.json', 'it is a file (package.json), not a folder'],
    ];
    for (const [out, reason] of cases) {
      const run = build(out);
      expect(run.status, `${out}: ${run.stderr}`).toBe(1);
      expect(run.stderr, out).toContain(reason);
    }
    // Folders named by the environment are source folders too.
    const cache = build('my-cache/site', { BENCHWRIGHT_CACHE_DIR: 'my-cache' });
    expect(cache.stderr).toContain("it lies inside the project's cache folder (BENCHWRIGHT_CACHE_DIR) (my-cache)");
    const content = build(join(work, 'elsewhere'), { BENCHWRIGHT_CONTENT_DIR: join(work, 'elsewhere', 'content') });
    expect(content.stderr).toContain(`it holds the project's content folder (BENCHWRIGHT_CONTENT_DIR) (${join(work, 'elsewhere', 'content')})`);
    expect(fingerprint(work)).toEqual(before);
  }, 120_000);

  it('a direct `astro build` (which empties its output folder first) refuses it too', () => {
    const before = fingerprint(work);
    const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build'], { cwd: project, encoding: 'utf8', env: buildEnv({ BENCHWRIGHT_OUT_DIR: '.' }), timeout: 60_000 });
    expect(run.status).not.toBe(0);
    expect(`${run.stdout}\n${run.stderr}`).toContain('BENCHWRIGHT_OUT_DIR is ".", which cannot be the output folder: it is the project folder itself');
    expect(fingerprint(work)).toEqual(before);
  }, 60_000);

  it('lets the default and other folders of their own through', () => {
    for (const out of ['dist', 'site', '.tmp/x/dist', join(work, 'site')]) expect(outputDirProblem(out, { root: project, cwd: project, env: {} }), out).toBeUndefined();
  });
});

describe('a stopped build stops every process it started and leaves the previous site', () => {
  let work: string;
  let out: string;
  let before: Record<string, string>;
  // Each build starts from an empty cache of its own, so that the stopped ones are still running when they are stopped.
  let caches = 0;
  const env = () => buildEnv({ BENCHWRIGHT_CONTENT_DIR: FIXTURE.content, BENCHWRIGHT_DATA_DIR: FIXTURE.data, BENCHWRIGHT_OUT_DIR: out, BENCHWRIGHT_CACHE_DIR: join(work, `cache-${++caches}`) });
  const stagingFolders = () => readdirSync(dirname(out)).filter((n) => n.startsWith('.dist.staging-'));

  beforeAll(() => {
    mkdirSync(join(ROOT, '.tmp'), { recursive: true });
    work = mkdtempSync(join(ROOT, '.tmp', 'bw-stop-'));
    out = join(work, 'dist');
    const first = spawnSync(process.execPath, ['scripts/build.ts', '--quiet'], { cwd: ROOT, encoding: 'utf8', env: env() });
    expect(first.status, first.stderr).toBe(0);
    before = fingerprint(out);
    expect(Object.keys(before)).toContain('reports/fixture-report/v1/index.html');
  }, 180_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  /** The processes of the group the test started (npm or the build, with everything under it), zombies left out. */
  const group = (leader: number) => (processTable() ?? []).filter((p) => p.pgid === leader && p.state !== 'Z').map((p) => p.pid);

  /**
   * Starts `command` in a process group of its own, waits until Astro runs under it, sends `signal` to `target`
   * (the leader, or the build script under npm), and waits, up to a generous cap, for every process to be gone.
   */
  async function stopMidway(command: string[], signal: NodeJS.Signals, target: 'leader' | 'build script') {
    const child: ChildProcess = spawn(command[0]!, command.slice(1), { cwd: ROOT, env: env(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once('exit', (code, sig) => done({ code, signal: sig })));
    const leader = child.pid!;
    const command_ = (pid: number) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      } catch {
        return '';
      }
    };
    const astro = await waitFor(() => descendants(leader)!.find((pid) => command_(pid).includes('astro.mjs build')), { limitMs: 60_000 });
    if (astro === undefined) throw new Error(`Astro never started:\n${output}`);
    // Astro is running (from an empty cache, it takes seconds): let it get going, then stop the build.
    await sleep(1000);
    const tree = [leader, ...descendants(leader)!];
    const script = tree.find((pid) => command_(pid).includes('scripts/build.ts'))!;
    expect(script, `the build script runs:\n${output}`).toBeDefined();
    expect(isRunning(astro), `Astro runs:\n${output}`).toBe(true);
    process.kill(target === 'leader' ? leader : script, signal);
    await waitFor(() => group(leader).length === 0 && !tree.some(isRunning), { limitMs: 60_000 });
    const left = group(leader).map((pid) => `${pid} ${command_(pid)}`);
    if (left.length > 0) process.kill(-leader, 'SIGKILL'); // leave nothing running behind a failed test
    expect(left, 'processes still running after the build was stopped').toEqual([]);
    expect(tree.filter(isRunning)).toEqual([]);
    return { ...(await exited), output };
  }

  it('SIGTERM to the build script: exit 143, every process gone, the previous site intact, no staging folder', async () => {
    const result = await stopMidway([process.execPath, 'scripts/build.ts'], 'SIGTERM', 'leader');
    expect(result.code, result.output).toBe(143);
    expect(result.output).toContain(`build: terminated; the previous site in ${out} is unchanged.`);
    expect(fingerprint(out)).toEqual(before);
    expect(stagingFolders()).toEqual([]);
  }, 120_000);

  it('SIGINT to the build script: exit 130, the same', async () => {
    const result = await stopMidway([process.execPath, 'scripts/build.ts'], 'SIGINT', 'leader');
    expect(result.code, result.output).toBe(130);
    expect(result.output).toContain('build: interrupted; the previous site');
    expect(fingerprint(out)).toEqual(before);
    expect(stagingFolders()).toEqual([]);
  }, 120_000);

  it('SIGTERM to `npm run build` (whose shell does not pass it on): the build stops all the same', async () => {
    const result = await stopMidway(['npm', 'run', 'build'], 'SIGTERM', 'leader');
    // npm ends by the signal it got, once its shell has.
    expect(result.signal ?? result.code, result.output).not.toBe(0);
    expect(result.output).toContain('build: stopped (the npm run that started it has gone); the previous site');
    expect(fingerprint(out)).toEqual(before);
    expect(stagingFolders()).toEqual([]);
  }, 120_000);
});
