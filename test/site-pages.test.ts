/**
 * Every page of the shipped site, built once from content/ and data/, as readers see it in Chromium: no page is
 * wider than a 390 px phone or a 1280 px desktop window (with every <details> opened), axe-core finds no serious or
 * critical accessibility violation on any page type, every chart has a text alternative, and the front page shows
 * each report with its lead chart, summary, latest version and date.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import YAML from 'yaml';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../src/publish/pdf/browser.ts';
import { htmlFiles } from '../src/publish/html-files.ts';
import { pageOverflow } from '../src/publish/page-overflow.ts';
import { serveStatic, type StaticServer } from '../src/publish/pdf/static-server.ts';
import { ROOT } from './helpers.ts';
import { astroBuild, type BuildResult } from './site.ts';

const WIDTHS = [390, 1280];
/** Each kind of page the site builds, by path; every built page must be one of them (a new kind is added here). */
const PAGE_TYPES: [string, RegExp][] = [
  ['front page', /^index\.html$/],
  ['report (latest version)', /^reports\/[^/]+\/index\.html$/],
  ['report version', /^reports\/[^/]+\/v\d+\/index\.html$/],
  ['what changed', /^reports\/[^/]+\/v\d+\/changes\/index\.html$/],
  ['accelerator list', /^accelerators\/index\.html$/],
  ['accelerator', /^accelerators\/[^/]+\/index\.html$/],
  ['model list', /^models\/index\.html$/],
  ['model', /^models\/[^/]+\/index\.html$/],
  ['matrix', /^matrix\/index\.html$/],
  ['tag list', /^tags\/index\.html$/],
  ['tag', /^tags\/[^/]+\/index\.html$/],
  ['guide', /^guide\/index\.html$/],
  ['guide page', /^guide\/[^/]+\/index\.html$/],
  ['search', /^search\/index\.html$/],
  ['not found', /^404\.html$/],
];
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let build: BuildResult;
let site: StaticServer;
let pages: string[];
beforeAll(async () => {
  build = astroBuild({ content: 'content', data: 'data', search: true });
  expect(build.code, build.output).toBe(0);
  pages = htmlFiles(build.outDir);
  site = await serveStatic(build.outDir);
}, 240_000);
afterAll(async () => site?.close());

const urlOf = (page: string) => `${site.url}${page.replace(/(^|\/)index\.html$/, '$1')}`;
const typeOf = (page: string) => PAGE_TYPES.find(([, pattern]) => pattern.test(page))?.[0];

/** Opens a page and every <details> in it, so the SQL, rows and citation lists a reader can open are laid out too. */
async function open(page: Page, path: string): Promise<void> {
  const response = await page.goto(urlOf(path));
  expect(response?.status(), path).toBe(200);
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
}

describe('the built site, page by page', () => {
  it('knows the type of every page', () => {
    expect(pages.length).toBeGreaterThan(50);
    expect(pages.filter((p) => !typeOf(p)), 'pages of no known type: add their type to PAGE_TYPES').toEqual([]);
    for (const [type] of PAGE_TYPES) expect(pages.some((p) => typeOf(p) === type), type).toBe(true);
  });

  for (const width of WIDTHS) {
    it(`no page is wider than a ${width} px window`, async () => {
      const browser = await launchBrowser({ viewport: { width, height: 900 } });
      const wide: string[] = [];
      try {
        const page = await browser.context.newPage();
        for (const path of pages) {
          await open(page, path);
          const { viewport, scrollWidth, culprits } = await page.evaluate(pageOverflow);
          if (scrollWidth > viewport) wide.push(`${path}: ${scrollWidth} px wide in a ${viewport} px window; sticking out:\n    ${culprits.slice(0, 8).join('\n    ')}`);
        }
      } finally {
        await browser.close();
      }
      expect(wide, `${wide.length} of ${pages.length} pages overflow at ${width} px:\n${wide.join('\n')}`).toEqual([]);
    }, 300_000);
  }

  it('axe-core finds no serious or critical violation on any page type, at 390 and 1280 px', async () => {
    const sample = PAGE_TYPES.map(([type]) => pages.find((p) => typeOf(p) === type)!);
    const found: string[] = [];
    const lines: string[] = [];
    for (const width of WIDTHS) {
      const browser = await launchBrowser({ viewport: { width, height: 900 } });
      try {
        const page = await browser.context.newPage();
        for (const path of sample) {
          await open(page, path);
          await page.addScriptTag({ content: axeSource });
          const result = await page.evaluate(async () => {
            const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResult> } }).axe;
            const { violations, passes } = await axe.run(document, { resultTypes: ['violations'] });
            return {
              passes: passes.length,
              violations: violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) })),
            };
          });
          const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
          const minor = result.violations.filter((v) => !serious.includes(v));
          lines.push(`${width} px ${path}: ${serious.length} serious or critical, ${minor.length} other (${minor.map((v) => `${v.id}: ${v.impact}`).join(', ') || 'none'}), ${result.passes} rules passed`);
          for (const v of serious) found.push(`${width} px ${path}: ${v.id} (${v.impact}): ${v.help}; ${v.nodes.length} element(s), e.g. ${v.nodes.slice(0, 3).join(' | ')}`);
        }
      } finally {
        await browser.close();
      }
    }
    mkdirSync(join(ROOT, 'test-output'), { recursive: true });
    writeFileSync(join(ROOT, 'test-output/axe.txt'), `${lines.join('\n')}\n${found.length ? `\n${found.join('\n')}\n` : ''}`);
    expect(found, found.join('\n')).toEqual([]);
  }, 600_000);

  it('every chart on every page has a text alternative, and so does every image', () => {
    let charts = 0;
    for (const path of pages) {
      const { document } = parseHTML(readFileSync(join(build.outDir, path), 'utf8'));
      for (const figure of document.querySelectorAll('figure.bw-chart')) {
        charts++;
        const where = `${path} #${figure.id}`;
        const title = document.getElementById(figure.getAttribute('aria-labelledby') ?? '');
        expect(title?.textContent?.trim(), `${where}: the figure's title (aria-labelledby)`).toBeTruthy();
        const drawings = [...figure.querySelectorAll('.bw-figure-body svg')].filter((svg) => /(^|\s)plot-/.test(svg.getAttribute('class') ?? ''));
        expect(drawings.length, `${where}: its drawings`).toBeGreaterThan(0);
        for (const svg of drawings) {
          expect(svg.getAttribute('aria-label')?.trim(), `${where}: the chart's label`).toBeTruthy();
          expect(svg.getAttribute('aria-description')?.trim(), `${where}: the chart's description`).toBeTruthy();
        }
        // A mark that links somewhere says where, by name.
        for (const link of figure.querySelectorAll('svg a')) expect(link.getAttribute('aria-label')?.trim(), `${where}: a link in the chart`).toBeTruthy();
      }
      for (const img of document.querySelectorAll('img')) expect(img.getAttribute('alt')?.trim(), `${path}: <img src="${img.getAttribute('src')}">`).toBeTruthy();
    }
    expect(charts).toBeGreaterThan(100);
  });
});

