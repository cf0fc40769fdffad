/**
 * The remark plugin: finds an article's blocks, runs its queries on the engine, and replaces each
 * block with rendered HTML. Works in any unified pipeline (tests, scripts, Astro). Every failure is
 * a BuildError with the article's file:line:column; nothing is ever rendered into the page instead.
 */
import type { Heading, Html, Root, RootContent, Text } from 'mdast';
import type { ContainerDirective, LeafDirective, TextDirective } from 'mdast-util-directive';
import { relative } from 'node:path';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
import { memoryCache, type BuildCache } from '../build-cache.ts';
import { hashParts } from '../hash.ts';
import { TOOLKIT_VERSION } from '../version.ts';
import { blockLabel, collectBlocks, type CheckBlock, type FigureBlock, type SqlBlock } from '../article/blocks.ts';
import { normalizeChartSpec } from '../charts/chart-spec.ts';
import { applyChartUnits } from '../units/chart-units.ts';
import { renderChart } from '../charts/chart.ts';
import { siteColours } from '../charts/site-colours.ts';
import { figureNumber, fill, reportWords, type ReportWords } from './report-words.ts';
import { runCheck } from './claims.ts';
import { BuildError, errorMessage, type SourcePlace } from '../errors.ts';
import { figureSources, type FigureSources } from './figure-sources.ts';
import { figureCsvs, renderFigure } from './figure.ts';
import { formatValue } from './format.ts';
import { escapeHtml } from './html.ts';
import { scrollBox } from './scroll-box.ts';
import { renderMethods, type MethodsQuery } from './methods.ts';
import { renderCitationsAppendix, type AppendixEntry } from './citations-appendix.ts';
import { buildQueryGraph, composeQuery, QueryCycleError, type QueryGraph } from '../sql/named-queries.ts';
import { rowsFromLineage, type TableRowsRead } from './provenance.ts';
import type { QueryEngine, QueryResult } from '../sql/query-engine.ts';
import { traceUnits, type ResultUnits } from '../units/query-units.ts';
import { UntraceableError } from '../units/units.ts';
import { defaultColumns, normalizeTableSpec, renderTable, tableColumnUnits } from './table.ts';
import { locateYamlPath, parseYamlBlock, YamlBlockError } from '../article/yaml-block.ts';

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
}

/** What the plugin leaves on `file.data.benchwright` for the page around the article. */
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
}

interface EvaluatedQuery {
  sql: string;
  result: QueryResult;
  units: ResultUnits;
  reads: TableRowsRead[];
}

