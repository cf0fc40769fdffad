/**
 * The guide: pages that document the toolkit, written as Markdown in `content/guide/<page>.md` and built by the
 * toolkit itself over the project's data, so the docs cannot drift from the code. Each page is rendered as an article
 * is (its queries, charts, tables, values and claims), with two additions: live examples (live-examples.ts), whose
 * source is shown beside what it renders or the error it gives, and reference tables made from the checks' own
 * schemas (option-tables.ts). A guide page is not versioned: it is rebuilt on the current data at every build.
 * Knows nothing of Astro.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { z } from 'zod';
import type { Heading } from '../article/headings.ts';
import { evaluateArticle, renderMarkdown, renderMarkdownTree } from '../article/article.ts';
import { frontMatterIssue, issueText, splitFrontMatter } from '../article/front-matter.ts';
import { markdownParser, parseArticle } from '../article/parse-article.ts';
import { locateYamlPath, parseYamlBlock, YamlBlockError } from '../article/yaml-block.ts';
import { BuildError } from '../errors.ts';
import { hashParts } from '../hash.ts';
import { figureDownloads } from '../render/figure.ts';
import { TOOLKIT_VERSION } from '../version.ts';
import { BuildFailedError, countCachedArticle, type Project } from '../versions/reports.ts';
import { GUIDE_FOLDER, guideFiles } from './guide-folder.ts';
import { EXAMPLE_FILE, expandLiveExamples } from './live-examples.ts';
import { expandOptionTables } from './option-tables.ts';

const guideFrontMatterSchema = z
  .object({
    title: z.string().trim().min(1),
    summary: z.string().trim().min(1),
    /** Where the page comes in the guide's contents (1 first). */
    order: z.number().int().positive(),
  })
  .strict();

export { GUIDE_FOLDER } from './guide-folder.ts';

export interface GuidePage {
  /** The page's address under /guide/: its file name without .md. */
  slug: string;
  title: string;
  summary: string;
  order: number;
  html: string;
  headings: Heading[];
  /** Its figures' CSV downloads, by path in the output folder. */
  files: { path: string; content: string }[];
}

export interface GuideOptions {
  /** The site's base path; every internal link starts with it. */
  base: string;
  onProgress?: (done: number, total: number) => void;
}

/** A guide page's front matter read and checked, errors at its line; the body with the front matter's lines blank. */
export function readGuideSource(source: string, file: string): { title: string; summary: string; order: number; body: string; orderLine: number } {
  const split = splitFrontMatter(source);
  if (!split.yaml) throw new BuildError('the guide page has no front matter', { place: { file, line: 1, column: 1 }, hint: 'start the file with a --- block holding title, summary and order' });
  const at = (place: { line: number; column: number }) => ({ file, line: place.line + split.yamlStartLine - 1, column: place.column });
  let raw: unknown;
  try {
    raw = parseYamlBlock(split.yaml);
  } catch (error) {
    if (!(error instanceof YamlBlockError)) throw error;
    throw new BuildError(error.message, { place: at(error.place), hint: error.hint ?? 'fix the YAML syntax' });
  }
  const parsed = guideFrontMatterSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = frontMatterIssue(parsed.error.issues);
    const key = issue.code === 'unrecognized_keys' ? issue.keys[0]! : String(issue.path[0] ?? '');
    const found = locateYamlPath(split.yaml, key);
    throw new BuildError(issue.code === 'unrecognized_keys' ? `unknown front matter field "${key}"` : `front matter field "${key}": ${issueText(issue)}`, {
      // A missing field is placed on the front matter's first line.
      place: found ? at(found) : { file, line: 1, column: 1 },
      hint: 'a guide page\'s front matter holds title, summary and order (its place in the guide, 1 first)',
    });
  }
  return { ...parsed.data, body: split.body, orderLine: at(locateYamlPath(split.yaml, 'order') ?? { line: 1, column: 1 }).line };
}

