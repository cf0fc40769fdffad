/**
 * The files a build publishes beside its pages (chart SVGs and PNGs, CSV downloads, social cards) are kept in
 * one folder of the cache, `<cache>/files/`, each under a hash of what it was made from, and hard-linked into
 * the output. A link costs a directory entry, not a write: an unchanged site relinks its thousands of files in
 * tens of milliseconds, where writing them again took seconds on a disk busy freeing the previous output.
 * A file is written once, in the background while the build goes on, and whole (written beside, renamed).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildStats } from '../core/build-stats.ts';
import { limiter } from '../core/concurrency.ts';
import { writeFileAtomicAsync } from '../core/write-atomic.ts';

/** The store folder inside Benchwright's cache folder. */
export function storeFolder(cacheDir: string): string {
  return join(cacheDir, 'files');
}

/** Path of the stored file `name` in the store, marked as used by this build (so pruning keeps it). */
export function storedPath(cacheDir: string, name: string): string {
  buildStats().storeUsed.add(name);
  return join(storeFolder(cacheDir), name);
}

/** Stores a text or binary file under the hash of its content; resolves to its path once it is on disk. */
export function storeContent(cacheDir: string, content: string | Uint8Array): Promise<string> {
  const name = createHash('sha256').update(content).digest('hex');
  const file = storedPath(cacheDir, name);
  if (existsSync(file)) return Promise.resolve(file);
  // Equal contents (two versions' identical CSVs) are written once: the second waits for the first.
  let writing = inflight.get(file);
  if (!writing) {
    writing = writeStored(file, content).then(() => file);
    inflight.set(file, writing);
    void writing.finally(() => inflight.delete(file)).catch(() => undefined);
  }
  return writing;
}

const inflight = new Map<string, Promise<string>>();

/** Writes a store file whole: beside its place first, then renamed, so a killed build never leaves half a file. */
export function writeStored(file: string, content: string | Uint8Array): Promise<void> {
  return writes(() => writeFileAtomicAsync(file, content));
}

// Writes run on libuv's thread pool, which DuckDB's and sharp's calls share: two at a time keep the queries and
// images from waiting behind a queue of thousands of small writes.
const writes = limiter(2);

/** Removes stored files this build did not use (called once the build has succeeded); returns how many. */
export function pruneStore(cacheDir: string): number {
  // Before the file store, PNGs were kept in images/; nothing reads it now.
  rmSync(join(cacheDir, 'images'), { recursive: true, force: true });
  const folder = storeFolder(cacheDir);
  if (!existsSync(folder)) return 0;
  const used = buildStats().storeUsed;
  let removed = 0;
  for (const name of readdirSync(folder)) {
    if (used.has(name)) continue;
    rmSync(join(folder, name), { force: true });
    removed++;
  }
  return removed;
}
