/**
 * Test helper: is every table cell and every chart label of a report page in the text of its PDF?
 *
 * `pdftotext -raw` gives the text in the order Chromium drew it, which is the page's order: a table row by row and
 * each row cell by cell, a cell's wrapped lines one after another. So with all white space taken out of both sides
 * (where a cell wraps is the paper's business), each row — every cell of it, in order, joined — must appear in the
 * PDF after its table's title and after the row before it. A number cut at the page edge ("13," for "13,015"), a
 * dropped column or a missing row breaks the row's string.
 */
import { execFileSync } from 'node:child_process';
import { parseHTML } from 'linkedom';

/** White space out, compatibility forms folded (a ligature the PDF's text map spells as one character). */
export const squash = (text: string): string => text.normalize('NFKC').replace(/[\s\u00ad]+/g, '');

export function pdfRawText(file: string): string {
  return execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

export interface PrintedFigure {
  /** e.g. `#tbl-counts "Table 2. v6.0 results whose …"` */
  name: string;
  kind: 'table' | 'chart';
  /** Text that must come first (the figure's title), then each part in order. */
  title: string;
  /** A table: each row's cells joined; a chart: each text label of its SVG. */
  parts: string[];
}

/**
 * The tables and charts of a report page, in page order. Tables: every `table` in `main` but the data tables folded
 * under a figure (`.bw-data`, which print leaves out: the chart itself is printed). Charts: their SVG's labels.
 */
export function printedFigures(html: string): PrintedFigure[] {
  const { document } = parseHTML(html);
  const figures: PrintedFigure[] = [];
  const seen = new Set<Element>();
  for (const element of document.querySelectorAll('main table, main figure.bw-chart')) {
    if (element.closest('.bw-data')) continue;
    const figure = element.closest('figure.bw-figure');
    const title = figure?.querySelector('.bw-figure-title')?.textContent ?? '';
    const name = figure ? `#${figure.id} "${title.trim()}"` : `table (header "${element.querySelector('th')?.textContent?.trim() ?? ''}")`;
    if (element.tagName === 'TABLE') {
      const rows = [...element.querySelectorAll('tr')].map((tr) => [...tr.children].map((cell) => cell.textContent ?? '').join(' '));
      figures.push({ name, kind: 'table', title, parts: rows });
    } else if (!seen.has(element)) {
      seen.add(element);
      const svg = chartSvg(element);
      const labels = [...(svg?.querySelectorAll('text') ?? [])].map((t) => t.textContent ?? '').filter((t) => squash(t) !== '');
      figures.push({ name, kind: 'chart', title, parts: labels });
    }
  }
  return figures;
}

/**
 * A chart's drawing as print shows it: the SVG child of the figure's body, or of the Plot figure there (whose
 * legend's swatch icons are SVGs too); of the wide and narrow drawings (src/core/charts/chart.ts), the wide one.
 */
export function chartSvg(figure: Element): Element | undefined {
  const body = figure.querySelector('.bw-figure-body');
  const drawings = [...(body?.children ?? [])].filter((child) => !child.classList.contains('bw-chart-narrow'));
  return drawings.map((d) => (d.tagName.toLowerCase() === 'svg' ? d : [...d.children].find((c) => c.tagName.toLowerCase() === 'svg'))).find((svg) => svg !== undefined);
}

export interface Missing {
  figure: string;
  /** The row or label not found (as on the page), or the title. */
  text: string;
  /** What the PDF has where it should be: the longest start of it found, and what follows. */
  pdfHas: string;
}

/** Finds each figure's title and then its parts in order in the PDF text; returns what is not there. */
export function missingFromPdf(figures: readonly PrintedFigure[], pdfText: string): Missing[] {
  const pdf = squash(pdfText);
  const missing: Missing[] = [];
  let cursor = 0;
  const find = (figure: string, text: string): void => {
    const want = squash(text);
    if (want === '') return;
    const at = pdf.indexOf(want, cursor);
    if (at >= 0) {
      cursor = at + want.length;
      return;
    }
    // The longest start of it that is in the PDF: where the text was cut.
    let length = want.length - 1;
    let found = -1;
    while (length > 0 && (found = pdf.indexOf(want.slice(0, length), cursor)) < 0) length--;
    const pdfHas = found < 0 ? '(nothing of it)' : `${pdf.slice(found, found + length)}⟨then⟩${pdf.slice(found + length, found + length + 40)}`;
    missing.push({ figure, text: text.replace(/\s+/g, ' ').trim(), pdfHas });
  };
  for (const figure of figures) {
    find(figure.name, figure.title);
    for (const part of figure.parts) find(figure.name, part);
  }
  return missing;
}
