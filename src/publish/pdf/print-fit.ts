/**
 * Fitting wide tables to paper. CSS alone cannot know whether a table fits a page, and a table that does not is cut at
 * the page edge with no error ("13," for "13,015", a column gone). So before printing, the page is laid out with the
 * print CSS at the paper's text width, and each table that overflows gets the print CSS's next step (site.css: a 7pt
 * floor, then a landscape page, then breaks inside words) until it fits. A table that fits no step is an error naming
 * it, and its page is not printed: the PDF would lose data.
 */
import type { Page } from 'playwright-core';
import type { PaperFormat } from './pdf-names.ts';

/** The margins every PDF is printed with, in mm (also the `@page` margin in site.css). */
export const PRINT_MARGIN_MM = { top: 16, bottom: 18, left: 14, right: 14 } as const;

const PAPER_MM: Record<PaperFormat, { width: number; height: number }> = {
  A4: { width: 210, height: 297 },
  Letter: { width: 215.9, height: 279.4 },
};

/** Classes site.css styles, cumulative, in the order they are tried: smallest change to the page first. */
export const FIT_STEPS = {
  portrait: [[], ['bw-print-small']],
  landscape: [['bw-print-landscape'], ['bw-print-landscape', 'bw-print-small'], ['bw-print-landscape', 'bw-print-small', 'bw-print-break']],
} as const;

/** The width text can take on the paper, in CSS px (96 per inch), rounded down so a fit is never overstated. */
export function textWidthPx(format: PaperFormat, orientation: 'portrait' | 'landscape'): number {
  const paper = PAPER_MM[format];
  const width = orientation === 'portrait' ? paper.width : paper.height;
  return Math.floor(((width - PRINT_MARGIN_MM.left - PRINT_MARGIN_MM.right) / 25.4) * 96);
}

export interface TooWide {
  /** The page's path under the site, e.g. reports/<slug>/v2/ */
  page: string;
  format: PaperFormat;
  /** Each table's figure id and title (or its place on the page). */
  tables: string[];
}

/** Tables no step fits, on every page and paper size at once (their PDFs are not written: they would lose data). */
export class TableTooWideError extends Error {
  readonly tooWide: readonly TooWide[];
  constructor(tooWide: readonly TooWide[]) {
    super(
      `${tooWide.length === 1 && tooWide[0]!.tables.length === 1 ? 'a table is' : 'tables are'} too wide for the paper even on a landscape page at 7pt:\n` +
        tooWide.map((t) => `  ${t.page} (${t.format}): ${t.tables.join('; ')}`).join('\n') +
        "\n  what to do: show fewer columns (a table block's `columns:` picks them and their order), or split the table; its CSV download keeps every column.",
    );
    this.name = 'TableTooWideError';
    this.tooWide = tooWide;
  }
}

/**
 * Gives each table of the page (already showing print media) the first step it fits at on `format` paper; returns
 * the tables that fit none. Sets the viewport to the paper's text width: page.pdf lays out again at the paper's
 * size, so the viewport does not matter after.
 */
export async function fitTablesToPaper(tab: Page, format: PaperFormat): Promise<string[]> {
  let unfit: string[] | null = null;
  for (const orientation of ['portrait', 'landscape'] as const) {
    await tab.setViewportSize({ width: textWidthPx(format, orientation), height: 1400 });
    unfit = await tab.evaluate(fitInPage, { steps: FIT_STEPS[orientation].map((s) => [...s]), only: unfit });
    if (unfit.length === 0) break;
  }
  return unfit!;
}

/**
 * Runs in the page. Tries each step on each table the print shows (all of them, or those named in `only`) and keeps
 * the first that fits; returns the names of those that fit none. A table figure takes the classes (its caption goes
 * to the landscape page with it, and so does a heading right before it); a table of the prose is first wrapped in a
 * <div> that takes them. The last step breaks only long words in body cells (over 16 characters between spaces and
 * hyphens: system IDs, version strings), so a name, a unit or a header's word is never split.
 */
function fitInPage({ steps, only }: { steps: string[][]; only: string[] | null }): string[] {
  const all = steps.flat();
  const tables = [...document.querySelectorAll('main table')].filter((t) => t.getClientRects().length > 0);
  const name = (table: Element) => {
    const figure = table.closest('figure.bw-figure');
    if (figure) return `#${figure.id} "${figure.querySelector('.bw-figure-title')?.textContent?.trim() ?? ''}"`;
    return `table ${tables.indexOf(table) + 1} of the page (header "${table.querySelector('th')?.textContent?.trim() ?? ''}")`;
  };
  const wrap = (table: Element) => {
    if (table.parentElement!.classList.contains('bw-print-fit')) return table.parentElement!;
    const div = document.createElement('div');
    div.className = 'bw-print-fit';
    table.replaceWith(div);
    div.append(table);
    return div;
  };
  const left: string[] = [];
  for (const table of tables) {
    if (only && !only.includes(name(table))) continue;
    for (const cell of table.querySelectorAll('td')) {
      if ((cell.textContent ?? '').split(/[\s-]+/).some((word) => word.length > 16)) cell.classList.add('bw-long');
    }
    const target = table.closest('figure.bw-figure') ?? wrap(table);
    const heading = target.previousElementSibling && /^H[2-6]$/.test(target.previousElementSibling.tagName) ? target.previousElementSibling : null;
    const box = table.parentElement!;
    const fits = () => table.getBoundingClientRect().width <= box.getBoundingClientRect().width + 0.5;
    const fitted = steps.some((step) => {
      target.classList.remove(...all);
      target.classList.add(...step);
      return fits();
    });
    heading?.classList.toggle('bw-print-landscape', target.classList.contains('bw-print-landscape'));
    if (!fitted) left.push(name(table));
  }
  return left;
}
