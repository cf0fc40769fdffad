/**
 * PNGs of charts and social cards, rasterised once per distinct SVG: each is kept in the file store
 * (file-store.ts) as `<hash>.png`, the hash taken over the SVG, the density, the toolkit (sharp's version
 * included) and the installed fonts (installed-fonts.ts), so an unchanged chart is linked rather than drawn again,
 * and one drawn before a font was installed (its text as boxes) is drawn again after.
 */
import { OUTPUT_ENTRIES } from './output-code.ts';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { toolkitFingerprint } from '../core/build-cache.ts';
import { countWork, type WorkCounts } from '../core/work-counts.ts';
import { limiter } from '../core/concurrency.ts';
import { storedPath, writeStored, type FileStore } from './file-store.ts';
import { hashParts } from '../core/hash.ts';
import { installedFonts } from './fonts/installed-fonts.ts';

/** Where a PNG is kept, what its key covers, and (in a build) the counts it adds to. */
export interface PngStore {
  store: FileStore;
  /** The project root (the toolkit fingerprint's). */
  root: string;
  counts?: WorkCounts;
}

/** The stored PNG of an SVG at `density`, rasterised when the store does not have it yet; resolves to its path. */
export async function cachedPngFile(svg: string, density: number, { store, root, counts = new Map() }: PngStore, fonts = installedFonts().fingerprint): Promise<string> {
  const file = storedPath(store, `${pngKey(svg, density, root, fonts)}.png`);
  if (existsSync(file)) {
    countWork(counts, 'images', 'PNG images', true);
    return file;
  }
  // sharp (and librsvg, fonts) loaded only when an image is drawn: a build without PNGs never needs them.
  const { svgToPng } = await import('./raster.ts');
  let started = 0;
  const png = await limited(() => {
    started = performance.now();
    return svgToPng(svg, density);
  });
  countWork(counts, 'images', 'PNG images', false, 1, performance.now() - started);
  await writeStored(file, png);
  return file;
}

/** The store key of a PNG: what it is drawn from, and with. */
export function pngKey(svg: string, density: number, root: string, fonts: string): string {
  return hashParts(toolkitFingerprint(root, OUTPUT_ENTRIES), fonts, String(density), svg);
}

/** The PNG's bytes (for `astro dev`, which serves images from routes). */
export async function cachedPng(svg: string, density: number, png: PngStore): Promise<Buffer> {
  return readFile(await cachedPngFile(svg, density, png));
}

// At most one rasterisation per core at a time: sharp runs on libuv's thread pool, which Astro's file reads
// share, so an unbounded queue would stall the rest of the build behind hundreds of PNGs.
const limited = limiter(Math.max(1, availableParallelism()));
