/**
 * Static paths of chart images (one per chart of every report version), shared by the .svg and .png routes (each
 * chart's SVG by its name in the file store: storedText reads it); where they keep PNGs.
 */
import type { CollectionEntry } from 'astro:content';
import { cacheFolder } from '../core/build-cache.ts';
import { astroCacheDir } from '../core/project.ts';
import { fileStore } from '../publish/file-store.ts';
import type { PngStore } from '../publish/image-cache.ts';
import { readStoredHtml } from '../publish/page-html.ts';

export function chartImagePaths(entries: CollectionEntry<'reports'>[]) {
  return entries.flatMap((entry) =>
    entry.data.figures
      .filter((f) => f.svg)
      .map((f) => ({ params: { slug: entry.data.slug, version: `v${entry.data.version}`, id: f.id }, props: { svg: f.svg! } })),
  );
}

/** A text `astro dev`'s loaders kept in the file store (a figure's SVG or CSV), by the name in its entry. */
export function storedText(name: string): string {
  return readStoredHtml(cacheFolder(astroCacheDir()), name);
}

/** Where `astro dev`'s image routes keep the PNGs they draw: the file store of Astro's cache folder (nothing is pruned in dev). */
export function devPngStore(): PngStore {
  return { store: fileStore(cacheFolder(astroCacheDir())), root: process.cwd() };
}
