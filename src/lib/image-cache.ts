/**
 * PNGs of charts and social cards, rasterised once per distinct SVG: each is kept as
 * `<cache>/images/<hash>.png`, the hash taken over the SVG, the density and the toolkit (sharp's version and
 * the pinned fonts included), so an unchanged chart is copied rather than drawn again.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { toolkitFingerprint } from './build-cache.ts';
import { buildStats, countWork } from './build-stats.ts';
import { limiter } from './concurrency.ts';
import { hashParts } from './hash.ts';
import { svgToPng } from './raster.ts';
import { writeFileAtomic } from './write-atomic.ts';

export async function cachedPng(svg: string, density: number, dir: string, root: string): Promise<Buffer> {
  const key = hashParts(toolkitFingerprint(root), String(density), svg);
  const file = join(dir, 'images', `${key}.png`);
  buildStats().imagesUsed.add(key);
  if (existsSync(file)) {
    countWork('images', 'PNG images', true);
    return readFileSync(file);
  }
  let started = 0;
  const png = await limited(() => {
    started = performance.now();
    return svgToPng(svg, density);
  });
  writeFileAtomic(file, png);
  countWork('images', 'PNG images', false, 1, performance.now() - started);
  return png;
}

// At most one rasterisation per core at a time: sharp runs on libuv's thread pool, which Astro's file reads
// share, so an unbounded queue would stall the rest of the build behind hundreds of PNGs.
const limited = limiter(Math.max(1, availableParallelism()));

/** Removes cached images this build did not use (called once the build has succeeded). */
export function pruneImages(dir: string): number {
  const folder = join(dir, 'images');
  if (!existsSync(folder)) return 0;
  const used = buildStats().imagesUsed;
  let removed = 0;
  for (const name of readdirSync(folder)) {
    if (used.has(name.replace(/\.png$/, ''))) continue;
    rmSync(join(folder, name), { force: true });
    removed++;
  }
  return removed;
}
