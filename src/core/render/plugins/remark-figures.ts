/**
 * The figures plugin: each ```plot and ```table block becomes a numbered figure (chart or table) with its sources and
 * data part. Leaves each figure on `data.figures`, each label for cross-references and each citation list for the
 * appendix (article-state.ts).
 */
import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import { memoryCache, type BuildCache } from '../../build-cache.ts';
import { hashParts } from '../../hash.ts';
import { TOOLKIT_VERSION } from '../../version.ts';
import { blockLabel, type FigureBlock } from '../../article/blocks.ts';
import { locateYamlPath, parseYamlBlock, YamlBlockError } from '../../article/yaml-block.ts';
import { normalizeChartSpec } from '../../charts/chart-spec.ts';
import { renderChart } from '../../charts/chart.ts';
import { siteColours } from '../../charts/site-colours.ts';
import { BuildError, errorMessage, type SourcePlace } from '../../errors.ts';
import type { QueryEngine, QueryResult } from '../../sql/query-engine.ts';
import { applyChartUnits } from '../../units/chart-units.ts';
import { figureSources, type FigureSources } from '../figure-sources.ts';
import { figureCsvs, renderFigure } from '../figure.ts';
import { figureNumber, reportWords, type ReportWords } from '../report-words.ts';
import { scrollBox } from '../scroll-box.ts';
import { defaultColumns, normalizeTableSpec, renderTable, tableColumnUnits } from '../table.ts';
import { articleState, replaceWithHtml, type BenchwrightOptions, type EvaluatedQuery } from './article-state.ts';

export default function remarkFigures(options: BenchwrightOptions) {
  return (_tree: Root, file: VFile): void => {
    const { engine } = options;
    const { blocks, results, labels, citations, data } = articleState(file, 'remarkFigures');
    const words = reportWords(options.lang);
    const cache = options.cache ?? memoryCache();
    let charts = 0;
    let tables = 0;
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
  };
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
    // A comparison the citation formatter refuses without a stated reason, in its words.
    if (sources.refusal && what === 'chart') throw Object.assign(new Error(sources.refusal.message), { path: 'marks', hint: sources.refusal.hint });
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
