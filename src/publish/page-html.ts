/**
 * The rendered HTML of each article and data page is kept in the file store (file-store.ts) and only its name
 * in Astro's data store. Astro bundles its whole data store into the build as one JavaScript string; with every
 * page's HTML in it, that string was most of the bundling time and memory of a large site (10 MB at 100 reports).
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { storeContent, storeFolder, type FileStore } from './file-store.ts';

/** What an entry keeps of its page: the stored HTML's name and the headings for the table of contents. */
export const storedPageSchema = {
  html: z.string(),
  headings: z.array(z.object({ depth: z.number(), slug: z.string(), text: z.string() })),
};

/** Stores a page's HTML; resolves to its name in the store once it is written. */
export async function storeHtml(store: FileStore, html: string): Promise<string> {
  return basename(await storeContent(store, html));
}

/** A stored page's HTML, by the name storeHtml gave. */
export function readStoredHtml(cacheDir: string, name: string): string {
  return readFileSync(join(storeFolder(cacheDir), name), 'utf8');
}
