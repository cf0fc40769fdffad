/**
 * One build's context: the project the content loaders share (one catalog, one engine, one cache pack), the file
 * store, the queue of files to publish beside the pages, and the counts the summary prints. The Benchwright
 * integration (astro-build.ts) creates it once per Astro run, when it learns the command, and everything below
 * receives it as an argument.
 *
 * The one boundary: Astro loads astro.config.mjs (and so the integration) through one module graph and
 * src/content.config.ts (and so the loaders, imported natively) through another, so no module is shared between
 * them. The integration adds a Vite plugin to Astro's config whose `api` holds the context (Vite's documented way
 * for plugins to expose an object); Astro gives each loader that same config, and the loaders read the context
 * there, with buildContextOf, and nowhere else. The routes under src/pages, bundled by Vite, learn only whether
 * they serve the files themselves, from the plugin's virtual module (virtual:benchwright/files).
 */
import type { AstroConfig } from 'astro';
import type { Loader } from 'astro/loaders';
import { cacheFolder } from '../core/build-cache.ts';
import { publishing, type ProjectPaths } from '../core/project.ts';
import type { WorkCounts } from '../core/work-counts.ts';
import { fileStore, type FileStore } from '../publish/file-store.ts';
import { outputQueue, type OutputQueue } from '../publish/site-files.ts';
import { sharedProject, type SharedProject } from './astro-project.ts';

export interface BuildContext {
  paths: ProjectPaths;
  store: FileStore;
  /**
   * The files to publish beside the pages: only `astro build` has the queue. `astro dev` serves them from the
   * routes under src/pages on request, and `astro sync` (`astro check`) publishes nothing.
   */
  output: OutputQueue | undefined;
  /** Whether the publish build's PNGs and social cards are made (BENCHWRIGHT_PUBLISH=1). */
  pngs: boolean;
  counts: WorkCounts;
  /** How many times each content loader has started loading, by name (astro-dev-reload.ts checks a reload ran). */
  loads: Map<string, number>;
  /** Each content loader's error from its last load, until it loads without one (`astro dev` shows them: dev-error-page.ts). */
  failures: Map<string, unknown>;
  /** `astro dev`: a failed load is shown in the browser instead of stopping the server. */
  dev: boolean;
  project: SharedProject;
}

export function createBuildContext({ paths, astroCacheDir, command, env = process.env }: { paths: ProjectPaths; astroCacheDir: URL | string; command: string; env?: NodeJS.ProcessEnv }): BuildContext {
  const cacheDir = cacheFolder(astroCacheDir);
  const store = fileStore(cacheDir);
  const counts: WorkCounts = new Map();
  return {
    paths,
    store,
    output: command === 'build' ? outputQueue(store) : undefined,
    pngs: publishing(env),
    counts,
    loads: new Map(),
    failures: new Map(),
    dev: command === 'dev',
    project: sharedProject(paths, cacheDir, counts, env, { dev: command === 'dev' }),
  };
}

/** Records that a content loader started loading. */
export function countLoad(context: BuildContext, loader: string): void {
  context.loads.set(loader, (context.loads.get(loader) ?? 0) + 1);
}

/**
 * A content loader that keeps its last failure in the build's context (and forgets it once it loads again). In
 * `astro dev` the failure is logged and shown in the browser (astro-dev-reload.ts), not thrown: thrown at start-up,
 * it stopped the dev server, so an article that was already broken could not be opened to fix it.
 */
export function recordingFailures(loader: Loader): Loader {
  const { load } = loader;
  return {
    ...loader,
    async load(context) {
      const build = buildContextOf(context.config);
      try {
        await load(context);
        build.failures.delete(loader.name);
      } catch (error) {
        build.failures.set(loader.name, error);
        if (!build.dev) throw error;
        context.logger.error(error instanceof Error ? error.message : String(error));
      }
    },
  };
}

const PLUGIN = 'benchwright-build-context';
const FILES_MODULE = 'virtual:benchwright/files';

/** The part of a Vite plugin used here (vite is Astro's dependency, not this project's). */
interface ContextPlugin {
  name: string;
  api: { context: BuildContext };
  resolveId(id: string): string | undefined;
  load(id: string): string | undefined;
}

/** The Vite plugin that carries the context to the loaders, and tells the routes whether they serve the files. */
export function buildContextPlugin(context: BuildContext): ContextPlugin {
  const resolved = `\0${FILES_MODULE}`;
  return {
    name: PLUGIN,
    api: { context },
    resolveId: (id) => (id === FILES_MODULE ? resolved : undefined),
    load: (id) => (id === resolved ? `export const filesFromRoutes = ${JSON.stringify(context.output === undefined)};\n` : undefined),
  };
}

/** The build's context, from the config Astro hands a loader (the one boundary, above). */
export function buildContextOf(config: AstroConfig): BuildContext {
  const flat = (list: unknown[]): unknown[] => list.flatMap((p) => (Array.isArray(p) ? flat(p) : [p]));
  const plugins = flat((config.vite?.plugins ?? []) as unknown[]);
  const plugin = plugins.find((p): p is ContextPlugin => typeof p === 'object' && p !== null && (p as { name?: unknown }).name === PLUGIN);
  if (!plugin) throw new Error('the Benchwright content loaders need the Benchwright integration: add benchwright() from src/astro/astro-build.ts to the integrations of astro.config.mjs');
  return plugin.api.context;
}
