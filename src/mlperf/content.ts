/**
 * MLPerf content, plugged into the core: the citation formatter a catalogued table declares with `mlperf:` (its
 * entry's schema and checks, the columns and MLCommons' category its citations read, the footnote MLCommons'
 * messaging guidelines require under every figure, the refusal of incompatible comparisons without a stated reason,
 * and the trademark legend). Whoever opens the project passes `mlperfContent` (openProject, loadCatalog).
 */
import { retrievals } from '../core/data/catalog.ts';
import type { CitationFormatter } from '../core/data/citation-formatter.ts';
import { MLPERF_KEY, checkMlperfEntry, mlperfSchema, type MlperfTable } from './mlperf-catalog.ts';
import { categorySelect, checkCategoryMaps } from './mlperf-categories.ts';
import { citeWords, differences, incompatibilities, isDerivedUnit, mlperfCitation } from './mlperf-citation.ts';
import { mlperfWords } from './mlperf-words.ts';

export const mlperfCitations: CitationFormatter<MlperfTable> = {
  key: MLPERF_KEY,
  schema: mlperfSchema,
  check: checkMlperfEntry,
  checkData: checkCategoryMaps,
  columns: (m) => Object.values(m.columns),
  // MLCommons' category beside the published text, where the table maps one to the other (mlperf-categories.ts).
  select: (table, _m, alias) => categorySelect(table, alias),
  cite(table, _m, rows, context) {
    const found = incompatibilities(differences(table, rows));
    const derived = context.shown.flatMap(({ column, units }) => units.filter(isDerivedUnit).map((unit) => ({ column, unit })));
    const citation = mlperfCitation(table, rows, {
      retrieved: retrievals(table),
      retrievedDefault: table.source.retrieved,
      derived,
      compareReason: context.compareReason,
      detailsId: context.detailsId,
      appendixId: context.appendixId,
      words: citeWords(context.words),
    });
    return { html: citation.html, appendix: citation.appendix, incomparable: context.compareReason ? [] : found };
  },
  refusal: (incomparable) => ({
    message: `this chart compares MLPerf results of different ${incomparable.join('; ')}, which MLPerf's rules allow only with the differences stated`,
    hint: 'add `compare: <why the comparison is sound>` to the block (it is printed in the footnote), or filter the query to one division, category and round',
  }),
  notes(words) {
    const w = mlperfWords(words.lang);
    return { legend: w.trademark, appendixIntroHtml: w.citationsIntro };
  },
};

/** The content MLPerf gives the core: pass it wherever a project or catalog is opened. */
export const mlperfContent: readonly CitationFormatter[] = [mlperfCitations];
