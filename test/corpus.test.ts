/**
 * The corpus of malformed and hostile inputs (test/corpus/<NN-name>/, listed in test/corpus/README.md): each
 * case is a small project (content/, and data/ when the case is about data) with a case.yaml saying what must
 * happen. Error cases run `scripts/check.ts` in a child process, exactly as a user would, and must exit 1 (never
 * 2, an internal error) naming the file and line and what to do. 'ok' cases (HTML in data and titles, CSV
 * formula injection) must build, and the library's HTML and CSV downloads must show the hostile text as text.
 * A case with `bug:` documents a defect that is not fixed yet: its test is expected to fail (it.fails), so it
 * turns red the day the defect is fixed, and the marker can go.
 * Adding a folder adds a test.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { limiter } from '../src/core/concurrency.ts';
import { renderArticle } from '../src/core/article/article.ts';
import { BrowserNotFoundError, findBrowser } from '../src/publish/pdf/browser.ts';
import { loadCatalog } from '../src/core/data/catalog.ts';
import { exportPdfs } from '../src/publish/pdf/pdf.ts';
import { createQueryEngine } from '../src/core/sql/query-engine.ts';
import { svgToPng } from '../src/publish/raster.ts';
import { findReportFiles } from '../src/core/versions/report-files.ts';
import { FIXTURE_DATA, ROOT, childEnv } from './helpers.ts';
import { astroBuild, type BuildResult } from './site.ts';
import { CORPUS, caseDataDir } from './corpus/case-data.ts';
import { mlperfContent } from '../src/mlperf/content.ts';

const CHECK = join(ROOT, 'scripts/check.ts');
const COMPILE_CACHE = join(tmpdir(), 'benchwright-corpus-compile-cache');

const fragments = z
  .object({
    contains: z.array(z.string()).default([]),
    excludes: z.array(z.string()).default([]),
    /** Tags that must not appear as elements (beyond script, iframe, object and embed, which never may). */
    elements: z.array(z.string()).default([]),
  })
  .strict();
const caseSchema = z
  .object({
    description: z.string().min(1),
    expect: z.enum(['error', 'ok']),
    /** Fragments that must all appear in the output of `npm run check`. */
    message: z.array(z.string().min(1)).min(1),
    /** For errors: the place that must appear, e.g. "content/reports/x/v1.md:12" (followed by ":<column>"), or a data file. */
    file_line: z.string().min(1).optional(),
    /** 'fixture': test/fixtures/data; 'own': the case's own data/ folder (with test/corpus/_shared/catalog.yaml when it has no catalog). */
    data: z.enum(['fixture', 'own']),
    env: z.record(z.string(), z.string()).optional(),
    /** For errors: whether the output must carry a "what to do" line (false only where the product gives none; see README). */
    hint: z.boolean().default(true),
    /** For 'ok' cases: fragments of the rendered article HTML, and of its CSV downloads. */
    html: fragments.optional(),
    csv: fragments.optional(),
    /** For 'ok' cases: also build the site with Astro and check the page and the RSS feed. */
    site: z.boolean().default(false),
    /** A known defect: the case states the correct behaviour, and its test is expected to fail until it is fixed. */
    bug: z.string().min(1).optional(),
  })
  .strict()
  .refine((c) => c.expect === 'ok' || c.file_line !== undefined, { message: 'an error case needs file_line' });
type Case = z.infer<typeof caseSchema>;

// Numeric order (9 before 10 before 100), as the README lists them; _shared holds what cases share.
const names = readdirSync(CORPUS)
  .filter((n) => /^\d+-/.test(n) && statSync(join(CORPUS, n)).isDirectory())
  .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
const cases = names.map((name) => ({ name, spec: caseSchema.parse(YAML.parse(readFileSync(join(CORPUS, name, 'case.yaml'), 'utf8'))) }));

/** Every path under the folder (links not followed), for "the run wrote nothing". */
function tree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    out.push(relative(ROOT, full));
    if (lstatSync(full).isDirectory()) out.push(...tree(full));
  }
  return out.sort();
}

/** Copies of the data/ folders of cases that share the corpus catalog (test/corpus/case-data.ts), made once a run. */
const SHARED_DATA = mkdtempSync(join(tmpdir(), 'benchwright-corpus-data-'));
const dataDirs = new Map<string, string>();
afterAll(() => rmSync(SHARED_DATA, { recursive: true, force: true }));

function dirs(name: string, spec: Case) {
  if (spec.data === 'own' && !dataDirs.has(name)) dataDirs.set(name, caseDataDir(name, SHARED_DATA));
  const data = spec.data === 'own' ? dataDirs.get(name)! : FIXTURE_DATA;
  // Relative to the repository root, as a user would type it; the copies in the temp folder as they are.
  return { content: `test/corpus/${name}/content`, data: data.startsWith(ROOT) ? relative(ROOT, data) : data };
}

