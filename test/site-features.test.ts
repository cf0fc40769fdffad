/**
 * Site features around the reports: navigation, favicon, RSS feed, sitemap, tags, 404, Pagefind search and
 * the link check, on real `astro build`s of the fixture site (at the root and under a base path) and of a
 * small site with awkward titles and tags.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser, parseHTML } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../src/publish/pdf/browser.ts';
import { htmlFiles } from '../src/publish/html-files.ts';
import { checkLinks, formatProblems, pageAddress, type LinkProblem } from '../src/publish/link-check.ts';
import { serveStatic, type StaticServer } from '../src/publish/pdf/static-server.ts';
import { ROOT } from './helpers.ts';
import { astroBuild, type BuildResult } from './site.ts';

const SITE = 'https://benchwright.example';
const REPORT_TITLE = 'Fixture: Llama 2 70B per accelerator';
const REPORT_SUMMARY = 'A small report over the test fixture data.';

const html = (outDir: string, path: string) => parseHTML(readFileSync(join(outDir, path), 'utf8')).document;
const xml = (outDir: string, path: string) => new DOMParser().parseFromString(readFileSync(join(outDir, path), 'utf8'), 'text/xml');

/** Runs the Pagefind step of `npm run build` (scripts/search-index.ts) on a built site. */
function searchIndex(outDir: string): string {
  const run = spawnSync(process.execPath, [join(ROOT, 'scripts/search-index.ts'), outDir], { cwd: ROOT, encoding: 'utf8' });
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  return run.stdout;
}

const builds: { name: string; base: string; build?: BuildResult; index?: string }[] = [
  { name: 'at the site root', base: '/' },
  { name: 'under the base path /reports/', base: '/reports/' },
];

beforeAll(() => {
  for (const b of builds) {
    b.build = astroBuild({ content: 'test/fixtures/site/content', data: 'test/fixtures/data', ...(b.base === '/' ? {} : { base: b.base }) });
    if (b.build.code === 0) b.index = searchIndex(b.build.outDir);
  }
}, 300_000);

