/**
 * The build cache, kept between builds: values stored under a hash of everything they were computed from
 * (SQL, the content hashes of the data read, the chart spec and rows, the toolkit), never under file times.
 * A changed input changes the key, so nothing needs invalidating: a stale entry is simply never asked for.
 *
 * Each part of the build keeps one pack (`<dir>/<name>.pack`), read once at the start and written once at
 * the end with only the entries this build used, so the cache does not grow with every edit. A pack is in V8's
 * serialisation format (node:v8), which writes and reads these megabytes of HTML and SVG text faster than JSON
 * (measured on a 17 MB pack: about 40 against 130 ms to write, 35 against 55 ms to read). The pack also records
 * the toolkit fingerprint (package.json, package-lock.json, the code that shapes output and the fonts): a different toolkit starts
 * from an empty pack. Without a folder (tests, `npm run check`) the cache lives in memory for one run.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashParts } from './hash.ts';
import { TOOLKIT_VERSION } from './version.ts';
import { writeFileAtomic } from './write-atomic.ts';

export interface CacheCounter {
  /** Values computed in this build (cache misses). */
  computed: number;
  /** Values taken from the cache. */
  cached: number;
  /** Milliseconds spent computing. */
  ms: number;
}

export interface BuildCache {
  /** The value under a key, or undefined; counts a hit under `kind`. */
  get<T>(kind: string, key: string): T | undefined;
  set<T>(kind: string, key: string, value: T): void;
  /** The cached value, or `compute()`'s, stored under the key (a thrown error is not stored). */
  memo<T>(kind: string, key: string, compute: () => T): T;
  /** memo for an async computation (a rejection is not stored). */
  memoAsync<T>(kind: string, key: string, compute: () => Promise<T>): Promise<T>;
  /** Counts `n` values of `kind` as taken from the cache (those inside a larger cached value). */
  countCached(kind: string, n: number): void;
  /**
   * memoAsync for a value built from other cached values (an article from its queries and charts). Their keys
   * are recorded with it, and kept whenever it is used, so that editing it later finds them still there.
   */
  memoTracked<T>(kind: string, key: string, compute: () => Promise<T>): Promise<T>;
  /** Keeps an entry this build relied on without asking for it again (a result shared within the build). */
  touch(kind: string, key: string): void;
  /** Hits and misses by kind, for the build summary. */
  readonly counts: ReadonlyMap<string, CacheCounter>;
  /** Writes the pack (entries used in this build only); a no-op for an in-memory cache. */
  save(): void;
  /** What save() writes, in memory: the next run of a long-lived process (`astro dev`) starts from it (openBuildCache). */
  readonly carried: { fingerprint: string; entries: Record<string, unknown> };
}

interface Pack {
  fingerprint: string;
  entries: Record<string, unknown>;
}

/** A cache for one run, kept in memory. */
export const memoryCache = (): BuildCache => openBuildCache(undefined, '', '');

/**
 * The cache of one run. `after`: the cache of the run before in this process (`astro dev`'s previous reload): its
 * entries and fingerprint are taken from memory instead of reading and hashing the pack and the toolkit again (the
 * toolkit's code does not change while a process runs it; half a second of every saved article's reload).
 */
