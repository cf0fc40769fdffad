/**
 * One reading of an article's source: `parseArticle` gives what `readArticleSource` reads (front matter, body, line
 * map: article-source.ts) and the Markdown tree with the blocks found in it (queries, charts, tables, claims, inline
 * values as remark-directive parsed them), with their places. Pure; evaluating the blocks over an engine is a
 * separate step (article.ts).
 */
import type { Root } from 'mdast';
import remarkDirective from 'remark-directive';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { collectBlocks, type ArticleBlocks, type ValueBlock } from './blocks.ts';
import { readArticleSource, type ArticleSource } from './article-source.ts';

export type { ArticleSource };

export interface ParsedArticle extends ArticleSource {
  /** The body's Markdown tree (GFM and directives). The evaluation transforms it in place, so it is evaluated once. */
  tree: Root;
  blocks: ArticleBlocks;
  /** The inline values (:value[query.column]{format}), in the order written. */
  values: ValueBlock[];
}

/** The Markdown tree of a body and the blocks in it; the parser every Benchwright pipeline reads Markdown with. */
export function parseMarkdown(body: string, file: string): { tree: Root; blocks: ArticleBlocks } {
  const tree = markdownParser().parse(body);
  return { tree, blocks: collectBlocks(tree, file) };
}

/** Everything read from an article's source, once. */
export function parseArticle(source: string | ArticleSource, file: string): ParsedArticle {
  const read = typeof source === 'string' ? readArticleSource(source, file) : source;
  const { tree, blocks } = parseMarkdown(read.body, read.file);
  return { ...read, tree, blocks, values: blocks.values };
}

/** remark with GFM and directives: what every article's Markdown is read as. */
export function markdownParser() {
  return unified().use(remarkParse).use(remarkGfm).use(remarkDirective);
}
