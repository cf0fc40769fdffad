// Builds the site atomically: into a staging folder beside the output, then swaps it in only when every
// step succeeded. A failed, stopped or killed build leaves the previous site as it was.
//   node scripts/build.ts             site + search index          (npm run build)
//   node scripts/build.ts --publish   + a PDF of every report version and a link check   (npm run publish:site)
//   --quiet (or BENCHWRIGHT_QUIET=1): only the summary lines, no per-page or progress output
//   --force: build even when nothing changed (a plain build whose inputs and output folder are as the last build into
//            that folder left them keeps the site and does nothing: src/publish/up-to-date.ts)
// BENCHWRIGHT_OUT_DIR names the output folder (default dist); BASE_PATH a sub-folder base path. An output folder that
// is, holds or lies inside a source folder is refused (src/publish/output-dir.ts).
// SIGINT, SIGTERM or SIGHUP stop every process the build started (Astro, esbuild, Pagefind's indexer, Chromium),
// remove the staging folder and exit with 128 + the signal's number; so does the end of the `npm run` that started it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { constants } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { close as closePagefind } from 'pagefind';
import { quiet as isQuiet } from '../src/core/progress.ts';
import { astroCacheDir, projectPaths, siteUrl } from '../src/core/project.ts';
import { cacheFolder } from '../src/core/build-cache.ts';
import { checkOutputDir, OutputDirError } from '../src/publish/output-dir.ts';
import { descendants, stopProcesses } from '../src/publish/process-tree.ts';
import { inputsFingerprint, recordBuild, upToDate } from '../src/publish/up-to-date.ts';
import { buildSearchIndex } from '../src/publish/search-index.ts';
import { scriptArgs } from './script-args.ts';

const flags = scriptArgs('build', `npm run build [-- --quiet] [-- --force]        build the site into dist/ (or $BENCHWRIGHT_OUT_DIR)
npm run publish:site                              the same, plus a PDF of every report version, chart PNGs,
                                                  social cards and a link check (node scripts/build.ts --publish)

The build is atomic: it writes a staging folder and swaps it in only when every step succeeded, so a failed or
stopped build leaves the previous site as it was.

  --quiet      only the summary lines (also BENCHWRIGHT_QUIET=1)
  --force      build even when nothing changed (an unchanged project otherwise keeps the site as it is)
  --publish    what npm run publish:site adds
  --help       this text

Environment: BENCHWRIGHT_OUT_DIR (output folder, default dist), BASE_PATH (a sub-folder base path, e.g. /reports/),
SITE_URL (the public address, for feeds and PDFs), BENCHWRIGHT_CONTENT_DIR and BENCHWRIGHT_DATA_DIR (other folders).

Example: BENCHWRIGHT_OUT_DIR=/tmp/site npm run build -- --quiet`, { options: { publish: { type: 'boolean' }, quiet: { type: 'boolean' }, force: { type: 'boolean' } } }).values;
const publish = flags.publish === true;
if (flags.quiet) process.env.BENCHWRIGHT_QUIET = '1';
const quiet = isQuiet();
const out = resolve(process.env.BENCHWRIGHT_OUT_DIR || 'dist');
// The output folder is replaced whole: one that is, holds or lies inside a source folder is refused before anything
// is written (or a leftover of an earlier build removed).
try {
  const setting = process.env.BENCHWRIGHT_OUT_DIR ? `BENCHWRIGHT_OUT_DIR is ${JSON.stringify(process.env.BENCHWRIGHT_OUT_DIR)} (${out})` : `the output folder ${out}`;
  checkOutputDir(out, setting, { root: process.cwd() });
} catch (error) {
  if (!(error instanceof OutputDirError)) throw error;
  console.error(`build: ${error.message}`);
  process.exit(1);
}
const base = process.env.BASE_PATH || '/';
const prefix = `.${basename(out)}.staging-`;
const staging = join(dirname(out), `${prefix}${process.pid}`);