describe('the front page', () => {
  it('presents the reports as the publication orders them: its title, its sections in order, each section\'s reports in order', () => {
    const { document } = parseHTML(readFileSync(join(build.outDir, 'index.html'), 'utf8'));
    const publication = YAML.parse(readFileSync(join(ROOT, 'content/publication.yaml'), 'utf8')) as { title: string; sections: { title: string; reports: string[] }[] };
    expect(document.querySelector('h1')!.textContent).toBe(publication.title);
    const sections = [...document.querySelectorAll('section.publication-section')];
    expect(sections.map((s) => s.querySelector('h2')!.textContent)).toEqual(publication.sections.map((s) => s.title));
    sections.forEach((section, i) => {
      const hrefs = [...section.querySelectorAll('.report-list > li h3 a')].map((a) => a.getAttribute('href'));
      expect(hrefs).toEqual(publication.sections[i]!.reports.map((slug) => `/reports/${slug}/`));
    });
  });

  it('shows each report with its lead chart, summary, latest version and date', () => {
    const { document } = parseHTML(readFileSync(join(build.outDir, 'index.html'), 'utf8'));
    const reports = pages.filter((p) => /^reports\/[^/]+\/index\.html$/.test(p));
    const items = [...document.querySelectorAll('.report-list > li')];
    expect(items.length).toBe(reports.length);
    for (const path of reports) {
      const latest = parseHTML(readFileSync(join(build.outDir, path), 'utf8')).document;
      const href = `/${path.replace(/index\.html$/, '')}`;
      const item = items.find((li) => li.querySelector(':is(h2, h3) a')?.getAttribute('href') === href);
      expect(item, `the front page lists ${href}`).toBeTruthy();
      // The lead chart: the first chart of the latest version, drawn as on the report, linking to it.
      const lead = latest.querySelector('figure.bw-chart')!;
      const chart = item!.querySelector('.report-lead')!;
      expect(chart, `${href}: lead chart`).toBeTruthy();
      expect(chart.closest('a')?.getAttribute('href') ?? chart.querySelector('a')?.getAttribute('href'), `${href}: the chart links to the report`).toBe(href);
      const label = (doc: ParentNode) => [...doc.querySelectorAll('svg[aria-label]')].map((s) => s.getAttribute('aria-label'));
      expect(label(chart), `${href}: the lead chart is the report's first chart`).toEqual(label(lead.querySelector('.bw-figure-body')!));
      const title = lead.querySelector('.bw-figure-title')!;
      expect(chart.textContent).toContain(title.textContent!.replace(title.querySelector('.bw-figure-number')!.textContent!, '').trim());
      // Summary, latest version and its date, as the report page states them.
      expect(item!.textContent).toContain(latest.querySelector('.summary')!.textContent!.trim());
      const version = latest.querySelector('.versions [aria-current]')!.textContent!.trim();
      expect(item!.querySelector('.meta')!.textContent).toContain(`Version ${version.replace(/^v/, '')}`);
      const date = latest.querySelector('.report-header time')!.getAttribute('datetime')!;
      expect(item!.querySelector('.meta time')!.getAttribute('datetime')).toBe(date);
    }
  });
});

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
  passes: unknown[];
}
