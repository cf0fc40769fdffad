/**
 * Frozen versions (after Quarto's `freeze`): a published version whose computed results are kept in the repository,
 * beside it, as `v<N>.frozen.json`, so it keeps building as published even when the data it was pinned to is
 * corrected or gone. What is frozen is the computation (every answer the query engine gave while the version was
 * rendered, and the catalog as that version saw it); the page is still rendered by today's toolkit from them.
 * `npm run freeze` writes the file (scripts/freeze.ts); deleting it unfreezes the version.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { withCitation, type Catalog, type CatalogTable } from '../data/catalog.ts';
import { hashParts } from '../hash.ts';
import { QueryError, type QueryEngine, type QueryResult } from '../sql/query-engine.ts';
import { countKind, emptyStats, type QueryKind } from '../sql/query-types.ts';

export const FROZEN_FORMAT = 1;

export interface FrozenResults {
  format: typeof FROZEN_FORMAT;
  /** SHA-256 of the version's Markdown: a frozen file belongs to exactly one source. */
  source: string;
  /** The data files the version was pinned to, with their hashes, and which rows of each table came from which file. */
  files: Record<string, string>;
  ranges: Record<string, { file: string; firstRow: number }[]>;
  /** The tables as the version saw them (only its pinned files; views with their columns). */
  tables: CatalogTable[];
  /** Every statement the engine answered, by its SQL. */
  answers: Record<string, Pick<QueryResult, 'columns' | 'rows' | 'tables'>>;
}

/** The frozen results file beside a version's Markdown file. */
export function frozenPath(markdownPath: string): string {
  return markdownPath.replace(/\.md$/, '.frozen.json');
}

export function sourceHash(source: string): string {
  return `sha256:${createHash('sha256').update(source).digest('hex')}`;
}

/** Reads a version's frozen results, if it has them. */
export function readFrozen(markdownPath: string): FrozenResults | undefined {
  const path = frozenPath(markdownPath);
  if (!existsSync(path)) return undefined;
  const frozen = JSON.parse(readFileSync(path, 'utf8')) as FrozenResults;
  if (frozen.format !== FROZEN_FORMAT) throw new Error(`${path}: frozen results of format ${String(frozen.format)}; this toolkit reads format ${FROZEN_FORMAT}`);
  return frozen;
}

/**
 * An engine that records every answer it gives (for freezing). The recorded tables and ranges are the engine's as
 * they stand after the render (views' columns filled in).
 */
export function recordingEngine(engine: QueryEngine, pins: Record<string, string>, source: string): { engine: QueryEngine; frozen: () => FrozenResults } {
  const answers: FrozenResults['answers'] = {};
  const recording: QueryEngine = Object.create(engine) as QueryEngine;
  Object.defineProperty(recording, 'query', {
    value: async (sql: string, kind?: QueryKind, reads?: readonly string[]) => {
      const result = await engine.query(sql, kind, reads);
      answers[sql] = { columns: result.columns, rows: result.rows, tables: result.tables };
      return result;
    },
  });
  // Probes recorded as they are written, CTEs inline: the frozen engine that answers them later has no tables of CTE rows.
  Object.defineProperty(recording, 'cteTable', { value: undefined });
  return {
    engine: recording,
    frozen: () => {
      const ranges = Object.fromEntries(engine.catalog.tables.filter((t) => t.files.length > 0).map((t) => [t.name, engine.fileRanges(t.name)]));
      return {
        format: FROZEN_FORMAT,
        source: sourceHash(source),
        files: Object.fromEntries(Object.keys(pins).sort().map((f) => [f, pins[f]!])),
        ranges,
        tables: engine.catalog.tables,
        answers: Object.fromEntries(Object.keys(answers).sort().map((k) => [k, answers[k]!])),
      };
    },
  };
}

/**
 * An engine that answers from frozen results: the version's own catalog and pinned hashes, and each statement's
 * recorded result. Parsing needs no data, so it goes to `parser` (an engine over the live data). A statement the
 * frozen results do not hold (the toolkit now asks differently) is an error saying how to freeze again.
 */
export function frozenEngine(frozen: FrozenResults, parser: QueryEngine, display: string): QueryEngine {
  const { formatters } = parser.catalog;
  const catalog: Catalog = { dataDir: parser.catalog.dataDir, tables: frozen.tables.map((t) => withCitation(t, formatters)), files: Object.keys(frozen.files), formatters };
  const fileHashes = new Map(Object.entries(frozen.files));
  const stats = emptyStats();
  const key = hashParts('frozen', JSON.stringify(frozen.files), frozen.source, String(Object.keys(frozen.answers).length));
  return {
    catalog,
    dataHashes: new Map(),
    fileHashes,
    contentKey: key,
    stats,
    async query(sql: string, kind: QueryKind = 'article', _reads?: readonly string[]) {
      const answer = frozen.answers[sql];
      if (!answer) {
        throw new QueryError(
          `${frozenPath(display)} holds no result for a statement this toolkit now asks while rendering the version ` +
            '(the toolkit changed how it queries); freeze the version again with `npm run freeze` (it recovers the pinned data from git history)',
        );
      }
      stats.cached++;
      countKind(stats, kind, true);
      return { ...answer, key: hashParts(key, sql) };
    },
    fileOfRow: (table, rowid) => frozen.ranges[table]?.findLast((r) => r.firstRow <= rowid)?.file,
    fileRanges: (table) => frozen.ranges[table] ?? [],
    parse: (sql) => parser.parse(sql),
    unparse: (tree) => parser.unparse(tree),
    close() {},
  };
}
