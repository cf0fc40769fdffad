/**
 * The subjects plugin: what the article's charts and tables are about (the accelerators and models of the source rows
 * they cite, subjects.ts), left on ArticleData for the pages made from the data to link back. Generated pages (given
 * `answers`) are not linked to, so they skip it.
 */
import type { VFile } from 'vfile';
import { subjectsOf } from '../subjects.ts';
import { articleState, type BenchwrightOptions } from './article-state.ts';

export default function remarkSubjects(options: BenchwrightOptions) {
  return async (_tree: unknown, file: VFile): Promise<void> => {
    if (options.answers) return;
    const state = articleState(file, 'remarkSubjects');
    const shown = new Set(state.data.figures.map((f) => f.query));
    const keys = [...shown].flatMap((name) => state.results.get(name)?.units.lineage ?? []);
    const subjects = await subjectsOf(options.engine, keys);
    if (Object.keys(subjects).length) state.data.subjects = subjects;
  };
}
