/**
 * The sources part of a figure: which catalogued tables and files it read, where their rows came from,
 * and for MLPerf results the footnote MLCommons' guidelines require. Also refuses a comparison of
 * incompatible MLPerf results that the block does not explain.
 */
import { retrievals, retrievedText, type Catalog, type CatalogTable } from '../data/catalog.ts';
import { toCsv } from '../data/csv.ts';
import { escapeHtml } from './html.ts';
import { differences, incompatibilities, isDerivedUnit, mlperfCitation } from '../../mlperf/mlperf-citation.ts';
import type { TableRowsRead } from './provenance.ts';
import type { ResultUnits } from '../units/query-units.ts';
import { count, fill, reportWords, type ReportWords } from './report-words.ts';

export interface FigureSources {
  html: string;
  /** Incompatible MLPerf comparisons found, when the block gave no reason. */
  unexplained: string[];
  /** CSV of every cited row (the rows read from tables with row provenance). */
  citedCsv?: string;
  /** The full MLPerf citation lists, for the citations appendix of the printed report (none without MLPerf rows). */
  appendix?: string;
}

export function figureSources(
  catalog: Catalog,
  reads: TableRowsRead[],
  options: { units: ResultUnits; shownColumns: string[]; compareReason?: string; figureId: string; words?: ReportWords },
): FigureSources {
  const w = options.words ?? reportWords();
  const notes: string[] = [];
  const unexplained: string[] = [];
  const cited: string[] = [];
  const appendix: string[] = [];
  for (const { table: name, rows, files: fileList } of reads) {
    const table = catalog.tables.find((t) => t.name === name)!;
    const files = fileList.map((f) => `<code>data/${escapeHtml(f)}</code>`).join(escapeHtml(w.listSeparator));
    const derivation = table.view ? fill(w.derivedHtml, { derivation: escapeHtml(table.view.derivation) }) : '';
    const line = fill(w.dataLineHtml, { title: escapeHtml(table.title), table: `<code>${escapeHtml(name)}</code>`, files, rows: escapeHtml(count(w, 'rowRead', 'rowsRead', rows.length, String(rows.length))), publisher: escapeHtml(table.source.publisher), date: escapeHtml(retrievedText(table)) });
    notes.push(`<p class="bw-source"><span class="bw-note-label">${escapeHtml(w.dataLabel)}</span> ${line}${derivation}${rowSources(table, rows, w)}</p>`);
    if (table.mlperf && rows.length > 0) {
      const found = incompatibilities(differences(table, rows));
      if (found.length && !options.compareReason) unexplained.push(...found);
      const derived = options.shownColumns
        .flatMap((column) => (options.units.columns[column] ?? []).filter(isDerivedUnit).map((unit) => ({ column, unit })));
      const detailsId = `${options.figureId}-citations${appendix.length ? `-${appendix.length + 1}` : ''}`;
      const citation = mlperfCitation(table, rows, { retrieved: retrievals(table), retrievedDefault: table.source.retrieved, derived, compareReason: options.compareReason, detailsId, appendixId: `${options.figureId}-cited`, words: w });
      notes.push(citation.html);
      appendix.push(citation.appendix);
    }
    if (rows.length > 0 && Object.keys(rows[0]!).length > 0) cited.push(toCsv(Object.keys(rows[0]!), rows));
  }
  return {
    html: notes.length ? `<div class="bw-sources">${notes.join('')}</div>` : '',
    unexplained,
    citedCsv: cited.length === 1 ? cited[0] : cited.length > 1 ? cited.join('\r\n') : undefined,
    ...(appendix.length ? { appendix: appendix.join('') } : {}),
  };
}

/** Where the rows came from, from the table's own per-row source columns (MLPerf rows: see the footnote). */
function rowSources(table: CatalogTable, rows: TableRowsRead['rows'], w: ReportWords): string {
  if (table.mlperf) return '';
  const columns = table.source.row_provenance ?? [];
  const urls = new Set<string>();
  for (const row of rows) {
    for (const column of columns) {
      for (const part of String(row[column] ?? '').split(/\s+\|\s+/)) if (/^https?:\/\//.test(part)) urls.add(part);
    }
  }
  if (urls.size === 0) return '';
  const links = [...urls].sort().map((u) => `<a href="${escapeHtml(u)}">${escapeHtml(u.replace(/^https?:\/\//, ''))}</a>`);
  return fill(w.rowSourcesHtml, { links: links.join(escapeHtml(w.listSeparator)) });
}
