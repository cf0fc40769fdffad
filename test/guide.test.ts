/**
 * The guide (src/core/guide/): pages of content/guide/ built by the toolkit, with live examples whose source is shown
 * beside what it renders or the error it gives, and reference tables made from the checks' schemas. The shipped guide
 * builds on the shipped data, and its tutorial is the new-report template, block for block.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import type { Code } from 'mdast';
import { visit } from 'unist-util-visit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markdownParser } from '../src/core/article/parse-article.ts';
import { reportFrontMatterSchema } from '../src/core/article/front-matter.ts';
import { MARKS, OWN_OPTIONS, PLOT_OPTIONS } from '../src/core/charts/chart-spec.ts';
import { BuildError } from '../src/core/errors.ts';
import { buildGuide, type GuidePage } from '../src/core/guide/guide-pages.ts';
import { OPTION_TABLES } from '../src/core/guide/option-tables.ts';
import { TABLE_COLUMN_KEYS, TABLE_KEYS } from '../src/core/render/table.ts';
import { sourceExcerpt } from '../src/core/source-excerpt.ts';
import { BuildFailedError, closeProject, openProject, type Project } from '../src/core/versions/reports.ts';
import { mlperfContent } from '../src/mlperf/content.ts';
import { reportTemplate } from '../src/mlperf/report-template.ts';
import { FIXTURE_DATA, ROOT } from './helpers.ts';

const FRONT = (order = 1) => `---\ntitle: A page\nsummary: One sentence.\norder: ${order}\n---\n`;
const QUERY = "```sql best\nSELECT accelerator, max(result) AS top\nFROM mlperf_inference\nWHERE model = 'llama2-70b-99' AND round = 'v5.1' AND unit = 'tokens/s'\nGROUP BY accelerator\n```";

/** A project over the fixture data whose content folder holds only these guide pages. */
async function guideProject(pages: Record<string, string>): Promise<Project> {
  const root = mkdtempSync(join(ROOT, '.tmp', 'bw-guide-'));
  mkdirSync(join(root, 'content/guide'), { recursive: true });
  for (const [name, source] of Object.entries(pages)) writeFileSync(join(root, 'content/guide', name), source);
  return openProject({ root, contentDir: join(root, 'content'), dataDir: FIXTURE_DATA }, process.env, undefined, mlperfContent);
}

/** Builds the pages and returns them, or the one error they gave. */
async function build(pages: Record<string, string>): Promise<GuidePage[] | BuildError> {
  const project = await guideProject(pages);
  try {
    return await buildGuide(project, { base: '/' });
  } catch (error) {
    if (error instanceof BuildFailedError && error.failures.length === 1 && error.failures[0] instanceof BuildError) return error.failures[0];
    if (error instanceof BuildError) return error;
    throw error;
  } finally {
    closeProject(project);
  }
}

async function expectError(pages: Record<string, string>, line: number, ...fragments: string[]): Promise<BuildError> {
  const result = await build(pages);
  expect(result, 'expected the guide to fail').toBeInstanceOf(BuildError);
  const error = result as BuildError;
  expect(error.place.line, error.message).toBe(line);
  for (const fragment of fragments) expect(error.message).toContain(fragment);
  return error;
}

beforeAll(() => mkdirSync(join(ROOT, '.tmp'), { recursive: true }));

