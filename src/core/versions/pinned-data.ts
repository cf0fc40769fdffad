/**
 * A pinned report version is evaluated on exactly the data it was pinned to. A table kept one file per round
 * (MLPerf Inference) is, for that version, only the files it pinned: a round imported later is not in its
 * tables, so its queries, units, citations and pages stay as published without filtering on round.
 * One query engine per distinct set of pinned files, opened when a version first needs it.
 */
import type { BuildCache } from '../build-cache.ts';
import { catalogFromYaml, type Catalog } from '../data/catalog.ts';
import { frozenEngine, type FrozenResults } from './frozen.ts';
import { createQueryEngine, type QueryEngine, type QueryEngineOptions } from '../sql/query-engine.ts';

export interface PinnedEngines {
  /** The engine over the data a version's pins name (the whole data for a draft). */
  engineFor(pins: Record<string, string> | undefined): Promise<QueryEngine>;
  /** The engine of a frozen version: its recorded answers (frozen.ts). */
  frozen(frozen: FrozenResults, display: string): QueryEngine;
  /** Every engine opened so far, the whole data's first. */
  readonly all: QueryEngine[];
  /**
   * Closes the engines over pinned data (their DuckDB, tables and memory), keeping their stats in `all`; a later
   * engineFor opens them again. The reports call it once every version is rendered: the data pages and Astro's
   * pages, built after or beside them, need only the whole data's engine, and the memory is theirs.
   */
  release(): void;
}

/** `options`: the full engine's (row cap, limits, cache), for each engine over pinned data. */
export function pinnedEngines(full: QueryEngine, options: Omit<QueryEngineOptions, 'catalog'> & { cache: BuildCache }): PinnedEngines {
  const opened = new Map<string, Promise<QueryEngine>>();
  const all = [full];
  return {
    all,
    frozen(results, display) {
      const engine = frozenEngine(results, full, display);
      all.push(engine);
      return engine;
    },
    engineFor(pins) {
      if (!pins) return Promise.resolve(full);
      const catalog = pinnedCatalog(full.catalog, Object.keys(pins));
      if (sameFiles(catalog, full.catalog)) return Promise.resolve(full);
      const key = catalog.tables.map((t) => `${t.name}:${t.files.join(',')}`).join(';');
      let engine = opened.get(key);
      if (!engine) {
        engine = createQueryEngine({ ...options, catalog });
        opened.set(key, engine);
        void engine.then((e) => all.push(e), () => undefined);
      }
      return engine;
    },
    release() {
      for (const engine of opened.values()) void engine.then((e) => e.close(), () => undefined);
      opened.clear();
    },
  };
}

/** The catalog as a version pinned to `files` sees it: each table of several files keeps those it pinned. */
export function pinnedCatalog(catalog: Catalog, files: string[]): Catalog {
  if (!catalog.document) throw new Error(`pinnedCatalog: the catalog of ${catalog.dataDir} was not read from a catalog.yaml (a frozen version's), so it cannot be pinned`);
  const { raw, path } = catalog.document;
  return catalogFromYaml(raw, catalog.dataDir, path, { only: new Set(files), formatters: catalog.formatters });
}

function sameFiles(a: Catalog, b: Catalog): boolean {
  return a.tables.every((t, i) => t.files.join('\n') === b.tables[i]!.files.join('\n'));
}
