/**
 * The Astro side of the data pages, kept thin: a content-layer loader that opens the project, asks the
 * library for every page made from the data (accelerators, models, indexes, the matrix) and stores them.
 * All querying, charting and checking is the library's (src/lib/data-pages.ts).
 */
import type { Loader } from 'astro/loaders';
import { buildDataPages, dataPagesUnavailable, type DataPageKind } from './data-pages.ts';
import type { ProjectPaths } from './project.ts';
import { openProject } from './reports.ts';

export function dataPagesLoader(paths: ProjectPaths): Loader {
  return {
    name: 'benchwright-data-pages',
    async load({ store, parseData, logger, config }) {
      const started = performance.now();
      const project = await openProject(paths);
      try {
        const pages = await buildDataPages(project, { base: config.base });
        store.clear();
        const unavailable = dataPagesUnavailable(project.catalog);
        if (unavailable) {
          logger.info(`no data pages: ${unavailable}`);
          return;
        }
        for (const page of pages) {
          const id = `${page.kind}/${page.id}`;
          const data = await parseData({ id, data: { kind: page.kind, id: page.id, title: page.title, summary: page.summary } });
          store.set({ id, data, rendered: { html: page.html, metadata: { headings: page.headings } } });
        }
        const counts = new Map<DataPageKind, number>();
        for (const page of pages) counts.set(page.kind, (counts.get(page.kind) ?? 0) + 1);
        const { executed, cached } = project.engine.stats;
        logger.info(
          `${pages.length} data pages (${[...counts].map(([kind, n]) => `${n} ${kind}`).join(', ')}); DuckDB ran ${executed} statements, ` +
            `${cached} answered from cache, in ${Math.round(performance.now() - started)} ms`,
        );
      } finally {
        project.engine.close();
      }
    },
  };
}
