/** Test helper for whole sites: a real `astro build` in a child process. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers.ts';

export interface BuildResult {
  code: number | null;
  output: string;
  outDir: string;
}

/** Builds a site from the given content and data folders (relative to the project root) into a fresh folder. */
export function astroBuild({ content, data, base }: { content: string; data: string; base?: string }): BuildResult {
  const work = mkdtempSync(join(tmpdir(), 'bw-build-'));
  const outDir = join(work, 'dist');
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      ...process.env,
      ASTRO_TELEMETRY_DISABLED: '1',
      BENCHWRIGHT_CONTENT_DIR: content,
      BENCHWRIGHT_DATA_DIR: data,
      BENCHWRIGHT_OUT_DIR: outDir,
      BENCHWRIGHT_CACHE_DIR: join(work, 'cache'),
      ...(base ? { BASE_PATH: base } : {}),
    },
  });
  return { code: result.status, output: `${result.stdout}\n${result.stderr}`, outDir };
}
