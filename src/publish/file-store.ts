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
import { limiter } from '../core/concurrency.ts';
import { writeFileAtomic, writeFileAtomicAsync } from '../core/write-atomic.ts';

/** One build's view of the store: where it is, and the names this build used (the rest are pruned at its end). */
export interface FileStore {
  /** Benchwright's cache folder (the store is its `files/` folder). */
  cacheDir: string;
  used: Set<string>;
  /** Writes in flight, by path: equal contents asked for twice are written once. */
  inflight: Map<string, Promise<string>>;
}

export function fileStore(cacheDir: string): FileStore {
  return { cacheDir, used: new Set(), inflight: new Map() };
}

/** The store folder inside Benchwright's cache folder. */
export function storeFolder(cacheDir: string): string {
  return join(cacheDir, 'files');
}

/** Path of the stored file `name` in the store, marked as used by this build (so pruning keeps it). */
export function storedPath(store: FileStore, name: string): string {
  store.used.add(name);
  return join(storeFolder(store.cacheDir), name);
}

/**
 * Stores a text or binary file under the hash of its content at once, on this thread, and gives its name: for many
 * small files a reload cannot wait for (`astro dev` keeps figures' files this way). Written whole all the same.
 */
export function storeContentNow(store: FileStore, content: string | Uint8Array): string {
  const name = createHash('sha256').update(content).digest('hex');
  const file = storedPath(store, name);
  if (!existsSync(file)) writeFileAtomic(file, content);
  return name;
}

/** Stores a text or binary file under the hash of its content; resolves to its path once it is on disk. */
export function storeContent(store: FileStore, content: string | Uint8Array): Promise<string> {
  const name = createHash('sha256').update(content).digest('hex');
  const file = storedPath(store, name);
  if (existsSync(file)) return Promise.resolve(file);
  // Equal contents (two versions' identical CSVs) are written once: the second waits for the first.
  let writing = store.inflight.get(file);
  if (!writing) {
    writing = writeStored(file, content).then(() => file);
    store.inflight.set(file, writing);
    void writing.finally(() => store.inflight.delete(file)).catch(() => undefined);
  }
  return writing;
}

/** Writes a store file whole: beside its place first, then renamed, so a killed build never leaves half a file. */
export function writeStored(file: string, content: string | Uint8Array): Promise<void> {
  return writes(() => writeFileAtomicAsync(file, content));
}

// Writes run on libuv's thread pool, which DuckDB's and sharp's calls share: two at a time keep the queries and
// images from waiting behind a queue of thousands of small writes. (A bound on the process's threads, so one per process.)
const writes = limiter(2);

/** Removes stored files this build did not use (called once the build has succeeded); returns how many. */
export function pruneStore(store: FileStore): number {
  // Before the file store, PNGs were kept in images/; nothing reads it now.
  rmSync(join(store.cacheDir, 'images'), { recursive: true, force: true });
  const folder = storeFolder(store.cacheDir);
  if (!existsSync(folder)) return 0;
  let removed = 0;
  for (const name of readdirSync(folder)) {
    if (store.used.has(name)) continue;
    rmSync(join(folder, name), { force: true });
    removed++;
  }
  return removed;
}
