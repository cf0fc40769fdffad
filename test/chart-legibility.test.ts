/**
 * Every chart of the shipped report, as a reader's browser shows it (Chromium, JavaScript off): at 390 px every
 * text is at least 10 CSS px (the phone variant is drawn for that width, not scaled down), at 390 and 1280 px no
 * text runs outside its SVG (where the page cuts it off), in dark mode no mark is black on the dark page, and
 * each chart's PNG and SVG files carry the page's own background and text colours.
 * BENCHWRIGHT_CHARTS_SITE=<folder> runs the checks on a site already built with `npm run publish:site`.
 */
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../src/publish/pdf/browser.ts';
import { serveStatic, type StaticServer } from '../src/publish/pdf/static-server.ts';
import { astroBuild, type BuildResult } from './site.ts';

interface ChartReport {
  figure: string;
  /** Plot SVGs shown (the chart, and a ramp legend if any). */
  shown: number;
  texts: number;
  small: string[];
  clipped: string[];
  black: string[];
  textColours: string[];
}

let build: BuildResult;
let site: StaticServer;
/** Every version page of every report (the shipped report's versions and editions). */
let pages: string[] = [];

beforeAll(async () => {
  // BENCHWRIGHT_CHARTS_SITE=<folder> checks a site already built with `npm run publish:site` instead.
  const built = process.env.BENCHWRIGHT_CHARTS_SITE;
  build = built ? { code: 0, output: '', outDir: built } : astroBuild({ content: 'content', data: 'data', env: { BENCHWRIGHT_PUBLISH: '1' } });
  if (build.code !== 0) return;
  const reports = join(build.outDir, 'reports');
  for (const slug of readdirSync(reports)) {
    for (const v of readdirSync(join(reports, slug))) {
      if (/^v\d+$/.test(v) && existsSync(join(reports, slug, v, 'index.html'))) pages.push(`reports/${slug}/${v}/`);
    }
  }
  pages = pages.sort();
  site = await serveStatic(build.outDir);
}, 600_000);
afterAll(async () => site?.close());

/** Runs in the page: every chart's shown SVGs and what their texts look like. */
function inspectCharts(): ChartReport[] {
  const reports: ChartReport[] = [];
  const rgb = (c: string) => c.replace(/\s+/g, '');
  for (const figure of document.querySelectorAll<HTMLElement>('figure.bw-chart')) {
    const svgs = [...figure.querySelectorAll<SVGSVGElement>('.bw-figure-body svg[class^="plot-"]')].filter((s) => s.getClientRects().length > 0);
    const report: ChartReport = { figure: figure.id, shown: svgs.filter((s) => !/-ramp/.test(s.getAttribute('class') ?? '')).length, texts: 0, small: [], clipped: [], black: [], textColours: [] };
    for (const svg of svgs) {
      const view = svg.viewBox.baseVal;
      const toSvg = svg.getScreenCTM()!.inverse();
      for (const text of svg.querySelectorAll<SVGTextElement>('text')) {
        if (!text.textContent?.trim()) continue;
        report.texts++;
        const screen = text.getScreenCTM()!;
        const size = parseFloat(getComputedStyle(text).fontSize) * Math.hypot(screen.a, screen.b);
        if (size < 10 - 1e-6) report.small.push(`"${text.textContent}" ${size.toFixed(2)}px`);
        const box = text.getBBox();
        const m = toSvg.multiply(screen);
        const corners = [[box.x, box.y], [box.x + box.width, box.y], [box.x, box.y + box.height], [box.x + box.width, box.y + box.height]].map(([x, y]) => new DOMPoint(x, y).matrixTransform(m));
        const [x0, x1] = [Math.min(...corners.map((p) => p.x)), Math.max(...corners.map((p) => p.x))];
        const [y0, y1] = [Math.min(...corners.map((p) => p.y)), Math.max(...corners.map((p) => p.y))];
        if (x0 < view.x - 0.5 || y0 < view.y - 0.5 || x1 > view.x + view.width + 0.5 || y1 > view.y + view.height + 0.5) {
          report.clipped.push(`"${text.textContent}" spans ${x0.toFixed(1)}…${x1.toFixed(1)} × ${y0.toFixed(1)}…${y1.toFixed(1)} in ${view.width} × ${view.height}`);
        }
        report.textColours.push(rgb(getComputedStyle(text).fill));
      }
      for (const el of svg.querySelectorAll<SVGElement>('rect, path, line, circle, text, polyline, polygon')) {
        const style = getComputedStyle(el);
        for (const paint of [style.fill, style.stroke]) if (rgb(paint) === 'rgb(0,0,0)') report.black.push(`<${el.localName}> in ${el.parentElement?.getAttribute('aria-label') ?? 'chart'}`);
      }
    }
    // The HTML legend (swatches) Plot draws beside the SVG.
    for (const span of figure.querySelectorAll<HTMLElement>('.bw-figure-body span')) {
      if (span.getClientRects().length === 0 || !span.textContent?.trim()) continue;
      report.texts++;
      const size = parseFloat(getComputedStyle(span).fontSize);
      if (size < 10 - 1e-6) report.small.push(`legend "${span.textContent}" ${size}px`);
    }
    reports.push(report);
  }
  return reports;
}

