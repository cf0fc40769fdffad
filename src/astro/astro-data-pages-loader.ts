/**
 * The Astro side of the data pages, kept thin: a content-layer loader that asks the library for every page made
 * from the data (accelerators, models, indexes, the matrix), on the project the reports loader shares
 * (astro-project.ts), and stores them. All querying, charting and checking is the library's (src/mlperf/data-pages.ts).
 */
import type { Loader } from 'astro/loaders';
import { DATA_PAGES_LOADER } from './loader-names.ts';
import { describeRun } from './astro-project.ts';
import { buildContextOf, countLoad, recordingFailures } from './build-context.ts';
import { progressLine } from '../core/progress.ts';
import { storePages } from './store-pages.ts';
import { buildDataPages, dataPagesMissingTables, dataPagesUnavailable, type DataPageKind } from '../mlperf/data-pages.ts';

export function dataPagesLoader(): Loader {
  return recordingFailures({
    name: DATA_PAGES_LOADER,
    // `astro dev` runs this again for each saved data file (astro-dev-reload.ts): the data pages read no article.
    async load({ store, parseData, logger, config }) {
      const build = buildContextOf(config);
      countLoad(build, DATA_PAGES_LOADER);
      const started = performance.now();
      const progress = progressLine('[benchwright] data pages');
      const { value, run } = await build.project.use(DATA_PAGES_LOADER, async (project) => {
        // Without the tables the pages read there is nothing to do (and DuckDB, started only by a query, stays off).
        const missing = dataPagesMissingTables(project.catalog);
        if (missing) return { missing };
        return {
          pages: await buildDataPages(project, { base: config.base, onProgress: progress.update }).finally(progress.end),
          unavailable: dataPagesUnavailable(project.catalog),
        };
      });
      const pages = value.pages ?? [];
      await storePages({ store, parseData }, build, pages, (page) => ({ id: `${page.kind}/${page.id}`, data: { kind: page.kind, id: page.id, title: page.title, summary: page.summary } }));
      const none = value.missing ?? value.unavailable;
      if (none) logger.info(`no data pages: ${none}`);
      else {
        const counts = new Map<DataPageKind, number>();
        for (const page of pages) counts.set(page.kind, (counts.get(page.kind) ?? 0) + 1);
        logger.info(`${pages.length} data pages (${[...counts].map(([kind, n]) => `${n} ${kind}`).join(', ')}) in ${Math.round(performance.now() - started)} ms`);
      }
      // The loader that finishes last closes the project both share, and says what it did.
      if (run) logger.info(`queries and charts: ${describeRun(run)}`);
    },
  });
}
