/**
 * The citations appendix of a report: every figure's full list of the results it cites, under its figure number,
 * after "Data and methods". The page shows each list beside its figure (a <details>); print shows this appendix
 * instead, so a PDF carries each list once, at the end, rather than pages of lists between the figures. The
 * citation formatters that wrote the lists (citation-formatter.ts) give its introduction and its closing legend.
 */
import type { CitationFormatter } from '../data/citation-formatter.ts';
import { html, trusted } from './html.ts';
import { fill, reportWords, type ReportWords } from './report-words.ts';

/** A figure's full citation lists as its sources wrote them (figure-sources.ts), and the formatters that wrote them. */
export interface CitedLists {
  html: string;
  formatters: CitationFormatter[];
}

export interface AppendixEntry {
  /** The figure's anchor, e.g. "figure-2". */
  id: string;
  /** "Figure 2" or "Table 1". */
  number: string;
  title?: string;
  list: CitedLists;
}

export const CITATIONS_APPENDIX_ID = 'bw-citations';

export function renderCitationsAppendix(entries: AppendixEntry[], w: ReportWords = reportWords()): string {
  const formatters = [...new Set(entries.flatMap((e) => e.list.formatters))];
  const notes = formatters.map((f) => f.notes(w));
  const figures = entries.map(
    (e) => html`<section class="bw-cite-figure" id="${e.id}-cited"><h3><a href="#${e.id}">${e.number}</a>${e.title && fill(w.figureTitle, { title: e.title })}</h3>${trusted(e.list.html)}</section>`,
  );
  return String(html`<section class="bw-citations-appendix" id="${CITATIONS_APPENDIX_ID}" aria-labelledby="${CITATIONS_APPENDIX_ID}-title" data-pagefind-ignore>${[
    html`<h2 id="${CITATIONS_APPENDIX_ID}-title">${w.citations}</h2>`,
    notes.map((n) => html`<p>${trusted(n.appendixIntroHtml)}</p>`),
    figures,
    notes.map((n) => html`<p class="bw-trademark">${n.legend}</p>`),
  ]}</section>`);
}
