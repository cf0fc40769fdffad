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
import type { BuildCache } from './build-cache.ts';
import type { QueryEngine } from './query-engine.ts';
import remarkBenchwright, { type ArticleData } from './remark-benchwright.ts';

export interface RenderedArticle {
  frontMatter: ReportFrontMatter;
  html: string;
  headings: Heading[];
  data: ArticleData;
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
}

export async function renderArticle({ path, source, engine, root, chartBase, pngs, cache }: RenderArticleOptions): Promise<RenderedArticle> {
  const display = path.startsWith(root) ? path.slice(root.length + 1) : path;
  const frontMatter = parseReportFrontMatter(source, display);
  const html = await renderMarkdown({ path, body: splitFrontMatter(source).body, engine, root, chartBase, pngs, cache });
  return { frontMatter, ...html };
}

/** Renders a Markdown body (front matter already removed, its lines kept blank so positions match). */
export async function renderMarkdown({ path, body, engine, root, chartBase, pngs, downloadBase, cache }: Omit<RenderArticleOptions, 'source'> & { body: string }) {
  const file = new VFile({ path, value: body });
  const processor = unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkDirective)
    .use(remarkBenchwright, { engine, root, ...(chartBase ? { chartBase } : {}), ...(pngs ? { pngs } : {}), ...(downloadBase ? { downloadBase } : {}), ...(cache ? { cache } : {}) })
    .use(remarkHeadingIds)
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(rehypeStringify, { allowDangerousHtml: true });
  const result = await processor.process(file);
  return {
    html: String(result),
    headings: (result.data.headings ?? []) as Heading[],
    data: result.data.benchwright as ArticleData,
  };
}