export default function remarkBenchwright(options: BenchwrightOptions) {
  return async (tree: Root, file: VFile): Promise<void> => {
    const { engine } = options;
    const words = reportWords(options.lang);
    const cache = options.cache ?? memoryCache();
    const path = file.path ? relative(options.root ?? process.cwd(), file.path) : '<article>';
    const tableNames = new Set(engine.catalog.tables.map((t) => t.name));
    const blocks = collectBlocks(tree, path, tableNames);
    const results = await runQueries(blocks.sql, engine, cache);

    const data: ArticleData = {
      queries: blocks.sql.map((b) => {
        const { sql, result, units, reads } = results.get(b.name)!;
        return {
          name: b.name,
          sql,
          tables: reads.map((r) => r.table),
          views: result.tables.filter((t) => engine.catalog.tables.some((c) => c.name === t && c.view)),
          rows: result.rows.length,
          units: units.columns,
          result: { columns: result.columns, rows: result.rows },
          files: reads.flatMap((r) => r.files),
        };
      }),
      figures: [],
      values: [],
      checks: [],
    };
    let charts = 0;
    let tables = 0;
    const labels = new Map<string, { id: string; number: string }>();
    const citations: AppendixEntry[] = [];
    for (const block of blocks.figures) {
      const kind = block.kind === 'plot' ? 'chart' : 'table';
      const n = kind === 'chart' ? ++charts : ++tables;
      const number = figureNumber(kind, n, options.lang);
      const yaml = readFigureYaml(block);
      const label = figureLabel(block, kind, labels, yaml);
      const id = label ?? `${kind === 'chart' ? 'figure' : 'table'}-${n}`;
      if (label) labels.set(label, { id, number });
      const html = renderFigureBlock(block, yaml, results.get(block.query)!, id, number, { engine, cache, chartBase: options.chartBase, downloadBase: options.downloadBase ?? options.chartBase, pngs: options.pngs === true, words });
      data.figures.push({ id, number, kind, query: block.query, title: html.title, ...(html.svg ? { svg: html.svg } : {}), ...html.files });
      if (html.citations) citations.push({ id, number, title: html.title, list: html.citations });
      replaceWithHtml(block.node, html.html);
    }
    resolveCrossReferences(tree, path, labels);
    for (const block of blocks.values) {
      const { result, units } = results.get(block.query)!;
      const fail = (reason: string, hint: string) => new BuildError(reason, { place: block.place, block: blockLabel(block), hint });
      if (!result.columns.some((c) => c.name === block.column)) {
        throw fail(`query "${block.query}" has no column "${block.column}"`, `its columns are: ${result.columns.map((c) => c.name).join(', ')}`);
      }
      if (result.rows.length !== 1) {
        throw fail(`:value needs a query with exactly one row; "${block.query}" returned ${result.rows.length}`, 'aggregate or filter the query down to one row');
      }
      let text: string;
      try {
        text = formatValue(result.rows[0]![block.column] ?? null, block.format);
      } catch (error) {
        throw fail(errorMessage(error), 'use a d3-format specifier such as ",.0f" or ".1f"');
      }
      data.values.push({ query: block.query, column: block.column, format: block.format, text });
      const unit = units.columns[block.column]?.[0];
      replaceWithHtml(block.node, `<span class="bw-value" data-query="${escapeHtml(block.query)}" data-column="${escapeHtml(block.column)}"${unit ? ` data-unit="${escapeHtml(unit)}"` : ''}>${escapeHtml(text)}</span>`);
    }
    for (const [i, block] of blocks.checks.entries()) {
      data.checks.push(await renderCheckBlock(block, results.get(block.query)!, `claim-${i + 1}`, i + 1, engine, words));
    }
    // The SQL itself reaches readers through each figure's data part and the methods section.
    for (const block of blocks.sql) replaceWithHtml(block.node, '');
    restoreUnknownDirectives(tree, path);
    appendMethods(tree, blocks.sql.map((b): MethodsQuery => ({ name: b.name, ...results.get(b.name)! })), data, engine, words);
    // Printed after everything else: the figures' full citation lists, which print does not repeat under each figure.
    if (citations.length) tree.children.push({ type: 'html', value: renderCitationsAppendix(citations, words) } as RootContent);
    file.data.benchwright = data;
  };
}

async function runQueries(sqlBlocks: SqlBlock[], engine: QueryEngine, cache: BuildCache): Promise<Map<string, EvaluatedQuery>> {
  const queries = sqlBlocks.map((b) => ({ name: b.name, sql: b.sql }));
  let graph;
  try {
    graph = buildQueryGraph(queries);
  } catch (error) {
    if (!(error instanceof QueryCycleError)) throw error;
    const first = sqlBlocks.find((b) => b.name === error.cycle[0])!;
    const lines = error.cycle.slice(0, -1).map((n) => `${n} (line ${sqlBlocks.find((b) => b.name === n)!.place.line})`);
    throw new BuildError(`${error.message}: ${lines.join(' and ')} read from each other`, {
      place: first.place,
      block: blockLabel(first),
      hint: 'a query may read another query of the article, but not one that reads it back',
    });
  }
  // Each query is composed with the ones it reads, so all run at once; the first failure in the article's order is reported.
  const settled = await Promise.allSettled(sqlBlocks.map((block) => evaluateQuery(block, queries, graph, engine, cache)));
  const evaluated = new Map<string, EvaluatedQuery>();
  for (const [i, block] of sqlBlocks.entries()) {
    const outcome = settled[i]!;
    if (outcome.status === 'rejected') throw outcome.reason;
    evaluated.set(block.name, outcome.value);
  }
  return evaluated;
}

