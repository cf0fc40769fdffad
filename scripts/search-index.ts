// Builds the Pagefind search index of the built site (src/publish/search-index.ts); `npm run build` does it itself.
// Usage: node scripts/search-index.ts [dir]   (default: $BENCHWRIGHT_OUT_DIR or dist)
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildSearchIndex } from '../src/publish/search-index.ts';
import { scriptArgs } from './script-args.ts';

const [given] = scriptArgs('search-index', `node scripts/search-index.ts [dir]

Builds the Pagefind search index of a built site (default: $BENCHWRIGHT_OUT_DIR or dist); npm run build does it
itself, so this is for a site built otherwise.

Example: node scripts/search-index.ts /tmp/site`, { positionals: [0, 1] }).positionals;
const dir = resolve(given ?? (process.env.BENCHWRIGHT_OUT_DIR || 'dist'));
if (!existsSync(join(dir, 'index.html'))) {
  console.error(`search-index: ${dir} has no index.html; build the site first (npm run build).`);
  process.exit(2);
}
try {
  const { pages, outputPath } = await buildSearchIndex(dir);
  console.log(`Pagefind: indexed ${pages} HTML page${pages === 1 ? '' : 's'} (searchable text: each page's data-pagefind-body), wrote ${outputPath}`);
} catch (error) {
  console.error(`search-index: ${(error as Error).message}`);
  process.exitCode = 1;
}
