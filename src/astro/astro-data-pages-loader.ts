/**
 * The Astro side of the data pages, kept thin: a content-layer loader that opens the project, asks the
 * library for every page made from the data (accelerators, models, indexes, the matrix) and stores them.
 * All querying, charting and checking is the library's (src/mlperf/data-pages.ts).
 */
import type { Loader } from 'astro/loaders';
import { DATA_PAGES_LOADER } from './astro-dev-reload.ts';
import { describeRun, withProject } from './astro-project.ts';
import { progressLine } from '../core/progress.ts';
import { emitFile, emitting } from '../publish/site-files.ts';
import { cacheFolder } from '../core/build-cache.ts';
import { countLoad } from '../core/build-stats.ts';
import { loadCatalog } from '../core/data/catalog.ts';
import { storeHtml } from '../publish/page-html.ts';
import { buildDataPages, dataPagesMissingTables, dataPagesUnavailable, type DataPageKind } from '../mlperf/data-pages.ts';
import type { ProjectPaths } from '../core/project.ts';

export function dataPagesLoader(paths: ProjectPaths): Loader {
  return {
    name: DATA_PAGES_LOADER,
    // `astro dev` runs this again for each saved data file (astro-dev-reload.ts): the data pages read no article.
    async load({ store, parseData, logger, config }) {
      countLoad(DATA_PAGES_LOADER);
      // Without the tables the pages read there is nothing to do: no project, no DuckDB.
      const missing = dataPagesMissingTables(loadCatalog(paths.dataDir));
      if (missing) {
        store.clear();
        logger.info(`no data pages: ${missing}`);
        return;
      }
      const progress = progressLine('[benchwright] data pages');
      const { value, run } = await withProject('data-pages', paths, config.cacheDir, async (project) => ({
        pages: await buildDataPages(project, { base: config.base, onProgress: progress.update }).finally(progress.end),
        unavailable: dataPagesUnavailable(project.catalog),
      }));
      // Stored before the old entries go, so a failed write leaves the previous pages in `astro dev`.
      const html = await Promise.all(value.pages.map((page) => storeHtml(cacheFolder(config.cacheDir), page.html)));
      store.clear();
      if (value.unavailable) {
        logger.info(`no data pages: ${value.unavailable}`);
        return;
      }
      for (const [i, page] of value.pages.entries()) {
        const id = `${page.kind}/${page.id}`;
        // A build writes the CSV downloads as files; `astro dev` serves them from the store (src/pages/[...download].csv.ts).
        const files = emitting() ? {} : { files: page.files };
        const data = await parseData({ id, data: { kind: page.kind, id: page.id, title: page.title, summary: page.summary, html: html[i]!, headings: page.headings, ...files } });
        store.set({ id, data });
        for (const file of page.files) emitFile(file.path, file.content);
      }
      const counts = new Map<DataPageKind, number>();
      for (const page of value.pages) counts.set(page.kind, (counts.get(page.kind) ?? 0) + 1);
      logger.info(`${value.pages.length} data pages (${[...counts].map(([kind, n]) => `${n} ${kind}`).join(', ')}): ${describeRun(run)}`);
    },
  };
}
