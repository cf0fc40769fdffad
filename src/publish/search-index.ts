/**
 * The Pagefind search index of a built site. Only what is inside data-pagefind-body (report articles and data
 * pages) is indexed, minus data-pagefind-ignore parts (chart and table bodies, the data and SQL parts). The index
 * and Pagefind's UI go to <dir>/pagefind/.
 *
 * With a cache folder, the index is kept there under a hash of every HTML page (path and bytes) and Pagefind's
 * version: a site whose pages are all unchanged gets the same files back (Pagefind's output is deterministic)
 * instead of half a second of indexing.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as pagefind from 'pagefind';
import { readCacheJson } from '../core/build-cache.ts';
import { htmlFiles } from './html-files.ts';
import { writeFileAtomic } from '../core/write-atomic.ts';

const OPTIONS = { forceLanguage: 'en' };

export interface SearchIndex {
  pages: number;
  outputPath: string;
  /** Whether the index was the cached one (every page unchanged). */
  cached: boolean;
}

/** Indexes the site in `dir`; returns how many pages were indexed. Throws with Pagefind's messages on failure. */
export async function buildSearchIndex(dir: string, { cacheDir }: { cacheDir?: string } = {}): Promise<SearchIndex> {
  const outputPath = join(dir, 'pagefind');
  const key = cacheDir ? pagesKey(dir) : '';
  const kept = cacheDir ? join(cacheDir, 'search') : '';
  if (cacheDir) {
    const stored = readCacheJson<{ key: string; pages: number }>(join(kept, 'key.json'));
    if (stored?.key === key && existsSync(join(kept, 'pagefind'))) {
      cpSync(join(kept, 'pagefind'), outputPath, { recursive: true });
      return { pages: stored.pages, outputPath, cached: true };
    }
  }
  const pages = await runPagefind(dir, outputPath);
  if (cacheDir) {
    // The key is written last: a copy cut short is never taken for a whole one.
    rmSync(kept, { recursive: true, force: true });
    cpSync(outputPath, join(kept, 'pagefind'), { recursive: true });
    writeFileAtomic(join(kept, 'key.json'), JSON.stringify({ key, pages }));
  }
  return { pages, outputPath, cached: false };
}

async function runPagefind(dir: string, outputPath: string): Promise<number> {
  try {
    const { index, errors } = await pagefind.createIndex(OPTIONS);
    if (!index) throw new Error(`creating the index failed:\n  ${errors.join('\n  ')}`);
    const added = await index.addDirectory({ path: dir });
    if (added.errors.length > 0) throw new Error(`indexing ${dir} failed:\n  ${added.errors.join('\n  ')}`);
    const written = await index.writeFiles({ outputPath });
    if (written.errors.length > 0) throw new Error(`writing the index failed:\n  ${written.errors.join('\n  ')}`);
    return added.page_count;
  } finally {
    await pagefind.close();
  }
}

/** A hash of Pagefind's version and every HTML page of the site (its path and bytes), in path order. */
function pagesKey(dir: string): string {
  const hash = createHash('sha256').update(`pagefind ${pagefindVersion()} ${JSON.stringify(OPTIONS)}\n`);
  for (const page of htmlFiles(dir)) hash.update(`${page}\n`).update(readFileSync(join(dir, page))).update('\n');
  return hash.digest('hex');
}

function pagefindVersion(): string {
  const manifest = join(import.meta.dirname, '..', '..', 'node_modules', 'pagefind', 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}