async function evaluateQuery(block: SqlBlock, queries: { name: string; sql: string }[], graph: QueryGraph, engine: QueryEngine, cache: BuildCache): Promise<EvaluatedQuery> {
  const { sql, lineOffset } = composeQuery(queries, graph, block.name);
  // The unit probe starts from DuckDB's parse tree. Asked for now, beside the query, an article's trees come back
  // in one round trip (engine.parse batches); a failure is reported when the probe asks again. It is waited for
  // however this ends: a statement still running when the engine closes would crash DuckDB.
  const parsed = engine.parse(sql).catch(() => undefined);
  try {
    return await traceQuery(block, sql, lineOffset, graph, engine, cache);
  } finally {
    await parsed;
  }
}

async function traceQuery(block: SqlBlock, sql: string, lineOffset: number, graph: QueryGraph, engine: QueryEngine, cache: BuildCache): Promise<EvaluatedQuery> {
  let result: QueryResult;
  try {
    result = await engine.query(sql);
  } catch (error) {
    const deps = graph.readsFrom.get(block.name) ?? [];
    // DuckDB says "LINE n:" of the SQL it ran; map it back to the article when it is in this block.
    const duckLine = Number(/^LINE (\d+):/m.exec(errorMessage(error))?.[1] ?? 0) - lineOffset;
    const place = duckLine >= 1 ? { ...block.place, line: block.bodyLine + duckLine - 1, column: 1 } : block.place;
    const tables = engine.catalog.tables.map((t) => t.name).join(', ');
    throw new BuildError(`SQL error in query "${block.name}": ${errorMessage(error)}`, {
      place,
      block: blockLabel(block),
      hint: deps.length ? `check this query and the queries it reads (${deps.join(', ')}); tables: ${tables}` : `check the SQL (DuckDB dialect); tables: ${tables}`,
    });
  }
  // The probe that traces units and source rows is a rewrite of DuckDB's parse tree; a query shape it
  // cannot rewrite is reported on the block, never as a crash (and never silently untraced).
  let units: ResultUnits;
  let reads: TableRowsRead[];
  try {
    // Kept under the result's own key (its SQL and the content of the data it read): rewriting the parse tree
    // into the probe is the slowest part of a query that the cache already answers.
    ({ units, reads } = await cache.memoAsync('trace', result.key, async () => {
      const traced = await traceUnits(engine, sql, result);
      return { units: traced, reads: await rowsFromLineage(engine, traced.lineage) };
    }));
  } catch (error) {
    // A construct the probe has no unit rule for is named, with what to do (units.ts).
    if (error instanceof UntraceableError) throw new BuildError(`query "${block.name}": ${error.message}`, { place: block.place, block: blockLabel(block), hint: error.hint });
    throw new BuildError(`Benchwright could not trace the units and source rows of query "${block.name}": ${errorMessage(error).split('\n')[0]}`, {
      place: block.place,
      block: blockLabel(block),
      hint: 'simplify the query (give every subquery an alias; avoid UNION of a table with constant rows), or split it into named queries',
    });
  }
  const mixed = units.mixed[0];
  if (mixed) {
    const keys = Object.entries(mixed.row).map(([k, v]) => `${k}=${v}`).join(', ');
    throw new BuildError(`query "${block.name}" mixes units in column "${mixed.column}": ${mixed.units}${keys ? ` (in the row ${keys})` : ''}`, {
      place: block.place,
      block: blockLabel(block),
      hint: 'an aggregate, sum or comparison must not combine results in different units: filter on the unit column or group by it',
    });
  }
  return { sql, result, units, reads };
}

/** A figure block's YAML, parsed once: its value, or the error to report (with its place) when it is rendered. */
type FigureYaml = { raw: unknown } | { error: unknown };

