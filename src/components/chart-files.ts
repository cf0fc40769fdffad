/** Static paths of chart images (one per chart of every report version), shared by the .svg and .png routes; where they keep PNGs. */
import type { CollectionEntry } from 'astro:content';
import { cacheFolder } from '../core/build-cache.ts';
import { astroCacheDir } from '../core/project.ts';
import { fileStore } from '../publish/file-store.ts';
import type { PngStore } from '../publish/image-cache.ts';

export function chartImagePaths(entries: CollectionEntry<'reports'>[]) {
  return entries.flatMap((entry) =>
    entry.data.figures
      .filter((f) => f.svg)
      .map((f) => ({ params: { slug: entry.data.slug, version: `v${entry.data.version}`, id: f.id }, props: { svg: f.svg! } })),
  );
}

/** Where `astro dev`'s image routes keep the PNGs they draw: the file store of Astro's cache folder (nothing is pruned in dev). */
export function devPngStore(): PngStore {
  return { store: fileStore(cacheFolder(astroCacheDir())), root: process.cwd() };
}
