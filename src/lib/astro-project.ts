/**
 * The shape both content loaders share: open the project with the build cache, run, then close DuckDB, keep
 * the cache and record what was done for the build summary, whether the run succeeded or not (cached values
 * are keyed by content, so those made before a failure stay good).
 */
import { cacheFolder, openBuildCache } from './build-cache.ts';
import { buildStats, countWork } from './build-stats.ts';
import type { ProjectPaths } from './project.ts';
import { openProject, type Project } from './reports.ts';

export interface ProjectRun {
  /** Queries DuckDB ran and queries answered from the cache; ms is time in DuckDB (its start included). */
  queries: { done: number; cached: number; ms: number };
  charts: { done: number; cached: number; ms: number };
  /** Whether DuckDB was started at all (not when the cache answered everything). */
  duckdb: boolean;
  ms: number;
}

export async function withProject<T>(part: string, paths: ProjectPaths, astroCacheDir: URL | string, run: (project: Project) => Promise<T>): Promise<{ value: T; run: ProjectRun }> {
  const started = performance.now();
  const cache = openBuildCache(cacheFolder(astroCacheDir), part, paths.root);
  const project = await openProject(paths, process.env, cache);
  let done: ProjectRun;
  let value: T;
  try {
    value = await run(project);
  } finally {
    project.engine.close();
    cache.save();
    done = summary();
    countWork(part, 'queries', false, done.queries.done, done.queries.ms);
    countWork(part, 'queries', true, done.queries.cached);
    countWork(part, 'charts', false, done.charts.done, done.charts.ms);
    countWork(part, 'charts', true, done.charts.cached);
    buildStats().times.set(part, done.ms);
  }
  return { value, run: done };

  function summary(): ProjectRun {
    const charts = cache.counts.get('chart') ?? { computed: 0, cached: 0, ms: 0 };
    const { executed, cached, started: duckdb, ms } = project.engine.stats;
    return {
      queries: { done: executed, cached, ms },
      charts: { done: charts.computed, cached: charts.cached, ms: charts.ms },
      duckdb,
      ms: Math.round(performance.now() - started),
    };
  }
}

/** "500 queries (0 run, 500 from cache), 500 charts (0 drawn, 500 from cache)". */
export function describeRun(r: ProjectRun): string {
  const q = r.queries.done + r.queries.cached;
  const c = r.charts.done + r.charts.cached;
  return `${q} queries (${r.queries.done} run, ${r.queries.cached} from cache${r.duckdb ? '' : '; DuckDB not started'}), ` +
    `${c} charts (${r.charts.done} drawn, ${r.charts.cached} from cache) in ${r.ms} ms`;
}

/** How long a burst of file events must be quiet before a reload (see watchProject). */
const SETTLE_MS = 50;

/**
 * In `astro dev`, runs `load` again whenever a file under `folders` changes, one run at a time (a change during a
 * run schedules one more). A failed run is logged with its message and the previous pages stay; the next edit
 * tries again. Without a watcher (a build) it does nothing.
 */
export function watchProject(
  watcher: { add(paths: string[]): unknown; on(event: 'all', listener: (event: string, path: string) => void): unknown } | undefined,
  folders: string[],
  load: () => Promise<void>,
  logger: { info(message: string): void; error(message: string): void },
): void {
  if (!watcher) return;
  watcher.add(folders);
  let running: Promise<void> | undefined;
  let again = false;
  const reload = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    const started = performance.now();
    running = load()
      .then(() => logger.info(`reloaded in ${Math.round(performance.now() - started)} ms`))
      .catch((error: unknown) => logger.error(error instanceof Error ? error.message : String(error)))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          void reload();
        }
      });
  };
  // Editors save in several steps (truncate, write, rename), and Vite reacts to the same event: reload once the
  // saves have settled, not on the first of them.
  let timer: NodeJS.Timeout | undefined;
  watcher.on('all', (_event, path) => {
    if (!folders.some((folder) => path === folder || path.startsWith(`${folder}/`))) return;
    clearTimeout(timer);
    timer = setTimeout(() => void reload(), SETTLE_MS);
  });
}
