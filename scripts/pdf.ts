// Prints every report version of the built site to PDF (A4 and US Letter) into <site>/pdf/:
//   npm run pdf                    (site in dist/, or BENCHWRIGHT_OUT_DIR)
// Needs a local Chrome, Chromium or Edge (BENCHWRIGHT_BROWSER names one); says what to install otherwise.
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { BrowserNotFoundError, findBrowser } from '../src/publish/pdf/browser.ts';
import { normalizePdfs } from '../src/publish/pdf/pdf-normalize.ts';
import { exportPdfs, findVersionPages, TableTooWideError } from '../src/publish/pdf/pdf.ts';
import { siteUrl } from '../src/core/project.ts';
import { scriptArgs } from './script-args.ts';

scriptArgs('pdf', `npm run pdf

Prints every report version of the built site (dist/, or $BENCHWRIGHT_OUT_DIR; run npm run build first) to PDF,
A4 and US Letter, into <site>/pdf/<slug>-v<N>.pdf and <slug>-v<N>-letter.pdf. Needs a local Chrome, Chromium or
Edge (BENCHWRIGHT_BROWSER names one). npm run publish:site does this as part of the publish build.

Example: BENCHWRIGHT_OUT_DIR=/tmp/site npm run pdf`);
const siteDir = resolve(process.env.BENCHWRIGHT_OUT_DIR || 'dist');
const base = process.env.BASE_PATH || '/';
if (!existsSync(siteDir) || findVersionPages(siteDir).length === 0) {
  console.error(`pdf: no built report versions in ${siteDir}; run \`npm run build\` first.`);
  process.exit(1);
}
try {
  findBrowser();
} catch (error) {
  if (error instanceof BrowserNotFoundError) {
    console.error(`pdf: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
const started = performance.now();
const quiet = !process.stdout.isTTY || process.env.BENCHWRIGHT_QUIET === '1';
const results = await exportPdfs({
  siteDir,
  base,
  siteUrl: siteUrl(),
  onProgress: (r) => {
    if (!quiet) console.log(`  ${relative(process.cwd(), r.file)} (${r.format}, ${Math.round(r.bytes / 1024)} KB, ${r.ms} ms)`);
  },
}).catch((error: unknown) => {
  if (!(error instanceof TableTooWideError)) throw error;
  console.error(`pdf: ${error.message}`);
  process.exit(1);
});
normalizePdfs(results.map((r) => r.file));
console.log(`pdf: ${results.length} PDFs in ${relative(process.cwd(), resolve(siteDir, 'pdf'))} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