/** At most this many checks at once: each is a Node process with DuckDB. */
const limited = limiter(4);

function runCheck(name: string, spec: Case): Promise<{ code: number | null; output: string }> {
  const { content, data } = dirs(name, spec);
  return limited(
    () =>
      new Promise((done, fail) => {
        const child = spawn(process.execPath, [CHECK], {
          cwd: ROOT,
          // Node's compile cache (in the system's temp folder) saves about a third of each check's start-up.
          // Without any BENCHWRIGHT_* setting of the machine: each case says its own.
          env: { NODE_COMPILE_CACHE: COMPILE_CACHE, ...childEnv({ BENCHWRIGHT_CONTENT_DIR: content, BENCHWRIGHT_DATA_DIR: data, ...spec.env }, { clean: true }) },
        });
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.on('error', fail);
        child.on('close', (code) => done({ code, output }));
      }),
  );
}

/**
 * Every report version of the case rendered by the library: the article HTML, the CSV downloads in it, and the
 * standalone SVG of each chart (what the site publishes as the chart's SVG and PNG, and puts on the social card).
 */
async function render(name: string, spec: Case): Promise<{ html: string; csv: string; charts: string[] }> {
  const { content, data } = dirs(name, spec);
  const engine = await createQueryEngine({ catalog: loadCatalog(resolve(ROOT, data), mlperfContent) });
  try {
    let html = '';
    const charts: string[] = [];
    for (const file of findReportFiles(join(ROOT, content), ROOT)) {
      const article = await renderArticle({ path: file.path, source: readFileSync(file.path, 'utf8'), engine, root: ROOT });
      html += article.html;
      for (const figure of article.data.figures) if (figure.svg) charts.push(figure.svg);
    }
    const csv = [...html.matchAll(/href="data:text\/csv;charset=utf-8,([^"]*)"/g)].map((m) => decodeURIComponent(m[1]!)).join('\n');
    return { html, csv, charts };
  } finally {
    engine.close();
  }
}

function expectFragments(text: string, spec: z.infer<typeof fragments> | undefined, what: string): void {
  for (const fragment of spec?.contains ?? []) expect(text, `${what} should contain ${JSON.stringify(fragment)}`).toContain(fragment);
  for (const fragment of spec?.excludes ?? []) expect(text, `${what} must not contain ${JSON.stringify(fragment)}`).not.toContain(fragment);
}

/**
 * What would run script or show markup from the data, found in the parsed page rather than by searching text
 * (`<script>` inside a quoted attribute is inert in HTML): elements that must not exist, event-handler attributes,
 * and javascript: URLs.
 */
function unsafeMarkup(html: string, elements: string[] = [], page = false): string[] {
  const { document } = parseHTML(page ? html : `<!doctype html><html><body>${html}</body></html>`);
  const problems: string[] = [];
  for (const tag of ['script', 'iframe', 'object', 'embed', ...elements]) {
    // A whole page may have the site's own scripts; none of them says alert(, as every hostile input here does.
    const found = [...document.querySelectorAll(tag)].filter((el) => !(page && tag === 'script' && !/alert\(/.test(el.outerHTML))).length;
    if (found > 0) problems.push(`${found} <${tag}> element${found === 1 ? '' : 's'}`);
  }
  for (const element of document.querySelectorAll('*')) {
    for (const { name, value } of element.attributes) {
      if (/^on/i.test(name)) problems.push(`<${element.tagName.toLowerCase()} ${name}="${value}">`);
      if (/^(href|src|xlink:href|action|formaction)$/i.test(name) && /^\s*(javascript|vbscript|data:text\/html)/i.test(value)) problems.push(`<${element.tagName.toLowerCase()} ${name}="${value}">`);
    }
  }
  return problems;
}

async function checkCase(name: string, spec: Case): Promise<void> {
  const { code, output } = await runCheck(name, spec);
  expect(code, `an internal error (exit 2) is a bug in Benchwright:\n${output}`).not.toBe(2);
  for (const fragment of spec.message) expect(output, 'the output of npm run check').toContain(fragment);
  if (spec.expect === 'ok') {
    expect(code, output).toBe(0);
    const { html, csv, charts } = await render(name, spec);
    expect(unsafeMarkup(html, spec.html?.elements), 'markup from the article or its data in the page').toEqual([]);
    expectFragments(html, spec.html, 'the article HTML');
    expectFragments(csv, spec.csv, 'the CSV downloads');
    for (const svg of charts) {
      expect(unsafeMarkup(svg, spec.html?.elements), "markup in the chart's standalone SVG").toEqual([]);
      // librsvg parses it as XML, as the site's chart PNGs and social cards do: it must be well-formed.
      await expect(svgToPng(svg, 1), "the chart's standalone SVG must be well-formed XML").resolves.toBeInstanceOf(Buffer);
    }
    return;
  }
  expect(code, output).toBe(1);
  const place = spec.file_line!;
  if (place.startsWith('content/')) {
    // Paths relative to the repository root, and a line that is followed by its column.
    expect(output, 'the error names the file and line').toContain(`test/corpus/${name}/${place}${/:\d+$/.test(place) ? ':' : ''}`);
  } else {
    expect(output, 'the error names the file').toContain(place);
  }
  if (spec.hint) expect(output, 'the error says what to do').toMatch(/^ *what to do: \S/m);
}

let before: string[];
beforeAll(() => {
  before = [...tree(CORPUS), ...tree(join(ROOT, 'data'))];
});

describe.concurrent('corpus of malformed and hostile inputs', () => {
  for (const { name, spec } of cases) {
    const test = spec.bug ? it.fails : it;
    test(`${name}: ${spec.description}`, () => checkCase(name, spec), 30_000);
  }
});

describe('the corpus itself', () => {
  it('has at least 40 cases, each listed in test/corpus/README.md with its expected message', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    const readme = readFileSync(join(CORPUS, 'README.md'), 'utf8');
    const listed = [...readme.matchAll(/^\| `(\d+-[^`]+)` \|/gm)].map((m) => m[1]);
    expect(listed).toEqual(names);
    for (const { name, spec } of cases) {
      const row = readme.split('\n').find((l) => l.startsWith(`| \`${name}\` |`))!;
      expect(row, `the README row of ${name} quotes its first expected fragment`).toContain(spec.message[0]!.replaceAll('|', '\\|'));
    }
  });

  it('has a case that is built as a site, for the page and the RSS feed', () => {
    expect(cases.some((c) => c.spec.site)).toBe(true);
  });
});

