/**
 * The Pagefind search index of a built site. Only what is inside data-pagefind-body (report articles and data
 * pages) is indexed, minus data-pagefind-ignore parts (chart and table bodies, the data and SQL parts). The index
 * and Pagefind's UI go to <dir>/pagefind/.
 */
import { join } from 'node:path';
import * as pagefind from 'pagefind';

/** Indexes the site in `dir`; returns how many pages were indexed. Throws with Pagefind's messages on failure. */
export async function buildSearchIndex(dir: string): Promise<{ pages: number; outputPath: string }> {
  try {
    const { index, errors } = await pagefind.createIndex({ forceLanguage: 'en' });
    if (!index) throw new Error(`creating the index failed:\n  ${errors.join('\n  ')}`);
    const added = await index.addDirectory({ path: dir });
    if (added.errors.length > 0) throw new Error(`indexing ${dir} failed:\n  ${added.errors.join('\n  ')}`);
    const written = await index.writeFiles({ outputPath: join(dir, 'pagefind') });
    if (written.errors.length > 0) throw new Error(`writing the index failed:\n  ${written.errors.join('\n  ')}`);
    return { pages: added.page_count, outputPath: written.outputPath };
  } finally {
    await pagefind.close();
  }
}
