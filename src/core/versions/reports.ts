/**
 * Builds every report version of a project: one query engine for the whole build, every article
 * rendered, and every failing article reported (each with its first error) before the build stops.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { RenderedArticle } from '../article/article.ts';
import { memoryCache, type BuildCache } from '../build-cache.ts';
import { hashParts } from '../hash.ts';
import { TOOLKIT_VERSION } from '../version.ts';
import { loadCatalog, retrievals, retrievedText, type Catalog } from '../data/catalog.ts';
import type { CitationFormatter } from '../data/citation-formatter.ts';
import { BuildError, DataError } from '../errors.ts';
import type { ProjectPaths } from '../project.ts';
import { createQueryEngine, DEFAULT_MAX_ROWS, DEFAULT_MEMORY_LIMIT, DEFAULT_QUERY_TIMEOUT_S, MEMORY_LIMIT_PATTERN, type QueryEngine } from '../sql/query-engine.ts';
import { addStats, countKind, emptyStats } from '../sql/query-types.ts';
import { readArticleSource } from '../article/article-source.ts';
import { pinnedEngines, type PinnedEngines } from './pinned-data.ts';
import { frozenPath, readFrozen, sourceHash } from './frozen.ts';
import { checkPins, filesRead } from './pins.ts';
import { checkMarkdownSize } from '../article/markdown-limits.ts';
import { findReportFiles, type ReportFile } from './report-files.ts';
import { readPublication } from './publication.ts';
import { limiter } from '../concurrency.ts';
import { rowDiffCsv } from './row-diff-csv.ts';
import { diffVersions, type VersionSnapshot } from './version-diff.ts';
import { renderVersionDiff, rowDiffFile } from './version-diff-html.ts';

export interface ReportVersion extends RenderedArticle {
  slug: string;
  version: number;
  /** Path relative to the project root. */
  file: string;
  source: string;
  /** Catalogued tables the article's queries read. */
  tables: string[];
  /** Data files its results were computed from. */
  files: string[];
  /** Published versions pin their data; a version without pins is a draft; a frozen one keeps its computed results. */
  status: 'pinned' | 'draft' | 'frozen';
  /** Pinned files that have changed or gone since (only a frozen version builds with such files). */
  changedSince: string[];
  /** The sources of the tables read, as this version's data has them (for its cover): per repository, when it was read. */
  sources: VersionSource[];
  /** What changed since the previous version (absent for v1, or when there is no previous version). */
  changes?: VersionChanges;
}

/** A version's what-changed page: its body, and the CSV of each changed query's rows, published beside it. */
export interface VersionChanges {
  from: number;
  summary: string;
  html: string;
  /** Path of each CSV in the output (changesFolder + file name) and its text. */
  files: { path: string; content: string }[];
}

export interface VersionSource {
  table: string;
  title: string;
  publisher: string;
  /** When it was retrieved: one date, or per round when the rounds were read on different days. */
  retrieved: string;
  repositories: ReturnType<typeof retrievals>;
}

export class BuildFailedError extends Error {
  /** Not named `errors`: Astro would print only the first of an `errors` list. */
  readonly failures: Error[];
  /** Astro shows `loc` as the location: the first failure's place rather than this file. */
  readonly loc?: BuildError['place'];
  constructor(errors: Error[]) {
    super(`${errors.length} article${errors.length === 1 ? '' : 's'} failed to build:\n\n${errors.map((e) => e.message).join('\n\n')}`);
    this.name = 'BuildFailedError';
    this.failures = errors;
    this.loc = errors.find((e): e is BuildError => e instanceof BuildError)?.place;
  }
}

export interface Project {
  paths: ProjectPaths;
  catalog: Catalog;
  /** The engine over all of the data (drafts, data pages). */
  engine: QueryEngine;
  /** Engines over exactly the data each pinned version was pinned to (pinned-data.ts). */
  engines: PinnedEngines;
  /** Query results and drawn charts, by content hash (in memory unless a build opened a folder). */
  cache: BuildCache;
}

