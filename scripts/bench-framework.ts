// Observable Framework beside Benchwright in the bench (scripts/bench.ts --framework DIR): DIR is prepared by
// scripts/framework-anchor.sh DIR 50 10 (N pages × M Plot charts over one CSV). Its cold build is run
// just before each of ours and timed the same way: the wall time of the child process.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { peakMemoryMb, ROOT, rssEnv, timedRun, type Build } from './bench-build.ts';

export interface FrameworkAnchor {
  dir: string;
  version: string;
  pages: number;
  charts_per_page: number;
}

export interface FrameworkPair {
  framework_seconds: number;
  framework_peak_memory_mb: number;
  ours_seconds: number;
  /** ours / Framework */
  ratio: number;
}

/** What the anchor folder holds: Framework's version and its pages × charts (refused if it was not prepared). */
export function frameworkAnchor(dirArg: string): FrameworkAnchor {
  const dir = resolve(dirArg);
  const pkg = join(dir, 'node_modules', '@observablehq', 'framework', 'package.json');
  if (!existsSync(pkg) || !existsSync(join(dir, 'src'))) throw new Error(`bench: ${dir} is not a Framework anchor; prepare it with scripts/framework-anchor.sh ${dir} 50 10`);
  const pages = readdirSync(join(dir, 'src')).filter((name) => /^r\d+\.md$/.test(name));
  const charts = pages.length ? (readFileSync(join(dir, 'src', pages[0]!), 'utf8').match(/Plot\.plot\(/g) ?? []).length : 0;
  return { dir, version: (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version, pages: pages.length, charts_per_page: charts };
}

/**
 * Framework's package caches in src/.observablehq/cache: npm (and node, jsr) modules, which framework-anchor.sh
 * bundled there because this machine cannot reach Framework's CDN. Kept; everything else there is rebuilt.
 */
const PACKAGE_CACHES = new Set(['_npm', '_node', '_jsr']);

/**
 * A cold `observable build` in the anchor folder: its previous output (dist/) and everything in its cache but
 * the package caches (its client bundles, _build.json, data loaders' output) deleted first.
 */
export function frameworkColdBuild(anchor: FrameworkAnchor): { seconds: number; peak_memory_mb: number } {
  rmSync(join(anchor.dir, 'dist'), { recursive: true, force: true });
  const cache = join(anchor.dir, 'src', '.observablehq', 'cache');
  for (const name of existsSync(cache) ? readdirSync(cache) : []) if (!PACKAGE_CACHES.has(name)) rmSync(join(cache, name), { recursive: true, force: true });
  const rssFile = join(ROOT, '.tmp', `bench-framework-rss-${process.pid}.txt`);
  // Its command run by this Node (24, the project's), as ours is: through npx it would also time npx's start-up
  // (0.6 s here). Node 24 first on PATH, as framework-anchor.sh was run.
  const { seconds, run } = timedRun(process.execPath, [join(anchor.dir, 'node_modules', '.bin', 'observable'), 'build'], {
    cwd: anchor.dir,
    env: { ...process.env, PATH: `${join(ROOT, 'node_modules', '.bin')}${delimiter}${process.env.PATH ?? ''}`, ...rssEnv(rssFile) },
  });
  if (run.status !== 0) {
    console.error(run.stdout, run.stderr);
    throw new Error(`bench: Framework's cold build in ${anchor.dir} failed`);
  }
  const peak = peakMemoryMb(rssFile);
  rmSync(rssFile, { force: true });
  return { seconds, peak_memory_mb: peak };
}

/** Runs each cold build of ours right after a cold Framework build, recording the pair (for coldNoChangeEdit's eachCold). */
export function pairedWithFramework(anchor: FrameworkAnchor, pairs: FrameworkPair[]): (coldBuild: () => Build) => Build {
  return (coldBuild) => {
    const framework = frameworkColdBuild(anchor);
    const ours = coldBuild();
    pairs.push({
      framework_seconds: framework.seconds,
      framework_peak_memory_mb: framework.peak_memory_mb,
      ours_seconds: ours.seconds,
      ratio: Number((ours.seconds / framework.seconds).toFixed(2)),
    });
    return ours;
  };
}
