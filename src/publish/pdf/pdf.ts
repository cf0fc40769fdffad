/**
 * PDFs of report versions, printed by a local Chrome/Chromium/Edge from the built site with the site's
 * print CSS: one browser, several pages at a time, A4 and US Letter, a running footer with the report's
 * title, version and "page x of y".
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from './browser.ts';
import { sansStack } from '../../core/charts/font-stacks.ts';
import { html } from '../../core/render/html.ts';
import { pdfName, type PaperFormat } from './pdf-names.ts';
import { fitTablesToPaper, PRINT_MARGIN_MM, TableTooWideError, type TooWide } from './print-fit.ts';
import { serveStatic } from './static-server.ts';

export { pdfName, type PaperFormat, TableTooWideError };

export interface ReportVersionPage {
  slug: string;
  version: number;
  /** Path of the page under the site root, e.g. reports/<slug>/v2/ */
  path: string;
}

export interface PdfResult {
  file: string;
  format: PaperFormat;
  bytes: number;
  ms: number;
}

/** Every versioned report page of a built site (reports/<slug>/v<N>/index.html). */
export function findVersionPages(siteDir: string): ReportVersionPage[] {
  const reports = join(siteDir, 'reports');
  if (!existsSync(reports)) return [];
  const pages: ReportVersionPage[] = [];
  for (const slug of readdirSync(reports).sort()) {
    const dir = join(reports, slug);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const match = /^v(\d+)$/.exec(name);
      if (match && existsSync(join(dir, name, 'index.html'))) pages.push({ slug, version: Number(match[1]), path: `reports/${slug}/${name}/` });
    }
  }
  return pages.sort((a, b) => a.slug.localeCompare(b.slug) || a.version - b.version);
}

export interface ExportOptions {
  siteDir: string;
  /** The site's public address: links in the PDF point there, not to the local server that printed it. */
  siteUrl: string;
  /** The site's base path, e.g. "/" or "/reports/". */
  base?: string;
  formats?: PaperFormat[];
  /** Pages printed at once in the one browser. */
  concurrency?: number;
  onProgress?: (result: PdfResult) => void;
}

export async function exportPdfs({ siteDir, siteUrl, base = '/', formats = ['A4', 'Letter'], concurrency = 2, onProgress }: ExportOptions): Promise<PdfResult[]> {
  const pages = findVersionPages(siteDir);
  const outDir = join(siteDir, 'pdf');
  mkdirSync(outDir, { recursive: true });
  const site = await serveStatic(siteDir, base);
  const browser = await launchBrowser({ viewport: { width: 1000, height: 1400 } });
  const results: PdfResult[] = [];
  const tooWide: TooWide[] = [];
  try {
    const jobs = pages.flatMap((page) => formats.map((format) => ({ page, format })));
    let next = 0;
    const worker = async () => {
      const tab = await browser.context.newPage();
      try {
        while (next < jobs.length) {
          const { page, format } = jobs[next++]!;
          const started = performance.now();
          const response = await tab.goto(`${site.url}${page.path}`, { waitUntil: 'load' });
          if (!response || response.status() !== 200) throw new Error(`${page.path}: HTTP ${response?.status()}`);
          await tab.emulateMedia({ media: 'print' });
          await tab.evaluate(publicLinks, siteUrl);
          const unfit = await fitTablesToPaper(tab, format);
          if (unfit.length > 0) {
            tooWide.push({ page: page.path, format, tables: unfit });
            continue;
          }
          const title = (await tab.title()).replace(/ · Benchwright$/, '');
          const lang = await tab.evaluate(() => document.documentElement.lang);
          const pdf = await tab.pdf({
            format,
            printBackground: true,
            displayHeaderFooter: true,
            headerTemplate: '<span></span>',
            footerTemplate: footer(title, lang),
            margin: Object.fromEntries(Object.entries(PRINT_MARGIN_MM).map(([side, mm]) => [side, `${mm}mm`])),
            outline: true,
            tagged: true,
          });
          const file = join(outDir, pdfName(page.slug, page.version, format));
          writeFileSync(file, pdf);
          const result = { file, format, bytes: pdf.length, ms: Math.round(performance.now() - started) };
          results.push(result);
          onProgress?.(result);
        }
      } finally {
        await tab.close();
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, jobs.length)) }, worker));
  } finally {
    await browser.close();
    await site.close();
  }
  if (tooWide.length > 0) throw new TableTooWideError(tooWide.sort((a, b) => a.page.localeCompare(b.page) || a.format.localeCompare(b.format)));
  return results.sort((a, b) => a.file.localeCompare(b.file));
}

/** Runs in the page: links to the local server become links to the public site; #anchors stay in the PDF. */
function publicLinks(siteUrl: string): void {
  for (const a of document.querySelectorAll('a[href]')) {
    const href = a.getAttribute('href')!;
    if (href.startsWith('#')) continue;
    const url = new URL(href, location.href);
    if (url.origin === location.origin) a.setAttribute('href', new URL(url.pathname + url.search + url.hash, siteUrl).href);
  }
}

/**
 * Chromium fills .pageNumber and .totalPages; the footer is its own small document with its own styles, language
 * and fonts (font-stacks.ts), in the page's language.
 */
function footer(title: string, lang: string): string {
  const page = html`<span class="pageNumber"></span>`;
  const pages = html`<span class="totalPages"></span>`;
  const count = lang.split('-')[0] === 'zh' ? html`第 ${page} 页，共 ${pages} 页` : html`Page ${page} of ${pages}`;
  return String(html`<div lang="${lang || 'en'}" style="font: 8px ${sansStack(lang)}; color: #444; width: 100%; padding: 0 14mm; display: flex; justify-content: space-between;"><span>${title}</span><span>${count}</span></div>`);
}
