/**
 * The summary a build ends with: per phase (queries, charts, images, pages) what was done and what came from the
 * cache, with times, and the heaviest pages, then one summary line. Quiet (BENCHWRIGHT_QUIET=1): only the summary line.
 */
import { availableParallelism } from 'node:os';
import { KIND_PREFIX, totals, type WorkCount, type WorkCounts } from '../core/work-counts.ts';
import { QUERY_KINDS } from '../core/sql/query-types.ts';
import { formatWeight, type PageWeight } from './page-weight.ts';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export interface BuildOutcome {
  counts: WorkCounts;
  /** Pages Astro wrote. */
  pages: number;
  /** Files linked beside them (site-files.ts). */
  files: number;
  /** Milliseconds from the start of Astro's page build to now. */
  pagesMs: number;
  /** Stored files this build did not use, removed (file-store.ts). */
  removed: number;
  /** Every page's weight, heaviest first. */
  weights: PageWeight[];
}

/** The summary's lines, without the "[benchwright] " each is printed with. */
export function summaryLines({ counts, pages, files, pagesMs, removed, weights }: BuildOutcome, quiet: boolean): string[] {
  const t = totals(counts);
  const get = (kind: string): WorkCount => t.get(kind) ?? { done: 0, cached: 0, ms: 0 };
  const count = (kind: string, verb: string) => `${get(kind).done + get(kind).cached} ${kind} (${get(kind).done} ${verb}, ${get(kind).cached} from cache)`;
  const lines = quiet
    ? []
    : [
        `queries: ${count('queries', 'run')} in ${seconds(get('queries').ms)}`,
        // Each statement's own time, summed: statements on different connections overlap, so these add up to more than the wall time.
        `query kinds: ${queryKinds(t)}`,
        `charts: ${count('charts', 'drawn')} in ${seconds(get('charts').ms)}`,
        // Rasterising runs on several threads at once: this is their summed time, not the wall-clock time.
        `images: ${count('PNG images', 'rasterised')}, ${seconds(get('PNG images').ms)} of rasterising over ${availableParallelism()} threads`,
        `pages: ${pages} pages and ${files} chart, CSV and card files in ${seconds(pagesMs)}${removed ? `; ${removed} unused stored file${removed === 1 ? '' : 's'} removed` : ''}`,
        `page weight, heaviest first:`,
        ...weights.slice(0, 5).map((w) => `  ${formatWeight(w)}`),
      ];
  const heaviest = weights[0];
  lines.push(
    `summary: ${count('queries', 'run')}, ${count('charts', 'drawn')}, ${count('PNG images', 'rasterised')}, ${pages} pages` +
      (heaviest ? `, heaviest ${(heaviest.raw / 1000).toFixed(1)} KB` : ''),
  );
  return lines;
}

/** "article 64 run, 0 from cache, 1210 ms; probe …; parse 40 run, 0 from cache, 95 ms": the engine's statements by kind (query-types.ts). */
function queryKinds(t: Map<string, WorkCount>): string {
  const order = [...QUERY_KINDS, 'parse', 'unparse', 'cte'];
  const kinds = order.map((kind) => [kind, t.get(`${KIND_PREFIX}${kind}`)] as const).filter(([, c]) => c && c.done + c.cached > 0);
  if (kinds.length === 0) return 'none';
  return kinds.map(([kind, c]) => `${kind} ${c!.done} run, ${c!.cached} from cache, ${Math.round(c!.ms)} ms`).join('; ');
}
