/** Test helper for whole sites: a real `astro build` in a child process. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, childEnv } from './helpers.ts';

export interface BuildResult {
  code: number | null;
  output: string;
  outDir: string;
}

/**
 * Builds a site from the given content and data folders (relative to the project root) into a fresh folder;
 * with `search`, also runs the search-index step of `npm run build` (Pagefind).
 */
export function astroBuild({ content, data, base, search = false, env = {} }: { content: string; data: string; base?: string; search?: boolean; env?: Record<string, string> }): BuildResult {
  // The output folder must be inside the project: for an outDir outside the working directory, Astro 7 puts its
  // prerender bundle in <cwd>/.astro/.prerender/ and deletes it after the build, so builds running side by side
  // (Vitest runs test files in parallel) would delete each other's bundles. Inside, each build has its own
  // <outDir>/.prerender/. `.tmp/` is git-ignored.
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const work = mkdtempSync(join(ROOT, '.tmp', 'bw-build-'));
  const outDir = join(work, 'dist');
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: childEnv({
      ASTRO_TELEMETRY_DISABLED: '1',
      BENCHWRIGHT_CONTENT_DIR: content,
      BENCHWRIGHT_DATA_DIR: data,
      BENCHWRIGHT_OUT_DIR: outDir,
      BENCHWRIGHT_CACHE_DIR: join(work, 'cache'),
      ...(base ? { BASE_PATH: base } : {}),
      ...env,
    }),
  });
  const output = `${result.stdout}\n${result.stderr}`;
  if (!search || result.status !== 0) return { code: result.status, output, outDir };
  const index = spawnSync(process.execPath, [join(ROOT, 'scripts/search-index.ts'), outDir], { cwd: ROOT, encoding: 'utf8' });
  return { code: index.status, output: `${output}\n${index.stdout}\n${index.stderr}`, outDir };
}
