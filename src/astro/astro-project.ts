/**
 * One project per content sync, shared by the content loaders that sync runs: one catalog, one engine (with its
 * pinned engines) and one cache pack. The first loader to ask opens it; when every loader the sync runs is done,
 * the last closes DuckDB, writes the cache and records what was done, whether the run succeeded or not (cached
 * values are keyed by content, so those made before a failure stay good). A sync runs every loader unless
 * `astro dev` reloads only some (astro-dev-reload.ts says which, with `expect`); each reload opens a fresh
 * project, so a saved data file is read again.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openBuildCache, type BuildCache } from '../core/build-cache.ts';
import { OUTPUT_ENTRIES } from '../publish/output-code.ts';
import { countWork, KIND_PREFIX, type WorkCounts } from '../core/work-counts.ts';
import type { ProjectPaths } from '../core/project.ts';
import { closeProject, openProject, projectStats, type Project } from '../core/versions/reports.ts';
import { mlperfContent } from '../mlperf/content.ts';
import { LOADERS } from './loader-names.ts';

export interface ProjectRun {
  /** Queries DuckDB ran and queries answered from the cache; ms is time in DuckDB (its start included). */
  queries: { done: number; cached: number; ms: number };
  charts: { done: number; cached: number; ms: number };
  /** Whether DuckDB was started at all (not when the cache answered everything). */
  duckdb: boolean;
  ms: number;
}

export interface SharedProject {
  /**
   * Runs `run` for `loader` on the sync's project (opening it when none is open); `run` in the result when this
   * loader was the sync's last and closed it: what the project did, for its log line.
   */
  use<T>(loader: string, run: (project: Project) => Promise<T>): Promise<{ value: T; run?: ProjectRun }>;
  /** The loaders the next sync runs (by default all of them); closes a project a previous sync left open. */
  expect(loaders: readonly string[]): Promise<void>;
  /** Closes the project if one is open (after a build's content sync, in case a loader never ran). */
  close(): Promise<void>;
}

/** The cache pack's name: one pack for the content the loaders make (before, one per loader). */
const PACK = 'content';

/** In `astro dev`, the pack is written this long after the last reload (a burst of saves writes it once). */
const SAVE_AFTER_MS = 2000;

/**
 * `dev`: `astro dev`, a long-lived process. Each reload's cache starts from the previous reload's in memory, and the
 * pack is written once saves pause (SAVE_AFTER_MS), not inside every reload: reading and writing it were a second of
 * a saved article's reload. A build writes it before it ends.
 */
export function sharedProject(paths: ProjectPaths, cacheDir: string, counts: WorkCounts, env: NodeJS.ProcessEnv = process.env, { dev = false }: { dev?: boolean } = {}): SharedProject {
  // The packs each loader kept before one project was shared: nothing reads them now.
  for (const old of ['reports.pack', 'data-pages.pack']) if (existsSync(join(cacheDir, old))) rmSync(join(cacheDir, old), { force: true });
  interface Open {
    project: Promise<Project>;
    cache: BuildCache;
    /** The loaders of this sync that have not finished. */
    waiting: Set<string>;
    /** Loaders running on it now. */
    active: number;
    /** Replaced by a later sync's (expect): closed once no loader runs on it. */
    detached: boolean;
    closed: boolean;
    started: number;
  }
  let open: Open | undefined;
  let next: readonly string[] = LOADERS;
  /** In dev: the last closed run's cache, the next one's start, and its pending write. */
  let last: BuildCache | undefined;
  let saving: NodeJS.Timeout | undefined;
  const openNew = (): Open => {
    const started = performance.now();
    const cache = openBuildCache(cacheDir, PACK, paths.root, OUTPUT_ENTRIES, dev ? last : undefined);
    const project = openProject(paths, env, cache, mlperfContent);
    project.catch(() => undefined);
    const waiting = new Set(next);
    next = LOADERS;
    return { project, cache, waiting, active: 0, detached: false, closed: false, started };
  };
  const close = async (current: Open): Promise<ProjectRun | undefined> => {
    if (open === current) open = undefined;
    if (current.closed) return undefined;
    current.closed = true;
    const project = await current.project.catch(() => undefined);
    if (project) closeProject(project);
    if (dev) {
      last = current.cache;
      clearTimeout(saving);
      saving = setTimeout(() => current.cache.save(), SAVE_AFTER_MS);
    } else current.cache.save();
    if (!project) return undefined;
    const charts = current.cache.counts.get('chart') ?? { computed: 0, cached: 0, ms: 0 };
    const { executed, cached, started: duckdb, ms, kinds } = projectStats(project);
    countWork(counts, PACK, 'queries', false, executed, ms);
    countWork(counts, PACK, 'queries', true, cached);
    for (const [kind, k] of Object.entries(kinds)) {
      countWork(counts, PACK, `${KIND_PREFIX}${kind}`, false, k.run, k.ms);
      countWork(counts, PACK, `${KIND_PREFIX}${kind}`, true, k.cached);
    }
    countWork(counts, PACK, 'charts', false, charts.computed, charts.ms);
    countWork(counts, PACK, 'charts', true, charts.cached);
    return { queries: { done: executed, cached, ms }, charts: { done: charts.computed, cached: charts.cached, ms: charts.ms }, duckdb, ms: Math.round(performance.now() - current.started) };
  };
  /** Lets go of the open project: closed now, or when the loaders running on it are done. */
  const detach = async (): Promise<void> => {
    const current = open;
    if (!current) return;
    open = undefined;
    current.detached = true;
    if (current.active === 0) await close(current);
  };
  return {
    async use<T>(loader: string, run: (project: Project) => Promise<T>) {
      const current = (open ??= openNew());
      current.active++;
      let value: T;
      let closed: ProjectRun | undefined;
      try {
        value = await run(await current.project);
      } finally {
        current.waiting.delete(loader);
        current.active--;
        if (current.active === 0 && (current.waiting.size === 0 || current.detached)) closed = await close(current);
      }
      return closed ? { value, run: closed } : { value };
    },
    async expect(loaders) {
      await detach();
      next = loaders;
    },
    close: detach,
  };
}

/** "500 queries (0 run, 500 from cache), 500 charts (0 drawn, 500 from cache) in 120 ms". */
export function describeRun(r: ProjectRun): string {
  const q = r.queries.done + r.queries.cached;
  const c = r.charts.done + r.charts.cached;
  return `${q} queries (${r.queries.done} run, ${r.queries.cached} from cache${r.duckdb ? '' : '; DuckDB not started'}), ` +
    `${c} charts (${r.charts.done} drawn, ${r.charts.cached} from cache) in ${r.ms} ms`;
}
