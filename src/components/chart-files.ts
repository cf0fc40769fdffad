/** Static paths of chart images (one per chart of every report version), shared by the .svg and .png routes. */
import type { CollectionEntry } from 'astro:content';

export function chartImagePaths(entries: CollectionEntry<'reports'>[]) {
  return entries.flatMap((entry) =>
    entry.data.figures
      .filter((f) => f.svg)
      .map((f) => ({ params: { slug: entry.data.slug, version: `v${entry.data.version}`, id: f.id }, props: { svg: f.svg! } })),
  );
}
