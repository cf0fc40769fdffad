/**
 * The shipped report's citations, end to end (issue 15, item 3): every MLPerf result each figure of each version cites
 * is reachable on the page (in the figure's "Cited results"), in its cited-results CSV and in the PDF's Citations
 * appendix, under its figure number, in A4 and US Letter; and the PDF's body no longer repeats the lists.
 *
 * BENCHWRIGHT_CITATIONS_SITE=<folder> checks a site already built with `npm run publish:site` instead of building one
 * (e.g. the output of an older Benchwright, to see these checks fail on it).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseHTML } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportPdfs, findVersionPages, pdfName } from '../src/publish/pdf/pdf.ts';
import { reportWords, type ReportWords as CoreWords } from '../src/core/render/report-words.ts';
import { mlperfWords, type MlperfWords } from '../src/mlperf/mlperf-words.ts';
import { loadCatalog } from '../src/core/data/catalog.ts';
import { mlperfContent } from '../src/mlperf/content.ts';

/** The toolkit's words and MLPerf content's (mlperf-words.ts), in one language. */
type ReportWords = CoreWords & MlperfWords;
import { expandIds, parseCsv } from './citation-helpers.ts';
import { ROOT } from './helpers.ts';
import { astroBuild } from './site.ts';

let site = '';
beforeAll(async () => {
  const given = process.env.BENCHWRIGHT_CITATIONS_SITE;
  if (given) {
    site = resolve(ROOT, given);
    return;
  }
  const build = astroBuild({ content: 'content', data: 'data', env: { BENCHWRIGHT_PUBLISH: '1' } });
  expect(build.code, build.output).toBe(0);
  site = build.outDir;
  await exportPdfs({ siteDir: site, siteUrl: 'https://reports.example.org' });
}, 600_000);

interface CitedFigure {
  /** "Figure 3" as the page numbers it. */
  number: string;
  figure: Element;
  ids: Set<string>;
  /** Cited rows without a result ID (v3.1/v4.0, training). */
  withoutId: number;
  /** Cited rows (results). */
  rows: number;
}

/** Each figure of a version page that cites MLPerf results, with the IDs of its cited-results CSV. */
/** The tables whose rows MLPerf's citation formatter cites (\`mlperf:\` in the catalog). */
const MLPERF_TABLES = new Set(loadCatalog(join(ROOT, 'data'), mlperfContent).tables.filter((t) => t.citation?.formatter === 'mlperf' && !t.view).map((t) => t.name));

function citedFigures(page: string): CitedFigure[] {
  const doc = parseHTML(readFileSync(join(site, page, 'index.html'), 'utf8')).document;
  return [...doc.querySelectorAll('figure.bw-figure')]
    .filter((f) => f.querySelector('.bw-mlperf-note'))
    .map((figure) => {
      const href = figure.querySelector('a.bw-download-cited')!.getAttribute('href')!;
      // The MLPerf rows of the CSV: all of them, or those of a cited MLPerf table where the figure read several tables
      // (the CSV's first column then names each row's table).
      const rows = parseCsv(readFileSync(join(site, decodeURIComponent(href)), 'utf8')).filter((r) => (r.table === undefined ? /^v\d/.test(r.round ?? '') : MLPERF_TABLES.has(r.table)));
      const ids = rows.map((r) => r.result_id ?? '').filter(Boolean);
      return { number: figure.querySelector('.bw-figure-number')!.textContent!.replace(/\.$/, ''), figure, ids: new Set(ids), withoutId: rows.length - ids.length, rows: rows.length };
    });
}

// -raw: the text in the order it was drawn (the default layout mode scatters Chinese lines' parts across the page).
const pdfText = (file: string) => execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });

