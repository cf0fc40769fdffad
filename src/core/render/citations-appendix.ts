/**
 * The citations appendix of a report: every figure's full list of the MLPerf results it cites, under its figure
 * number, after "Data and methods". The page shows each list beside its figure (a <details>); print shows this
 * appendix instead, so a PDF carries each list once, at the end, rather than pages of lists between the figures.
 */
import { escapeHtml } from './html.ts';
import { fill, reportWords, type ReportWords } from './report-words.ts';

export interface AppendixEntry {
  /** The figure's anchor, e.g. "figure-2". */
  id: string;
  /** "Figure 2" or "Table 1". */
  number: string;
  title?: string;
  /** The citation list as figure-sources.ts writes it (mlperfCitation's `appendix`). */
  list: string;
}

export const CITATIONS_APPENDIX_ID = 'bw-citations';

export function renderCitationsAppendix(entries: AppendixEntry[], w: ReportWords = reportWords()): string {
  const figures = entries.map(
    (e) =>
      `<section class="bw-cite-figure" id="${escapeHtml(e.id)}-cited"><h3><a href="#${escapeHtml(e.id)}">${escapeHtml(e.number)}</a>${e.title ? escapeHtml(fill(w.figureTitle, { title: e.title })) : ''}</h3>${e.list}</section>`,
  );
  return [
    `<section class="bw-citations-appendix" id="${CITATIONS_APPENDIX_ID}" aria-labelledby="${CITATIONS_APPENDIX_ID}-title" data-pagefind-ignore>`,
    `<h2 id="${CITATIONS_APPENDIX_ID}-title">${escapeHtml(w.citations)}</h2>`,
    `<p>${w.citationsIntro}</p>`,
    ...figures,
    `<p class="bw-trademark">${escapeHtml(w.trademark)}</p>`,
    '</section>',
  ].join('');
}
