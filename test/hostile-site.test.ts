/**
 * Nothing from data or prose becomes live markup, shown in a browser: a real `astro build` of a site whose report
 * (test/fixtures/hostile-site, two versions) is hostile everywhere it is allowed to be and still builds: script and
 * markup in the front matter, headings, code, data values, chart titles, captions and tooltips, table headers, inline
 * values, claims and link titles (all escaped); an HTML comment holding a script and an iframe (not published); and a
 * tag left open at the end of the prose, harmless in each Markdown block but turning the next block into its
 * attributes (`<details open ontoggle=alert(…)>`) once the page is put together (dropped by the sanitizer,
 * src/core/render/safe-html.ts). Every page and every chart file is opened in Chromium with JavaScript on; no dialog may open
 * and no script error may happen on any of them. The detector itself is shown to work on a page with that tag.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserNotFoundError, findBrowser, launchBrowser } from '../src/publish/pdf/browser.ts';
import { htmlFiles } from '../src/publish/html-files.ts';
import { checkLinks, formatProblems } from '../src/publish/link-check.ts';
import { serveStatic } from '../src/publish/pdf/static-server.ts';
import { astroBuild, type BuildResult } from './site.ts';

const hasBrowser = (() => {
  try {
    findBrowser();
    return true;
  } catch (error) {
    if (error instanceof BrowserNotFoundError) return false;
    throw error;
  }
})();

/** Every file under `dir` with the extension, relative, sorted. */
function filesWith(dir: string, extension: string): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(extension)) found.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return found.sort();
}

interface Visit {
  path: string;
  dialogs: string[];
  errors: string[];
  /** What the page's own DOM says could run: event-handler attributes, script: and data: addresses, scripts that call alert. */
  live: string[];
}

/** Opens each path of the site with JavaScript on and records every dialog, script error and live-looking markup. */
async function visitAll(root: string, paths: string[]): Promise<Visit[]> {
  const site = await serveStatic(root);
  const browser = await launchBrowser({ javaScriptEnabled: true });
  try {
    const visits: Visit[] = [];
    for (const path of paths) {
      const page = await browser.context.newPage();
      const visit: Visit = { path, dialogs: [], errors: [], live: [] };
      page.on('dialog', (dialog) => {
        visit.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
        void dialog.dismiss().catch(() => undefined);
      });
      page.on('pageerror', (error) => visit.errors.push(error.message));
      await page.goto(`${site.url}${path.replace(/(^|\/)index\.html$/, '$1')}`, { waitUntil: 'load' });
      // Events that fire after parsing (a <details open>'s toggle, an image's error) get their turn.
      await page.waitForTimeout(250);
      visit.live = (await page.evaluate(`(() => {
        const found = [];
        for (const el of document.querySelectorAll('*')) {
          // Pagefind's search form, which the site's own script draws (action="javascript:void(0);"), is not content.
          if (el.closest('.pagefind-ui')) continue;
          for (const { name, value } of el.attributes) {
            if (/^on/i.test(name)) found.push('<' + el.localName + ' ' + name + '>');
            if (/^(href|src|xlink:href|action|formaction|poster)$/i.test(name) && /^\\s*(javascript|vbscript|data):/i.test(value.replace(/[\\u0000-\\u0020]+/g, ''))) found.push('<' + el.localName + ' ' + name + '="' + value.slice(0, 40) + '">');
          }
          if (el.localName === 'script' && /alert\\(/.test(el.textContent)) found.push('<script>' + el.textContent.slice(0, 40));
        }
        return found;
      })()`)) as string[];
      visits.push(visit);
      await page.close();
    }
    return visits;
  } finally {
    await browser.close();
    await site.close();
  }
}

describe.skipIf(!hasBrowser)('a site built from hostile content, opened in Chromium with JavaScript on', () => {
  let build: BuildResult;
  beforeAll(() => {
    build = astroBuild({ content: 'test/fixtures/hostile-site/content', data: 'test/fixtures/data', search: true });
  }, 300_000);
  afterAll(() => {
    if (build) rmSync(dirname(build.outDir), { recursive: true, force: true });
  });

  it('builds every page it should, with no broken or unsafe link', () => {
    expect(build.code, build.output).toBe(0);
    // The report's two versions, its latest page and what changed, the site's pages around it, a page per tag (one
    // named by the hostile tag), and the data pages' indexes (the fixture data has no accelerator or model of its own).
    expect(htmlFiles(build.outDir)).toEqual(PAGES);
    expect(filesWith(build.outDir, '.svg').filter((f) => f.startsWith('charts/')).length).toBe(2);
    expect(formatProblems(checkLinks(build.outDir))).toBe('');
  });

  it('opens no dialog and throws no script error on any page or chart file; nothing in them could run', async () => {
    expect(build.code, build.output).toBe(0);
    const paths = [...htmlFiles(build.outDir), ...filesWith(build.outDir, '.svg').filter((f) => f.startsWith('charts/'))];
    expect(paths.length).toBe(PAGES.length + 2);
    const visits = await visitAll(build.outDir, paths);
    expect(visits.length).toBe(paths.length);
    expect(visits.filter((v) => v.dialogs.length > 0).map((v) => `${v.path}: ${v.dialogs.join(', ')}`)).toEqual([]);
    expect(visits.filter((v) => v.errors.length > 0).map((v) => `${v.path}: ${v.errors.join(', ')}`)).toEqual([]);
    expect(visits.filter((v) => v.live.length > 0).map((v) => `${v.path}: ${v.live.join(', ')}`)).toEqual([]);
    // The hostile text did reach the pages, as text.
    const v1 = readFileSync(join(build.outDir, 'reports/hostile-report/v1/index.html'), 'utf8');
    expect(v1).toContain("alert('label')");
    expect(v1).toContain("&#x3C;script>alert('code')&#x3C;/script>");
    expect(v1).not.toContain("alert('comment')");
    expect(v1).not.toContain('ontoggle');
  }, 300_000);
});

const PAGES = [
  '404.html', 'accelerators/index.html', 'index.html', 'matrix/index.html', 'models/index.html',
  'reports/hostile-report/index.html', 'reports/hostile-report/v1/index.html', 'reports/hostile-report/v2/changes/index.html',
  'reports/hostile-report/v2/index.html', 'search/index.html', 'tags/index.html', 'tags/mlperf/index.html', 'tags/script-alert-tag-script/index.html',
];

describe.skipIf(!hasBrowser)('the detector', () => {
  it('sees the dialog of the tag the sanitizer drops, when it is left in a page', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-hostile-control-'));
    try {
      // What the hostile report's last paragraphs would be without the sanitizer: the open tag takes the next block as attributes.
      writeFileSync(join(dir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body><p>Before.</p>\n<details title="\n<p>" open ontoggle="alert(\'split-tag\')" x="</p>\n<p>">\n</p>\n<h2 id="data-and-methods">Data and methods</h2></body></html>');
      const [visit] = await visitAll(dir, ['index.html']);
      expect(visit!.dialogs).toEqual(["alert: split-tag"]);
      expect(visit!.live).toEqual(['<details ontoggle>']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
