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
import { storePages } from './store-pages.ts';

export function guideLoader(): Loader {
  return recordingFailures({
    name: GUIDE_LOADER,
    // `astro dev` runs this again for each saved guide page or data file (astro-dev-reload.ts).
    async load({ store, parseData, logger, config }) {
      const build = buildContextOf(config);
      countLoad(build, GUIDE_LOADER);
      const started = performance.now();
      const progress = progressLine('[benchwright] guide');
      const { value: pages, run } = await build.project.use(GUIDE_LOADER, (project) => buildGuide(project, { base: config.base, onProgress: progress.update }).finally(progress.end));
      await storePages({ store, parseData }, build, pages, (page) => ({ id: page.slug, data: { slug: page.slug, title: page.title, summary: page.summary, order: page.order } }));
      if (pages.length > 0) logger.info(`${pages.length} guide page${pages.length === 1 ? '' : 's'} in ${Math.round(performance.now() - started)} ms`);
      // The loader that finishes last closes the project the loaders share, and says what it did.
      if (run) logger.info(`queries and charts: ${describeRun(run)}`);
    },
  });
}
