/**
 * The HTML around a chart or table: title and caption in HTML (not inside the SVG, so the SVG can
 * be rasterised alone), an accessible description, and a collapsible data part with the SQL, the
 * rows and a CSV download that works without JavaScript.
 */
import { toCsv } from '../data/csv.ts';
import { html, joinHtml, trusted, type Html } from './html.ts';
import { scrollBox, sqlListing } from './scroll-box.ts';
import type { FigureSources } from './figure-sources.ts';
import type { QueryResult } from '../sql/query-engine.ts';
import { defaultColumns, renderTable } from './table.ts';
import { count, fill, reportWords, type ReportWords } from './report-words.ts';

/** Rows shown in a figure's data part; the CSV download always has all of them. */
export const DATA_PREVIEW_ROWS = 100;

export interface FigureParts {
  kind: 'chart' | 'table';
  /** Stable id within the page, e.g. "figure-2". */
  id: string;
  /** "Figure 2" or "Table 1". */
  number: string;
  queryName: string;
  title?: string;
  subtitle?: string;
  caption?: string;
  /** For charts: screen-reader description. */
  description?: string;
  /** The chart's SVG or the table element. */
  body: string;
  /** The self-contained SQL that produced the rows. */
  sql: string;
  result: QueryResult;
  sources?: FigureSources;
  /** Where the chart is published as images, for download links (PNG only in the publish build). */
  images?: { png?: string; svg: string };
  /**
   * Where the site publishes the figure's CSV downloads. Without it the CSVs are embedded as data: URLs,
   * which can make a page many times heavier than its text (cited source rows especially).
   */
  downloads?: { csv: string; citedCsv: string };
  /** The words around it, in the version's language (English by default). */
  words?: ReportWords;
}

/**
 * The CSV files beside a page's figures, by path: `<folder><id>.csv` (its rows) and `<folder><id>-cited.csv` (the
 * source rows it cites), the names the figures' download links use.
 */
export function figureDownloads(figures: readonly { id: string; csv?: string; citedCsv?: string }[], folder: string): { path: string; content: string }[] {
  return figures.flatMap((f) => [
    ...(f.csv !== undefined ? [{ path: `${folder}${f.id}.csv`, content: f.csv }] : []),
    ...(f.citedCsv !== undefined ? [{ path: `${folder}${f.id}-cited.csv`, content: f.citedCsv }] : []),
  ]);
}

/** A figure's CSV downloads: its rows, and the source rows it cites (when the table has citation columns). */
export function figureCsvs({ result, sources }: Pick<FigureParts, 'result' | 'sources'>): { csv: string; citedCsv?: string } {
  return { csv: toCsv(result.columns.map((c) => c.name), result.rows), ...(sources?.citedCsv ? { citedCsv: sources.citedCsv } : {}) };
}

export function renderFigure(parts: FigureParts): string {
  const { id, kind } = parts;
  const w = parts.words ?? reportWords();
  const titleId = `${id}-title`;
  const heading = html`<span class="bw-figure-number">${parts.number}.</span> ${parts.title ?? fill(w.queryTitle, { query: parts.queryName })}`;
  const describedBy = parts.description && html` aria-describedby="${id}-desc"`;
  const images = parts.images;
  // The chart's SVG (or the table) and the sources part are markup the toolkit made.
  return String(html`${[
    html`<figure class="bw-figure bw-${kind}" id="${id}" data-query="${parts.queryName}" aria-labelledby="${titleId}"${describedBy}>`,
    html`<figcaption><span class="bw-figure-title" id="${titleId}">${heading}</span>`,
    parts.subtitle && html`<span class="bw-figure-subtitle">${parts.subtitle}</span>`,
    parts.caption && html`<span class="bw-figure-caption">${parts.caption}</span>`,
    html`</figcaption>`,
    // Tick labels and data cells are not prose: keep them out of the search index.
    html`<div class="bw-figure-body" data-pagefind-ignore>${trusted(parts.body)}</div>`,
    parts.description && html`<p class="bw-sr-only" id="${id}-desc">${parts.description}</p>`,
    images && html`<p class="bw-image-links" data-pagefind-ignore>${w.imageLinks}${images.png && html`<a href="${images.png}" download>PNG</a> · `}<a href="${images.svg}" download>SVG</a></p>`,
    trusted(parts.sources?.html ?? ''),
    renderDataPart(parts, w),
    html`</figure>`,
  ]}`);
}

function renderDataPart(parts: FigureParts, w: ReportWords): Html {
  const { id, kind, queryName, sql, result, downloads } = parts;
  const columns = result.columns.map((c) => c.name);
  const { csv, citedCsv } = figureCsvs(parts);
  // encodeURIComponent leaves no character that needs escaping in a double-quoted attribute (it leaves ' as it is).
  const dataUrl = (text: string) => trusted(`data:text/csv;charset=utf-8,${encodeURIComponent(text)}`);
  const preview = result.rows.slice(0, DATA_PREVIEW_ROWS);
  const more = result.rows.length > preview.length && html`<p>${fill(w.showingRows, { shown: preview.length, total: result.rows.length })}</p>`;
  const separator = String(html`${w.listSeparator}`);
  // The *Html words are the toolkit's own markup, filled with escaped pieces.
  const reads = fill(w.readsHtml, { tables: String(joinHtml(result.tables.map((t) => html`<code>${t}</code>`), separator)) });
  const meta = fill(w.dataMetaHtml, { query: String(html`<code>${queryName}</code>`), rows: String(html`${count(w, 'row', 'rows', result.rows.length)}`) });
  return html`${[
    html`<details class="bw-data" data-pagefind-ignore><summary>${kind === 'chart' ? w.dataAndSql : w.sqlOnly} <span class="bw-data-meta">${trusted(meta)}</span></summary>`,
    trusted(sqlListing(sql, fill(w.sqlOfFigure, { number: parts.number, query: queryName }))),
    result.tables.length > 0 && html`<p>${trusted(reads)}</p>`,
    kind === 'chart' && html`${trusted(scrollBox(renderTable(defaultColumns(columns), preview, ' class="bw-rows"'), fill(w.rowsOfFigure, { number: parts.number, query: queryName })))}${more}`,
    html`<p><a class="bw-download" download="${`${queryName}.csv`}" href="${downloads ? downloads.csv : dataUrl(csv)}" id="${id}-csv">${w.downloadRows}</a>`,
    citedCsv && html` · <a class="bw-download-cited" download="${`${queryName}-cited-results.csv`}" href="${downloads ? downloads.citedCsv : dataUrl(citedCsv)}">${w.downloadCited}</a>`,
    html`</p>`,
    html`</details>`,
  ]}`;
}