/**
 * Opens a project: its catalog, read with the citation formatters its tables may declare (`formatters`: the content
 * given, e.g. src/mlperf/content.ts's mlperfContent; they reach the engine and the renderer with the catalog), and its engines.
 */
export async function openProject(paths: ProjectPaths, env: NodeJS.ProcessEnv = process.env, cache: BuildCache = memoryCache(), formatters: readonly CitationFormatter[] = []): Promise<Project> {
  const options = { maxRows: maxRowsFrom(env), timeoutMs: timeoutFrom(env), memoryLimit: memoryLimitFrom(env), cache };
  const catalog = loadCatalog(paths.dataDir, formatters);
  const engine = await createQueryEngine({ catalog, ...options });
  return { paths, catalog, cache, engine, engines: pinnedEngines(engine, options) };
}

/** Closes every engine the project opened. */
export function closeProject(project: Project): void {
  for (const engine of project.engines.all) engine.close();
}

/** What every engine of the project did, summed. */
export function projectStats(project: Project): QueryEngine['stats'] {
  const sum = emptyStats();
  for (const { stats } of project.engines.all) addStats(sum, stats);
  return sum;
}

/** BENCHWRIGHT_MAX_ROWS: the most rows one query may return (the engine's default when unset). */
function maxRowsFrom(env: NodeJS.ProcessEnv): number {
  const raw = env.BENCHWRIGHT_MAX_ROWS?.trim();
  if (!raw) return DEFAULT_MAX_ROWS;
  if (!/^[1-9][0-9]*$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
    throw new DataError(`BENCHWRIGHT_MAX_ROWS is "${raw}", which is not a positive whole number of rows\n  what to do: set it to e.g. ${DEFAULT_MAX_ROWS}, or unset it for the default (${DEFAULT_MAX_ROWS})`);
  }
  return Number(raw);
}

/** BENCHWRIGHT_QUERY_TIMEOUT: the longest one query may run, in seconds (the engine's default when unset), as milliseconds. */
function timeoutFrom(env: NodeJS.ProcessEnv): number {
  const raw = env.BENCHWRIGHT_QUERY_TIMEOUT?.trim();
  if (!raw) return DEFAULT_QUERY_TIMEOUT_S * 1000;
  if (!/^[0-9]+([.][0-9]+)?$/.test(raw) || !(Number(raw) > 0)) {
    throw new DataError(`BENCHWRIGHT_QUERY_TIMEOUT is "${raw}", which is not a positive number of seconds\n  what to do: set it to e.g. ${DEFAULT_QUERY_TIMEOUT_S}, or unset it for the default (${DEFAULT_QUERY_TIMEOUT_S} s)`);
  }
  return Number(raw) * 1000;
}

/** BENCHWRIGHT_MEMORY_LIMIT: DuckDB's memory limit for a build's tables and queries (the engine's default when unset). */
function memoryLimitFrom(env: NodeJS.ProcessEnv): string {
  const raw = env.BENCHWRIGHT_MEMORY_LIMIT?.trim();
  if (!raw) return DEFAULT_MEMORY_LIMIT;
  if (!MEMORY_LIMIT_PATTERN.test(raw)) {
    throw new DataError(`BENCHWRIGHT_MEMORY_LIMIT is "${raw}", which is not a memory size\n  what to do: set it to a number and a unit, e.g. 4GB or 512MB, or unset it for the default (${DEFAULT_MEMORY_LIMIT})`);
  }
  return raw;
}

export interface BuildOptions {
  /** The site's base path; when given, charts link their SVG images under <base>charts/<slug>/v<N>/. */
  base?: string;
  /** Whether each chart's PNG is published too (the publish build), so linked beside its SVG. */
  pngs?: boolean;
  /** Called after each article, for a progress line. */
  onProgress?: (done: number, total: number) => void;
  /** Called with each version as soon as it is rendered (before the versions' changes are attached). */
  onVersion?: (version: ReportVersion) => void;
}

/**
 * Articles rendered at once. DuckDB answers statements on its own threads while this thread draws charts and
 * renders Markdown: with a few articles in flight, each side has work while the other is busy (4 measured faster
 * than 2 or 8 on two cores).
 */