// Staging folders of builds that were killed, and previous sites whose deletion was cut short: their build's
// process is gone, so remove them. Each is renamed first, out of the way of a deletion still under way.
for (const name of existsSync(dirname(out)) ? readdirSync(dirname(out)) : []) {
  // .dist.staging-<pid>, its previous site .dist.staging-<pid>.old, and a folder that a build (<cleaner>) is removing:
  // .dist.staging-<pid>.old.<cleaner>.
  const match = name.startsWith(prefix) ? /^(\d+)(?:\.old)?(?:\.(\d+))?$/.exec(name.slice(prefix.length)) : null;
  if (!match || isAlive(Number(match[1])) || (match[2] !== undefined && isAlive(Number(match[2])))) continue;
  const mine = join(dirname(out), `${prefix}${match[1]}.old.${process.pid}`);
  try {
    renameSync(join(dirname(out), name), mine);
  } catch {
    continue; // already gone
  }
  rmSync(mine, { recursive: true, force: true });
}

const times: string[] = [];
async function phase<T>(name: string, run: () => T | Promise<T>): Promise<T> {
  await unlessStopping();
  const started = performance.now();
  let result: T;
  try {
    result = await run();
  } catch (error) {
    // A step whose processes were stopped fails; the stop under way says so and exits.
    await unlessStopping();
    throw error;
  }
  times.push(`${name} ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}
/** Once the build is being stopped, nothing more is done (not the swap): this waits for stop() to exit. */
function unlessStopping(): Promise<void> {
  return stopping ? new Promise(() => {}) : Promise.resolve();
}
/** The Astro build while it runs, and the process deleting the replaced site (left to finish when the build is stopped). */
let child: ChildProcess | undefined;
let deleter: number | undefined;
let stopping = false;
/** Whether the new site is in place (a build stopped after that leaves it there). */
let swapped = false;

function node(args: string[], env: NodeJS.ProcessEnv = {}): Promise<void> {
  // Started asynchronously, so that a signal to this process is handled while the child runs.
  // Quiet: the child's own chatter is dropped; its errors (stderr) and Benchwright's summary lines are kept.
  return new Promise((done) => {
    const run = spawn(process.execPath, args, { stdio: quiet ? ['inherit', 'pipe', 'inherit'] : 'inherit', env: { ...process.env, ...env } });
    child = run;
    let pending = '';
    run.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop()!;
      for (const line of lines) if (line.startsWith('[benchwright]')) console.log(line);
    });
    run.on('error', (error) => {
      if (!stopping) fail(`${args[0]} could not be started: ${error.message}`);
    });
    run.on('close', (code, signal) => {
      child = undefined;
      if (stopping) return; // stop() exits once every process is gone
      if (pending.startsWith('[benchwright]')) console.log(pending);
      if (code !== 0) fail(`${args[0]} exited with ${code ?? signal}`);
      done();
    });
  });
}
function fail(message: string): never {
  // A step that fails because the build is being stopped: the stop says why and exits (phase() waits for it).
  if (stopping) throw new Error('stopped');
  rmSync(staging, { recursive: true, force: true });
  console.error(`build: ${message}; the previous site in ${out} is unchanged.`);
  process.exit(1);
}

/**
 * Stops the build: every process it started gets the signal (and SIGKILL after 5 s), then the staging folder goes
 * and the build exits with 128 + the signal's number. The deletion of a replaced site, once started, may finish.
 */
async function stop(signal: NodeJS.Signals, why: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  const started = (): number[] => (descendants(process.pid) ?? (child?.pid ? [child.pid] : [])).filter((pid) => pid !== deleter);
  await Promise.all([stopProcesses(started, signal), closePagefind().catch(() => undefined)]);
  if (swapped) {
    console.error(`build: ${why} after the new site was put in place; ${out} holds it.`);
  } else {
    rmSync(staging, { recursive: true, force: true });
    console.error(`build: ${why}; the previous site in ${out} is unchanged.`);
  }
  process.exit(128 + constants.signals[signal]);
}

process.on('SIGINT', () => void stop('SIGINT', 'interrupted'));
process.on('SIGTERM', () => void stop('SIGTERM', 'terminated'));
process.on('SIGHUP', () => void stop('SIGHUP', 'hung up'));
// `npm run build` runs this script under `sh -c`: a SIGTERM to npm reaches that shell, which dies without passing it
// on. So under npm, the build stops as if signalled when the process that started it is gone.
if (process.env.npm_lifecycle_event) {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void stop('SIGTERM', 'stopped (the npm run that started it has gone)');
  }, 200).unref();
}

const started = performance.now();
// A plain build of the same inputs into a folder as the last one left it would write the same files: keep them.
const cacheDir = cacheFolder(astroCacheDir());
const inputs = publish ? undefined : inputsFingerprint({ ...projectPaths(), env: process.env });
if (inputs && !flags.force && upToDate(cacheDir, out, inputs)) {
  console.log(`build: ${out} ready; unchanged (the same inputs as the last build into it, and its files as that build left them; --force builds anyway); total ${((performance.now() - started) / 1000).toFixed(1)} s`);
  process.exit(0);
}
/**
 * V8's young generation capped at 8 MB semi-spaces. Node lets it grow to 134 MB when a program allocates as fast as
 * the build does, and that was the build's peak resident memory over 1 GB: 1,015–1,060 MB for the shipped site
 * against 845–865 MB capped, at the same wall time (three alternating pairs). The old generation is not capped, so a
 * larger site still gets the heap it needs.
 */
const SITE_NODE_FLAGS = ['--max-semi-space-size=8'];
await phase('site', () =>
  node([...SITE_NODE_FLAGS, 'node_modules/astro/bin/astro.mjs', 'build'], { BENCHWRIGHT_OUT_DIR: staging, ASTRO_TELEMETRY_DISABLED: '1', ...(publish ? { BENCHWRIGHT_PUBLISH: '1' } : {}) }),
);
await phase('search index', async () => {
  try {
    const { pages, cached } = await buildSearchIndex(staging, { cacheDir });
    if (!quiet) console.log(`Pagefind: indexed ${pages} HTML page${pages === 1 ? '' : 's'}${cached ? ' (every page unchanged: the index kept from the last build)' : ''}`);
  } catch (error) {
    fail(`the search index: ${(error as Error).message}`);
  }
});
let pdfCount = 0;
if (publish) {
  // Loaded only to publish: the browser driver and the link checker are most of this script's start-up time.
  const { exportPdfs, TableTooWideError } = await import('../src/publish/pdf/pdf.ts');
  const { normalizePdfs } = await import('../src/publish/pdf/pdf-normalize.ts');
  const { checkLinks, formatProblems } = await import('../src/publish/link-check.ts');
  const { pdfGlyphProblems } = await import('../src/publish/pdf/pdf-glyphs.ts');
  // Chromium prints a character no installed font covers as an empty box, silently: check before printing.
  const glyphs = await phase('glyph check', () => pdfGlyphProblems(staging, projectPaths().contentDir, process.cwd()));
  if (glyphs.length > 0) fail(`characters with no glyph in the installed fonts:\n${glyphs.join('\n')}`);
  const pdfs = await phase('PDFs', () => exportPdfs({ siteDir: staging, base, siteUrl: siteUrl() })).catch((error: unknown) =>
    error instanceof TableTooWideError ? fail(error.message) : Promise.reject(error),
  );
  // Chromium stamps each PDF with the time and a random ID; fix both so equal inputs give equal files.
  normalizePdfs(pdfs.map((p) => p.file));
  pdfCount = pdfs.length;
  const problems = await phase('link check', () => checkLinks(staging, { base }));
  await unlessStopping();
  if (problems.length > 0) fail(`broken links:\n${formatProblems(problems)}`);
}
// The swap: two renames on one file system; the old site stays in place until the new one is complete.
await unlessStopping();
const old = `${staging}.old`;
const hadSite = existsSync(out);
if (hadSite) renameSync(out, old);
renameSync(staging, out);
swapped = true;
if (inputs) recordBuild(cacheDir, out, inputs);
// The new site is in place: the previous one is deleted by a process of its own, so the build does not wait the
// few hundred milliseconds thousands of deletions take. One cut short is finished by the next build (above).
if (hadSite) {
  const deletion = spawn(process.execPath, ['-e', 'require("node:fs").rmSync(process.argv[1], { recursive: true, force: true })', old], { detached: true, stdio: 'ignore' })
    .on('error', (error) => console.warn(`build: the previous site could not be deleted now (${error.message}); the next build deletes ${old}`));
  deletion.unref();
  deleter = deletion.pid;
}
console.log(`build: ${out} ready${publish ? ` with ${pdfCount} PDFs, no broken links` : ''}; ${times.join(', ')}; total ${((performance.now() - started) / 1000).toFixed(1)} s`);

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
