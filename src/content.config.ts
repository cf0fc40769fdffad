import { defineCollection } from 'astro:content';
import { z } from 'zod';

// The loaders and the library under them are plain TypeScript that Node runs as it is. Loaded by Node itself
// rather than through Vite's module runner, they and the Markdown pipeline they load later take half the time to
// load (about 0.3 s of every build). Vite then does not watch them: after editing src/, restart `astro dev`.
// So they share no module with the integration in astro.config.mjs: the loaders get the build's context (one
// project for both) from the config Astro hands them (src/astro/build-context.ts).
const nativeImport = new Function('url', 'return import(url)') as (url: string) => Promise<unknown>;
const lib = <T>(path: string) => nativeImport(new URL(path, import.meta.url).href) as Promise<T>;
const { dataPagesLoader } = await lib<typeof import('./astro/astro-data-pages-loader.ts')>('./astro/astro-data-pages-loader.ts');
const { reportEntrySchema, reportsLoader } = await lib<typeof import('./astro/astro-loader.ts')>('./astro/astro-loader.ts');
const { guideLoader } = await lib<typeof import('./astro/astro-guide-loader.ts')>('./astro/astro-guide-loader.ts');
const { storedPageSchema } = await lib<typeof import('./publish/page-html.ts')>('./publish/page-html.ts');

export const collections = {
  reports: defineCollection({ loader: reportsLoader(), schema: reportEntrySchema }),
  dataPages: defineCollection({
    loader: dataPagesLoader(),
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
  guide: defineCollection({
    loader: guideLoader(),
    schema: z.object({
      ...storedPageSchema,
      slug: z.string(),
      title: z.string(),
      summary: z.string(),
      order: z.number(),
      /** Only in `astro dev`, for the route that serves them (a build writes them as files). */
      files: z.array(z.object({ path: z.string(), content: z.string() })).optional(),
    }),
  }),
};
