/**
 * The sources part of a figure: which catalogued tables and files it read, where their rows came from, and for a
 * table that declares a citation formatter (citation-formatter.ts) the citation that formatter writes. Also reports
 * a comparison the formatter's rules forbid that the block does not explain, in the formatter's words.
 */
import { retrievedText, type Catalog, type CatalogTable } from '../data/catalog.ts';
import { citationOf, type CitationFormatter } from '../data/citation-formatter.ts';
import { toCsv } from '../data/csv.ts';
import { html, joinHtml, trusted, type Html } from './html.ts';
import type { TableRowsRead } from './provenance.ts';
import type { ResultUnits } from '../units/query-units.ts';
import { count, fill, reportWords, type ReportWords } from './report-words.ts';
import type { CitedLists } from './citations-appendix.ts';

export interface FigureSources {
  html: string;
  /** A comparison a citation formatter refuses without a stated reason (the block's `compare:`): its words. */
  refusal?: { message: string; hint: string };
  /** CSV of every cited row (the rows read from tables with row provenance). */
  citedCsv?: string;
  /** The full citation lists, for the citations appendix of the printed report (none without cited rows). */
  appendix?: CitedLists;
}

export function figureSources(
  catalog: Catalog,
  reads: TableRowsRead[],
  options: { units: ResultUnits; shownColumns: string[]; compareReason?: string; figureId: string; words?: ReportWords },
): FigureSources {
  const w = options.words ?? reportWords();
  const notes: Html[] = [];
  const incomparable = new Map<CitationFormatter, string[]>();
  const cited: { table: string; rows: TableRowsRead['rows'] }[] = [];
  const appendix: string[] = [];
  const formatters: CitationFormatter[] = [];
  for (const { table: name, rows, files: fileList } of reads) {
    const table = catalog.tables.find((t) => t.name === name)!;
    const files = joinHtml(fileList.map((f) => html`<code>data/${f}</code>`), String(html`${w.listSeparator}`));
    const derivation = table.view ? fill(w.derivedHtml, { derivation: String(html`${table.view.derivation}`) }) : '';
    const line = fill(w.dataLineHtml, {
      title: String(html`${table.title}`),
      table: String(html`<code>${name}</code>`),
      files: String(files),
      rows: String(html`${count(w, 'rowRead', 'rowsRead', rows.length, String(rows.length))}`),
      publisher: String(html`${table.source.publisher}`),
      date: String(html`${retrievedText(table)}`),
    });
    notes.push(html`<p class="bw-source"><span class="bw-note-label">${w.dataLabel}</span> ${trusted(line)}${trusted(derivation)}${trusted(rowSources(table, rows, w))}</p>`);
    const declared = citationOf(catalog, table);
    if (declared && rows.length > 0) {
      const { formatter, config } = declared;
      const detailsId = `${options.figureId}-citations${appendix.length ? `-${appendix.length + 1}` : ''}`;
      const shown = options.shownColumns.map((column) => ({ column, units: options.units.columns[column] ?? [] }));
      const citation = formatter.cite(table, config, rows, { shown, compareReason: options.compareReason, detailsId, appendixId: `${options.figureId}-cited`, words: w });
      if (citation.incomparable.length) incomparable.set(formatter, [...(incomparable.get(formatter) ?? []), ...citation.incomparable]);
      notes.push(trusted(citation.html));
      appendix.push(citation.appendix);
      if (!formatters.includes(formatter)) formatters.push(formatter);
    }
    if (rows.length > 0 && Object.keys(rows[0]!).length > 0) cited.push({ table: name, rows });
  }
  const [refused] = [...incomparable.entries()];
  return {
    html: notes.length ? String(html`<div class="bw-sources">${notes}</div>`) : '',
    ...(refused ? { refusal: refused[0].refusal(refused[1]) } : {}),
    citedCsv: citedCsv(cited),
    ...(appendix.length ? { appendix: { html: appendix.join(''), formatters } } : {}),
  };
}

/**
 * The cited rows as one CSV: a table's rows with its provenance columns; rows of several tables (a figure over MLPerf
 * results and the specification table) under one header, a `table` column first and each table's columns after it
 * (empty where a table has no such column), so a spreadsheet opens it as one table.
 */
function citedCsv(cited: { table: string; rows: TableRowsRead['rows'] }[]): string | undefined {
  if (cited.length === 0) return undefined;
  if (cited.length === 1) return toCsv(Object.keys(cited[0]!.rows[0]!), cited[0]!.rows);
  const columns = [...new Set(cited.flatMap(({ rows }) => Object.keys(rows[0]!)))];
  if (columns.includes('table')) throw new Error('a cited table has a column named "table", which the cited-results CSV of several tables uses for the table name');
  return toCsv(['table', ...columns], cited.flatMap(({ table, rows }) => rows.map((row) => ({ table, ...row }))));
}

/** Where the rows came from, from the table's own per-row source columns (rows a formatter cites: see its citation). */
function rowSources(table: CatalogTable, rows: TableRowsRead['rows'], w: ReportWords): string {
  if (table.citation) return '';
  const columns = table.source.row_provenance ?? [];
  const urls = new Set<string>();
  for (const row of rows) {
    for (const column of columns) {
      for (const part of String(row[column] ?? '').split(/\s+\|\s+/)) if (/^https?:\/\//.test(part)) urls.add(part);
    }
  }
  if (urls.size === 0) return '';
  const links = [...urls].sort().map((u) => html`<a href="${u}">${u.replace(/^https?:\/\//, '')}</a>`);
  return fill(w.rowSourcesHtml, { links: String(joinHtml(links, String(html`${w.listSeparator}`))) });
}