describe.each(builds)('the fixture site built $name', (b) => {
  const out = () => {
    expect(b.build!.code, b.build!.output).toBe(0);
    return b.build!.outDir;
  };
  const url = (path: string) => `${b.base}${path.replace(/^\//, '')}`;

  it('builds, then writes the search index', () => {
    out();
    expect(b.index).toMatch(/Pagefind: indexed \d+ HTML pages/);
    expect(existsSync(join(out(), 'pagefind/pagefind-ui.js'))).toBe(true);
    expect(existsSync(join(out(), 'pagefind/pagefind.js'))).toBe(true);
  });

  it('has the site navigation, favicon and feed link on every page, under the base path', () => {
    for (const page of ['index.html', 'reports/fixture-report/index.html', 'tags/index.html', 'search/index.html', '404.html']) {
      const doc = html(out(), page);
      const nav = [...doc.querySelectorAll('header nav .site-nav a')].map((a) => [a.textContent, a.getAttribute('href')]);
      expect(nav, page).toEqual([
        ['Reports', url('/')],
        ['Accelerators', url('/accelerators/')],
        ['Models', url('/models/')],
        ['Matrix', url('/matrix/')],
        ['Tags', url('/tags/')],
        ['Search', url('/search/')],
      ]);
      expect(doc.querySelector('link[rel="icon"]')!.getAttribute('href'), page).toBe(url('/favicon.svg'));
      expect(doc.querySelector('link[rel="alternate"][type="application/rss+xml"]')!.getAttribute('href'), page).toBe(url('/feed.xml'));
    }
    expect(html(out(), 'tags/index.html').querySelector('.site-nav a[aria-current="page"]')!.textContent).toBe('Tags');
    expect(html(out(), 'reports/fixture-report/index.html').querySelector('.site-nav a[aria-current="page"]')!.textContent).toBe('Reports');
    // The favicon is a real SVG drawing, not an empty data: URL.
    const favicon = xml(out(), 'favicon.svg');
    expect(favicon.documentElement.localName).toBe('svg');
    expect(favicon.querySelectorAll('rect').length).toBeGreaterThanOrEqual(3);
  });

  it('publishes an RSS 2.0 feed of the report versions with absolute links', () => {
    const feed = xml(out(), 'feed.xml');
    expect(feed.documentElement.localName).toBe('rss');
    expect(feed.documentElement.getAttribute('version')).toBe('2.0');
    const channel = feed.querySelector('rss > channel')!;
    expect(channel.querySelector('title')!.textContent).toBe('Benchwright reports');
    expect(channel.querySelector('link')!.textContent).toBe(`${SITE}${url('/')}`);
    const items = [...channel.querySelectorAll('item')];
    expect(items.length).toBe(1);
    const item = items[0]!;
    const link = `${SITE}${url('/reports/fixture-report/v1/')}`;
    expect(item.querySelector('title')!.textContent).toBe(`${REPORT_TITLE} — version 1`);
    expect(item.querySelector('link')!.textContent).toBe(link);
    expect(item.querySelector('guid')!.textContent).toBe(link);
    expect(item.querySelector('pubDate')!.textContent).toBe('Wed, 10 Sep 2025 00:00:00 GMT');
    expect(item.querySelector('description')!.textContent).toBe(REPORT_SUMMARY);
    // The version's page is there to link to (once the version route exists; the latest page always does).
    expect(existsSync(join(out(), 'reports/fixture-report/index.html'))).toBe(true);
  });

  it('lists every HTML page in the sitemap, as absolute URLs, sorted, without the 404 page', () => {
    const locs = [...xml(out(), 'sitemap.xml').querySelectorAll('url > loc')].map((l) => l.textContent!);
    expect(locs).toContain(`${SITE}${url('/reports/fixture-report/')}`);
    expect(locs).toContain(`${SITE}${url('/')}`);
    expect(locs).toContain(`${SITE}${url('/tags/')}`);
    expect(locs).toContain(`${SITE}${url('/search/')}`);
    expect(locs.some((l) => l.includes('404'))).toBe(false);
    expect(locs).toEqual([...locs].sort());
    // Exactly the pages on disk (404.html aside), so pages added by any route are in it.
    const pages = htmlFiles(out()).filter((p) => p !== '404.html').map((p) => `${SITE}${pageAddress(p, b.base)}`);
    expect(locs).toEqual(pages.sort());
  });

  it('has a page per tag, linking the reports that carry it, and an index of tags', () => {
    const index = html(out(), 'tags/index.html');
    const tags = [...index.querySelectorAll('main a.tag')].map((a) => [a.textContent, a.getAttribute('href')]);
    expect(tags).toEqual([
      ['fixture', url('/tags/fixture/')],
      ['mlperf', url('/tags/mlperf/')],
    ]);
    for (const tag of ['mlperf', 'fixture']) {
      const doc = html(out(), `tags/${tag}/index.html`);
      expect(doc.querySelector('h1')!.textContent).toBe(`Reports tagged ${tag}`);
      const links = [...doc.querySelectorAll('.report-list h2 a')].map((a) => [a.textContent, a.getAttribute('href')]);
      expect(links).toEqual([[REPORT_TITLE, url('/reports/fixture-report/')]]);
    }
  });

  it('has a friendly 404 page linking home and to search', () => {
    const doc = html(out(), '404.html');
    expect(doc.querySelector('h1')!.textContent).toBe('Page not found');
    const links = [...doc.querySelectorAll('main a')].map((a) => a.getAttribute('href'));
    expect(links).toContain(url('/'));
    expect(links).toContain(url('/search/'));
  });

  it('has no broken links or anchors', () => {
    // Every link, the navigation's included: /accelerators/, /models/ and /matrix/ are built by the data pages.
    const problems = checkLinks(out(), { base: b.base });
    expect(formatProblems(problems)).toBe('');
    // The check did look at the pages: at the root there is no /reports/ base to hide a wrong prefix behind.
    expect(htmlFiles(out()).length).toBeGreaterThanOrEqual(6);
  });

  it('searches report text but not chart tick labels; the search page works with JavaScript and says what to do without', async () => {
    // "MI300X" is only in the chart's tick labels and the data tables (data-pagefind-ignore); "fastest" is prose.
    const report = readFileSync(join(out(), 'reports/fixture-report/index.html'), 'utf8');
    const ticks = [...parseHTML(report).document.querySelectorAll('g[aria-label="y-axis tick label"] text')].map((t) => t.textContent);
    expect(ticks.some((t) => t?.includes('MI300X'))).toBe(true);
    expect(report).toContain('The fastest accelerator here');

    let site: StaticServer | undefined;
    let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
    let noJs: Awaited<ReturnType<typeof launchBrowser>> | undefined;
    try {
      // Pagefind fetches its index, so it needs http (not file://).
      site = await serveStatic(out(), b.base);
      browser = await launchBrowser({ javaScriptEnabled: true });
      const page = await browser.context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(site.url);
      // A string, not a function: the test runner rewrites dynamic import() in this file's own code.
      const counts = (await page.evaluate(`(async () => {
        const pagefind = await import(${JSON.stringify(`${b.base}pagefind/pagefind.js`)});
        await pagefind.options({ baseUrl: ${JSON.stringify(b.base)} });
        const count = async (term) => (await pagefind.search(term)).results.length;
        const first = (await pagefind.search('fastest')).results[0];
        return { prose: await count('fastest'), tick: await count('MI300X'), url: first ? (await first.data()).url : '' };
      })()`)) as { prose: number; tick: number; url: string };
      expect(counts.tick).toBe(0);
      expect(counts.prose).toBeGreaterThan(0);
      expect(counts.url.startsWith(url('/reports/fixture-report/'))).toBe(true);

      // Pagefind's UI on the search page, loaded under the base path, with result links under it too.
      await page.goto(`${site.url}search/`);
      await page.locator('.pagefind-ui__search-input').fill('fastest');
      await page.locator('.pagefind-ui__result-link').first().waitFor({ timeout: 15_000 });
      const hrefs = await page.locator('.pagefind-ui__result-link').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
      expect(hrefs).toContain(url('/reports/fixture-report/v1/')); // only version pages are indexed (the latest page repeats one)
      expect(await page.locator('.search-fallback').isVisible()).toBe(false);
      expect(errors).toEqual([]);

      // Without JavaScript: a sentence saying search needs it, and the way to the reports.
      noJs = await launchBrowser({ javaScriptEnabled: false });
      const plain = await noJs.context.newPage();
      await plain.goto(`${site.url}search/`);
      expect(await plain.getByText('Search needs JavaScript.').isVisible()).toBe(true);
      expect(await plain.locator('.search-unavailable').isVisible()).toBe(false);
      const fallback = plain.locator('.search-needs-js a', { hasText: 'the list of reports' });
      expect(await fallback.getAttribute('href')).toBe(url('/'));
      expect(await fallback.isVisible()).toBe(true);
    } finally {
      await noJs?.close();
      await browser?.close();
      await site?.close();
    }
  }, 120_000);
});

