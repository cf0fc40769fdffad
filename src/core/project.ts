/**
 * Where a Benchwright project keeps its parts. Content and data folders can be pointed elsewhere with
 * BENCHWRIGHT_CONTENT_DIR and BENCHWRIGHT_DATA_DIR (the tests build small fixture sites this way).
 */
import { resolve } from 'node:path';

export interface ProjectPaths {
  root: string;
  contentDir: string;
  dataDir: string;
}

export function projectPaths(env: NodeJS.ProcessEnv = process.env, root: string = process.cwd()): ProjectPaths {
  return {
    root,
    contentDir: resolve(root, env.BENCHWRIGHT_CONTENT_DIR || 'content'),
    dataDir: resolve(root, env.BENCHWRIGHT_DATA_DIR || 'data'),
  };
}

/** The public address of the site (SITE_URL), for feeds, social cards and links in PDFs. */
export function siteUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.SITE_URL || 'https://benchwright.example';
}

/**
 * Whether this is the publish build (`npm run publish:site` sets BENCHWRIGHT_PUBLISH=1): it adds what is made for
 * stakeholders and sharing, which costs more than the pages themselves: a PDF of every report version, a PNG of
 * every chart, and each version's social card. A plain build links none of them, so it has no dead link.
 */
export function publishing(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.BENCHWRIGHT_PUBLISH === '1';
}

/** Astro's cache folder (BENCHWRIGHT_CACHE_DIR, default node_modules/.astro); Benchwright keeps its own cache inside. */
export function astroCacheDir(env: NodeJS.ProcessEnv = process.env, root: string = process.cwd()): string {
  return resolve(root, env.BENCHWRIGHT_CACHE_DIR || 'node_modules/.astro');
}
