/**
 * MLCommons' results messaging guidelines, enforced: every figure that shows MLPerf results carries a
 * footnote, as text, naming suite, version, division, category, benchmark, scenario, result IDs, where
 * and when the results were retrieved, and whether MLCommons verified them; a comparison names its
 * differences; derived metrics say so. Incompatible comparisons need a stated reason. Under a figure the citation
 * is one short line; the full list (grouped over scenarios, runs of IDs printed once) is one click away, in the
 * figure's cited-results CSV and in the printed report's citations appendix (citations-appendix.ts).
 */
import { compareRounds, type CatalogTable } from '../core/data/catalog.ts';
import { html, joinHtml, trusted } from '../core/render/html.ts';
import type { Row } from '../core/data/json-values.ts';
import { count, fill, listText, reportWords, type ReportWords } from '../core/render/report-words.ts';
import { mlperfOf } from './mlperf-catalog.ts';
import { mlperfWords, type MlperfWords } from './mlperf-words.ts';

/** The report's words and MLPerf's, in the report version's language. */
export type CiteWords = ReportWords & MlperfWords;
export const citeWords = (words: ReportWords = reportWords()): CiteWords => ({ ...words, ...mlperfWords(words.lang) });

const distinct = (rows: Row[], column: string | undefined): string[] =>
  column ? [...new Set(rows.map((r) => r[column]).filter((v) => v !== null && v !== undefined && v !== '').map(String))].sort() : [];

const list = (values: string[]) => (values.length <= 2 ? values.join(' and ') : `${values.slice(0, -1).join(', ')} and ${values.at(-1)}`);

export interface Differences {
  rounds: string[];
  divisions: string[];
  categories: string[];
  scenarios: string[];
  accelerators: number[];
}

export function differences(table: CatalogTable, rows: Row[]): Differences {
  const c = mlperfOf(table).columns;
  const counts = distinct(rows, c.accelerators).map(Number).filter((n) => Number.isFinite(n)).sort((a, b) => a - b);
  return {
    rounds: distinct(rows, c.round),
    divisions: distinct(rows, c.division),
    categories: distinct(rows, categoryColumn(table)),
    scenarios: distinct(rows, c.scenario),
    accelerators: counts,
  };
}

/** What makes results incompatible to compare (MLPerf rules): more than one division, category or round. */
export function incompatibilities(d: Differences): string[] {
  const out: string[] = [];
  if (d.divisions.length > 1) out.push(`divisions ${list(d.divisions)}`);
  if (d.categories.length > 1) out.push(`categories ${list(d.categories)}`);
  if (d.rounds.length > 1) out.push(`rounds ${list(d.rounds)}`);
  return out;
}

export interface CitationOptions {
  /** Where and when the table's rows were read, per repository (catalog.ts `retrievals`); the table's date otherwise. */
  retrieved: { repo: string; commit?: string; retrieved: string; copy_of?: string }[];
  /** The table's retrieval date, for rows whose repository the catalog does not list. */
  retrievedDefault: string;
  /** Columns shown that are derived metrics, with their units. */
  derived: { column: string; unit: string }[];
  /** The author's reason for comparing across divisions, categories or rounds. */
  compareReason?: string;
  /** The words of the citation, in the version's language (English by default). */
  words?: CiteWords;
}

/** One benchmark of one group: its scenarios together (a result ID is shared by the scenarios of one system and model). */
export interface CitationItem {
  benchmark: string;
  scenarios: string[];
  /** Rows cited: one per result (system, benchmark and scenario). */
  results: number;
  /** The distinct result IDs of those rows, sorted. */
  ids: string[];
  /** Rows without a result ID in the source data (cited by location in the cited-results CSV). */
  withoutId: number;
}

/** The results of one suite, round, division and category. */
export interface CitationGroup {
  suite: string;
  round: string;
  division: string;
  category: string;
  items: CitationItem[];
}

/**
 * The column a citation reads the category from: MLCommons' category (available, preview, rdi) where the table maps
 * its published text to one (`category_map`, added to the rows by provenance.ts), the published column otherwise.
 */
export function categoryColumn(table: CatalogTable): string {
  const m = mlperfOf(table);
  return m.category_map ? `${m.columns.category}_category` : m.columns.category;
}

