/**
 * The Astro side of the content model, kept thin: a content-layer loader that asks the library to
 * build every report version and stores the results. All parsing, checking and rendering is the
 * library's; Astro only stores entries and renders pages around them.
 */
import type { Loader } from 'astro/loaders';
import { z } from 'zod';
import { reportFrontMatterSchema } from './front-matter.ts';
import type { ProjectPaths } from './project.ts';
import { buildReports, openProject } from './reports.ts';

export const reportEntrySchema = reportFrontMatterSchema.extend({
  slug: z.string(),
  /** The Markdown file, relative to the project root. */
  file: z.string(),
  tables: z.array(z.string()),
  files: z.array(z.string()),
  status: z.enum(['pinned', 'draft']),
  changes: z.object({ from: z.number(), summary: z.string(), html: z.string() }).optional(),
  figures: z.array(z.object({ id: z.string(), kind: z.enum(['chart', 'table']), query: z.string(), title: z.string().optional(), plot: z.string().optional() })),
});

export function reportsLoader(paths: ProjectPaths): Loader {
  return {
    name: 'benchwright-reports',
    async load({ store, parseData, logger, config }) {
      const started = performance.now();
      const project = await openProject(paths);
      try {
        const versions = await buildReports(project, { base: config.base });
        store.clear();
        for (const v of versions) {
          const id = `${v.slug}/v${v.version}`;
          const data = await parseData({
            id,
            data: { ...v.frontMatter, slug: v.slug, file: v.file, tables: v.tables, files: v.files, status: v.status, figures: v.data.figures, ...(v.changes ? { changes: v.changes } : {}) },
          });
          store.set({ id, data, body: v.source, filePath: v.file, rendered: { html: v.html, metadata: { headings: v.headings } } });
        }
        const { executed, cached } = project.engine.stats;
        const queries = versions.reduce((n, v) => n + v.data.queries.length, 0);
        logger.info(
          `${versions.length} report version${versions.length === 1 ? '' : 's'}, ${queries} article queries; DuckDB ran ${executed} statements ` +
            `(with unit and provenance probes), ${cached} answered from cache, in ${Math.round(performance.now() - started)} ms`,
        );
      } finally {
        project.engine.close();
      }
    },
  };
}
