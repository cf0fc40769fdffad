/**
 * The first, cheap part of reading an article: its front matter split, parsed and checked (the schema runs once) and
 * its body, with no Markdown parsed. A build reads it to choose the engine and check the pins before it knows whether
 * its cache holds the rendered article; parse-article.ts goes on from it to the Markdown tree and the blocks.
 */
import { readReportFrontMatter, type ReportFrontMatter } from './front-matter.ts';

export interface ArticleSource {
  /** The article's path as messages show it. */
  file: string;
  source: string;
  frontMatter: ReportFrontMatter;
  /** The Markdown body: the front matter's lines are kept, blank, so a position in the body is a position in the file. */
  body: string;
  /** The file line of a line of the body (the same number: see `body`), for code that counts within the body. */
  fileLine: (bodyLine: number) => number;
  /** The file line of a top-level front matter key (1 when it is absent), e.g. `version` or `data`. */
  keyLine: (key: string) => number;
}

/** The front matter read and checked, and the body: no Markdown parsed. `file` is the path shown in errors. */
export function readArticleSource(source: string, file: string): ArticleSource {
  const { frontMatter, split, keyLine } = readReportFrontMatter(source, file);
  return { file, source, frontMatter, body: split.body, fileLine: (line) => line, keyLine };
}