function readFigureYaml(block: FigureBlock): FigureYaml {
  try {
    return { raw: block.body.trim() ? parseYamlBlock(block.body) : undefined };
  } catch (error) {
    return { error };
  }
}

interface FigureContext {
  engine: QueryEngine;
  cache: BuildCache;
  chartBase: string | undefined;
  downloadBase: string | undefined;
  pngs: boolean;
  words: ReportWords;
}

function renderFigureBlock(block: FigureBlock, yaml: FigureYaml, query: EvaluatedQuery, id: string, number: string, { engine, cache, chartBase, downloadBase, pngs, words }: FigureContext) {
  const { sql, units, reads } = query;
  // The tables a result was computed from are the ones its lineage reaches (not every name the SQL mentions).
  const result = { ...query.result, tables: reads.map((r) => r.table) };
  const columns = result.columns.map((c) => c.name);
  const failAt = (error: unknown, path = '') => {
    const inBlock = error instanceof YamlBlockError ? error.place : locateYamlPath(block.body, path);
    const place: SourcePlace = inBlock
      ? { file: block.place.file, line: block.bodyLine + inBlock.line - 1, column: inBlock.column }
      : block.place;
    const hint = (error as { hint?: string }).hint;
    return new BuildError(errorMessage(error), { place, block: blockLabel(block), hint });
  };
  if ('error' in yaml) throw failAt(yaml.error);
  const { raw } = yaml;
  // With a downloadBase the site publishes each figure's CSVs as files, so the page links to them.
  const downloads = (figureId: string) =>
    downloadBase ? { downloads: { csv: `${downloadBase}${figureId}.csv`, citedCsv: `${downloadBase}${figureId}-cited.csv` } } : {};
  const files = (r: QueryResult, sources: FigureSources) => (downloadBase ? figureCsvs({ result: r, sources }) : {});
  const sourcesFor = (shownColumns: string[], compareReason: string | undefined, what: string) => {
    const sources = figureSources(engine.catalog, reads, { units, shownColumns, compareReason, figureId: id, words });
    if (sources.unexplained.length > 0 && what === 'chart') {
      throw Object.assign(new Error(`this chart compares MLPerf results of different ${sources.unexplained.join('; ')}, which MLPerf's rules allow only with the differences stated`), {
        path: 'marks',
        hint: 'add `compare: <why the comparison is sound>` to the block (it is printed in the footnote), or filter the query to one division, category and round',
      });
    }
    return sources;
  };
  try {
    if (block.kind === 'plot') {
      const spec = normalizeChartSpec(raw, columns);
      const shown = spec.marks.flatMap((m) => (m.data ? [] : Object.values(m.options).filter((v): v is string => typeof v === 'string' && columns.includes(v))));
      const drawn = { ...spec, plotOptions: applyChartUnits(spec, units) };
      // Plot draws the same SVG from the same spec and rows, so a chart is drawn once and then kept.
      // The page's colours are in its image (site-colours.ts), and come from site.css, which the toolkit's fingerprint does not cover.
      const key = hashParts(TOOLKIT_VERSION, JSON.stringify(drawn), JSON.stringify(result.rows), block.query, JSON.stringify(siteColours()));
      const chart = cache.memo('chart', key, () => renderChart(drawn, result.rows, block.query));
      const sources = sourcesFor([...new Set(shown)], spec.compare, 'chart');
      const images = chartBase ? { ...(pngs ? { png: `${chartBase}${id}.png` } : {}), svg: `${chartBase}${id}.svg` } : undefined;
      const html = renderFigure({ kind: 'chart', id, number, queryName: block.query, title: spec.title, subtitle: spec.subtitle, caption: spec.caption, description: chart.description, body: chart.html, sql, result, sources, images, words, ...downloads(id) });
      return { html, title: spec.title, svg: chart.svg, files: files(result, sources), citations: sources.appendix };
    }
    const spec = normalizeTableSpec(raw, columns);
    if (result.rows.length === 0 && !spec.allowEmpty) {
      throw Object.assign(new Error(`query "${block.query}" returned no rows, so the table would be empty`), { hint: 'check the query\'s filters, or set `allowEmpty: true`' });
    }
    const tableColumns = tableColumnUnits(spec.columns ?? defaultColumns(columns), units);
    const sources = sourcesFor(tableColumns.map((c) => c.name), spec.compare, 'table');
    const table = renderTable(tableColumns, result.rows);
    const html = renderFigure({ kind: 'table', id, number, queryName: block.query, title: spec.title, caption: spec.caption, body: scrollBox(table, `${number}${spec.title ? `: ${spec.title}` : ''}`), sql, result, sources, words, ...downloads(id) });
    return { html, title: spec.title, svg: undefined, files: files(result, sources), citations: sources.appendix };
  } catch (error) {
    if (error instanceof BuildError) throw error;
    throw failAt(error, (error as { path?: string }).path);
  }
}

