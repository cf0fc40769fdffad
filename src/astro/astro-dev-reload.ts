/**
 * `astro dev`: a saved article reloads the reports, a saved data file the reports and the data pages. The reload
 * goes through Astro's own refreshContent, which runs the loaders and then writes the data store at once, so the
 * page shows the change as soon as the loaders are done (a loader reloading itself is written only after the data
 * store's 500 ms debounce).
 */
import { join } from 'node:path';
import type { AstroIntegration } from 'astro';
import type { ProjectPaths } from '../core/project.ts';
import type { BuildContext } from './build-context.ts';
import { DATA_PAGES_LOADER, GUIDE_LOADER, REPORTS_LOADER } from './loader-names.ts';
import { GUIDE_FOLDER } from '../core/guide/guide-folder.ts';
import { devErrorPage } from './dev-error-page.ts';

/** Vite's dev server as Astro hands it to integrations (vite is Astro's dependency, not this project's). */
type DevServer = Parameters<NonNullable<AstroIntegration['hooks']['astro:server:setup']>>[0]['server'];

/** The part of Vite's module runner used here: the modules it has evaluated. */
interface ModuleRunner {
  evaluatedModules: { getModuleById(id: string): object | undefined; invalidateModule(module: object): void };
}


/** How long a burst of file events must be quiet before a reload. */
const SETTLE_MS = 50;

/**
 * While Astro reloads its content config (after Vite re-optimises dependencies, say), refreshContent returns
 * without running any loader and says nothing. A reload whose loaders did not start is tried again this often,
 * this many times, before it is reported.
 */
const RETRY_MS = 100;
const RETRIES = 50;

/** The loaders a changed file feeds: a guide page only the guide; other content the reports; data every loader. */
export function loadersFor(path: string, { contentDir, dataDir }: Pick<ProjectPaths, 'contentDir' | 'dataDir'>): string[] {
  const inside = (folder: string) => path === folder || path.startsWith(`${folder}/`);
  if (inside(join(contentDir, GUIDE_FOLDER))) return [GUIDE_LOADER];
  if (inside(contentDir)) return [REPORTS_LOADER];
  if (inside(dataDir)) return [REPORTS_LOADER, DATA_PAGES_LOADER, GUIDE_LOADER];
  return [];
}

/**
 * Astro reloads its data store module when the store is written, but now and then (a save soon after the server
 * started) its pages kept the old module until the next save, with the new store already on disk. Invalidating
 * the module once more after each reload, as Astro itself does, and reloading open pages, closes that gap.
 */
function reloadContentModule(server: DevServer): void {
  const id = '\0astro:data-layer-content';
  for (const environment of Object.values(server.environments)) {
    const module = environment.moduleGraph.getModuleById(id);
    if (module) environment.moduleGraph.invalidateModule(module, undefined, Date.now(), true);
    // An environment that runs modules in this process (Astro's SSR and prerender ones) also keeps them evaluated.
    const { runner } = environment as { runner?: ModuleRunner };
    const evaluated = runner?.evaluatedModules.getModuleById(id);
    if (evaluated) runner!.evaluatedModules.invalidateModule(evaluated);
    environment.hot.send('astro:content-changed', {});
  }
  server.environments.client?.hot.send({ type: 'full-reload', path: '*' });
}

/** `context`: the build context of this Astro run (astro-build.ts creates it before the server starts). */
export function benchwrightDevReload(context: () => BuildContext): AstroIntegration {
  return {
    name: 'benchwright-dev-reload',
    hooks: {
      'astro:server:setup': ({ server, refreshContent, logger }) => {
        if (!refreshContent) return;
        const { paths, loads: loadCounts, failures } = context();
        server.watcher.add([paths.contentDir, paths.dataDir]);
        // While a loader's last load failed, a page asked for is the build's error (dev-error-page.ts), not the last
        // good page: the author sees what to fix where they look. Vite's own requests (modules, assets) pass.
        server.middlewares.use((request, response, next) => {
          if (failures.size === 0 || request.method !== 'GET' || !String(request.headers.accept ?? '').includes('text/html')) return next();
          response.statusCode = 500;
          response.setHeader('Content-Type', 'text/html; charset=utf-8');
          response.end(devErrorPage([...failures.values()], paths.root, server.config.base));
        });
        // One reload at a time; files saved during one are reloaded right after it. A failed reload is logged
        // with its message and shown in the browser instead of the pages; the next save tries again.
        const waiting = new Set<string>();
        let running = false;
        let tries = 0;
        const loads = (loader: string) => loadCounts.get(loader) ?? 0;
        const reload = async (): Promise<void> => {
          if (running || waiting.size === 0) return;
          running = true;
          const loaders = [...waiting];
          waiting.clear();
          const before = loaders.map(loads);
          const started = performance.now();
          let skipped: string[] = [];
          try {
            // The reload's loaders share one fresh project (astro-project.ts), which reads the saved files again.
            await context().project.expect(loaders);
            await refreshContent({ loaders });
            skipped = loaders.filter((loader, i) => loads(loader) === before[i]);
            if (skipped.length === 0) {
              reloadContentModule(server);
              // A loader's failure was logged by the loader, and the pages show it (the middleware above).
              if (loaders.some((loader) => failures.has(loader))) logger.error('the build failed: open pages show the error');
              else logger.info(`reloaded in ${Math.round(performance.now() - started)} ms`);
            }
          } catch (error) {
            logger.error(error instanceof Error ? error.message : String(error));
            // Open pages reload into the error page.
            server.environments.client?.hot.send({ type: 'full-reload', path: '*' });
          } finally {
            running = false;
          }
          if (skipped.length === 0) {
            tries = 0;
            void reload();
          } else if (++tries > RETRIES) {
            tries = 0;
            logger.error(`Astro did not reload ${skipped.join(' and ')} (its content config was loading); save the file again`);
          } else {
            for (const loader of skipped) waiting.add(loader);
            setTimeout(() => void reload(), RETRY_MS);
          }
        };
        // Editors save in several steps (truncate, write, rename), and Vite reacts to the same events: reload once
        // the saves have settled, not on the first of them.
        let timer: NodeJS.Timeout | undefined;
        server.watcher.on('all', (_event, path) => {
          const loaders = loadersFor(path, paths);
          if (loaders.length === 0) return;
          for (const loader of loaders) waiting.add(loader);
          clearTimeout(timer);
          timer = setTimeout(() => void reload(), SETTLE_MS);
        });
      },
    },
  };
}
