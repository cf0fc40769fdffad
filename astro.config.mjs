// @ts-check
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { astroCacheDir, siteUrl } from './src/core/project.ts';
import { benchwright } from './src/astro/astro-build.ts';
import { budgetsFromEnv } from './src/publish/page-weight.ts';
import { checkOutputDir } from './src/publish/output-dir.ts';
import { escapeXml } from './src/core/render/xml.ts';


/**
 * Writes sitemap.xml after the build: every HTML page Astro wrote (whoever's route made it), as absolute URLs
 * (site + base), sorted, with nothing that depends on the build time. The 404 page is not a page to list.
 * @returns {import('astro').AstroIntegration}
 */
function sitemap() {
  /** @type {URL | undefined} */
  let root;
  return {
    name: 'benchwright-sitemap',
    hooks: {
      'astro:config:done': ({ config }) => {
        if (!config.site) throw new Error('The sitemap needs an absolute site address: set `site` (SITE_URL).');
        root = new URL(config.base.endsWith('/') ? config.base : `${config.base}/`, config.site);
      },
      'astro:build:done': ({ dir, pages, logger }) => {
        if (!root) throw new Error('benchwright-sitemap: the configuration was not seen');
        const out = fileURLToPath(dir);
        const urls = new Set();
        for (const { pathname } of pages) {
          const path = pathname.replace(/^\/+/, '');
          if (/^404(\/|\.html)?$/.test(path) || /^500(\/|\.html)?$/.test(path)) continue;
          // Only pages written as HTML (endpoints such as feed.xml are in `pages` too).
          const html = path === '' || path.endsWith('/') ? join(out, path, 'index.html') : path.endsWith('.html') ? join(out, path) : undefined;
          if (html && existsSync(html)) urls.add(new URL(path, root).href);
        }
        const sorted = [...urls].sort();
        const xml = [
          '<?xml version="1.0" encoding="UTF-8"?>',
          '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
          ...sorted.map((u) => `  <url><loc>${escapeXml(u)}</loc></url>`),
          '</urlset>',
          '',
        ].join('\n');
        writeFileSync(join(out, 'sitemap.xml'), xml);
        logger.info(`sitemap.xml: ${sorted.length} page${sorted.length === 1 ? '' : 's'}`);
      },
    },
  };
}

// BASE_PATH lets the site live under a sub-folder (e.g. BASE_PATH=/reports/); SITE_URL makes absolute URLs.
// A typed object rather than astro/config's defineConfig (which returns it unchanged): importing astro/config loads
// SVGO and the rest of that entry point, about 0.3 s of every build's and every `astro dev` start-up.
const outDir = process.env.BENCHWRIGHT_OUT_DIR || './dist';
// `astro build` empties its output folder before it writes (scripts/build.ts gives it a staging folder of its own):
// one that is, holds or lies inside a source folder is refused before anything is written.
checkOutputDir(outDir, process.env.BENCHWRIGHT_OUT_DIR ? `BENCHWRIGHT_OUT_DIR is ${JSON.stringify(outDir)}` : 'the output folder ./dist', { root: fileURLToPath(new URL('.', import.meta.url)) });

/** @type {import('astro').AstroUserConfig} */
const config = {
  site: siteUrl(),
  base: process.env.BASE_PATH || '/',
  outDir,
  // Separate caches let several builds (tests, fixture sites) run side by side.
  cacheDir: astroCacheDir(),
  trailingSlash: 'always',
  build: { format: 'directory' },
  devToolbar: { enabled: false },
  integrations: [
    sitemap(),
    // The build context, the end-of-build summary, file links and page budgets, and `astro dev`'s content reloads.
    benchwright({
      // Page weight (HTML + CSS + JS, raw): the build fails when a page passes its budget. Report pages carry
      // every figure's chart (drawn twice: for the page and for a phone), data table, SQL and cited-results list;
      // 450 KB since both drawings and the lists (issue 15: v3 went from 300 to 396 KB raw, 43 to 51 KB gzipped).
      // BENCHWRIGHT_PAGE_BUDGET=reports/:95000,:500000 overrides them for one build.
      budgets: budgetsFromEnv(process.env.BENCHWRIGHT_PAGE_BUDGET) ?? [
        { pages: 'reports/', maxBytes: 450_000 },
        { pages: '', maxBytes: 500_000 },
      ],
    }),
  ],
};

export default config;