describe('the shipped report\'s charts on a phone and a desktop', () => {
  it('builds (with chart PNGs)', () => {
    expect(build.code, build.output).toBe(0);
    expect(pages.length).toBeGreaterThanOrEqual(3);
  });

  for (const width of [390, 1280]) {
    it(`at ${width} px: one drawing per chart, every text at least 10 CSS px and inside its SVG`, async () => {
      const browser = await launchBrowser({ javaScriptEnabled: false, viewport: { width, height: 900 } });
      try {
        const page = await browser.context.newPage();
        let charts = 0;
        for (const path of pages) {
          await page.goto(`${site.url}${path}`);
          const reports = await page.evaluate(inspectCharts);
          expect(reports.length, `${path} has charts`).toBeGreaterThan(0);
          for (const r of reports) {
            const where = `${path}#${r.figure} at ${width} px`;
            expect(r.shown, `${where}: drawings shown`).toBe(1);
            expect(r.texts, `${where}: texts`).toBeGreaterThan(3);
            expect(r.small, `${where}: text under 10 px`).toEqual([]);
            expect(r.clipped, `${where}: text cut off`).toEqual([]);
          }
          charts += reports.length;
        }
        expect(charts).toBeGreaterThanOrEqual(20);
      } finally {
        await browser.close();
      }
    }, 300_000);
  }

  it('in dark mode, chart text takes the page\'s text colour and no mark is black on the dark page', async () => {
    const browser = await launchBrowser({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    try {
      const page = await browser.context.newPage();
      await page.emulateMedia({ colorScheme: 'dark' });
      expect(pages.length).toBeGreaterThanOrEqual(3);
      for (const path of pages) {
        await page.goto(`${site.url}${path}`);
        const body = await page.evaluate(() => getComputedStyle(document.body).color.replace(/\s+/g, ''));
        expect(body).not.toBe('rgb(0,0,0)');
        for (const r of await page.evaluate(inspectCharts)) {
          expect(r.black, `${path}#${r.figure}: black marks in dark mode`).toEqual([]);
          expect(new Set(r.textColours), `${path}#${r.figure}: text colours`).toEqual(new Set([body]));
        }
      }
    } finally {
      await browser.close();
    }
  }, 300_000);

  it('each chart\'s PNG has the page\'s background, and its SVG file the page\'s text colour', async () => {
    const browser = await launchBrowser({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    try {
      const page = await browser.context.newPage();
      let pngs = 0;
      for (const path of pages) {
        await page.goto(`${site.url}${path}`);
        const { bg, text, links } = await page.evaluate(() => ({
          bg: getComputedStyle(document.body).backgroundColor,
          text: getComputedStyle(document.body).color,
          links: [...document.querySelectorAll<HTMLAnchorElement>('figure.bw-chart .bw-image-links a')].map((a) => a.href),
        }));
        const channels = (css: string) => css.match(/\d+/g)!.slice(0, 3).map(Number);
        for (const png of links.filter((l) => l.endsWith('.png'))) {
          const response = await page.request.get(png);
          expect(response.status(), png).toBe(200);
          const { data } = await sharp(await response.body()).removeAlpha().raw().toBuffer({ resolveWithObject: true });
          expect([...data.subarray(0, 3)], `${png}: background`).toEqual(channels(bg));
          pngs++;
        }
        for (const svg of links.filter((l) => l.endsWith('.svg'))) {
          const source = await (await page.request.get(svg)).text();
          const colour = /^<svg [^>]*\bcolor="([^"]+)"/.exec(source)?.[1];
          expect(colour, `${svg}: the text colour Plot's currentColor takes`).toMatch(/^#([0-9a-f]{3}|[0-9a-f]{6})$/i);
          const hex = colour!.length === 4 ? [...colour!.slice(1)].map((d) => parseInt(d + d, 16)) : [1, 3, 5].map((i) => parseInt(colour!.slice(i, i + 2), 16));
          expect(hex, svg).toEqual(channels(text));
        }
      }
      expect(pngs).toBeGreaterThanOrEqual(20);
    } finally {
      await browser.close();
    }
  }, 300_000);
});
