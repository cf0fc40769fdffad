// The one publish command: the site (with links to its PDFs), the search index, a PDF of every report
// version, then a link check of the whole output. Prints each phase's time.
//   npm run publish:site          (BASE_PATH=/sub/ for a sub-folder; BENCHWRIGHT_OUT_DIR for another folder)
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { checkLinks, formatProblems } from '../src/lib/link-check.ts';
import { exportPdfs } from '../src/lib/pdf.ts';

const outDir = resolve(process.env.BENCHWRIGHT_OUT_DIR || 'dist');
const base = process.env.BASE_PATH || '/';
const times: [string, number][] = [];
const phase = async <T>(name: string, run: () => T | Promise<T>): Promise<T> => {
  const started = performance.now();
  const result = await run();
  times.push([name, performance.now() - started]);
  console.log(`publish: ${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
};
const node = (args: string[], env: NodeJS.ProcessEnv = {}) => {
  const run = spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (run.status !== 0) process.exit(run.status ?? 1);
};

await phase('site', () => node(['node_modules/astro/bin/astro.mjs', 'build'], { BENCHWRIGHT_PDF: '1', ASTRO_TELEMETRY_DISABLED: '1' }));
await phase('search index', () => node(['scripts/search-index.ts', outDir]));
const pdfs = await phase('PDFs', () => exportPdfs({ siteDir: outDir, base }));
const problems = await phase('link check', () => checkLinks(outDir, { base }));
if (problems.length > 0) {
  console.error(formatProblems(problems));
  process.exit(1);
}
const total = times.reduce((sum, [, ms]) => sum + ms, 0);
console.log(`publish: ${outDir} ready: ${pdfs.length} PDFs, no broken links; ${times.map(([n, ms]) => `${n} ${(ms / 1000).toFixed(1)} s`).join(', ')}; total ${(total / 1000).toFixed(1)} s`);