describe('navigation and tags in dark mode', () => {
  it('follow the system setting', async () => {
    const out = builds[0]!.build!.outDir;
    expect(builds[0]!.build!.code).toBe(0);
    const site = await serveStatic(out);
    const browser = await launchBrowser({ javaScriptEnabled: false });
    try {
      const page = await browser.context.newPage();
      const colours = async () =>
        page.evaluate(() => {
          const style = (selector: string) => getComputedStyle(document.querySelector(selector)!);
          return {
            background: style('body').backgroundColor,
            nav: style('.site-nav a:not([aria-current])').color,
            current: style('.site-nav a[aria-current="page"]').color,
            tag: style('main a.tag').color,
            tagBorder: style('main a.tag').borderTopColor,
          };
        });
      await page.emulateMedia({ colorScheme: 'light' });
      await page.goto(`${site.url}tags/`);
      expect(await colours()).toEqual({ background: 'rgb(255, 255, 255)', nav: 'rgb(11, 92, 173)', current: 'rgb(27, 31, 36)', tag: 'rgb(11, 92, 173)', tagBorder: 'rgb(208, 215, 222)' });
      await page.emulateMedia({ colorScheme: 'dark' });
      expect(await colours()).toEqual({ background: 'rgb(13, 17, 23)', nav: 'rgb(108, 182, 255)', current: 'rgb(230, 237, 243)', tag: 'rgb(108, 182, 255)', tagBorder: 'rgb(48, 54, 61)' });
      mkdirSync(join(ROOT, 'test-output'), { recursive: true });
      await page.screenshot({ path: join(ROOT, 'test-output/tags-dark.png'), fullPage: true });
    } finally {
      await browser.close();
      await site.close();
    }
  }, 60_000);
});

