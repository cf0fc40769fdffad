/**
 * `astro dev`: a saved article reloads the reports, a saved data file the reports and the data pages. The reload
 * goes through Astro's own refreshContent, which runs the loaders and then writes the data store at once, so the
 * page shows the change as soon as the loaders are done (a loader reloading itself is written only after the data
 * store's 500 ms debounce).
 */
import type { AstroIntegration } from 'astro';
import { projectPaths, type ProjectPaths } from './project.ts';

/** The content loaders' names (astro-loader.ts, astro-data-pages-loader.ts). */
export const REPORTS_LOADER = 'benchwright-reports';
export const DATA_PAGES_LOADER = 'benchwright-data-pages';

/** How long a burst of file events must be quiet before a reload. */
const SETTLE_MS = 50;

/** The loaders a changed file feeds: articles only the reports; data both the reports and the data pages. */
export function loadersFor(path: string, { contentDir, dataDir }: Pick<ProjectPaths, 'contentDir' | 'dataDir'>): string[] {
  const inside = (folder: string) => path === folder || path.startsWith(`${folder}/`);
  if (inside(contentDir)) return [REPORTS_LOADER];
  if (inside(dataDir)) return [REPORTS_LOADER, DATA_PAGES_LOADER];
  return [];
}

export function benchwrightDevReload(): AstroIntegration {
  return {
    name: 'benchwright-dev-reload',
    hooks: {
      'astro:server:setup': ({ server, refreshContent, logger }) => {
        if (!refreshContent) return;
        const paths = projectPaths();
        server.watcher.add([paths.contentDir, paths.dataDir]);
        // One reload at a time; files saved during one are reloaded right after it. A failed reload is logged
        // with its message and the previous pages stay; the next save tries again.
        const waiting = new Set<string>();
        let running = false;
        const reload = async (): Promise<void> => {
          if (running || waiting.size === 0) return;
          running = true;
          const loaders = [...waiting];
          waiting.clear();
          const started = performance.now();
          try {
            await refreshContent({ loaders });
            logger.info(`reloaded in ${Math.round(performance.now() - started)} ms`);
          } catch (error) {
            logger.error(error instanceof Error ? error.message : String(error));
          } finally {
            running = false;
            void reload();
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
