/**
 * What each part of one build did, for the summary the build ends with: queries run and answered from the cache,
 * charts drawn and reused, images rasterised and reused. A plain value: the build context (src/astro/build-context.ts)
 * holds one per build and hands it to whatever counts.
 */
export interface WorkCount {
  /** Done in this build. */
  done: number;
  /** Taken from the cache. */
  cached: number;
  /** Milliseconds spent doing them. */
  ms: number;
}

/** Work kinds named `query kind:<kind>` count the engine's statements by kind (article, probe, lineage, parse…). */
export const KIND_PREFIX = 'query kind:';

/** Part name (reports, images…) → work kind (queries, charts, PNG images…) → counts. */
export type WorkCounts = Map<string, Map<string, WorkCount>>;

export function countWork(counts: WorkCounts, part: string, kind: string, cached: boolean, n = 1, ms = 0): void {
  const kinds = counts.get(part) ?? new Map<string, WorkCount>();
  const count = kinds.get(kind) ?? { done: 0, cached: 0, ms: 0 };
  if (cached) count.cached += n;
  else count.done += n;
  count.ms += ms;
  kinds.set(kind, count);
  counts.set(part, kinds);
}

/** Totals by kind over every part. */
export function totals(counts: WorkCounts): Map<string, WorkCount> {
  const out = new Map<string, WorkCount>();
  for (const kinds of counts.values()) {
    for (const [kind, c] of kinds) {
      const t = out.get(kind) ?? { done: 0, cached: 0, ms: 0 };
      out.set(kind, { done: t.done + c.done, cached: t.cached + c.cached, ms: t.ms + c.ms });
    }
  }
  return out;
}