describe('a site with awkward titles, tags over two report versions, and a base path', () => {
  let build: BuildResult;
  const front = (o: { title: string; version: number; published: string; summary: string; tags: string[] }) =>
    ['---', `title: ${JSON.stringify(o.title)}`, `version: ${o.version}`, `published: ${o.published}`, `summary: ${JSON.stringify(o.summary)}`,
      `tags: ${JSON.stringify(o.tags)}`, 'authors: [Benchwright tests]', '---', '', '## Notes', '', 'Plain prose, no queries.', ''].join('\n');

  beforeAll(() => {
    const content = mkdtempSync(join(tmpdir(), 'bw-features-content-'));
    cpSync(join(ROOT, 'test/fixtures/site/content'), content, { recursive: true });
    const notes = join(content, 'reports/units-note');
    mkdirSync(notes, { recursive: true });
    const title = 'Units & <measures>: "a note"';
    const summary = "Why tokens/s & samples/s differ — a <short> note, isn't it?";
    writeFileSync(join(notes, 'v1.md'), front({ title, version: 1, published: '2025-10-01', summary, tags: ['Large Language Models', 'MLPerf', 'dropped in v2'] }));
    writeFileSync(join(notes, 'v2.md'), front({ title, version: 2, published: '2025-10-01', summary, tags: ['Large Language Models', 'MLPerf'] }));
    build = astroBuild({ content, data: 'test/fixtures/data', base: '/reports/' });
  }, 120_000);

  it('escapes the feed and orders it newest first, then by version', () => {
    expect(build.code, build.output).toBe(0);
    const raw = readFileSync(join(build.outDir, 'feed.xml'), 'utf8');
    expect(raw).toContain('<title>Units &amp; &lt;measures&gt;: &quot;a note&quot; — version 2</title>');
    expect(raw).toContain('<description>Why tokens/s &amp; samples/s differ — a &lt;short&gt; note, isn&apos;t it?</description>');
    const items = [...xml(build.outDir, 'feed.xml').querySelectorAll('item')].map((i) => [i.querySelector('link')!.textContent, i.querySelector('pubDate')!.textContent]);
    expect(items).toEqual([
      [`${SITE}/reports/reports/units-note/v2/`, 'Wed, 01 Oct 2025 00:00:00 GMT'],
      [`${SITE}/reports/reports/units-note/v1/`, 'Wed, 01 Oct 2025 00:00:00 GMT'],
      [`${SITE}/reports/reports/fixture-report/v1/`, 'Wed, 10 Sep 2025 00:00:00 GMT'],
    ]);
  });

  it('makes tag slugs lower-case with hyphens, merges spellings, and uses only the latest versions', () => {
    expect(build.code, build.output).toBe(0);
    const doc = html(build.outDir, 'tags/large-language-models/index.html');
    expect([...doc.querySelectorAll('.report-list h2 a')].map((a) => a.getAttribute('href'))).toEqual(['/reports/reports/units-note/']);
    // "MLPerf" and the fixture's "mlperf" are one tag carried by both reports, newest first.
    const mlperf = html(build.outDir, 'tags/mlperf/index.html');
    expect([...mlperf.querySelectorAll('.report-list h2 a')].map((a) => a.getAttribute('href'))).toEqual(['/reports/reports/units-note/', '/reports/reports/fixture-report/']);
    // A tag only an older version had has no page.
    expect(existsSync(join(build.outDir, 'tags/dropped-in-v2'))).toBe(false);
    const index = [...html(build.outDir, 'tags/index.html').querySelectorAll('main a.tag')].map((a) => a.getAttribute('href'));
    expect(index).toEqual(['/reports/tags/fixture/', '/reports/tags/large-language-models/', '/reports/tags/mlperf/']);
  });
});