async function renderCheckBlock(block: CheckBlock, { sql }: EvaluatedQuery, id: string, n: number, engine: QueryEngine, w: ReportWords) {
  const outcome = await runCheck(engine, sql, block.condition).catch((error: unknown) => {
    throw new BuildError(`the condition of this check is not valid SQL for query "${block.query}": ${errorMessage(error)}`, {
      place: block.place,
      block: blockLabel(block),
      hint: 'write a SQL boolean over the query\'s columns, e.g. ratio BETWEEN 2.5 AND 3.5',
    });
  });
  if (outcome.failing.length > 0 || outcome.rows === 0) {
    const values = outcome.failing.map((row) => Object.entries(row).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', '));
    const claim = block.claim ? ` backing "${claimText(block)}"` : '';
    throw new BuildError(
      outcome.rows === 0
        ? `claim check failed: query "${block.query}" returned no rows to check "${block.condition}" against`
        : `claim check failed: "${block.condition}" is false for ${outcome.failingCount} of ${outcome.rows} row${outcome.rows === 1 ? '' : 's'} of query "${block.query}"${claim}; actual: ${values.join('; ')}`,
      { place: block.place, block: blockLabel(block), hint: 'the data no longer supports the sentence: update the sentence and its check, or the query' },
    );
  }
  const mark: Html = { type: 'html', value: `<a class="bw-claim-mark" href="#${id}" aria-label="${escapeHtml(fill(w.claimMark, { n }))}" title="${escapeHtml(w.claimMarkTitle)}">✓<sup>${n}</sup></a>` };
  if (block.claim) block.claim.children.push(mark as unknown as Text);
  replaceWithHtml(
    block.node,
    `<aside class="bw-claim" id="${id}"><p><span class="bw-note-label">${escapeHtml(fill(w.checkedClaim, { n }))}</span>${fill(w.claimHoldsHtml, { condition: `<code>${escapeHtml(block.condition)}</code>`, rows: escapeHtml(outcome.rows === 1 ? w.theRow : fill(w.allRows, { n: outcome.rows })), query: `<code>${escapeHtml(block.query)}</code>` })}</p></aside>`,
  );
  return { id, query: block.query, condition: block.condition, rows: outcome.rows };
}

