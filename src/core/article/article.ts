/**
 * One article from Markdown source to HTML: front matter checked, blocks evaluated, headings
 * collected. The whole Markdown pipeline lives here so it runs the same in tests, scripts and Astro.
 */
import rehypeStringify from 'rehype-stringify';
import remarkDirective from 'remark-directive';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { parseReportFrontMatter, splitFrontMatter, type ReportFrontMatter } from './front-matter.ts';
import remarkHeadingIds, { type Heading } from './headings.ts';
import type { BuildCache } from '../build-cache.ts';
import type { QueryEngine } from '../sql/query-engine.ts';
import remarkBenchwright, { type ArticleData } from '../render/remark-benchwright.ts';
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
  /** URL folder of this article's chart images (see remark-benchwright). */
  chartBase?: string;
  /** Whether chart PNGs are published beside the SVGs (the publish build). */
  pngs?: boolean;
  /** URL folder of its CSV downloads (default chartBase; see remark-benchwright). */
  downloadBase?: string;
  /** Where drawn charts are kept between builds (default: in memory). */
  cache?: BuildCache;
  /** The body's raw HTML was written by Benchwright (data pages), not by an author: not held to the prose allow-list. */
  generatedHtml?: boolean;
  /** The article's language (front matter `lang`): the words Benchwright writes into it (report-words.ts). */
  lang?: string;
}

export async function renderArticle({ path, source, engine, root, chartBase, pngs, cache }: RenderArticleOptions): Promise<RenderedArticle> {
  const display = path.startsWith(root) ? path.slice(root.length + 1) : path;
  const frontMatter = parseReportFrontMatter(source, display);
  const html = await renderMarkdown({ path, body: splitFrontMatter(source).body, engine, root, chartBase, pngs, cache, ...(frontMatter.lang ? { lang: frontMatter.lang } : {}) });
  return { frontMatter, ...html };
}

/**
 * Renders a Markdown body (front matter already removed, its lines kept blank so positions match). What the author
 * wrote is checked first (raw HTML and link addresses, safe-html.ts), and the finished HTML goes through the
 * allow-list sanitizer: nothing from data or prose becomes live markup.
 */
export async function renderMarkdown({ path, body, engine, root, chartBase, pngs, downloadBase, cache, generatedHtml, lang }: Omit<RenderArticleOptions, 'source'> & { body: string }) {
  const file = new VFile({ path, value: body });
  const processor = unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkDirective)
    .use(remarkSafeProse, { root, ...(generatedHtml ? { generatedHtml } : {}) })
    .use(remarkBenchwright, { engine, root, ...(chartBase ? { chartBase } : {}), ...(pngs ? { pngs } : {}), ...(downloadBase ? { downloadBase } : {}), ...(cache ? { cache } : {}), ...(lang ? { lang } : {}) })
    .use(remarkHeadingIds)
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(rehypeSafeHtml, { root, ...(cache ? { cache } : {}) })
    .use(rehypeStringify, { allowDangerousHtml: true });
  const result = await processor.process(file);
  return {
    html: String(result),
    headings: (result.data.headings ?? []) as Heading[],
    data: result.data.benchwright as ArticleData,
    sanitized: (result.data.sanitized ?? []) as string[],
  };
}