const ARTICLES_AT_ONCE = 4;

export async function buildReports({ paths, engines, cache }: Project, { base, pngs = false, onProgress, onVersion }: BuildOptions = {}): Promise<ReportVersion[]> {
  const files = findReportFiles(paths.contentDir, paths.root);
  // The front page's order (publication.ts) names reports by slug: checked before any article is built.
  readPublication(paths.contentDir, new Set(files.map((f) => f.slug)), paths.root);
  let done = 0;
  onProgress?.(0, files.length);
  const render = limiter(ARTICLES_AT_ONCE);
  // Each outcome is kept in file order, so the versions, and the errors reported, do not depend on which finished first.
  const outcomes = await Promise.all(
    files.map((file) =>
      render(async (): Promise<{ version: ReportVersion } | { error: unknown }> => {
        try {
          const version = await buildVersion(file);
          onVersion?.(version);
          return { version };
        } catch (error) {
          return { error };
        } finally {
          onProgress?.(++done, files.length);
        }
      }),
    ),
  );
  // Every version is rendered: the pinned versions' DuckDBs are not needed again in this build (pinned-data.ts).
  engines.release();
  const unexpected = outcomes.find((o) => 'error' in o && !(o.error instanceof BuildError));
  if (unexpected && 'error' in unexpected) throw unexpected.error;
  const errors = outcomes.flatMap((o) => ('error' in o ? [o.error as BuildError] : []));
  if (errors.length > 0) throw new BuildFailedError(errors);
  const out = outcomes.flatMap((o) => ('version' in o ? [o.version] : []));
  attachChanges(out, base ?? '/');
  return out;

  async function buildVersion(file: ReportFile): Promise<ReportVersion> {
    const source = readFileSync(file.path, 'utf8');
    const display = relative(paths.root, file.path);
    // Before anything parses it: a paragraph or article past its size limit (markdown-limits.ts) is an error.
    checkMarkdownSize(source, display);
    const chartBase = base === undefined ? undefined : chartFolder(base, file.slug, file.version);
    // A pinned version is evaluated on exactly the files it was pinned to (pinned-data.ts); a frozen one on the
    // results it was frozen with (frozen.ts).
    const frozen = readFrozen(file.path);
    if (frozen && frozen.source !== sourceHash(source)) {
      throw new BuildError(`this version changed since it was frozen (${relative(paths.root, frozenPath(file.path))} belongs to another text of it)`, {
        place: { file: display, line: 1, column: 1 },
        hint: 'a published version does not change: restore its text (git checkout), or publish the change as a new version',
      });
    }
    // The source is read once: its front matter chooses the engine, places the errors below and checks the pins.
    const parsed = readArticleSource(source, display);
    const engine = frozen ? engines.frozen(frozen, display) : await engines.engineFor(parsed.frontMatter.data);
    // A whole article is kept under its source, its place, its image links and the content of all the data: with
    // none of them changed it is not even parsed. (Any data change re-renders it, from the query and chart caches.)
    const key = hashParts(TOOLKIT_VERSION, display, source, chartBase ?? '', String(pngs), engine.contentKey);
    let hit = true;
    const article = await cache.memoTracked('article', key, async () => {
      hit = false;
      // The Markdown pipeline, Plot and its DOM are loaded only for an article the cache does not hold.
      const { renderArticle } = await import('../article/article.ts');
      return renderArticle({ path: file.path, source, article: parsed, engine, cache, root: paths.root, pngs, ...(chartBase ? { chartBase } : {}) });
    });
    if (hit) countCachedArticle(engine, cache, article.data.queries.length, article.data.figures.filter((f) => f.svg).length);
    if (article.frontMatter.version !== file.version) {
      throw new BuildError(`front matter says version ${article.frontMatter.version}, but the file is v${file.version}.md`, {
        place: { file: display, line: parsed.keyLine('version'), column: 1 },
        hint: 'make the version field and the file name agree',
      });
    }
    const tables = [...new Set(article.data.queries.flatMap((q) => q.tables))].sort();
    const read = filesRead(article.data.queries, engine.catalog);
    const pinsAt = { file: display, line: parsed.keyLine('data'), column: 1 };
    // A frozen version's pins are checked against the hashes it was frozen with.
    const pinned = checkPins(article.frontMatter, read, engine.fileHashes, pinsAt, `${file.slug} --version ${file.version}`);
    const status = frozen ? 'frozen' : pinned;
    // Which pinned files have since been corrected or removed (a frozen version says so on its page).
    const changedSince = Object.entries(article.frontMatter.data ?? {}).filter(([f, h]) => engines.all[0]!.fileHashes.get(f) !== h).map(([f]) => f);
    const sources = engine.catalog.tables
      .filter((t) => tables.includes(t.name))
      .map((t) => ({ table: t.name, title: t.title, publisher: t.source.publisher, retrieved: retrievedText(t), repositories: retrievals(t) }));
    return { ...article, slug: file.slug, version: file.version, file: display, source, tables, files: read, status, changedSince, sources };
  }
}

