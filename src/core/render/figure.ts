/**
 * The HTML around a chart or table: title and caption in HTML (not inside the SVG, so the SVG can
 * be rasterised alone), an accessible description, and a collapsible data part with the SQL, the
 * rows and a CSV download that works without JavaScript.
 */
import { toCsv } from '../data/csv.ts';
import { escapeHtml } from './html.ts';
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

/** A figure's CSV downloads: its rows, and the source rows it cites (when the table has citation columns). */
export function figureCsvs({ result, sources }: Pick<FigureParts, 'result' | 'sources'>): { csv: string; citedCsv?: string } {
  return { csv: toCsv(result.columns.map((c) => c.name), result.rows), ...(sources?.citedCsv ? { citedCsv: sources.citedCsv } : {}) };
}

export function renderFigure(parts: FigureParts): string {
  const { id, kind } = parts;
  const w = parts.words ?? reportWords();
  const titleId = `${id}-title`;
  const heading = `<span class="bw-figure-number">${escapeHtml(parts.number)}.</span> ${escapeHtml(parts.title ?? fill(w.queryTitle, { query: parts.queryName }))}`;
  const describedBy = parts.description ? ` aria-describedby="${id}-desc"` : '';
  return [
    `<figure class="bw-figure bw-${kind}" id="${id}" data-query="${escapeHtml(parts.queryName)}" aria-labelledby="${titleId}"${describedBy}>`,
    `<figcaption><span class="bw-figure-title" id="${titleId}">${heading}</span>`,
    parts.subtitle ? `<span class="bw-figure-subtitle">${escapeHtml(parts.subtitle)}</span>` : '',
    parts.caption ? `<span class="bw-figure-caption">${escapeHtml(parts.caption)}</span>` : '',
    '</figcaption>',
    // Tick labels and data cells are not prose: keep them out of the search index.
    `<div class="bw-figure-body" data-pagefind-ignore>${parts.body}</div>`,
    parts.description ? `<p class="bw-sr-only" id="${id}-desc">${escapeHtml(parts.description)}</p>` : '',
    parts.images ? `<p class="bw-image-links" data-pagefind-ignore>${escapeHtml(w.imageLinks)}${parts.images.png ? `<a href="${escapeHtml(parts.images.png)}" download>PNG</a> · ` : ''}<a href="${escapeHtml(parts.images.svg)}" download>SVG</a></p>` : '',
    parts.sources?.html ?? '',
    renderDataPart(parts, w),
    '</figure>',
  ].join('');
}

function renderDataPart(parts: FigureParts, w: ReportWords): string {
  const { id, kind, queryName, sql, result, downloads } = parts;
  const columns = result.columns.map((c) => c.name);
  const { csv, citedCsv } = figureCsvs(parts);
  // encodeURIComponent leaves no character that needs escaping in a double-quoted attribute.
  const dataUrl = (text: string) => `data:text/csv;charset=utf-8,${encodeURIComponent(text)}`;
  const preview = result.rows.slice(0, DATA_PREVIEW_ROWS);
  const more = result.rows.length > preview.length ? `<p>${escapeHtml(fill(w.showingRows, { shown: preview.length, total: result.rows.length }))}</p>` : '';
  const tables = result.tables.length ? `<p>${fill(w.readsHtml, { tables: result.tables.map((t) => `<code>${escapeHtml(t)}</code>`).join(escapeHtml(w.listSeparator)) })}</p>` : '';
  return [
    `<details class="bw-data" data-pagefind-ignore><summary>${escapeHtml(kind === 'chart' ? w.dataAndSql : w.sqlOnly)} <span class="bw-data-meta">${fill(w.dataMetaHtml, { query: `<code>${escapeHtml(queryName)}</code>`, rows: escapeHtml(count(w, 'row', 'rows', result.rows.length)) })}</span></summary>`,
    sqlListing(sql, fill(w.sqlOfFigure, { number: parts.number, query: queryName })),
    tables,
    kind === 'chart' ? `${scrollBox(renderTable(defaultColumns(columns), preview, ' class="bw-rows"'), fill(w.rowsOfFigure, { number: parts.number, query: queryName }))}${more}` : '',
    `<p><a class="bw-download" download="${escapeHtml(`${queryName}.csv`)}" href="${downloads ? escapeHtml(downloads.csv) : dataUrl(csv)}" id="${id}-csv">${escapeHtml(w.downloadRows)}</a>`,
    citedCsv
      ? ` · <a class="bw-download-cited" download="${escapeHtml(`${queryName}-cited-results.csv`)}" href="${downloads ? escapeHtml(downloads.citedCsv) : dataUrl(citedCsv)}">${escapeHtml(w.downloadCited)}</a>`
      : '',
    '</p>',
    '</details>',
  ].join('');
}
