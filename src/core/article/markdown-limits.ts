/**
 * Size limits of an article's Markdown, checked before it is parsed. micromark, the Markdown parser under remark,
 * resolves emphasis, links and other inline text of one paragraph with steps that are quadratic in the paragraph's
 * length on some inputs (measured after the linear fix of its text merge, scripts/patch-dependencies.mjs: a
 * 20,000-character paragraph of unmatched `_a` and `a*` takes 2.4 s, 40,000 characters 13 s; ordinary prose takes
 * about 1 s a megabyte). So one paragraph, list or table (a run of lines without a blank one, outside fenced blocks)
 * may be at most MAX_PARAGRAPH_CHARS long, and an article at most MAX_ARTICLE_CHARS: a mistaken paste is an error
 * naming the file and line, not a build that stalls. The shipped report's longest paragraph is 4,000 characters,
 * its longest article 67,000.
 */
import { BuildError } from '../errors.ts';

export const MAX_PARAGRAPH_CHARS = 20_000;
export const MAX_ARTICLE_CHARS = 512 * 1024;

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Throws a BuildError at the first paragraph (or the article) that is longer than its limit. `file` is shown in messages. */
export function checkMarkdownSize(source: string, file: string): void {
  if (source.length > MAX_ARTICLE_CHARS) {
    throw new BuildError(`the article is ${source.length.toLocaleString('en')} characters long, more than the limit of ${MAX_ARTICLE_CHARS.toLocaleString('en')} for one article`, {
      place: { file, line: 1, column: 1 },
      hint: 'split it into several reports, or move what is data into data/ and show it with ```table blocks',
    });
  }
  const lines = source.split('\n');
  let fence: { char: string; length: number } | undefined;
  let start = -1;
  let size = 0;
  const check = (end: number) => {
    if (start !== -1 && size > MAX_PARAGRAPH_CHARS) {
      throw new BuildError(`a paragraph (lines ${start + 1}–${end}) is ${size.toLocaleString('en')} characters long, more than the limit of ${MAX_PARAGRAPH_CHARS.toLocaleString('en')} for one paragraph, list or table`, {
        place: { file, line: start + 1, column: 1 },
        hint: 'break it up with blank lines, or move what is data into data/ and show it with a ```table block',
      });
    }
    start = -1;
    size = 0;
  };
  for (const [i, line] of lines.entries()) {
    const marker = FENCE.exec(line)?.[1];
    if (fence) {
      // A fenced block's text is not Markdown: its own parser reads it (SQL, YAML).
      if (marker && marker[0] === fence.char && marker.length >= fence.length && line.trim() === marker) fence = undefined;
      continue;
    }
    if (marker) {
      check(i);
      fence = { char: marker[0]!, length: marker.length };
      continue;
    }
    if (line.trim() === '') {
      check(i);
      continue;
    }
    if (start === -1) start = i;
    size += line.length + 1;
  }
  check(lines.length);
}
