/**
 * Benchwright's remark plugins, in the order they run: queries (run every query, start the shared state), figures,
 * cross-references, inline values, claims, directives no plugin took, what the figures are about (subjects), and the "Data and methods" section with the
 * citations appendix. Each is a plugin of its own in plugins/, sharing state through `file.data` (article-state.ts);
 * they work in any unified pipeline (tests, scripts, Astro). Every failure is a BuildError with the article's
 * file:line:column; nothing is ever rendered into the page instead.
 */
import type { Preset } from 'unified';
import type { BenchwrightOptions } from './plugins/article-state.ts';
import remarkClaims from './plugins/remark-claims.ts';
import remarkCrossReferences from './plugins/remark-cross-references.ts';
import remarkUnknownDirectives from './plugins/remark-directives.ts';
import remarkFigures from './plugins/remark-figures.ts';
import remarkInlineValues from './plugins/remark-inline-values.ts';
import remarkMethods from './plugins/remark-methods.ts';
import remarkQueries from './plugins/remark-queries.ts';
import remarkSubjects from './plugins/remark-subjects.ts';

export type { ArticleData, BenchwrightOptions, QueryAnswer, QueryAnswers } from './plugins/article-state.ts';

export function remarkBenchwright(options: BenchwrightOptions): Preset {
  return {
    plugins: [
      [remarkQueries, options],
      [remarkFigures, options],
      [remarkCrossReferences],
      [remarkInlineValues],
      [remarkClaims, options],
      [remarkUnknownDirectives, options],
      [remarkSubjects, options],
      [remarkMethods, options],
    ],
  };
}
