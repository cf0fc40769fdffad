/** parseArticle: the source read once, with no engine: front matter, body, key lines, blocks and inline values with their places. */
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../src/core/article/parse-article.ts';
import { BuildError } from '../src/core/errors.ts';
import { fence } from './helpers.ts';

const FILE = 'content/reports/test-article/v1.md';
const SOURCE = [
  '---',
  'title: A test',
  'version: 1',
  'published: 2026-11-23',
  'summary: One line.',
  'authors: [Benchwright]',
  'data:',
  '  "mlperf-inference/v5.1.csv": "sha256:' + '0'.repeat(64) + '"',
  '---',
  '',
  fence('sql best', 'SELECT 1 AS n'),
  '',
  'It is :value[best.n]{format=".1f"} and 16:9.',
  '',
  fence('table best', 'title: Best'),
  '',
  fence('check best', 'n > 0'),
].join('\n');

/** The error parsing throws (undefined when it parses). */
function errorOf(source: string): BuildError | undefined {
  try {
    parseArticle(source, FILE);
    return undefined;
  } catch (error) {
    return error as BuildError;
  }
}

describe('parseArticle', () => {
  it('reads front matter, body, key lines, blocks and inline values once, in the order written, at their file lines', () => {
    const article = parseArticle(SOURCE, FILE);
    expect(article.frontMatter).toMatchObject({ title: 'A test', version: 1, published: '2026-11-23', authors: ['Benchwright'] });
    expect(article.keyLine('version')).toBe(3);
    expect(article.keyLine('data')).toBe(7);
    expect(article.keyLine('lang')).toBe(1);
    // The body keeps the front matter's lines, blank: a position in it is a position in the file.
    expect(article.body.split('\n').slice(0, 9).every((l) => l === '')).toBe(true);
    expect(article.fileLine(11)).toBe(11);
    expect(article.blocks.sql.map((b) => [b.name, b.sql, b.place.line, b.bodyLine])).toEqual([['best', 'SELECT 1 AS n', 11, 12]]);
    expect(article.blocks.figures.map((b) => [b.kind, b.query, b.place.line])).toEqual([['table', 'best', 17]]);
    expect(article.blocks.checks.map((b) => [b.query, b.condition, b.place.line])).toEqual([['best', 'n > 0', 21]]);
    expect(article.values.map((v) => [v.query, v.column, v.format, v.place.line, v.place.column])).toEqual([['best', 'n', '.1f', 15, 7]]);
    expect(article.tree.type).toBe('root');
  });

  it('reports a malformed block at its file line, before any engine is involved', () => {
    const broken = SOURCE.replace(':value[best.n]', ':value[best]');
    const error = errorOf(broken);
    expect(error).toBeInstanceOf(BuildError);
    expect(error!.place).toMatchObject({ file: FILE, line: 15 });
    expect(error!.message).toContain(':value needs "query.column" in its brackets, found "best"');
  });

  it('places a front matter error on the key\'s line (from the YAML\'s own positions)', () => {
    const error = errorOf(SOURCE.replace('version: 1', 'version: 0'));
    expect(error!.place).toMatchObject({ file: FILE, line: 3 });
    // A comment after the date once hid it from the check, and YAML rolled 30 February over to 2 March.
    const date = errorOf(SOURCE.replace('published: 2026-11-23', 'published: 2026-02-30 # a comment'));
    expect(date!.message).toContain('front matter field "published": not a real date (2026-02-30)');
    expect(date!.place.line).toBe(4);
  });
});
