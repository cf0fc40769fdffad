// Builds the Pagefind search index of the built site, after `astro build` (npm run build runs both).
// Usage: node scripts/search-index.ts [dir]   (default: $BENCHWRIGHT_OUT_DIR or dist)
// Only what is inside data-pagefind-body (report articles) is indexed, minus data-pagefind-ignore parts
// (chart and table bodies, the data and SQL parts). The index and Pagefind's UI go to <dir>/pagefind/.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as pagefind from 'pagefind';

const dir = resolve(process.argv[2] ?? (process.env.BENCHWRIGHT_OUT_DIR || 'dist'));
if (!existsSync(join(dir, 'index.html'))) {
  console.error(`search-index: ${dir} has no index.html; build the site first (npm run build).`);
  process.exit(2);
}

const fail = (what: string, errors: string[]) => {
  console.error(`search-index: ${what} failed:\n  ${errors.join('\n  ')}`);
  process.exitCode = 1;
};

try {
  const { index, errors } = await pagefind.createIndex({ forceLanguage: 'en' });
  if (!index) fail('creating the index', errors);
  else {
    const added = await index.addDirectory({ path: dir });
    if (added.errors.length > 0) fail(`indexing ${dir}`, added.errors);
    else {
      const written = await index.writeFiles({ outputPath: join(dir, 'pagefind') });
      if (written.errors.length > 0) fail('writing the index', written.errors);
      else console.log(`Pagefind: indexed ${added.page_count} HTML page${added.page_count === 1 ? '' : 's'} (searchable text: each page's data-pagefind-body), wrote ${written.outputPath}`);
    }
  }
} finally {
  await pagefind.close();
}