export function openBuildCache(dir: string | undefined, name: string, root: string, entries: readonly string[] = [], after?: BuildCache): BuildCache {
  // V8's format may change with the Node version that reads it, so that is part of the fingerprint.
  const fingerprint = after ? after.carried.fingerprint : dir ? hashParts(toolkitFingerprint(root, entries), process.versions.v8) : '';
  const file = dir ? join(dir, `${name}.pack`) : undefined;
  const stored = after ? after.carried.entries : file ? readPack(file, fingerprint) : {};
  const used = new Map<string, unknown>();
  // Keys read or written while a tracked value is being computed (see memoTracked), by the computation that
  // asked: articles render side by side, so "the current scope" follows each one's async calls.
  const scopes = new AsyncLocalStorage<Set<string>[]>();
  // Whether this build asked for anything the pack does not hold: if not, and it used every entry, the pack is
  // written back unchanged, so it is not written at all.
  let added = false;
  const remember = (k: string, value: unknown) => {
    if (!added && !Object.hasOwn(stored, k)) added = true;
    used.set(k, value);
    for (const scope of scopes.getStore() ?? []) scope.add(k);
  };
  const lookup = (k: string): unknown => (used.has(k) ? used.get(k) : Object.hasOwn(stored, k) ? stored[k] : undefined);
  /** Carries an entry into this build's pack without counting it as asked for. */
  const keep = (k: string) => {
    const value = lookup(k);
    if (value !== undefined) remember(k, value);
  };
  const counts = new Map<string, CacheCounter>();
  const count = (kind: string, hit: boolean, ms = 0, n = 1) => {
    const c = counts.get(kind) ?? { computed: 0, cached: 0, ms: 0 };
    if (hit) c.cached += n;
    else c.computed += n;
    c.ms += ms;
    counts.set(kind, c);
  };
  /** The entries this run used, in key order: what the pack holds after it. */
  const packEntries = () => Object.fromEntries([...used].filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const cache: BuildCache = {
    counts,
    get<T>(kind: string, key: string): T | undefined {
      const k = `${kind}:${key}`;
      const value = lookup(k);
      if (value === undefined) return undefined;
      remember(k, value);
      count(kind, true);
      return value as T;
    },
    set<T>(kind: string, key: string, value: T) {
      remember(`${kind}:${key}`, value);
    },
    touch(kind: string, key: string) {
      keep(`${kind}:${key}`);
    },
    async memoTracked<T>(kind: string, key: string, compute: () => Promise<T>): Promise<T> {
      const hit = cache.get<{ value: T; deps: string[] }>(kind, key);
      if (hit !== undefined) {
        for (const dep of hit.deps) keep(dep);
        return hit.value;
      }
      const scope = new Set<string>();
      const started = performance.now();
      const value = await scopes.run([...(scopes.getStore() ?? []), scope], compute);
      count(kind, false, performance.now() - started);
      cache.set(kind, key, { value, deps: [...scope].sort() });
      return value;
    },
    memo<T>(kind: string, key: string, compute: () => T): T {
      const hit = cache.get<T>(kind, key);
      if (hit !== undefined) return hit;
      const started = performance.now();
      const value = compute();
      count(kind, false, performance.now() - started);
      cache.set(kind, key, value);
      return value;
    },
    countCached(kind: string, n: number) {
      count(kind, true, 0, n);
    },
    async memoAsync<T>(kind: string, key: string, compute: () => Promise<T>): Promise<T> {
      const hit = cache.get<T>(kind, key);
      if (hit !== undefined) return hit;
      const started = performance.now();
      const value = await compute();
      count(kind, false, performance.now() - started);
      cache.set(kind, key, value);
      return value;
    },
    get carried() {
      return { fingerprint, entries: packEntries() };
    },
    save() {
      if (!dir || !file) return;
      if (!added && used.size === Object.keys(stored).length) return;
      writeFileAtomic(file, serialize({ fingerprint, entries: packEntries() } satisfies Pack));
      // Packs were JSON before: nothing reads those now.
      rmSync(join(dir, `${name}.json`), { force: true });
    },
  };
  return cache;
}

function readPack(file: string, fingerprint: string): Record<string, unknown> {
  if (!existsSync(file)) return {};
  try {
    const pack = deserialize(readFileSync(file)) as Pack;
    return pack.fingerprint === fingerprint && typeof pack.entries === 'object' && pack.entries ? pack.entries : {};
  } catch {
    // A pack that does not parse (a disk filled up mid-write by another tool) is a cold cache, not an error:
    // every value in it can be computed again.
    return {};
  }
}

/** A JSON file kept in the cache, or undefined when it is missing or does not parse: a miss, computed again. */
export function readCacheJson<T>(file: string): T | undefined {
  try {
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined;
  } catch {
    return undefined;
  }
}

const fingerprints = new Map<string, string>();

/** A module and every project module it imports, directly or not (static and dynamic `import` of a relative `.ts`). */
export function importClosure(root: string, entries: readonly string[]): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file) || !existsSync(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from|import\(|import)\s*['"](\.{1,2}\/[^'"]+\.ts)['"]/g)) visit(join(dirname(file), m[1]!));
  };
  for (const entry of entries) visit(join(root, entry));
  return [...seen].map((f) => relative(root, f)).sort();
}

/**
 * What a cached value was made with: the toolkit version, the exact dependency versions (Plot, DuckDB…), the
 * code that shapes output (the entry modules the caller names, and what they import) and the fonts, so editing that code or upgrading a
 * package never reuses results made by the old code.
 */
export function toolkitFingerprint(root: string, entries: readonly string[]): string {
  const key = `${root}\0${entries.join('\0')}`;
  const known = fingerprints.get(key);
  if (known) return known;
  const hash = createHash('sha256').update(TOOLKIT_VERSION);
  for (const file of ['package.json', 'package-lock.json']) {
    const path = join(root, file);
    if (existsSync(path)) hash.update(hashParts(file, readFileSync(path, 'utf8')));
  }
  for (const file of importClosure(root, entries)) hash.update(hashParts(file, readFileSync(join(root, file), 'utf8')));
  // The fonts charts are rasterised with.
  const fonts = join(root, 'src', 'fonts');
  if (existsSync(fonts)) {
    for (const name of readdirSync(fonts).sort()) {
      if (/\.(ttf|otf|conf)$/.test(name)) hash.update(hashParts(name, readFileSync(join(fonts, name)).toString('base64')));
    }
  }
  const value = hash.digest('hex');
  fingerprints.set(key, value);
  return value;
}

/** Benchwright's cache folder inside Astro's cacheDir (BENCHWRIGHT_CACHE_DIR, default node_modules/.astro). */
export function cacheFolder(astroCacheDir: string | URL): string {
  return join(typeof astroCacheDir === 'string' ? astroCacheDir : fileURLToPath(astroCacheDir), 'benchwright');
}
