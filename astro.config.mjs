// @ts-check
import { defineConfig } from 'astro/config';

// BASE_PATH lets the site live under a sub-folder (e.g. BASE_PATH=/reports/); SITE_URL makes absolute URLs.
export default defineConfig({
  site: process.env.SITE_URL || 'https://benchwright.example',
  base: process.env.BASE_PATH || '/',
  outDir: process.env.BENCHWRIGHT_OUT_DIR || './dist',
  // Separate caches let several builds (tests, fixture sites) run side by side.
  cacheDir: process.env.BENCHWRIGHT_CACHE_DIR || './node_modules/.astro',
  trailingSlash: 'always',
  build: { format: 'directory' },
  devToolbar: { enabled: false },
});
