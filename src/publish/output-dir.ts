/**
 * Where a build may write its site. The build replaces its output folder whole (scripts/build.ts renames it aside
 * and deletes it; a direct `astro build` empties it first), so an output folder that is, holds or lies inside a
 * folder of the project's sources would delete them: refused before anything is written.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { astroCacheDir } from '../core/project.ts';

export class OutputDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputDirError';
  }
}

/**
 * The path with every symbolic link, `.` and `..` resolved, as far as it exists (the rest is appended as written,
 * after `resolve` has removed its `..` and trailing slashes).
 */
export function realPath(path: string, cwd: string = process.cwd()): string {
  let existing = resolve(cwd, path);
  const rest: string[] = [];
  while (!existsSync(existing)) {
    const up = dirname(existing);
    if (up === existing) break;
    rest.unshift(basename(existing));
    existing = up;
  }
  return join(realpathSync.native(existing), ...rest);
}

function inside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

/** The project's own folders, under its root. */
const FIXED = ['content', 'data', 'src', 'public', 'scripts', 'test', '.git', 'node_modules'];

/** The project's source folders that no output folder may be, hold or lie inside of, by what to call them. */
export function sourceFolders(root: string, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): { name: string; path: string }[] {
  const named = FIXED.map((name) => ({ name: `${name}/ folder`, path: join(root, name) }));
  const extra = [
    { name: 'cache folder (BENCHWRIGHT_CACHE_DIR)', path: astroCacheDir(env, root) },
    ...(env.BENCHWRIGHT_CONTENT_DIR ? [{ name: 'content folder (BENCHWRIGHT_CONTENT_DIR)', path: resolve(cwd, env.BENCHWRIGHT_CONTENT_DIR) }] : []),
    ...(env.BENCHWRIGHT_DATA_DIR ? [{ name: 'data folder (BENCHWRIGHT_DATA_DIR)', path: resolve(cwd, env.BENCHWRIGHT_DATA_DIR) }] : []),
  ];
  return [...named, ...extra].map((f) => ({ ...f, path: realPath(f.path, cwd) }));
}

/**
 * Why `out` may not be the output folder of the project at `root`, or undefined when it may. `setting` names where
 * the folder came from, for the message (e.g. `BENCHWRIGHT_OUT_DIR is "."`).
 */
export function outputDirProblem(out: string, { root, env = process.env, cwd = process.cwd() }: { root: string; env?: NodeJS.ProcessEnv; cwd?: string }): string | undefined {
  const real = realPath(out, cwd);
  const project = realPath(root, cwd);
  const shown = (path: string) => (inside(path, project) ? relative(project, path) || '.' : path);
  // Through a symbolic link (or `..` past one), the folder is elsewhere than it reads: say where.
  const via = real === resolve(cwd, out) ? '' : `it leads to ${real}, so `;
  if (inside(project, real)) {
    return via + (real === project ? `it is the project folder itself (${project})` : `it holds the project folder (${project})`);
  }
  for (const { name, path, fixed } of sourceFolders(project, env, cwd).map((f, i) => ({ ...f, fixed: i < FIXED.length }))) {
    const where = fixed ? '' : ` (${shown(path)})`;
    if (real === path) return `${via}it is the project's ${name}${where}`;
    if (inside(real, path)) return `${via}it lies inside the project's ${name}${where}`;
    if (inside(path, real)) return `${via}it holds the project's ${name}${where}`;
  }
  if (existsSync(real) && !statSync(real).isDirectory()) return `${via}it is a file (${shown(real)}), not a folder`;
  return undefined;
}

/**
 * Throws an OutputDirError saying why `out` may not be the output folder and what to do, before anything is written.
 * `setting` is how the user named it, e.g. 'BENCHWRIGHT_OUT_DIR is "."'.
 */
export function checkOutputDir(out: string, setting: string, options: { root: string; env?: NodeJS.ProcessEnv; cwd?: string }): void {
  const problem = outputDirProblem(out, options);
  if (!problem) return;
  throw new OutputDirError(
    `${setting}, which cannot be the output folder: ${problem}. The build replaces its output folder whole, so it would delete what is there.\n` +
      '  what to do: leave BENCHWRIGHT_OUT_DIR unset (the site goes to dist/), or name a folder of its own for the site, e.g. site/ in the project or /tmp/benchwright-site outside it',
  );
}
