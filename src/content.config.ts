import { defineCollection } from 'astro:content';
import { reportEntrySchema, reportsLoader } from './lib/astro-loader.ts';
import { projectPaths } from './lib/project.ts';

export const collections = {
  reports: defineCollection({ loader: reportsLoader(projectPaths()), schema: reportEntrySchema }),
};
