/**
 * The Astro integration that ends a build with Benchwright's summary: per phase (queries, charts, images,
 * pages) what was done and what came from the cache, with times, then one summary line. With
 * BENCHWRIGHT_QUIET=1 only the summary line. It links the files published beside the pages into the output, and
 * removes stored files this build did not use, so the cache holds one build's worth.
 */
import type { AstroIntegration } from 'astro';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatWeight, overBudget, pageWeights, type GzipSizes, type PageBudget } from '../publish/page-weight.ts';
import { cacheFolder, readCacheJson } from '../core/build-cache.ts';
import { buildStats, totals, type WorkCount } from '../core/build-stats.ts';
import { writeSiteFiles } from '../publish/site-files.ts';
import { pruneStore } from '../publish/file-store.ts';
import { quiet } from '../core/progress.ts';
import { writeFileAtomic } from '../core/write-atomic.ts';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export interface BenchwrightOptions {
  /** Page-weight budgets (HTML + CSS + JS, raw bytes); the first whose `pages` prefix matches a page applies. */
  budgets?: PageBudget[];
}

export function benchwrightSummary({ budgets = [] }: BenchwrightOptions = {}): AstroIntegration {
  let cacheDir: URL | undefined;
  let building = false;
  let base = '/';
  let pagesStarted = 0;
  return {
    name: 'benchwright',
    hooks: {
      'astro:config:setup': ({ command }) => {
        building = command === 'build';
      },
      'astro:config:done': ({ config }) => {
        cacheDir = config.cacheDir;
        // Only a build publishes files beside the pages, through the cache's file store; `astro dev` serves them
        // from routes on request.
        buildStats().emit = building ? cacheFolder(cacheDir) : undefined;
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
      },
      'astro:build:start': () => {
        pagesStarted = performance.now();
      },
      'astro:build:done': async ({ pages, dir }) => {
        const written = await writeSiteFiles(fileURLToPath(dir));
        const t = totals();
        const get = (kind: string): WorkCount => t.get(kind) ?? { done: 0, cached: 0, ms: 0 };
        const count = (kind: string, verb: string) => `${get(kind).done + get(kind).cached} ${kind} (${get(kind).done} ${verb}, ${get(kind).cached} from cache)`;
        const removed = cacheDir ? pruneStore(cacheFolder(cacheDir)) : 0;
        const lines = quiet()
          ? []
          : [
              `queries: ${count('queries', 'run')} in ${seconds(get('queries').ms)}`,
              `charts: ${count('charts', 'drawn')} in ${seconds(get('charts').ms)}`,
              // Rasterising runs on several threads at once: this is their summed time, not the wall-clock time.
              `images: ${count('PNG images', 'rasterised')}, ${seconds(get('PNG images').ms)} of rasterising over ${availableParallelism()} threads`,
              `pages: ${pages.length} pages and ${written} chart, CSV and card files in ${seconds(performance.now() - pagesStarted)}${removed ? `; ${removed} unused stored file${removed === 1 ? '' : 's'} removed` : ''}`,
            ];
        const weights = withGzipSizes(cacheDir ? cacheFolder(cacheDir) : undefined, (sizes) => pageWeights(fileURLToPath(dir), base, sizes));
        if (!quiet()) lines.push(`page weight, heaviest first:`, ...weights.slice(0, 5).map((w) => `  ${formatWeight(w)}`));
        const heaviest = weights[0];
        lines.push(
          `summary: ${count('queries', 'run')}, ${count('charts', 'drawn')}, ${count('PNG images', 'rasterised')}, ${pages.length} pages` +
            (heaviest ? `, heaviest ${(heaviest.raw / 1000).toFixed(1)} KB` : ''),
        );
        // console.log rather than Astro's logger: the summary is printed even when Astro runs --silent.
        for (const line of lines) console.log(`[benchwright] ${line}`);
        const over = overBudget(weights, budgets);
        if (over.length > 0) {
          throw new Error(
            `${over.length} page${over.length === 1 ? ' is' : 's are'} over the page-weight budget (astro.config.mjs, budgets):\n` +
              over.map(({ weight, budget }) => `  ${formatWeight(weight)}; budget for "${budget.pages || '*'}" is ${(budget.maxBytes / 1000).toFixed(1)} KB`).join('\n') +
              '\n  what to do: make the page lighter (fewer or smaller figures, split the report) or raise its budget',
          );
        }
      },
    },
  };
}

/** Runs `weigh` with the gzipped sizes kept in the cache folder (page-gzip.json), and keeps the ones it used. */
function withGzipSizes<T>(folder: string | undefined, weigh: (sizes: GzipSizes | undefined) => T): T {
  if (!folder) return weigh(undefined);
  const file = join(folder, 'page-gzip.json');
  const sizes: GzipSizes = { known: new Map(Object.entries(readCacheJson<Record<string, number>>(file) ?? {})), used: new Map() };
  const value = weigh(sizes);
  writeFileAtomic(file, JSON.stringify(Object.fromEntries([...sizes.used].sort(([a], [b]) => (a < b ? -1 : 1)))));
  return value;
}
