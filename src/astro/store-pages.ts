/**
 * Stores pages the library made (data pages, guide pages) as entries of a collection: their HTML in the file store
 * first, so a failed write leaves the previous entries in `astro dev`, then one entry each. A build writes each page's
 * CSV downloads as files; `astro dev` keeps them in the entry for the route that serves them ([...download].csv.ts).
 */
import type { LoaderContext } from 'astro/loaders';
import type { Heading } from '../core/article/headings.ts';
import { storeHtml } from '../publish/page-html.ts';
import type { BuildContext } from './build-context.ts';

interface MadePage {
  html: string;
  headings: Heading[];
  files: { path: string; content: string }[];
}

export async function storePages<P extends MadePage>(
  { store, parseData }: Pick<LoaderContext, 'store' | 'parseData'>,
  build: Pick<BuildContext, 'store' | 'output'>,
  pages: readonly P[],
  entry: (page: P) => { id: string; data: Record<string, unknown> },
): Promise<void> {
  const { output } = build;
  const html = await Promise.all(pages.map((page) => storeHtml(build.store, page.html)));
  store.clear();
  for (const [i, page] of pages.entries()) {
    const { id, data } = entry(page);
    const files = output ? {} : { files: page.files };
    store.set({ id, data: await parseData({ id, data: { ...data, html: html[i]!, headings: page.headings, ...files } }) });
    for (const file of page.files) output?.emit(file.path, file.content);
  }
}