/**
 * Each version's diff against the version before it: the numbers, the charts (linked as the SVG files each version
 * publishes), the rendered prose, and every changed query's rows as a CSV beside the page.
 */
function attachChanges(versions: ReportVersion[], base: string): void {
  const root = base.replace(/\/?$/, '/');
  for (const [i, newer] of versions.entries()) {
    const older = versions[i - 1];
    if (!older || older.slug !== newer.slug) continue;
    const diff = diffVersions(snapshot(older), snapshot(newer));
    const folder = changesFolder(newer.slug, newer.version);
    const links = {
      page: (version: number) => `${root}reports/${newer.slug}/v${version}/`,
      chart: (version: number, id: string) => `${chartFolder(base, newer.slug, version)}${id}.svg`,
      csv: (query: string) => `${root}${folder}${rowDiffFile(query)}`,
    };
    const files = diff.queries.filter((q) => q.status === 'changed').map((q) => ({ path: `${folder}${rowDiffFile(q.name)}`, content: rowDiffCsv(q, older.version, newer.version) }));
    newer.changes = { from: older.version, summary: diff.summary, html: renderVersionDiff(diff, { links }), files };
  }
}

function snapshot(v: ReportVersion): VersionSnapshot {
  return {
    version: v.version,
    published: v.frontMatter.published,
    title: v.frontMatter.title,
    html: v.html,
    queries: v.data.queries.map((q) => ({ name: q.name, columns: q.result.columns, rows: q.result.rows, units: q.units })),
    figures: v.data.figures.map((f) => ({ id: f.id, number: f.number, kind: f.kind, query: f.query, ...(f.title !== undefined ? { title: f.title } : {}), ...(f.svg !== undefined ? { svg: f.svg } : {}) })),
  };
}

/** The folder of a version's what-changed page, where its CSVs of row changes are published, relative to the site's base. */
export function changesFolder(slug: string, version: number): string {
  return `reports/${slug}/v${version}/changes/`;
}

/** The folder of a report version's figure files (chart images, CSVs), relative to the site's base. */
export function figureFolder(slug: string, version: number): string {
  return `charts/${slug}/v${version}/`;
}

/** URL folder of a report version's chart images. */
export function chartFolder(base: string, slug: string, version: number): string {
  return `${base.replace(/\/?$/, '/')}${figureFolder(slug, version)}`;
}

/** The latest version of each report, by slug order. */
export function latestVersions(versions: ReportVersion[]): ReportVersion[] {
  const latest = new Map<string, ReportVersion>();
  for (const v of versions) if ((latest.get(v.slug)?.version ?? 0) < v.version) latest.set(v.slug, v);
  return [...latest.values()];
}

/**
 * Counts the queries and charts of an article (or a data page) taken whole from the cache as answered from it, as
 * surely as if each had been asked: the build's summary counts them either way.
 */
export function countCachedArticle(engine: QueryEngine, cache: BuildCache, queries: number, charts: number): void {
  engine.stats.cached += queries;
  countKind(engine.stats, 'article', true, 0, queries);
  cache.countCached('chart', charts);
}
