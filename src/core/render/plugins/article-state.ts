/**
 * What the Benchwright plugins share on `file.data`: the article's blocks, each query's evaluation, the figure labels
 * and citation lists found so far, and the ArticleData left for the page around the article. Each plugin reads what
 * the earlier ones left here and adds its own part; none imports another.
 */
import type { Html } from 'mdast';
import { relative } from 'node:path';
import type { VFile } from 'vfile';
import type { ArticleBlocks } from '../../article/blocks.ts';
import type { BuildCache } from '../../build-cache.ts';
import type { QueryEngine, QueryResult } from '../../sql/query-engine.ts';
import type { ResultUnits } from '../../units/query-units.ts';
import type { AppendixEntry } from '../citations-appendix.ts';
import type { TableRowsRead } from '../provenance.ts';

export interface BenchwrightOptions {
  engine: QueryEngine;
  /** Paths in messages are relative to this folder (default: the working directory). */
  root?: string;
  /** URL folder where the site publishes each chart as <figure id>.svg (and .png); no download links without it. */
  chartBase?: string;
  /** Whether a PNG of each chart is published beside its SVG (the publish build), so linked. */
  pngs?: boolean;
  /**
   * URL folder where the site publishes each figure's CSV downloads as <figure id>.csv and -cited.csv (default:
   * chartBase). Without either, the downloads are embedded in the page as data: URLs.
   */
  downloadBase?: string;
  /** Drawn charts are kept here under a hash of their spec and rows (default: in memory, for this run). */
  cache?: BuildCache;
  /** The article's language: "Figure 2" or "图 2" (report-words.ts). */
  lang?: string;
  /** Answers some of the article's queries without running them (a generated page's slice of a shared query). */
  answers?: QueryAnswers;
}

/** A query's result with its units and source rows, as running and tracing it would give them. */
export interface QueryAnswer {
  result: QueryResult;
  units: ResultUnits;
}

/**
 * Answers a query (its SQL as composed) from elsewhere: undefined when it is not one of those, or a promise of
 * undefined when it turns out to have no answer there, and the query runs as usual (render/shared-query.ts).
 */
export type QueryAnswers = (sql: string) => Promise<QueryAnswer | undefined> | undefined;

/** What the plugins leave on `file.data.benchwright` for the page around the article. */
export interface ArticleData {
  queries: {
    name: string;
    sql: string;
    tables: string[];
    /** Catalogued views the SQL reads (lineage reaches through them to their tables). */
    views: string[];
    rows: number;
    units: Record<string, string[]>;
    /** The result itself, for comparing versions. */
    result: Pick<QueryResult, 'columns' | 'rows'>;
    /** Data files the result was computed from (for data pins). */
    files: string[];
  }[];
  /** Each figure; charts carry their standalone SVG for image downloads and social cards. */
  /** `csv` and `citedCsv`: the downloads, when the site publishes them as files (downloadBase or chartBase). */
  /** `number` is what readers see ("Figure 2", "Table 1"); `id` is the anchor (a label such as fig-llama, or figure-2). */
  figures: { id: string; number: string; kind: 'chart' | 'table'; query: string; title?: string; svg?: string; csv?: string; citedCsv?: string }[];
  /** Each inline value as the reader sees it. */
  values: { query: string; column: string; format?: string; text: string }[];
  checks: { id: string; query: string; condition: string; rows: number }[];
  /** What the figures cite, by kind (accelerator, model: the catalog's `subjects`), for links from the data pages. */
  subjects?: Record<string, string[]>;
}

/** One query of the article, run: its self-contained SQL, its result, the units of its columns and the rows it read. */
export interface EvaluatedQuery {
  sql: string;
  result: QueryResult;
  units: ResultUnits;
  reads: TableRowsRead[];
}

/** The plugins' working state for one article. */
export interface ArticleState {
  /** The article's path as messages show it. */
  path: string;
  blocks: ArticleBlocks;
  results: Map<string, EvaluatedQuery>;
  /** Figure labels (fig-…, tbl-…) with the anchor and number each stands for. */
  labels: Map<string, { id: string; number: string }>;
  /** The figures' full citation lists, printed in the appendix at the end. */
  citations: AppendixEntry[];
  data: ArticleData;
}

declare module 'vfile' {
  interface DataMap {
    benchwright: ArticleData;
    benchwrightState: ArticleState;
    /** The article's blocks, when they were collected before the pipeline ran (parse-article.ts). */
    articleBlocks: ArticleBlocks;
  }
}

/** The state the queries plugin left on the file; a plugin used without it is a wiring mistake. */
export function articleState(file: VFile, plugin: string): ArticleState {
  const state = file.data.benchwrightState;
  if (!state) throw new Error(`${plugin} needs remarkQueries to run before it in the same pipeline`);
  return state;
}

/** The article's path relative to the project root, as error messages name it. */
export function displayPath(file: VFile, root: string | undefined): string {
  return file.path ? relative(root ?? process.cwd(), file.path) : '<article>';
}

/** Puts rendered HTML where a block was (the node object is kept, so references to it stay valid). */
export function replaceWithHtml(node: { type: string }, html: string): void {
  const replacement: Html = { type: 'html', value: html };
  for (const key of Object.keys(node)) delete (node as Record<string, unknown>)[key];
  Object.assign(node, replacement);
}
