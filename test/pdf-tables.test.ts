/**
 * Paper keeps every number. The shipped reports, built for real from content/ and data/ and printed by the real
 * Chromium on A4 and Letter: for every version of every report, each table's every row (all its cells, in order,
 * after the table's title) and each chart's title and every label are in `pdftotext` of its PDF; charts are drawn at
 * the text width. The comparison (test/pdf-figure-text.ts) tolerates wrapping inside a cell and catches a number cut at
 * the page edge or a missing column; the last test shows it does on this PDF's own text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../src/publish/pdf/browser.ts';
import { exportPdfs, pdfName, type PaperFormat } from '../src/publish/pdf/pdf.ts';
import { textWidthPx } from '../src/publish/pdf/print-fit.ts';
import { findReportFiles } from '../src/core/versions/report-files.ts';
import { serveStatic } from '../src/publish/pdf/static-server.ts';
import { ROOT } from './helpers.ts';
import { missingFromPdf, pdfRawText, printedFigures, squash } from './pdf-figure-text.ts';
import { astroBuild, type BuildResult } from './site.ts';

/** Every report version of the real content, known before the build so each is its own test. */
const VERSIONS = findReportFiles(join(ROOT, 'content'), ROOT)
  .map((f) => ({ slug: f.slug, version: f.version, page: `reports/${f.slug}/v${f.version}/` }))
  .sort((a, b) => a.page.localeCompare(b.page));
const FORMATS: PaperFormat[] = ['A4', 'Letter'];

let site: BuildResult;
beforeAll(async () => {
  site = astroBuild({ content: 'content', data: 'data', env: { BENCHWRIGHT_PUBLISH: '1' } });
  expect(site.code, site.output).toBe(0);
  await exportPdfs({ siteDir: site.outDir, siteUrl: 'https://benchwright.example' });
}, 600_000);

const html = (page: string) => readFileSync(join(site.outDir, page, 'index.html'), 'utf8');
const pdf = (slug: string, version: number, format: PaperFormat) => join(site.outDir, 'pdf', pdfName(slug, version, format));

describe('every report version on paper', () => {
  it('covers the shipped report\'s versions', () => {
    expect(VERSIONS.filter((v) => v.slug === 'mlperf-inference-per-accelerator').length).toBeGreaterThanOrEqual(3);
  });

  it.each(VERSIONS)('$slug v$version: every table row and chart label is in its A4 and Letter PDFs', ({ slug, version, page }) => {
    const figures = printedFigures(html(page));
    expect(figures.filter((f) => f.kind === 'table').length, 'tables').toBeGreaterThan(0);
    expect(figures.filter((f) => f.kind === 'chart').length, 'charts').toBeGreaterThan(0);
    for (const figure of figures) expect(figure.parts.length, `${figure.name} has rows or labels`).toBeGreaterThan(0);
    for (const format of FORMATS) expect(missingFromPdf(figures, pdfRawText(pdf(slug, version, format))), `${page} on ${format}`).toEqual([]);
  });

  it('draws every chart at the text width of A4 and Letter', async () => {
    const served = await serveStatic(site.outDir, '/');
    const browser = await launchBrowser();
    try {
      const tab = await browser.context.newPage();
      await tab.emulateMedia({ media: 'print' });
      for (const format of FORMATS) {
        const width = textWidthPx(format, 'portrait');
        await tab.setViewportSize({ width, height: 1200 });
        for (const { page } of VERSIONS) {
          await tab.goto(`${served.url}${page}`);
          // The drawing print shows (see chartSvg), found again in the page; its rendered width.
          const charts = await tab.$$eval('figure.bw-chart', (figures) =>
            figures.map((f) => {
              const body = f.querySelector('.bw-figure-body')!;
              const svg = [...body.querySelectorAll(':scope > svg, :scope > figure > svg')].find((s) => s.getClientRects().length > 0);
              return { id: f.id, width: Math.round(svg?.getBoundingClientRect().width ?? 0) };
            }),
          );
          expect(charts.length).toBeGreaterThan(0);
          expect(charts, `${page} on ${format}`).toEqual(charts.map(({ id }) => ({ id, width })));
        }
      }
    } finally {
      await browser.close();
      await served.close();
    }
  }, 120_000);

  it('the comparison catches a number cut at the page edge and a dropped cell, in this PDF\'s own text', () => {
    const { slug, version, page } = VERSIONS.find((v) => v.slug === 'mlperf-inference-per-accelerator')!;
    const figures = printedFigures(html(page));
    const text = pdfRawText(pdf(slug, version, 'A4'));
    expect(missingFromPdf(figures, text)).toEqual([]);
    const tables = figures.filter((f) => f.kind === 'table');
    const numbers = (figure: (typeof figures)[number]) => figure.parts.slice(1).flatMap((row) => row.split(' ')).filter((w) => /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(w));
    const table = tables.find((t) => new Set(numbers(t)).size >= 2)!;
    expect(table, 'a table with two numbers of four digits or more').toBeDefined();
    const [first, second] = [...new Set(numbers(table))];
    // "13," for "13,015.40": the number cut after its first comma, everywhere in the PDF.
    const cut = missingFromPdf(figures, text.replaceAll(first!, first!.slice(0, first!.indexOf(',') + 1)));
    expect(cut.map((m) => m.figure)).toContain(table.name);
    expect(cut.some((m) => squash(m.text).includes(squash(first!)))).toBe(true);
    // A cell gone, as a dropped column takes one from every row.
    const dropped = missingFromPdf(figures, text.replaceAll(second!, ''));
    expect(dropped.map((m) => m.figure)).toContain(table.name);
  });
});