function claimText(block: CheckBlock): string {
  const text = (block.claim?.children ?? []).map((c) => ('value' in c ? String(c.value) : '…')).join('').replace(/\s+/g, ' ').trim();
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function appendMethods(tree: Root, queries: MethodsQuery[], data: ArticleData, engine: QueryEngine, w: ReportWords): void {
  if (queries.length === 0) return;
  const heading: Heading = { type: 'heading', depth: 2, children: [{ type: 'text', value: w.dataAndMethods }] };
  const body: Html = { type: 'html', value: renderMethods(queries, data, engine, w) };
  tree.children.push(heading as RootContent, body as RootContent);
}

/** A figure's `label:` (fig-… for charts, tbl-… for tables), checked and unique within the article. */
function figureLabel(block: FigureBlock, kind: 'chart' | 'table', labels: Map<string, unknown>, yaml: FigureYaml): string | undefined {
  // A YAML error is reported with its place when the block is rendered.
  const label = 'raw' in yaml ? (yaml.raw as { label?: unknown } | undefined)?.label : undefined;
  if (label === undefined) return undefined;
  const prefix = kind === 'chart' ? 'fig' : 'tbl';
  const where = locateYamlPath(block.body, 'label');
  const place = where ? { ...block.place, line: block.bodyLine + where.line - 1, column: where.column } : block.place;
  if (typeof label !== 'string' || !new RegExp(`^${prefix}-[a-z0-9][a-z0-9-]*$`).test(label)) {
    throw new BuildError(`a ${kind} label must look like ${prefix}-name (lower-case letters, digits, hyphens), found ${JSON.stringify(label)}`, { place, block: blockLabel(block), hint: `e.g. label: ${prefix}-llama70b` });
  }
  if (labels.has(label)) throw new BuildError(`label "${label}" is used twice`, { place, block: blockLabel(block), hint: 'give each figure and table its own label' });
  return label;
}

/** "@fig-llama70b" in prose becomes a link "Figure 3"; an unknown label is an error. */
function resolveCrossReferences(tree: Root, file: string, labels: Map<string, { id: string; number: string }>): void {
  const pattern = /(^|[^\w@.])@((?:fig|tbl)-[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)/g;
  visit(tree, 'text', (node, index, parent) => {
    if (!parent || index === undefined || !node.value.includes('@')) return;
    const parts: (Text | Html)[] = [];
    let last = 0;
    for (const match of node.value.matchAll(pattern)) {
      const label = match[2]!;
      const start = match.index + match[1]!.length;
      const target = labels.get(label);
      if (!target) {
        const known = [...labels.keys()];
        throw new BuildError(`unknown figure or table label "@${label}"`, {
          place: { file, line: node.position?.start.line ?? 1, column: (node.position?.start.column ?? 1) + start },
          hint: known.length ? `this article's labels are: ${known.join(', ')}` : 'give the chart or table a `label: fig-name` (or tbl-name) in its block',
        });
      }
      parts.push({ type: 'text', value: node.value.slice(last, start) });
      parts.push({ type: 'html', value: `<a class="bw-xref" href="#${escapeHtml(target.id)}">${escapeHtml(target.number)}</a>` });
      last = start + label.length + 1;
    }
    if (parts.length === 0) return;
    parts.push({ type: 'text', value: node.value.slice(last) });
    parent.children.splice(index, 1, ...(parts as Text[]));
    return index + parts.length;
  });
}

function replaceWithHtml(node: { type: string }, html: string): void {
  const replacement: Html = { type: 'html', value: html };
  for (const key of Object.keys(node)) delete (node as Record<string, unknown>)[key];
  Object.assign(node, replacement);
}

/**
 * Prose such as "ratio 16:9" or "Note:see" parses as a directive. A bare one (no [label] and no {attrs})
 * goes back to its text; one written with brackets or braces was meant as a block and is an error.
 */
function restoreUnknownDirectives(tree: Root, file: string): void {
  visit(tree, (node, index, parent) => {
    if (node.type !== 'textDirective' && node.type !== 'leafDirective' && node.type !== 'containerDirective') return;
    const directive = node as TextDirective | LeafDirective | ContainerDirective;
    const hasAttributes = Object.keys(directive.attributes ?? {}).length > 0;
    if (directive.type === 'textDirective' && directive.children.length === 0 && !hasAttributes && parent && index !== undefined) {
      const text: Text = { type: 'text', value: `:${directive.name}` };
      parent.children.splice(index, 1, text);
      return;
    }
    const colons = directive.type === 'textDirective' ? ':' : directive.type === 'leafDirective' ? '::' : ':::';
    throw new BuildError(`unknown directive "${colons}${directive.name}"`, {
      place: { file, line: directive.position?.start.line ?? 1, column: directive.position?.start.column ?? 1 },
      hint: 'the inline block is :value[query.column]{format=",.0f"}; write a literal colon as \\:',
    });
  });
}
