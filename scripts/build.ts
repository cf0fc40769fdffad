// Builds the site atomically: into a staging folder beside the output, then swaps it in only when every
// step succeeded. A failed or killed build leaves the previous site as it was.
//   node scripts/build.ts             site + search index          (npm run build)
//   node scripts/build.ts --publish   + a PDF of every report version and a link check   (npm run publish:site)
//   --quiet (or BENCHWRIGHT_QUIET=1): only the summary lines, no per-page or progress output
// BENCHWRIGHT_OUT_DIR names the output folder (default dist); BASE_PATH a sub-folder base path.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { quiet as isQuiet } from '../src/lib/progress.ts';
import { astroCacheDir, siteUrl } from '../src/lib/project.ts';
import { cacheFolder } from '../src/lib/build-cache.ts';
import { buildSearchIndex } from '../src/lib/search-index.ts';

const publish = process.argv.includes('--publish');
if (process.argv.includes('--quiet')) process.env.BENCHWRIGHT_QUIET = '1';
const quiet = isQuiet();
const out = resolve(process.env.BENCHWRIGHT_OUT_DIR || 'dist');
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
  const started = performance.now();
  const result = await run();
  times.push(`${name} ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}
function node(args: string[], env: NodeJS.ProcessEnv = {}): void {
  // Quiet: the child's own chatter is dropped; its errors (stderr) and Benchwright's summary lines are kept.
  const run = spawnSync(process.execPath, args, { stdio: quiet ? ['inherit', 'pipe', 'inherit'] : 'inherit', env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (quiet) for (const line of (run.stdout ?? '').split('\n')) if (line.startsWith('[benchwright]')) console.log(line);
  if (run.status !== 0) fail(`${args[0]} exited with ${run.status ?? run.signal}`);
}
function fail(message: string): never {
  rmSync(staging, { recursive: true, force: true });
  console.error(`build: ${message}; the previous site in ${out} is unchanged.`);
  process.exit(1);
}

process.on('SIGINT', () => fail('interrupted'));
process.on('SIGTERM', () => fail('terminated'));

const started = performance.now();
await phase('site', () =>
  node(['node_modules/astro/bin/astro.mjs', 'build'], { BENCHWRIGHT_OUT_DIR: staging, ASTRO_TELEMETRY_DISABLED: '1', ...(publish ? { BENCHWRIGHT_PUBLISH: '1' } : {}) }),
);
await phase('search index', async () => {
  try {
    const { pages, cached } = await buildSearchIndex(staging, { cacheDir: cacheFolder(astroCacheDir()) });
    if (!quiet) console.log(`Pagefind: indexed ${pages} HTML page${pages === 1 ? '' : 's'}${cached ? ' (every page unchanged: the index kept from the last build)' : ''}`);
  } catch (error) {
    fail(`the search index: ${(error as Error).message}`);
  }
});
let pdfCount = 0;
if (publish) {
  // Loaded only to publish: the browser driver and the link checker are most of this script's start-up time.
  const { exportPdfs } = await import('../src/lib/pdf.ts');
  const { normalizePdfs } = await import('../src/lib/pdf-normalize.ts');
  const { checkLinks, formatProblems } = await import('../src/lib/link-check.ts');
  const pdfs = await phase('PDFs', () => exportPdfs({ siteDir: staging, base, siteUrl: siteUrl() }));
  // Chromium stamps each PDF with the time and a random ID; fix both so equal inputs give equal files.
  normalizePdfs(pdfs.map((p) => p.file));
  pdfCount = pdfs.length;
  const problems = await phase('link check', () => checkLinks(staging, { base }));
  if (problems.length > 0) fail(`broken links:\n${formatProblems(problems)}`);
}
// The swap: two renames on one file system; the old site stays in place until the new one is complete.
const old = `${staging}.old`;
const hadSite = existsSync(out);
if (hadSite) renameSync(out, old);
renameSync(staging, out);
// The new site is in place: the previous one is deleted by a process of its own, so the build does not wait the
// few hundred milliseconds thousands of deletions take. One cut short is finished by the next build (above).
if (hadSite) {
  spawn(process.execPath, ['-e', 'require("node:fs").rmSync(process.argv[1], { recursive: true, force: true })', old], { detached: true, stdio: 'ignore' })
    .on('error', (error) => console.warn(`build: the previous site could not be deleted now (${error.message}); the next build deletes ${old}`))
    .unref();
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
