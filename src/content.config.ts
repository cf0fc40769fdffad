import { defineCollection } from 'astro:content';
import { z } from 'zod';
import { dataPagesLoader } from './lib/astro-data-pages-loader.ts';
import { reportEntrySchema, reportsLoader } from './lib/astro-loader.ts';
import { storedPageSchema } from './lib/page-html.ts';
import { projectPaths } from './lib/project.ts';

export const collections = {
  reports: defineCollection({ loader: reportsLoader(projectPaths()), schema: reportEntrySchema }),
  dataPages: defineCollection({
    loader: dataPagesLoader(projectPaths()),
    schema: z.object({
      ...storedPageSchema,
      kind: z.enum(['accelerator', 'model', 'index', 'matrix']),
      id: z.string(),
      title: z.string(),
      summary: z.string(),
      /** Only in `astro dev`, for the route that serves them (a build writes them as files). */
      files: z.array(z.object({ path: z.string(), content: z.string() })).optional(),
    }),
  }),
};