describe('the site escapes titles and data in pages, the RSS feed and the PDF (an Astro build)', () => {
  for (const { name, spec } of cases.filter((c) => c.spec.site)) {
    describe(name, () => {
      const { content, data } = dirs(name, spec);
      let build: BuildResult;
      beforeAll(() => {
        build = astroBuild({ content, data, search: false, env: { BENCHWRIGHT_PUBLISH: '1' } });
      }, 180_000);
      afterAll(() => rmSync(dirname(build.outDir), { recursive: true, force: true }));

      it('builds, and the report pages, the index, the tag pages and feed.xml show the markup as text', () => {
        expect(build.code, build.output).toBe(0);
        const feed = readFileSync(join(build.outDir, 'feed.xml'), 'utf8');
        // XML: any <b> or <script> would be an element (the feed's own elements are RSS names).
        expect(feed).not.toMatch(/<\/?(script|img|b|i)[\s>]/);
        expect(feed).toContain('&lt;script&gt;');
        const slug = readdirSync(join(ROOT, content, 'reports'))[0]!;
        const tags = readdirSync(join(build.outDir, 'tags')).filter((t) => t !== 'index.html').map((t) => join('tags', t, 'index.html'));
        for (const path of [join('reports', slug, 'v1', 'index.html'), join('reports', slug, 'index.html'), 'index.html', ...tags]) {
          const page = readFileSync(join(build.outDir, path), 'utf8');
          // Parsed, not searched: Astro leaves < unescaped inside quoted attributes (<meta content="…">), which is inert.
          expect(unsafeMarkup(page, spec.html?.elements, true), path).toEqual([]);
          expect(page, path).toMatch(/&lt;(script|i)&gt;/);
        }
      });

      it('prints the markup as literal text in the PDF', async (context) => {
        expect(build.code, build.output).toBe(0);
        try {
          findBrowser();
        } catch (error) {
          if (error instanceof BrowserNotFoundError) return context.skip('no Chrome or Chromium here for the PDF');
          throw error;
        }
        const pdfs = await exportPdfs({ siteDir: build.outDir, siteUrl: 'https://reports.example.org' });
        const a4 = pdfs.find((p) => p.format === 'A4')!;
        const text = execFileSync('pdftotext', ['-layout', a4.file, '-'], { encoding: 'utf8' });
        // The title on the cover and in every page footer, a table title and a column header, as the reader typed them.
        expect(text).toContain("<script>alert('title')</script> & <b>bold</b>");
        expect(text).toContain("Table 1. <script>alert('table')</script>");
        expect(text).toContain('<i>Accelerator</i>');
        expect(text).toContain('<b>x</b> (tokens/s per accelerator)');
      }, 120_000);
    });
  }
});

afterAll(() => {
  // Nothing a case does may write into the corpus or the project's data (the fm-js-engine case would write pwned.txt).
  expect([...tree(CORPUS), ...tree(join(ROOT, 'data'))]).toEqual(before);
});