/** The cited rows, grouped by round, division and category, and within a group by benchmark over its scenarios. */
export function citationGroups(table: CatalogTable, rows: Row[]): CitationGroup[] {
  const m = mlperfOf(table);
  const c = m.columns;
  const category = categoryColumn(table);
  const text = (row: Row, column: string | undefined) => (column === undefined || row[column] === null || row[column] === undefined ? '' : String(row[column]));
  const groups = new Map<string, Map<string, Row[]>>();
  for (const row of rows) {
    const key = [text(row, c.round), text(row, c.division), text(row, category)].join('\u0000');
    const benchmarks = groups.get(key) ?? new Map<string, Row[]>();
    const benchmark = text(row, c.benchmark);
    benchmarks.set(benchmark, [...(benchmarks.get(benchmark) ?? []), row]);
    groups.set(key, benchmarks);
  }
  return [...groups.entries()]
    .map(([key, benchmarks]) => {
      const [round, division, cat] = key.split('\u0000') as [string, string, string];
      const items = [...benchmarks.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([benchmark, group]): CitationItem => ({
        benchmark,
        scenarios: distinct(group, c.scenario),
        results: group.length,
        ids: distinct(group, c.result_id),
        withoutId: c.result_id ? group.filter((r) => text(r, c.result_id) === '').length : group.length,
      }));
      return { suite: m.suite, round, division, category: cat, items };
    })
    .sort((a, b) => compareRounds(a.round, b.round) || a.division.localeCompare(b.division) || a.category.localeCompare(b.category));
}

const results = (w: CiteWords, n: number) => count(w, 'result', 'results', n, n.toLocaleString('en-US'));

/** "llama2-70b-99, Offline and Server: 24 results, IDs 5.1-0001 to 5.1-0012, 5.1-0020" (IDs kept whole, never broken across lines). */
function itemHtml(item: CitationItem, groupHasIds: boolean, whole: boolean, w: CiteWords): string {
  const head = String(html`${item.benchmark}${item.scenarios.length > 0 && fill(w.scenariosAfter, { scenarios: listText(w, item.scenarios) })}`);
  const ids = item.ids.length ? fill(item.ids.length === 1 ? w.id : w.ids, { ids: idRangesHtml(item.ids, whole, w) }) : '';
  const missing = String(html`${item.withoutId > 0 && groupHasIds && fill(w.withoutId, { n: item.withoutId })}`);
  return String(html`<li>${trusted(fill(w.citeItem, { head, results: String(html`${results(w, item.results)}`), ids, missing }))}</li>`);
}

/** The full list, as HTML: a group per round, division and category, the lack of result IDs said once per group. */
export function citationListHtml(groups: CitationGroup[], { print = false, words: w = citeWords() }: { print?: boolean; words?: CiteWords } = {}): string {
  const items = groups.map((g) => {
    const hasIds = g.items.some((i) => i.ids.length > 0);
    const group = fill(w.citeGroup, { suite: g.suite, round: g.round, division: g.division, category: g.category });
    return html`<li><span class="bw-cite-group">${group}</span>${!hasIds && w.noIds}:<ul>${g.items.map((i) => trusted(itemHtml(i, hasIds, print, w)))}</ul></li>`;
  });
  return String(html`<ul class="bw-cite-list">${items}</ul>`);
}

export interface MlperfCitation {
  /** Under the figure: the short citation line, the stated differences and derived metrics, and the full list in a <details>. */
  html: string;
  /** The full list with its retrieval and verification notes, for the citations appendix of the printed report. */
  appendix: string;
  /** Results cited (rows). */
  results: number;
}

/**
 * The citation of the MLPerf results a figure reads, as text: one short line (suite, rounds, divisions, categories,
 * number of results, retrieval dates, verified status, where the full list is), the differences a comparison must
 * name and the derived metrics, and the full list one click away (a <details> that works without JavaScript).
 */
export function mlperfCitation(table: CatalogTable, rows: Row[], options: CitationOptions & { detailsId: string; appendixId: string }): MlperfCitation {
  const m = mlperfOf(table);
  const c = m.columns;
  const d = differences(table, rows);
  const w = options.words ?? citeWords();
  const list = (values: string[]) => listText(w, values);
  const groups = citationGroups(table, rows);
  const { note: retrieved, dates } = retrieval(rows, c, options, w);
  const verified = m.verified ? w.verified : w.notVerified;
  const line = fill(w.citeLine, {
    suite: m.suite,
    rounds: list(d.rounds),
    divisions: list(d.divisions),
    division: d.divisions.length === 1 ? w.division : w.divisions,
    categories: list(d.categories),
    category: d.categories.length === 1 ? w.category : w.categories,
    results: results(w, rows.length),
    dates: list(dates),
    verified,
  });
  // The page has the list below the figure; print has it in the citations appendix (citations-appendix.ts) instead.
  const where = html`<span class="bw-cite-where-web">${trusted(fill(w.whereWebHtml, { id: String(html`${options.detailsId}`) }))}</span> <span class="bw-cite-where-print">${trusted(fill(w.wherePrintHtml, { id: String(html`${options.appendixId}`) }))}</span>`;
  const notes: string[] = [];
  const span: string[] = [];
  if (d.rounds.length > 1) span.push(fill(w.spanRounds, { list: list(d.rounds) }));
  if (d.divisions.length > 1) span.push(fill(w.spanDivisions, { list: list(d.divisions) }));
  if (d.categories.length > 1) span.push(fill(w.spanCategories, { list: list(d.categories) }));
  if (d.scenarios.length > 1) span.push(fill(w.spanScenarios, { list: list(d.scenarios) }));
  if (d.accelerators.length > 1) span.push(fill(w.spanAccelerators, { min: d.accelerators[0]!, max: d.accelerators.at(-1)! }));
  if (span.length) notes.push(`${fill(w.compares, { span: span.join(w.spanSeparator) })}${options.compareReason ? fill(w.why, { reason: options.compareReason }) : ''}`);
  for (const { column, unit } of options.derived) {
    notes.push(fill(w.derivedMetric, { column, unit }));
  }
  const notesAfter = html`<p>${retrieved} ${verified}</p>`;
  const full = html`${trusted(citationListHtml(groups, { words: w }))}${notesAfter}`;
  const note = joinHtml([
    html`<div class="bw-mlperf-note">`,
    html`<p class="bw-cite-line"><span class="bw-note-label">${w.citeLabel}</span> ${line} ${where}</p>`,
    notes.length ? html`<p class="bw-cite-notes">${notes.join(w.notesSeparator)}</p>` : html``,
    html`<details class="bw-citations" id="${options.detailsId}" data-pagefind-ignore><summary>${w.citedResults} <span class="bw-data-meta">(${results(w, rows.length)})</span></summary>${full}</details>`,
    html`</div>`,
  ]);
  const appendix = html`<p class="bw-cite-line">${line}</p>${trusted(citationListHtml(groups, { print: true, words: w }))}${notesAfter}`;
  return { html: String(note), appendix: String(appendix), results: rows.length };
}

