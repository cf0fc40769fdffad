/**
 * Markdown parsing work grows linearly with a paragraph's length (issue #14), and a paragraph or article past its
 * documented limit is an error naming the file and line (src/core/article/markdown-limits.ts). The speed itself is
 * `npm run bench`'s to measure: here the work is counted, so the test cannot fail on a slow or busy machine.
 *
 * The cause of the superlinear time was micromark's merge of adjacent `data` events (one Array#splice per run of
 * them, over the whole paragraph): GFM's autolink-literal extension cuts prose into a data event per word, so a
 * 2 MB paragraph took 24 s and 4 MB 74 s (1 MB: 2.6 s). `npm install` rewrites that merge as one pass
 * (scripts/patch-dependencies.mjs): 2 MB then takes 2.8 s, 4 MB 4 s, 8 MB 7.6 s.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import remarkDirective from 'remark-directive';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { BuildError } from '../src/core/errors.ts';
import { checkMarkdownSize, MAX_ARTICLE_CHARS, MAX_PARAGRAPH_CHARS } from '../src/core/article/markdown-limits.ts';
import { ROOT } from './helpers.ts';

/**
 * Prose of `size` characters in 80-character lines (one paragraph), with an autolink. (Not emphasis or brackets:
 * micromark matches those with steps that are quadratic in a paragraph too, which the paragraph limit bounds.)
 */
function paragraph(size: number): string {
  const sentence = 'The H100 moves 3.35 TB/s, see www.example.org; not code or a link to an example here. ';
  return sentence.repeat(Math.ceil(size / sentence.length)).slice(0, size).replace(/(.{79}) /g, '$1\n');
}

const parser = () => unified().use(remarkParse).use(remarkGfm).use(remarkDirective);

/**
 * How many array elements the parse moved with Array#splice (each call shifts everything after its start): the
 * quadratic merge was one splice per run of data events, each moving the rest of the paragraph's events.
 */
function splicedElements(text: string): number {
  const splice = Array.prototype.splice;
  let moved = 0;
  Array.prototype.splice = function (this: unknown[], start: number, ...rest: unknown[]) {
    moved += this.length - (start < 0 ? Math.max(0, this.length + start) : Math.min(start, this.length));
    return splice.apply(this, [start, ...rest] as Parameters<typeof splice>);
  } as typeof splice;
  try {
    parser().parse(text);
  } finally {
    Array.prototype.splice = splice;
  }
  return moved;
}

describe('Markdown parsing is linear in a paragraph', () => {
  it("micromark's data merge is the patched, one-pass one (npm install applies it)", () => {
    for (const build of ['lib', 'dev/lib']) {
      expect(readFileSync(join(ROOT, 'node_modules/micromark', build, 'initialize/text.js'), 'utf8')).toContain('Benchwright: adjacent data events merged in one pass');
    }
  });

  it('a paragraph four times as long takes about four times the work, not sixteen', () => {
    const small = splicedElements(paragraph(100_000));
    const large = splicedElements(paragraph(400_000));
    // Work counted, not timed (the test once compared seconds): linear is 4× (measured 4.0×), the quadratic merge 16×.
    expect(small).toBeGreaterThan(0);
    expect(large, `0.1 MB: ${small} elements moved, 0.4 MB: ${large}`).toBeLessThan(4.5 * small);
  }, 120_000);

  it('parses the same tree as before the patch would (the merge keeps every event)', () => {
    const tree = parser().parse('a *b* c www.x.org d\ne `f` [g](h) i\n\nj ~~k~~ l');
    expect(JSON.stringify(tree)).toContain('"type":"emphasis"');
    const text = (tree.children[0] as { children: { type: string; value?: string }[] }).children;
    expect(text[0]).toMatchObject({ type: 'text', value: 'a ' });
    expect(text.map((n) => n.type)).toEqual(['text', 'emphasis', 'text', 'link', 'text', 'inlineCode', 'text', 'link', 'text']);
  });
});

describe('size limits of an article (checked before it is parsed)', () => {
  const file = 'content/reports/x/v1.md';
  const errorOf = (source: string) => {
    try {
      checkMarkdownSize(source, file);
      return undefined;
    } catch (error) {
      expect(error).toBeInstanceOf(BuildError);
      return error as BuildError;
    }
  };

  it(`a paragraph, list or table of more than ${MAX_PARAGRAPH_CHARS} characters is an error at its first line`, () => {
    const long = paragraph(MAX_PARAGRAPH_CHARS + 500);
    const lines = long.split('\n').length;
    const error = errorOf(`---\ntitle: t\n---\n\nIntro.\n\n${long}\n\nAfter.\n`)!;
    expect(error.place).toEqual({ file, line: 7, column: 1 });
    expect(error.message).toContain(`${file}:7:1: a paragraph (lines 7–${6 + lines}) is `);
    expect(error.message).toContain(`more than the limit of 20,000 for one paragraph, list or table`);
    expect(error.advice).toContain('break it up with blank lines');
  });

  it('a paragraph at the limit, blank lines between paragraphs, and long fenced blocks are fine', () => {
    const at = paragraph(MAX_PARAGRAPH_CHARS - 1);
    expect(at.length + 1).toBe(MAX_PARAGRAPH_CHARS);
    expect(errorOf(`${at}\n`)).toBeUndefined();
    expect(errorOf(`${paragraph(15_000)}\n\n${paragraph(15_000)}\n`)).toBeUndefined();
    const sql = Array.from({ length: 2_000 }, (_, i) => `  SELECT ${i} AS n UNION ALL`).join('\n');
    expect(errorOf(`\`\`\`sql q\n${sql}\n\`\`\`\n\n~~~~\n${sql}\n~~~~\n`)).toBeUndefined();
    // A fence that is not closed runs to the end, as in Markdown; an indented "fence" is a paragraph's text.
    expect(errorOf(`\`\`\`\n${sql}\n`)).toBeUndefined();
    expect(errorOf(`    \`\`\`\n${paragraph(25_000)}\n`)?.place.line).toBe(1);
  });

  it(`an article of more than ${MAX_ARTICLE_CHARS} characters is an error`, () => {
    const article = Array.from({ length: 40 }, () => paragraph(15_000)).join('\n\n');
    const error = errorOf(article)!;
    expect(error.place).toEqual({ file, line: 1, column: 1 });
    expect(error.message).toContain(`is ${article.length.toLocaleString('en')} characters long, more than the limit of 524,288 for one article`);
  });
});
