/** PDFs and chart images of a real Astro build of the fixture site, printed by the real Chromium. */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { BrowserNotFoundError, findBrowser } from '../src/publish/pdf/browser.ts';
import { exportPdfs, type PdfResult } from '../src/publish/pdf/pdf.ts';
import { ROOT } from './helpers.ts';
import { astroBuild, type BuildResult } from './site.ts';

let site: BuildResult;
let pdfs: PdfResult[];
beforeAll(async () => {
  site = astroBuild({ content: 'test/fixtures/site/content', data: 'test/fixtures/data', env: { BENCHWRIGHT_PUBLISH: '1' } });
  expect(site.code, site.output).toBe(0);
  pdfs = await exportPdfs({ siteDir: site.outDir, siteUrl: 'https://reports.example.org' });
}, 180_000);

const text = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
const info = (file: string) => execFileSync('pdfinfo', [file], { encoding: 'utf8' });

describe('PDF of a report version', () => {
  it('is written for A4 and US Letter and linked from the page', () => {
    expect(pdfs.map((p) => [p.file.slice(site.outDir.length), p.format])).toEqual([
      ['/pdf/fixture-report-v1-letter.pdf', 'Letter'],
      ['/pdf/fixture-report-v1.pdf', 'A4'],
    ]);
    expect(info(join(site.outDir, 'pdf/fixture-report-v1.pdf'))).toMatch(/Page size:\s+595.9\d x 842.\d+ pts \(A4\)/);
    expect(info(join(site.outDir, 'pdf/fixture-report-v1-letter.pdf'))).toMatch(/Page size:\s+612 x 792 pts \(letter\)/);
    const page = parseHTML(readFileSync(join(site.outDir, 'reports/fixture-report/v1/index.html'), 'utf8')).document;
    expect([...page.querySelectorAll('.pdf-links a')].map((a) => a.getAttribute('href'))).toEqual(['/pdf/fixture-report-v1.pdf', '/pdf/fixture-report-v1-letter.pdf']);
  });

  it('holds the cover, a section heading, a table value, the chart\'s axis labels and "page x of y" footers', () => {
    const file = join(site.outDir, 'pdf/fixture-report-v1.pdf');
    const pages = Number(/Pages:\s+(\d+)/.exec(info(file))![1]);
    expect(pages).toBeGreaterThanOrEqual(3); // cover, contents, report
    const pdf = text(file);
    const page = parseHTML(readFileSync(join(site.outDir, 'reports/fixture-report/v1/index.html'), 'utf8')).document;
    const firstCell = page.querySelector('figure.bw-table tbody tr td.bw-num')!.textContent!;
    const tick = page.querySelector('figure.bw-chart g[aria-label="y-axis tick label"] text')!.textContent!;
    const cover = pdf.split('\f')[0]!;
    expect(cover).toContain('Fixture: Llama 2 70B per accelerator');
    expect(cover).toContain('Version 1 · published 2025-09-10');
    expect(cover).toContain('Data sources');
    expect(pdf).toContain('Contents');
    expect(pdf).toContain('Per accelerator');
    expect(pdf).toContain(firstCell);
    expect(pdf).toContain(tick);
    expect(pdf).toContain('tokens/s per accelerator');
    for (let n = 1; n <= pages; n++) expect(pdf).toContain(`Page ${n} of ${pages}`);
  });

  it('keeps links, pointing at the public site, not at the local server that printed it', () => {
    const bytes = readFileSync(join(site.outDir, 'pdf/fixture-report-v1.pdf'), 'latin1');
    expect(bytes).toContain('/URI (https://reports.example.org/');
    expect(bytes).not.toContain('127.0.0.1');
  });
});

describe('chart images', () => {
  it('every chart as SVG and as a PNG at twice its size', async () => {
    const svg = readFileSync(join(site.outDir, 'charts/fixture-report/v1/figure-1.svg'), 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const [, width, height] = /width="(\d+)" height="(\d+)"/.exec(svg)!;
    const png = await sharp(join(site.outDir, 'charts/fixture-report/v1/figure-1.png')).metadata();
    expect([png.width, png.height]).toEqual([Number(width) * 2, Number(height) * 2]);
    const page = parseHTML(readFileSync(join(site.outDir, 'reports/fixture-report/v1/index.html'), 'utf8')).document;
    expect([...page.querySelectorAll('#figure-1 .bw-image-links a')].map((a) => a.getAttribute('href'))).toEqual(['/charts/fixture-report/v1/figure-1.png', '/charts/fixture-report/v1/figure-1.svg']);
  });

  it('a 1200×630 social card per version, named as the page\'s og:image', async () => {
    const card = await sharp(join(site.outDir, 'social/fixture-report-v1.png')).metadata();
    expect([card.width, card.height]).toEqual([1200, 630]);
    const page = parseHTML(readFileSync(join(site.outDir, 'reports/fixture-report/v1/index.html'), 'utf8')).document;
    expect(page.querySelector('meta[property="og:image"]')!.getAttribute('content')).toBe('https://benchwright.example/social/fixture-report-v1.png');
  });
});

describe('without a browser', () => {
  it('says what to install', () => {
    expect(() => findBrowser({}, [])).toThrow(BrowserNotFoundError);
    expect(() => findBrowser({}, [])).toThrow(/No Chrome, Chromium or Edge found[\s\S]*apt-get install chromium/);
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts/pdf.ts')], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, BENCHWRIGHT_OUT_DIR: site.outDir, BENCHWRIGHT_BROWSER: '/nonexistent/chrome' } });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('BENCHWRIGHT_BROWSER is set to /nonexistent/chrome, which does not exist');
    expect(run.stderr).toContain('apt-get install chromium');
  });
});