describe('a live example', () => {
  it("shows what the author writes, then what the article pipeline makes of it: the query run, the table drawn", async () => {
    const pages = (await build({ 'page.md': `${FRONT()}\nIntro.\n\n\`\`\`\`example\n${QUERY}\n\n\`\`\`table best\ntitle: Best per accelerator\n\`\`\`\n\`\`\`\`\n` })) as GuidePage[];
    expect(pages.map((p) => p.slug)).toEqual(['page']);
    const { document } = parseHTML(`<div>${pages[0]!.html}</div>`);
    const example = document.querySelector('.bw-example')!;
    expect(example.querySelector('pre code.language-md')!.textContent).toContain('```table best\ntitle: Best per accelerator');
    const table = example.querySelector('.bw-example-result figure.bw-table')!;
    expect(table.querySelector('.bw-figure-title')!.textContent).toContain('Best per accelerator');
    expect(table.querySelectorAll('tbody tr').length).toBeGreaterThan(1);
    // The page's CSV downloads are its own, under /guide/<page>/.
    expect(pages[0]!.files.map((f) => f.path)).toContain('guide/page/table-1.csv');
    // Its queries are listed in the page's Data and methods, as an article's are.
    expect(document.querySelector('#query-best')).not.toBeNull();
  });

  it("puts an error inside an example at the guide page's own line and column", async () => {
    const source = `${FRONT()}\nIntro.\n\n\`\`\`\`example\n${QUERY}\n\n\`\`\`plot best\nmarks:\n  - barX: { y: acelerator, x: top }\n\`\`\`\n\`\`\`\`\n`;
    const line = source.split('\n').findIndex((l) => l.includes('acelerator')) + 1;
    const error = await expectError({ 'page.md': source }, line, 'content/guide/page.md', 'acelerator');
    expect(error.message.startsWith(`content/guide/page.md:${line}:`)).toBe(true);
  });

  it('an example-error shows the error its article gives, with the line and a caret; one that builds stops the build', async () => {
    const chart = `\`\`\`\`example-error expect='unknown column "acelerator"'\n${QUERY}\n\n\`\`\`plot best\nmarks:\n  - barX: { y: acelerator, x: top }\n\`\`\`\n\`\`\`\``;
    const pages = (await build({ 'page.md': `${FRONT()}\n\`\`\`\`example-error expect="SQL error"\n\`\`\`sql typo\nSELECT reslt FROM mlperf_inference\n\`\`\`\n\n\`\`\`table typo\n\`\`\`\n\`\`\`\`\n\n${chart}\n` })) as GuidePage[];
    const { document } = parseHTML(`<div>${pages[0]!.html}</div>`);
    const [sqlExample, chartExample] = [...document.querySelectorAll(".bw-example")];
    // A SQL error's message shows the author's line with its caret: no second excerpt under it. The words wrap; the
    // source lines are a box of their own that does not wrap (the caret stays under its column) and scrolls sideways.
    expect(sqlExample!.querySelector('.bw-example-error')!.textContent).toContain('example.md:2:8: SQL error in query "typo"');
    expect([...sqlExample!.querySelectorAll('.bw-example-excerpt')].map((e) => e.textContent!.trimEnd())).toEqual(['  2 | SELECT reslt FROM mlperf_inference\n    |        ^']);
    // Another error gets the lines around its place under the message, and a keyboard can scroll them.
    expect(chartExample!.querySelector('.bw-example-error')!.textContent).toContain('example.md:10:13: unknown column "acelerator"');
    const excerpt = chartExample!.querySelector('.bw-example-excerpt')!;
    expect(excerpt.textContent).toContain('> 10 |   - barX: { y: acelerator, x: top }\n     |             ^');
    expect(excerpt.getAttribute('tabindex')).toBe('0');

    await expectError({ 'page.md': `${FRONT()}\n\`\`\`\`example-error expect="anything"\n${QUERY}\n\n\`\`\`table best\n\`\`\`\n\`\`\`\`\n` }, 7, 'built without an error');
    // It says which error it shows, and one that fails for another reason (a typo before the mistake it explains) stops the build.
    const typo = `\`\`\`sql t\nSELECT reslt FROM mlperf_inference\n\`\`\`\n\n\`\`\`plot t\ncolour: red\nmarks:\n  - dot: { x: reslt }\n\`\`\``;
    await expectError({ 'page.md': `${FRONT()}\n\`\`\`\`example-error\n${typo}\n\`\`\`\`\n` }, 7, 'does not say which error it shows', 'expect="…"');
    await expectError({ 'page.md': `${FRONT()}\n\`\`\`\`example-error expect='unknown chart option "colour"'\n${typo}\n\`\`\`\`\n` }, 7, 'failed with another error than it expects (\"unknown chart option \"colour\"\")', 'SQL error in query "t"');
  });

  it('an example-error may be a whole article, its front matter checked', async () => {
    const pages = (await build({ 'page.md': `${FRONT()}\n\`\`\`\`example-error expect="tittle"\n---\ntittle: Oops\n---\n\`\`\`\`\n` })) as GuidePage[];
    expect(parseHTML(`<div>${pages[0]!.html}</div>`).document.querySelector('.bw-example-error code')!.textContent).toContain('example.md:2:1: unknown front matter field "tittle"');
  });
});

describe("a guide page's own mistakes", () => {
  it('front matter: an unknown field or a missing one at its line, a page without front matter, a file name that is no address', async () => {
    await expectError({ 'page.md': '---\ntitle: A\nsummary: B\norder: 1\ncolour: red\n---\n' }, 5, 'unknown front matter field "colour"');
    await expectError({ 'page.md': '---\ntitle: A\norder: 1\n---\n' }, 1, 'front matter field "summary": missing');
    await expectError({ 'page.md': 'No front matter.\n' }, 1, 'has no front matter');
    await expectError({ 'My Page.md': FRONT() }, 1, 'lower-case words joined by hyphens');
  });

  it('a page written with CRLF line endings builds as the same page', async () => {
    const source = `${FRONT(3)}\nIntro.\n\n\`\`\`\`example-error expect="SQL error"\n\`\`\`sql typo\nSELECT reslt FROM mlperf_inference\n\`\`\`\n\n\`\`\`table typo\n\`\`\`\n\`\`\`\`\n`;
    const [lf] = (await build({ 'page.md': source })) as GuidePage[];
    const [crlf] = (await build({ 'page.md': source.replaceAll('\n', '\r\n') })) as GuidePage[];
    expect(crlf!.order).toBe(3);
    expect(crlf!.html).toBe(lf!.html);
  });

  it('two pages in one place, an unknown reference table, an empty example', async () => {
    await expectError({ 'a.md': FRONT(1), 'b.md': FRONT(1) }, 4, 'both have order 1');
    // Every file there is a page: one the build would skip (upper-case .MD, notes) is said, not ignored.
    await expectError({ 'a.md': FRONT(1), 'B.MD': FRONT(2) }, 1, '"B.MD" is not a guide page');
    await expectError({ 'page.md': `${FRONT()}\n::options{of="chart"}\n` }, 7, 'unknown option table "chart"', OPTION_TABLES.join(', '));
    await expectError({ 'page.md': `${FRONT()}\n::options{of="toString"}\n` }, 7, 'unknown option table "toString"');
    await expectError({ 'page.md': `${FRONT()}\n\`\`\`\`example\n\`\`\`\`\n` }, 7, 'an empty example block');
  });
});

