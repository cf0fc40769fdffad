/**
 * One article from Markdown source to HTML: its source read once (parse-article.ts), then its blocks evaluated over
 * an engine, headings collected. The whole Markdown pipeline lives here so it runs the same in tests, scripts and Astro.
 */
import type { Root } from 'mdast';
import rehypeStringify from 'rehype-stringify';
import remarkRehype from 'remark-rehype';
import { VFile } from 'vfile';
import type { ReportFrontMatter } from './front-matter.ts';
import remarkHeadingIds, { type Heading } from './headings.ts';
import { markdownParser, parseArticle, type ArticleSource, type ParsedArticle } from './parse-article.ts';
import type { ArticleBlocks } from './blocks.ts';
import type { BuildCache } from '../build-cache.ts';
import type { QueryEngine } from '../sql/query-engine.ts';
import { remarkBenchwright, type ArticleData, type QueryAnswers } from '../render/remark-benchwright.ts';
import { rehypeSafeHtml, remarkSafeProse } from '../render/safe-html.ts';

export interface RenderedArticle {
  frontMatter: ReportFrontMatter;
  html: string;
  headings: Heading[];
  data: ArticleData;
  /** What the sanitizer removed from the rendered HTML (safe-html.ts); empty unless the prose held broken markup. */
  sanitized: string[];
}

export interface RenderArticleOptions {
  /** Absolute path of the Markdown file. */
  path: string;
  source: string;
  engine: QueryEngine;
  /** Project root, for paths in messages. */
  root: string;
  /** URL folder of this article's chart images (see BenchwrightOptions, render/plugins/article-state.ts). */
  chartBase?: string;
  /** Whether chart PNGs are published beside the SVGs (the publish build). */
  pngs?: boolean;
  /** URL folder of its CSV downloads (default chartBase; see BenchwrightOptions). */
  downloadBase?: string;
  /** Where drawn charts are kept between builds (default: in memory). */
  cache?: BuildCache;
  /** The body's raw HTML was written by Benchwright (data pages), not by an author: not held to the prose allow-list. */
  generatedHtml?: boolean;
  /** The article's language (front matter `lang`): the words Benchwright writes into it (report-words.ts). */
  lang?: string;
  /** The source as the build already read it (its front matter checked), so it is not read again. */
  article?: ArticleSource;
  /** Answers some queries without running them (generated pages: render/shared-query.ts). */
  answers?: QueryAnswers;
}

export async function renderArticle({ path, source, engine, root, chartBase, pngs, cache, article }: RenderArticleOptions): Promise<RenderedArticle> {
  const display = path.startsWith(root) ? path.slice(root.length + 1) : path;
  return evaluateArticle(parseArticle(article ?? source, display), { path, engine, root, chartBase, pngs, cache });
}

/** Evaluates a parsed article over an engine: its queries run, its blocks rendered. Its tree is transformed in place. */
export async function evaluateArticle(parsed: ParsedArticle, options: Omit<RenderArticleOptions, 'source' | 'article' | 'lang'>): Promise<RenderedArticle> {
  const { frontMatter } = parsed;
  const html = await runPipeline(parsed.tree, parsed.blocks, { ...options, body: parsed.body, ...(frontMatter.lang ? { lang: frontMatter.lang } : {}) });
  return { frontMatter, ...html };
}

/**
 * Renders a Markdown body (front matter already removed, its lines kept blank so positions match). What the author
 * wrote is checked first (raw HTML and link addresses, safe-html.ts), and the finished HTML goes through the
 * allow-list sanitizer: nothing from data or prose becomes live markup.
 */
export async function renderMarkdown(options: Omit<RenderArticleOptions, 'source' | 'article'> & { body: string }) {
  return runPipeline(markdownParser().parse(options.body), undefined, options);
}

/** Renders a body's Markdown tree that the caller parsed and transformed first (the guide's live examples, guide/). */
export async function renderMarkdownTree(tree: Root, options: Omit<RenderArticleOptions, 'source' | 'article'> & { body: string }) {
  return runPipeline(tree, undefined, options);
}

type PipelineOptions = Omit<RenderArticleOptions, 'source' | 'article'> & { body: string };

/** The pipeline after parsing: the author's prose checked, the blocks evaluated (blocks collected unless given), HTML out. */
async function runPipeline(tree: Root, blocks: ArticleBlocks | undefined, { path, body, engine, root, chartBase, pngs, downloadBase, cache, generatedHtml, lang, answers }: PipelineOptions) {
  const file = new VFile({ path, value: body });
  if (blocks) file.data.articleBlocks = blocks;
  const processor = markdownParser()
    .use(remarkSafeProse, { root, ...(generatedHtml ? { generatedHtml } : {}) })
    .use(remarkBenchwright({ engine, root, ...(chartBase ? { chartBase } : {}), ...(pngs ? { pngs } : {}), ...(downloadBase ? { downloadBase } : {}), ...(cache ? { cache } : {}), ...(lang ? { lang } : {}), ...(answers ? { answers } : {}) }))
    .use(remarkHeadingIds)
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(rehypeSafeHtml, { root, ...(cache ? { cache } : {}) })
    .use(rehypeStringify, { allowDangerousHtml: true });
  const hast = await processor.run(tree, file);
  return {
    html: String(processor.stringify(hast, file)),
    headings: (file.data.headings ?? []) as Heading[],
    data: file.data.benchwright as ArticleData,
    sanitized: (file.data.sanitized ?? []) as string[],
  };
}