/** The words of a version page's language (its <html lang>), as the toolkit wrote them (report-words.ts). */
const pageWords = (page: string): ReportWords => {
  const lang = parseHTML(readFileSync(join(site, page, 'index.html'), 'utf8')).document.documentElement.getAttribute('lang') ?? 'en';
  return { ...reportWords(lang), ...mlperfWords(lang) };
};
/** A regular expression for a phrase, a PDF's line breaks allowed anywhere in it (pdftotext breaks Chinese lines between any two characters). */
const flexible = (phrase: string, flags = 'g') =>
  new RegExp([...phrase.replace(/\s+/g, '')].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s*'), flags);
/** Where the appendix starts: the last match of its first sentence. */
function appendixStart(text: string, words: ReportWords): number {
  const first = /^.*?[.。]/.exec(words.citationsIntro)![0];
  return [...text.matchAll(flexible(first))].at(-1)?.index ?? -1;
}
/** The result counts of a section ("12 results", "12 个结果"), after the colon of a list item. */
function resultCounts(section: string, words: ReportWords): number {
  // "12 results" or "1 result" (the plural first, so it is not read as the singular and an "s")
  const [before, many] = words.results.split('{n}') as [string, string];
  const one = words.result.split('{n}')[1]!;
  const after = [many, one].map((w) => (w.trim() ? flexible(w, '').source : '')).join('|');
  // a list item's count ends its item or goes on to its IDs; the citation line's goes on to "retrieved"
  const pattern = new RegExp(`[:：]\\s*${flexible(before, '').source}\\s*([\\d,]+)\\s*(?:${after})(?=\\s*(?:[.。;；]|[,，]\\s*ID))`, 'g');
  return [...section.matchAll(pattern)].reduce((n, m) => n + Number(m[1]!.replace(/,/g, '')), 0);
}
/** The words that say results have no ID in the source (a whole group, or some of a benchmark's). */
const noIdWords = (words: ReportWords) => [
  words.noIds.replace(/^\s*[(（]/, '').split(/[:：]/)[0]!,
  words.withoutId.split('{n}')[1]!.split(/[(（]/)[0]!.trim(),
];

describe("the shipped report's citations", () => {
  it('are found: every version, with figures that cite MLPerf results', () => {
    const pages = findVersionPages(site);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const p of pages) expect(citedFigures(p.path).length, p.path).toBeGreaterThanOrEqual(4);
  }, 120_000);

  it("every cited result ID of every figure is on the page, in the figure's Cited results", () => {
    for (const { path } of findVersionPages(site)) {
      for (const f of citedFigures(path)) {
        const details = f.figure.querySelector('details.bw-citations');
        expect(details, `${path} ${f.number}: no "Cited results" list`).not.toBeNull();
        const printed = new Set(expandIds(details!.textContent!.replace(/\s+/g, ' ')));
        expect([...f.ids].filter((id) => !printed.has(id)), `${path} ${f.number}: cited, not listed`).toEqual([]);
        expect([...printed].filter((id) => !f.ids.has(id)), `${path} ${f.number}: listed, not cited`).toEqual([]);
      }
    }
  }, 120_000);

  it('every result ID of every figure of every version is in the PDF appendix, under its figure number (A4 and Letter)', () => {
    for (const p of findVersionPages(site)) {
      const figures = citedFigures(p.path);
      for (const format of ['A4', 'Letter'] as const) {
        const file = join(site, 'pdf', pdfName(p.slug, p.version, format));
        expect(existsSync(file), file).toBe(true);
        const text = pdfText(file);
        const words = pageWords(p.path);
        const start = appendixStart(text, words);
        expect(start, `${file}: no Citations appendix`).toBeGreaterThan(0);
        const appendix = text.slice(start);
        // Each figure's section runs from its number to the next one's.
        let at = 0;
        const starts = figures.map((f) => {
          const found = appendix.indexOf(`${f.number}.`, at);
          expect(found, `${file}: ${f.number} is not in the appendix`).toBeGreaterThan(0);
          at = found + 1;
          return found;
        });
        figures.forEach((f, i) => {
          const section = appendix.slice(starts[i], starts[i + 1] ?? appendix.length).replace(/\s+/g, ' ');
          const printed = new Set(expandIds(section));
          expect([...f.ids].filter((id) => !printed.has(id)), `${file} ${f.number}: cited, not in the appendix`).toEqual([]);
          expect([...printed].filter((id) => !f.ids.has(id)), `${file} ${f.number}: in the appendix, not cited`).toEqual([]);
          // Every result is counted there, per benchmark (those without an ID only so): the counts add up to the CSV's rows.
          expect(resultCounts(section, words), `${file} ${f.number}: results counted in the appendix`).toBe(f.rows);
          if (f.withoutId > 0) expect(noIdWords(words).some((w) => flexible(w, '').test(section)), `${file} ${f.number}: says some results have no ID`).toBe(true);
        });
      }
    }
  }, 120_000);

  it("the PDF's body carries each figure's one citation line and no lists (they are in the appendix)", () => {
    for (const p of findVersionPages(site)) {
      const text = pdfText(join(site, 'pdf', pdfName(p.slug, p.version, 'A4')));
      const words = pageWords(p.path);
      const start = appendixStart(text, words);
      const body = start > 0 ? text.slice(0, start) : text;
      expect(body.match(flexible(words.citeLabel))?.length ?? 0, p.path).toBe(citedFigures(p.path).length);
      expect(flexible(noIdWords(words)[0]!, '').test(body), `${p.path}: a list in the body`).toBe(false);
      expect(new RegExp(`${flexible(words.citedResults, '').source}\\s*[(（]`).test(body), `${p.path}: a list in the body`).toBe(false);
      // Runs of IDs are written only in lists (the prose and tables may name single results).
      expect(/\d\.\d+-\d{4}\s*(?:to|至)\s*v?\d+\.\d+-\d{4}/.test(body), `${p.path}: a run of result IDs in the body`).toBe(false);
    }
  }, 120_000);
});