describe('the reference tables', () => {
  it('list every key each block and the front matter accept, each with what it holds', async () => {
    const body = OPTION_TABLES.map((of) => `## ${of}\n\n::options{of="${of}"}`).join('\n\n');
    const pages = (await build({ 'page.md': `${FRONT()}\n${body}\n` })) as GuidePage[];
    const { document } = parseHTML(`<div>${pages[0]!.html}</div>`);
    const section = (of: string) => {
      const out: Element[] = [];
      for (let n = document.getElementById(of)!.nextElementSibling; n && n.tagName !== 'H2'; n = n.nextElementSibling) out.push(n);
      return out;
    };
    const rows = (of: string) => Object.fromEntries([...section(of)[0]!.querySelectorAll('tbody tr')].map((tr) => [tr.querySelector('td code')!.textContent, tr.querySelectorAll('td')[2]!.textContent!.trim()]));
    const codes = (of: string, i: number) => [...section(of)[i]!.querySelectorAll('code')].map((c) => c.textContent);

    expect(Object.keys(rows('front-matter')).sort()).toEqual(Object.keys(reportFrontMatterSchema.shape).sort());
    expect(Object.keys(rows('plot')).sort()).toEqual([...OWN_OPTIONS].sort());
    // Plot's options but those Benchwright's own keys take (`label`: a figure's label, not Plot's).
    expect(codes('plot', 1).slice(1).sort()).toEqual([...PLOT_OPTIONS].filter((k) => !OWN_OPTIONS.has(k)).sort());
    expect(codes('plot', 2).slice(1).sort()).toEqual([...MARKS].sort());
    expect(Object.keys(rows('table')).sort()).toEqual([...TABLE_KEYS].sort());
    expect(Object.keys(rows('table-column')).sort()).toEqual([...TABLE_COLUMN_KEYS].sort());
    for (const of of ['front-matter', 'plot', 'table', 'table-column']) {
      for (const [key, description] of Object.entries(rows(of))) expect(description.length, `${of}: ${key} has no description`).toBeGreaterThan(10);
    }
  });
});

describe('an excerpt of the source', () => {
  it('numbers the lines around the place, marks it and puts a caret under its column (tabs kept)', () => {
    const lines = ['one', 'two', '\tthree', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
    expect(sourceExcerpt(lines, 3, 2)).toBe('  1 | one\n  2 | two\n> 3 | \tthree\n    | \t^\n  4 | four\n  5 | five');
    expect(sourceExcerpt(lines, 9, 3)).toBe('   7 | seven\n   8 | eight\n>  9 | nine\n     |   ^\n  10 | ten');
    expect(sourceExcerpt(lines, 11, 1)).toBe('');
  });
});

describe('the shipped guide', () => {
  let project: Project;
  let pages: GuidePage[];
  beforeAll(async () => {
    project = await openProject({ root: ROOT, contentDir: join(ROOT, 'content'), dataDir: join(ROOT, 'data') }, process.env, undefined, mlperfContent);
    pages = await buildGuide(project, { base: '/' });
  }, 120_000);
  afterAll(() => closeProject(project));

  it('builds on the shipped data: a tutorial and a syntax reference, every page with live examples', () => {
    expect(pages.map((p) => p.slug).slice(0, 2)).toEqual(['tutorial', 'blocks']);
    for (const page of pages) {
      const { document } = parseHTML(`<div>${page.html}</div>`);
      expect(document.querySelectorAll('.bw-example').length, page.slug).toBeGreaterThan(2);
    }
  });

  it("the tutorial's examples are the new-report template's blocks, in its order, so it cannot drift from what npm run new writes", () => {
    const blocks = (markdown: string, inside: boolean) => {
      const out: string[] = [];
      visit(markdownParser().parse(markdown), 'code', (node: Code) => {
        if (!inside) out.push(`${node.lang} ${node.meta ?? ''}\n${node.value}`);
        else if (node.lang === 'example') visit(markdownParser().parse(node.value), 'code', (c: Code) => { out.push(`${c.lang} ${c.meta ?? ''}\n${c.value}`); });
      });
      return out;
    };
    const template = blocks(reportTemplate({ title: 'T', date: '2026-12-05' }).replace(/^---[\s\S]*?\n---\n/, ''), false);
    expect(template.length).toBeGreaterThan(4);
    expect(blocks(readFileSync(join(ROOT, 'content/guide/tutorial.md'), 'utf8'), true)).toEqual(template);
  });
});
