/**
 * The shape both content loaders share: open the project with the build cache, run, then close DuckDB, keep
 * the cache and record what was done for the build summary, whether the run succeeded or not (cached values
 * are keyed by content, so those made before a failure stay good).
 */
import { cacheFolder, openBuildCache } from '../core/build-cache.ts';
import { OUTPUT_ENTRIES } from '../publish/output-code.ts';
import { countWork } from '../core/build-stats.ts';
import type { ProjectPaths } from '../core/project.ts';
import { closeProject, openProject, projectStats, type Project } from '../core/versions/reports.ts';

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
  const cache = openBuildCache(cacheFolder(astroCacheDir), part, paths.root, OUTPUT_ENTRIES);
  const project = await openProject(paths, process.env, cache);
  let done: ProjectRun;
  let value: T;
  try {
    value = await run(project);
  } finally {
    closeProject(project);
    cache.save();
    done = summary();
    countWork(part, 'queries', false, done.queries.done, done.queries.ms);
    countWork(part, 'queries', true, done.queries.cached);
    countWork(part, 'charts', false, done.charts.done, done.charts.ms);
    countWork(part, 'charts', true, done.charts.cached);
  }
  return { value, run: done };

  function summary(): ProjectRun {
    const charts = cache.counts.get('chart') ?? { computed: 0, cached: 0, ms: 0 };
    const { executed, cached, started: duckdb, ms } = projectStats(project);
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
