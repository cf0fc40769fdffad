/**
 * Files the build publishes beside the pages: each chart as SVG and 2× PNG, each figure's CSV downloads and
 * each report version's social card. The content loaders know them all, so they hand them over here and the
 * Astro integration writes them at the end of the build: thousands of endpoint routes cost Astro 2–3 ms each,
 * and PNGs rasterised here run on sharp's threads while Astro renders the pages. (In `astro dev` the routes
 * under src/pages/charts and src/pages/social serve the same files on request.)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildStats } from './build-stats.ts';

export type FileContent = string | Uint8Array | Promise<Uint8Array>;

/** Whether this process is building a site (set by the integration); in dev and check nothing is queued. */
export function emitting(): boolean {
  return buildStats().emit;
}

/** Queues a file, by its path in the output folder (no base path: Astro writes pages the same way). */
export function emitFile(path: string, content: FileContent): void {
  if (!emitting()) return;
  const files = buildStats().files;
  if (files.has(path)) throw new Error(`two files for ${path}`);
  // A rejected rasterisation is reported when the files are written; until then it must not count as unhandled.
  if (content instanceof Promise) content.catch(() => undefined);
  files.set(path, content);
}

/** Writes every queued file into the output folder; returns how many. A failed PNG fails the build here. */
export async function writeSiteFiles(outDir: string): Promise<number> {
  const files = buildStats().files;
  for (const [path, content] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const file = join(outDir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, await content);
  }
  return files.size;
}
