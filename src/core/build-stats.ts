/**
 * What each part of one build did, for the summary the build ends with: queries run and answered from the
 * cache, charts drawn and reused, images rasterised and reused; and the files it publishes beside the pages. The content loaders, the image routes and the
 * Astro integration that prints the summary are separate modules (Astro bundles the routes apart), so the
 * record lives on globalThis under a registered symbol: one per process, whichever copy of this module asks.
 */
export interface WorkCount {
  /** Done in this build. */
  done: number;
  /** Taken from the cache. */
  cached: number;
  /** Milliseconds spent doing them. */
  ms: number;
}

export interface BuildStats {
  /** Part name → work kind (queries, charts, images…) → counts. */
  parts: Map<string, Map<string, WorkCount>>;
  /** Names of the stored files this build used (file-store.ts; the rest are removed at its end). */
  storeUsed: Set<string>;
  /**
   * While `astro build` runs: Benchwright's cache folder, whose file store holds the files published beside
   * the pages (site-files.ts); undefined in `astro dev` and `npm run check`, which publish no files.
   */
  emit: string | undefined;
  /** Each file to publish, by its path in the output, and where it is stored once written. */
  files: Map<string, Promise<string>>;
  /** How many times each content loader has started loading, by name (astro-dev-reload.ts checks a reload ran). */
  loads: Map<string, number>;
}

const KEY = Symbol.for('benchwright.build-stats');

export function buildStats(): BuildStats {
  const holder = globalThis as { [KEY]?: BuildStats };
  return (holder[KEY] ??= { parts: new Map(), storeUsed: new Set(), emit: undefined, files: new Map(), loads: new Map() });
}

export function countWork(part: string, kind: string, cached: boolean, n = 1, ms = 0): void {
  const kinds = buildStats().parts.get(part) ?? new Map<string, WorkCount>();
  const count = kinds.get(kind) ?? { done: 0, cached: 0, ms: 0 };
  if (cached) count.cached += n;
  else count.done += n;
  count.ms += ms;
  kinds.set(kind, count);
  buildStats().parts.set(part, kinds);
}

/** Records that a content loader started loading. */
export function countLoad(loader: string): void {
  buildStats().loads.set(loader, (buildStats().loads.get(loader) ?? 0) + 1);
}

/** Totals by kind over every part. */
export function totals(stats: BuildStats = buildStats()): Map<string, WorkCount> {
  const out = new Map<string, WorkCount>();
  for (const kinds of stats.parts.values()) {
    for (const [kind, c] of kinds) {
      const t = out.get(kind) ?? { done: 0, cached: 0, ms: 0 };
      out.set(kind, { done: t.done + c.done, cached: t.cached + c.cached, ms: t.ms + c.ms });
    }
  }
  return out;
}
