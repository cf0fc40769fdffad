/**
 * The methods plugin: appends the "Data and methods" section (methods.ts) from every query's evaluation and what the
 * figures and claims left on `data`, then the citations appendix of the figures' full citation lists, which print
 * does not repeat under each figure.
 */
import type { Heading, Html, Root, RootContent } from 'mdast';
import type { VFile } from 'vfile';
import { renderCitationsAppendix } from '../citations-appendix.ts';
import { renderMethods, type MethodsQuery } from '../methods.ts';
import { reportWords } from '../report-words.ts';
import { articleState, type BenchwrightOptions } from './article-state.ts';

export default function remarkMethods(options: BenchwrightOptions) {
  return (tree: Root, file: VFile): void => {
    const { blocks, results, citations, data } = articleState(file, 'remarkMethods');
    const w = reportWords(options.lang);
    const queries = blocks.sql.map((b): MethodsQuery => ({ name: b.name, ...results.get(b.name)! }));
    if (queries.length > 0) {
      const heading: Heading = { type: 'heading', depth: 2, children: [{ type: 'text', value: w.dataAndMethods }] };
      const body: Html = { type: 'html', value: renderMethods(queries, data, options.engine, w) };
      tree.children.push(heading as RootContent, body as RootContent);
    }
    if (citations.length) tree.children.push({ type: 'html', value: renderCitationsAppendix(citations, w) } as RootContent);
  };
}
