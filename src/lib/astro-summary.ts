/**
 * The Astro integration that ends a build with Benchwright's summary: per phase (queries, charts, images,
 * pages) what was done and what came from the cache, with times, then one summary line. With
 * BENCHWRIGHT_QUIET=1 only the summary line. Cached images this build did not use are removed, so the cache
 * holds one build's worth.
 */
import type { AstroIntegration } from 'astro';
import { cacheFolder } from './build-cache.ts';
import { totals, type WorkCount } from './build-stats.ts';
import { pruneImages } from './image-cache.ts';
import { quiet } from './progress.ts';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function benchwrightSummary(): AstroIntegration {
  let cacheDir: URL | undefined;
  let pagesStarted = 0;
  return {
    name: 'benchwright',
    hooks: {
      'astro:config:done': ({ config }) => {
        cacheDir = config.cacheDir;
      },
      'astro:build:start': () => {
        pagesStarted = performance.now();
      },
      'astro:build:done': ({ pages }) => {
        const t = totals();
        const get = (kind: string): WorkCount => t.get(kind) ?? { done: 0, cached: 0, ms: 0 };
        const count = (kind: string, verb: string) => `${get(kind).done + get(kind).cached} ${kind} (${get(kind).done} ${verb}, ${get(kind).cached} from cache)`;
        const removed = cacheDir ? pruneImages(cacheFolder(cacheDir)) : 0;
        const lines = quiet()
          ? []
          : [
              `queries: ${count('queries', 'run')} in ${seconds(get('queries').ms)}`,
              `charts: ${count('charts', 'drawn')} in ${seconds(get('charts').ms)}`,
              `images: ${count('PNG images', 'rasterised')} in ${seconds(get('PNG images').ms)}`,
              `pages: ${pages.length} written in ${seconds(performance.now() - pagesStarted)}${removed ? `; ${removed} unused cached image${removed === 1 ? '' : 's'} removed` : ''}`,
            ];
        lines.push(`summary: ${count('queries', 'run')}, ${count('charts', 'drawn')}, ${count('PNG images', 'rasterised')}, ${pages.length} pages`);
        // console.log rather than Astro's logger: the summary is printed even when Astro runs --silent.
        for (const line of lines) console.log(`[benchwright] ${line}`);
      },
    },
  };
}
