// The bench's builds (scripts/bench.ts): one `npm run build` of a site, timed as the wall time of its process, with
// its peak memory and what it printed (phases, summary, query kinds); and the cold / no-change / one-edit sequence
// every site is measured with.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');

/** A site to build: its content and data folders, and a temporary folder of its own for the output and cache. */
export interface Site {
  work: string;
  content: string;
  data: string;
}

/** Statements of one kind (article, probe, lineage, claim, page, parse, unparse…) in one build. */
export interface KindCount {
  run: number;
  cached: number;
  /** Each statement's own time, summed: statements overlap, so the kinds add up to more than the wall time. */
  ms: number;
}

export interface Build {
  label: string;
  seconds: number;
  /** "site 20.4 s, search index 0.9 s" from the build's last line. */
  phases: string;
  peak_memory_mb: number;
  summary: string;
  query_kinds: Record<string, KindCount>;
  /** With --repeat: every run's time, fastest first (the build shown is the median run). */
  runs_seconds?: number[];
}

/** A child process run to its end, timed from start to exit (the same measure for Benchwright and for Framework). */
export function timedRun(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): { seconds: number; run: SpawnSyncReturns<string> } {
  // Written back first, so a build is not timed while the disk is still busy with the files before it.
  spawnSync('sync');
  const started = performance.now();
  const run = spawnSync(command, args, { ...options, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { seconds: Number(((performance.now() - started) / 1000).toFixed(2)), run };
}

/** Environment that makes every Node process of a child append its peak memory (KB) to `rssFile` (bench-rss.mjs). */
export function rssEnv(rssFile: string): NodeJS.ProcessEnv {
  rmSync(rssFile, { force: true });
  return { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${join(ROOT, 'scripts/bench-rss.mjs')}`.trim(), BENCH_RSS_FILE: rssFile };
}

/** The largest peak memory bench-rss.mjs recorded, in MB. */
export function peakMemoryMb(rssFile: string): number {
  return existsSync(rssFile) ? Math.round(Math.max(...readFileSync(rssFile, 'utf8').trim().split('\n').map(Number)) / 1024) : NaN;
}

export interface BuildOptions {
  /** Delete the cache first. */
  cold?: boolean;
  env?: Record<string, string>;
  /** Arguments of scripts/build.ts (e.g. --force). */
  args?: string[];
}

/** `npm run build`'s script on the site (the site, its search index and the swap), with its own output and cache folders. */
export function build(site: Site, label: string, { cold = false, env = {}, args = [] }: BuildOptions = {}): Build {
  const out = join(site.work, 'dist');
  if (cold) rmSync(`${out}-cache`, { recursive: true, force: true });
  // The build before deletes the site it replaced in a process of its own; each build is timed alone.
  waitForDeletion(site.work);
  const rssFile = join(site.work, 'rss.txt');
  // Each Node process (the script, which also indexes the search, and Astro) records its peak memory.
  const { seconds, run } = timedRun(process.execPath, [join(ROOT, 'scripts/build.ts'), ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      BENCHWRIGHT_CONTENT_DIR: site.content,
      BENCHWRIGHT_DATA_DIR: site.data,
      BENCHWRIGHT_OUT_DIR: out,
      BENCHWRIGHT_CACHE_DIR: `${out}-cache`,
      ...rssEnv(rssFile),
      ...env,
    },
  });
  if (run.status !== 0) {
    console.error(run.stdout, run.stderr);
    throw new Error(`bench: the ${label} build of ${site.content} failed`);
  }
  return {
    label,
    seconds,
    phases: /^build: .* ready; (.*); total/m.exec(run.stdout)?.[1] ?? '',
    peak_memory_mb: peakMemoryMb(rssFile),
    summary: /\[benchwright\] summary: (.*)/.exec(run.stdout)?.[1] ?? '',
    query_kinds: queryKinds(run.stdout),
  };
}

/** Waits (up to a minute) for the process a build started to delete the site it replaced in `work`. */
function waitForDeletion(work: string): void {
  const deleting = () => existsSync(work) && readdirSync(work).some((name) => /^\.dist\.staging-.*\.old/.test(name));
  for (const waitStarted = performance.now(); deleting() && performance.now() - waitStarted < 60_000; ) spawnSync('sleep', ['0.05']);
}

/**
 * Removes a site's temporary folder once the last build's deletion of the site it replaced is done (removing both at
 * once, the removal can stop at a file the other just removed, leaving the rest).
 */
export function removeWork(work: string): void {
  for (let attempt = 0; attempt < 5 && existsSync(work); attempt++) {
    waitForDeletion(work);
    rmSync(work, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
  }
}

/**
 * The build's "[benchwright] query kinds: article 567 run, 45 from cache, 5620 ms; probe …" line, by kind
 * (empty when the build prints none, or "none").
 */
export function queryKinds(stdout: string): Record<string, KindCount> {
  const line = /^\[benchwright\] query kinds: (.*)$/m.exec(stdout)?.[1] ?? '';
  const kinds: Record<string, KindCount> = {};
  for (const part of line.split(';')) {
    const match = /^\s*(\S+) (\d+) run, (\d+) from cache, ([\d.]+) ms\s*$/.exec(part);
    if (match) kinds[match[1]!] = { run: Number(match[2]), cached: Number(match[3]), ms: Number(match[4]) };
  }
  return kinds;
}

/** The median of the values (the mean of the middle two for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : Number(((sorted[mid - 1]! + sorted[mid]!) / 2).toFixed(2));
}

/** A cold build run `repeat` times: the median run, with every run's time and the highest peak memory. */
export function repeated(repeat: number, run: () => Build): Build {
  const runs = Array.from({ length: repeat }, run).sort((a, b) => a.seconds - b.seconds);
  const median = runs[Math.floor((runs.length - 1) / 2)]!;
  if (runs.length === 1) return median;
  return { ...median, runs_seconds: runs.map((r) => r.seconds), peak_memory_mb: Math.max(...runs.map((r) => r.peak_memory_mb)) };
}

export interface SiteOptions {
  /** Cold builds (the median is reported). */
  repeat: number;
  /** Runs each cold build (default: just runs it); e.g. to pair it with a Framework build run just before. */
  eachCold?: (coldBuild: () => Build) => Build;
}

/**
 * What every site is measured by: a cold build (cache deleted), a rebuild with nothing changed (same cache), and a
 * rebuild after `edit` changed one article. A build that finds nothing changed since the last build into its folder
 * keeps the site and does nothing (scripts/build.ts): then also the no-change rebuild with --force, which builds from
 * the cache as every no-change rebuild did before, so that it stays comparable with earlier numbers.
 */
export function coldNoChangeEdit(site: Site, edit: () => void, { repeat, eachCold = (coldBuild) => coldBuild() }: SiteOptions): Build[] {
  const cold = repeated(repeat, () => eachCold(() => build(site, 'cold', { cold: true })));
  const noChange = build(site, 'no-change rebuild');
  const forced = noChange.phases.startsWith('unchanged') ? [build(site, 'no-change rebuild, --force', { args: ['--force'] })] : [];
  edit();
  const oneEdit = build(site, 'one-article edit');
  return [cold, noChange, ...forced, oneEdit];
}