describe('the link checker', () => {
  let dir: string;
  let problems: LinkProblem[];
  const write = (path: string, body: string) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), `<!doctype html><html><head><title>t</title></head><body>${body}</body></html>`);
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bw-links-'));
    // A tiny site served under /docs/.
    write('index.html', [
      '<h1 id="top-heading">Home</h1>',
      '<a href="/docs/guide/">guide</a>', // fine: guide/index.html
      '<a href="guide/#install">relative, with an anchor</a>', // fine
      '<a href="/docs/guide/#missing-anchor">broken anchor</a>', // broken anchor in another page
      '<a href="#top-heading">same page</a>', // fine
      '<a href="#nowhere">same-page broken anchor</a>', // broken
      '<a href="/docs/missing/">planted broken link</a>', // broken
      '<a href="/docs/about">extensionless</a>', // fine: about.html
      '<a href="/docs/guide">no trailing slash</a>', // fine: guide/index.html
      '<a href="/elsewhere/">outside the base</a>', // broken: not under /docs/
      '<a href="https://example.com/x">external</a><a href="mailto:a@b.c">mail</a>', // not followed
      '<img src="img/chart.svg" alt=""><img src="img/gone.png" alt="">', // the second is broken
      '<a href="#">top</a>',
    ].join(''));
    write('about.html', '<p id="who">About</p><a href="./#top-heading">home</a><a href="../docs/guide/index.html#install">up and down</a>');
    write('guide/index.html', '<h2 id="install">Install</h2><a href="../about#who">back</a><a href="../about#whom">bad anchor</a><a href="sub/page">relative missing</a>');
    mkdirSync(join(dir, 'img'), { recursive: true });
    writeFileSync(join(dir, 'img/chart.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    problems = checkLinks(dir, { base: '/docs/' });
  });

  it('finds every planted broken link and anchor, and nothing else', () => {
    expect(problems.map((p) => [p.page, p.href])).toEqual([
      ['guide/index.html', '../about#whom'],
      ['guide/index.html', 'sub/page'],
      ['index.html', '#nowhere'],
      ['index.html', '/docs/guide/#missing-anchor'],
      ['index.html', '/docs/missing/'],
      ['index.html', '/elsewhere/'],
      ['index.html', 'img/gone.png'],
    ]);
  });

  it('says why', () => {
    const reason = (href: string) => problems.find((p) => p.href === href)!.reason;
    expect(reason('/docs/missing/')).toBe('no such file: missing/index.html');
    expect(reason('sub/page')).toBe('no such file: guide/sub/page or guide/sub/page.html or guide/sub/page/index.html');
    expect(reason('/docs/guide/#missing-anchor')).toBe('no element with id "missing-anchor" in guide/index.html');
    expect(reason('#nowhere')).toBe('no element with id "nowhere" on this page');
    expect(reason('/elsewhere/')).toBe('points outside the base path /docs/ (to /elsewhere/)');
  });

  it('resolves the same folder differently at the root: every absolute /docs/ link is then missing', () => {
    const atRoot = checkLinks(dir, { base: '/' }).map((p) => p.href);
    expect(atRoot).toContain('/docs/guide/');
    expect(atRoot).toContain('/docs/about');
    expect(atRoot).not.toContain('guide/#install');
  });

  it('refuses, in every URL attribute and in CSS, what the URL policy refuses, as the browser would read it', () => {
    const unsafe = mkdtempSync(join(tmpdir(), 'bw-links-unsafe-'));
    writeFileSync(join(unsafe, 'index.html'), [
      '<!doctype html><html><head><title>t</title><style>.x { background: url("javascript:alert(11)") }</style></head><body>',
      '<a href="javascript&colon;alert(1)">a character reference</a>',
      '<a href="java&#9;script:alert(2)">a tab</a>',
      '<a href=" JAVASCRIPT:alert(3)">upper case, a space</a>',
      '<a href="data:,x">data</a>',
      '<img src="data:image/svg+xml,%3Csvg%20onload%3Dalert(4)%3E" alt="">',
      '<svg><a xlink:href="javascript:alert(5)"><text>x</text></a><image href="vbscript:msgbox(6)"/><rect fill="url(data:image/svg+xml,x)"/></svg>',
      '<form action="javascript:alert(7)"></form><button formaction="javascript:alert(8)">b</button><video poster="javascript:alert(9)"></video>',
      '<img srcset="x.png 1x, javascript:alert(10) 2x" alt="">',
      '<div style="background: u\\72l(javascript:alert(12))"></div>',
      // Fine: web, mail and fragment addresses, and CSS that loads a relative one.
      '<a href="https://example.org/?a=1&amp;b=2">web</a><a href="mailto:x@example.org">mail</a><a id="here" href="#here">here</a>',
      '<div style="color: red; background: url(/img/x.png)"></div>',
      '</body></html>',
    ].join(''));
    const found = checkLinks(unsafe);
    const byHref = new Map(found.map((p) => [p.href, p.reason]));
    // The page's parser has decoded the references already (as the browser does); the policy decodes what is left.
    expect(byHref.get('javascript:alert(1)')).toBe('an address in href of <a> that uses the javascript: scheme, which is not allowed');
    expect(byHref.get('java\tscript:alert(2)')).toBe('an address in href of <a> that uses the javascript: scheme (the browser reads it as "javascript:alert(2)"), which is not allowed');
    expect(byHref.get(' JAVASCRIPT:alert(3)')).toContain('uses the javascript: scheme');
    expect(byHref.get('data:,x')).toContain('uses the data: scheme');
    expect(byHref.get('data:image/svg+xml,%3Csvg%20onload%3Dalert(4)%3E')).toBe('an address in src of <img> that uses the data: scheme, which is not allowed');
    expect(byHref.get('javascript:alert(5)')).toBe('an address in xlink:href of <a> that uses the javascript: scheme, which is not allowed');
    expect(byHref.get('vbscript:msgbox(6)')).toBe('an address in href of <image> that uses the vbscript: scheme, which is not allowed');
    expect(byHref.get('url(data:image/svg+xml,x)')).toContain('CSS in fill of <rect> that loads "data:image/svg+xml,x"');
    expect(byHref.get('javascript:alert(7)')).toContain('in action of <form>');
    expect(byHref.get('javascript:alert(8)')).toContain('in formaction of <button>');
    expect(byHref.get('javascript:alert(9)')).toContain('in poster of <video>');
    expect(byHref.get('x.png 1x, javascript:alert(10) 2x')).toContain('in srcset of <img>');
    expect(byHref.get('background: u\\72l(javascript:alert(12))')).toContain('CSS in style of <div> that');
    expect(found.find((p) => p.reason.startsWith('CSS in a <style> element'))?.reason).toContain('javascript:');
    expect(found.length).toBe(14);
  });

  it('is what `npm run check-links` runs: exit 1 and the problems on stderr, exit 0 on a clean folder', () => {
    const cli = (args: string[]) => spawnSync(process.execPath, [join(ROOT, 'scripts/check-links.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
    const broken = cli([dir, '--base', '/docs/']);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain('index.html: /docs/missing/ — no such file: missing/index.html');
    expect(broken.stderr).toContain('7 broken links or anchors in 3 pages');
    const clean = mkdtempSync(join(tmpdir(), 'bw-links-clean-'));
    writeFileSync(join(clean, 'index.html'), '<a href="/">home</a><a href="#x">x</a><p id="x"></p>');
    const ok = cli([clean]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('no broken links or anchors in 1 page');
  });
});
