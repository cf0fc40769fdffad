// @ts-check
import { defineConfig } from 'astro/config';

// BASE_PATH lets the site live under a sub-folder (e.g. BASE_PATH=/reports/); SITE_URL makes absolute URLs.
export default defineConfig({
  site: process.env.SITE_URL || 'https://benchwright.example',
  base: process.env.BASE_PATH || '/',
  outDir: process.env.BENCHWRIGHT_OUT_DIR || './dist',
  trailingSlash: 'always',
  build: { format: 'directory' },
  devToolbar: { enabled: false },
});
