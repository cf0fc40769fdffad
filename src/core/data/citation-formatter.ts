/**
 * A citation formatter: content a catalogued table may declare (catalog.ts: a key of its own in the table's entry),
 * which then says which columns of each cited row its citation reads, writes the citation under every figure over
 * that table (and its full lists for the printed report's citations appendix), refuses comparisons its rules forbid
 * unless the figure says why, and adds its legend where a report cites such tables. The core knows only this
 * interface; the formatters are given by whoever opens the project (MLPerf's: src/mlperf/content.ts).
 */
import type { Catalog, CatalogCitation, CatalogTable } from './catalog.ts';
import type { Row } from './json-values.ts';
import type { ReportWords } from '../render/report-words.ts';

export interface CitationFormatter<Config = unknown> extends CatalogCitation<Config> {
  /** The columns of each cited row the citation reads (provenance.ts selects them). */
  columns(config: Config): string[];
  /** A further select-list item for the cited rows of `table` read as `alias`, e.g. a value looked up in another table ("" for none). */
  select?(table: CatalogTable, config: Config, alias: string): string;
  /** The citation of the rows a figure read from `table`. */
  cite(table: CatalogTable, config: Config, rows: Row[], context: CiteContext): Citation;
  /**
   * Why a figure may not compare what `incomparable` names (the differences its citations found), with a hint:
   * a chart that compares them without a stated reason (the block's `compare:`) is refused with these words.
   */
  refusal(incomparable: string[]): { message: string; hint: string };
  /** What a report that cites such tables carries once: the legend (after "Data and methods" and the citations appendix) and the appendix's introduction. */
  notes(words: ReportWords): { legend: string; appendixIntroHtml: string };
}

export interface CiteContext {
  /** The columns the figure shows, each with its units. */
  shown: { column: string; units: string[] }[];
  /** The author's reason for a comparison the formatter's rules call incompatible (the block's `compare:`). */
  compareReason?: string;
  /** The id of the full list under the figure, and of the figure's section of the citations appendix. */
  detailsId: string;
  appendixId: string;
  /** The words of the report version (its language: `words.lang`). */
  words: ReportWords;
}

export interface Citation {
  /** Under the figure. */
  html: string;
  /** The full lists, for the citations appendix of the printed report. */
  appendix: string;
  /** Differences the rows show that need a stated reason (none when the figure gave one). */
  incomparable: string[];
}

/** The formatter a table declares and its entry, from the formatters the catalog was loaded with. */
export function citationOf(catalog: Catalog, table: CatalogTable): { formatter: CitationFormatter; config: unknown } | undefined {
  if (!table.citation) return undefined;
  // The catalog was loaded with the formatters whoever opened the project gave: citation formatters, whole.
  const formatter = catalog.formatters.find((f) => f.key === table.citation!.formatter) as CitationFormatter | undefined;
  return formatter ? { formatter, config: table.citation.config } : undefined;
}

/** The formatters of the tables a report read, once each, in the order of `tables`. */
export function formattersOf(catalog: Catalog, tables: Iterable<string>): CitationFormatter[] {
  const out: CitationFormatter[] = [];
  for (const name of tables) {
    const table = catalog.tables.find((t) => t.name === name);
    const found = table && citationOf(catalog, table)?.formatter;
    if (found && !out.includes(found)) out.push(found);
  }
  return out;
}