/**
 * "Retrieved 2026-11-23 from github.com/mlcommons/inference_results_v5.1 at commit 965182b03376." — each repository
 * and commit the cited rows name, with the date the catalog records for it (rounds read on different days keep
 * their own dates), grouped by date; and those dates.
 */
function retrieval(rows: Row[], c: { repo: string; commit: string }, options: CitationOptions, w: CiteWords): { note: string; dates: string[] } {
  const byDate = new Map<string, Set<string>>();
  for (const row of rows) {
    const repo = String(row[c.repo]);
    const commit = String(row[c.commit]);
    const known = options.retrieved.find((r) => r.repo === repo && (!r.commit || r.commit === commit));
    const date = known?.retrieved ?? options.retrievedDefault;
    const copy = known?.copy_of ? fill(w.repositoryCopy, { copy: known.copy_of }) : '';
    byDate.set(date, (byDate.get(date) ?? new Set()).add(fill(w.repositoryAtCommit, { repo, commit: commit.slice(0, 12), copy })));
  }
  const dates = [...byDate.keys()].sort();
  const parts = dates.map((date) => fill(w.retrievedPart, { date, repositories: [...byDate.get(date)!].sort().join(w.listSeparator) }));
  return { note: fill(w.retrievedNote, { parts: parts.join(w.retrievedPartSeparator) }), dates };
}

/** Runs of consecutive result IDs (same prefix, numbers one apart), each as its first and last ID, sorted. */
export function idRanges(ids: string[]): [string, string][] {
  const parsed = [...new Set(ids)].map((id) => {
    const m = /^(.*-)(\d+)$/.exec(id);
    return m ? { id, prefix: m[1]!, n: Number(m[2]) } : { id, prefix: id, n: NaN };
  });
  parsed.sort((a, b) => a.prefix.localeCompare(b.prefix) || a.n - b.n || a.id.localeCompare(b.id));
  const out: [string, string][] = [];
  for (let i = 0; i < parsed.length; i++) {
    const start = parsed[i]!;
    let end = start;
    while (!Number.isNaN(start.n) && i + 1 < parsed.length && parsed[i + 1]!.prefix === start.prefix && parsed[i + 1]!.n === end.n + 1) end = parsed[++i]!;
    out.push([start.id, end.id]);
  }
  return out;
}

/** "5.1-0001, 5.1-0002, 5.1-0003, 5.1-0007" → "5.1-0001 to 5.1-0003, 5.1-0007": each ID whole, a run printed once. */
export function compressIds(ids: string[], w: CiteWords = citeWords()): string {
  return idRanges(ids).map(([a, b]) => (a === b ? a : fill(w.idRange, { first: a, last: b }))).join(', ');
}

/**
 * The same, as HTML. For print, each ID or run is a span kept on one line (Chromium breaks a line after the hyphen of
 * "4.1-0037", and a PDF's text should hold every ID whole); on screen the plain text is enough and lighter.
 */
function idRangesHtml(ids: string[], whole: boolean, w: CiteWords): string {
  const text = compressIds(ids, w);
  return String(whole ? joinHtml(text.split(', ').map((run) => html`<span class="bw-rid">${run}</span>`), ', ') : html`${text}`);
}

/** A unit is derived when it divides or multiplies: "tokens/s per accelerator", "ratio", "W × h". */
export function isDerivedUnit(unit: string): boolean {
  return / per |×|^ratio$/.test(unit);
}