/** Builds one failing example on its own: a whole article when it starts with front matter, else a body. */
function renderAloneOn(project: Project) {
  const { engine, paths } = project;
  const path = join(paths.root, EXAMPLE_FILE);
  return async (source: string): Promise<BuildError | undefined> => {
    try {
      if (source.startsWith('---')) await evaluateArticle(parseArticle(source, EXAMPLE_FILE), { path, engine, root: paths.root });
      else await renderMarkdown({ path, body: source, engine, root: paths.root });
      return undefined;
    } catch (error) {
      if (error instanceof BuildError) return error;
      throw error;
    }
  };
}

/** Every page of the guide, rendered over the project's data (all of it, as drafts are). Several failing pages are all reported. */
export async function buildGuide(project: Project, { base, onProgress }: GuideOptions): Promise<GuidePage[]> {
  const { paths, engine, cache } = project;
  const files = guideFiles(paths.contentDir);
  const pages: (GuidePage & { orderLine: number })[] = [];
  const errors: Error[] = [];
  for (const [i, path] of files.entries()) {
    const file = relative(paths.root, path);
    const name = path.slice(path.lastIndexOf('/') + 1);
    const slug = name.slice(0, -'.md'.length);
    try {
      if (!name.endsWith('.md')) throw new BuildError(`"${name}" is not a guide page: content/guide/ holds the guide's pages, each <page>.md`, { place: { file, line: 1, column: 1 }, hint: 'rename it to <page>.md (lower-case .md), or move it out of content/guide/' });
      if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) throw new BuildError(`the guide page "${slug}.md" has no address: name it in lower-case words joined by hyphens`, { place: { file, line: 1, column: 1 }, hint: 'rename the file, e.g. content/guide/first-report.md' });
      // Lines end in \n whatever the editor wrote: a front matter's last value or an excerpt would keep a \r.
      const source = readFileSync(path, 'utf8').replace(/\r\n?/g, '\n');
      const { body, orderLine, ...frontMatter } = readGuideSource(source, file);
      const folder = `${GUIDE_FOLDER}/${slug}/`;
      const downloadBase = `${base.replace(/\/?$/, '/')}${folder}`;
      // Kept under its source, its address and the content of all the data, as a data page is.
      let hit = true;
      const page = await cache.memoTracked('guide-page', hashParts(TOOLKIT_VERSION, file, downloadBase, source, engine.contentKey), async () => {
        hit = false;
        const tree = markdownParser().parse(body);
        expandOptionTables(tree, file);
        await expandLiveExamples(tree, { file, body, renderAlone: renderAloneOn(project) });
        const { html, headings, data } = await renderMarkdownTree(tree, { path, body, engine, cache, root: paths.root, downloadBase });
        return { html, headings, files: figureDownloads(data.figures, folder), queries: data.queries.length, charts: data.figures.filter((f) => f.svg).length };
      });
      if (hit) countCachedArticle(engine, cache, page.queries, page.charts);
      pages.push({ slug, ...frontMatter, html: page.html, headings: page.headings, files: page.files, orderLine });
    } catch (error) {
      if (!(error instanceof BuildError)) throw error;
      errors.push(error);
    } finally {
      onProgress?.(i + 1, files.length);
    }
  }
  if (errors.length > 0) throw new BuildFailedError(errors);
  const orders = new Map<number, string>();
  for (const page of pages) {
    const other = orders.get(page.order);
    if (other) throw new BuildError(`the guide pages "${other}" and "${page.slug}" both have order ${page.order}`, { place: { file: relative(paths.root, join(paths.contentDir, GUIDE_FOLDER, `${page.slug}.md`)), line: page.orderLine, column: 1 }, hint: 'give each guide page its own order: 1, 2, 3…' });
    orders.set(page.order, page.slug);
  }
  return pages.sort((a, b) => a.order - b.order).map(({ orderLine: _line, ...page }) => page);
}
