/**
 * The Astro side of the guide, kept thin: a content-layer loader that asks the library to build the guide's pages
 * (src/core/guide/guide-pages.ts) on the project the other loaders share, and stores them.
 */
import type { Loader } from 'astro/loaders';
import { GUIDE_LOADER } from './loader-names.ts';
import { describeRun } from './astro-project.ts';
import { buildContextOf, countLoad, recordingFailures } from './build-context.ts';
import { buildGuide } from '../core/guide/guide-pages.ts';
import { progressLine } from '../core/progress.ts';
import { storeHtml } from '../publish/page-html.ts';

export function guideLoader(): Loader {
  return recordingFailures({
    name: GUIDE_LOADER,
    // `astro dev` runs this again for each saved guide page or data file (astro-dev-reload.ts).
    async load({ store, parseData, logger, config }) {
      const build = buildContextOf(config);
      countLoad(build, GUIDE_LOADER);
      const { output } = build;
      const started = performance.now();
      const progress = progressLine('[benchwright] guide');
      const { value: pages, run } = await build.project.use(GUIDE_LOADER, (project) => buildGuide(project, { base: config.base, onProgress: progress.update }).finally(progress.end));
      // Stored before the old entries go, so a failed write leaves the previous pages in `astro dev`.
      const html = await Promise.all(pages.map((page) => storeHtml(build.store, page.html)));
      store.clear();
      for (const [i, page] of pages.entries()) {
        // A build writes the CSV downloads as files; `astro dev` serves them from the store (src/pages/[...download].csv.ts).
        const files = output ? {} : { files: page.files };
        const data = await parseData({ id: page.slug, data: { slug: page.slug, title: page.title, summary: page.summary, order: page.order, html: html[i]!, headings: page.headings, ...files } });
        store.set({ id: page.slug, data });
        for (const file of page.files) output?.emit(file.path, file.content);
      }
      if (pages.length > 0) logger.info(`${pages.length} guide page${pages.length === 1 ? '' : 's'} in ${Math.round(performance.now() - started)} ms`);
      // The loader that finishes last closes the project the loaders share, and says what it did.
      if (run) logger.info(`queries and charts: ${describeRun(run)}`);
    },
  });
}
