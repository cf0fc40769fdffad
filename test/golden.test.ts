/**
 * Golden tests of the Markdown pipeline (after Observable Framework's test/input → test/output): each article of
 * test/input, over the fixture data, renders to exactly the bytes of test/output/<name>.html, and leaves exactly
 * test/output/<name>.json on `file.data.benchwright`. A change of output is made on purpose, by rewriting them:
 *   UPDATE_GOLDEN=1 npx vitest run --dir test test/golden.test.ts
 * and reading the diff.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderArticle, type RenderArticleOptions } from '../src/core/article/article.ts';
import type { QueryEngine } from '../src/core/sql/query-engine.ts';
import { fixtureEngine, ROOT } from './helpers.ts';

const INPUT = join(ROOT, 'test/input');
const OUTPUT = join(ROOT, 'test/output');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** Options an input is rendered with beyond the defaults (chart images and CSVs published as files). */
const OPTIONS: Record<string, Partial<RenderArticleOptions>> = {
  'chart.md': { chartBase: '/charts/golden/v1/', pngs: true },
  'table.md': { chartBase: '/charts/golden/v1/' },
};

let engine: QueryEngine;
beforeAll(async () => {
  engine = await fixtureEngine();
});
afterAll(() => engine.close());

describe('golden: test/input/*.md → test/output', () => {
  const inputs = readdirSync(INPUT).filter((f) => f.endsWith('.md')).sort();
  it('has inputs', () => expect(inputs.length).toBeGreaterThan(0));
  for (const name of inputs) {
    it(name, async () => {
      const path = join(INPUT, name);
      const article = await renderArticle({ path, source: readFileSync(path, 'utf8'), engine, root: ROOT, ...OPTIONS[name] });
      const outputs = {
        [name.replace(/\.md$/, '.html')]: `${article.html}\n`,
        [name.replace(/\.md$/, '.json')]: `${JSON.stringify({ frontMatter: article.frontMatter, headings: article.headings, data: article.data, sanitized: article.sanitized }, null, 2)}\n`,
      };
      for (const [file, actual] of Object.entries(outputs)) {
        const expectedPath = join(OUTPUT, file);
        if (UPDATE) {
          writeFileSync(expectedPath, actual);
          continue;
        }
        expect(existsSync(expectedPath), `test/output/${file} is missing (write it with UPDATE_GOLDEN=1)`).toBe(true);
        // Compared as strings, byte for byte; toBe would print a diff of a very long line.
        const expected = readFileSync(expectedPath, 'utf8');
        if (actual !== expected) {
          const at = [...actual].findIndex((c, i) => c !== expected[i]);
          expect.fail(`${file} differs from test/output at character ${at}: …${actual.slice(Math.max(0, at - 80), at + 80)}… expected …${expected.slice(Math.max(0, at - 80), at + 80)}… (rewrite with UPDATE_GOLDEN=1 if the change is meant)`);
        }
      }
    });
  }
});

describe('each plugin is a unified plugin of its own', () => {
  it('queries and inline values alone: no figures, no methods section', async () => {
    const { unified } = await import('unified');
    const { default: remarkParse } = await import('remark-parse');
    const { default: remarkDirective } = await import('remark-directive');
    const { default: remarkRehype } = await import('remark-rehype');
    const { default: rehypeStringify } = await import('rehype-stringify');
    const { default: remarkQueries } = await import('../src/core/render/plugins/remark-queries.ts');
    const { default: remarkInlineValues } = await import('../src/core/render/plugins/remark-inline-values.ts');
    const processor = unified()
      .use(remarkParse)
      .use(remarkDirective)
      .use(remarkQueries, { engine, root: ROOT })
      .use(remarkInlineValues)
      .use(remarkRehype, { allowDangerousHtml: true })
      .use(rehypeStringify, { allowDangerousHtml: true });
    const file = await processor.process({ path: join(INPUT, 'alone.md'), value: '```sql n\nSELECT count(*) AS rows FROM accelerators\n```\n\nThere are :value[n.rows] accelerators.' });
    expect(String(file)).toMatch(/^\n<p>There are <span class="bw-value" data-query="n" data-column="rows">\d+<\/span> accelerators\.<\/p>$/);
    expect(file.data.benchwright?.values).toEqual([{ query: 'n', column: 'rows', format: undefined, text: expect.stringMatching(/^\d+$/) }]);
  });

  it('a plugin without the queries plugin before it says so', async () => {
    const { unified } = await import('unified');
    const { default: remarkParse } = await import('remark-parse');
    const { default: remarkFigures } = await import('../src/core/render/plugins/remark-figures.ts');
    const processor = unified().use(remarkParse).use(remarkFigures, { engine });
    await expect(processor.run(processor.parse('text'))).rejects.toThrow('remarkFigures needs remarkQueries to run before it in the same pipeline');
  });
});
