/**
 * Whether a plain build would write exactly the site already in its output folder: the same inputs as the build that
 * wrote it, and the folder as that build left it. Then `npm run build` keeps it and does nothing (as make does).
 *
 * The inputs are every file of what shapes the site (content and data folders, src/, public/, scripts/, the Astro,
 * TypeScript and package files, so dependencies through the lockfile), the BENCHWRIGHT_*, SITE_URL and BASE_PATH
 * settings and Node's version; the folder is every file's path, size and modification time. A stamp of both is kept
 * in the build cache per output folder. The publish build (PDFs also depend on Chromium and the installed fonts)
 * always builds, and leaves no stamp: the files it wrote differ from a plain build's, so the next plain build builds.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { writeFileAtomic } from '../core/write-atomic.ts';

/** Folders and files of the project root that shape the site, besides the content and data folders. */
const SOURCES = ['src', 'public', 'scripts', 'astro.config.mjs', 'tsconfig.json', 'package.json', 'package-lock.json'];
/** Settings that only change what a build prints, not what it writes. */
const NOT_INPUTS = new Set(['BENCHWRIGHT_QUIET']);

export interface SiteInputs {
  root: string;
  contentDir: string;
  dataDir: string;
  env: NodeJS.ProcessEnv;
}

/** One hash of every input of a plain build. */
export function inputsFingerprint({ root, contentDir, dataDir, env }: SiteInputs): string {
  const hash = createHash('sha256');
  const settings = Object.keys(env)
    .filter((k) => (k.startsWith('BENCHWRIGHT_') && !NOT_INPUTS.has(k)) || k === 'SITE_URL' || k === 'BASE_PATH')
    .sort();
  hash.update(JSON.stringify([process.version, settings.map((k) => [k, env[k]])]));
  for (const [label, path] of [['content', contentDir], ['data', dataDir], ...SOURCES.map((s) => [s, join(root, s)])] as const) {
    for (const file of filesUnder(path)) hash.update(`\0${label}/${relative(path, file)}\0`).update(readFileSync(file));
  }
  return hash.digest('hex');
}

/** One hash of what the output folder holds: each file's path, size and modification time. */
export function outputListing(dir: string): string {
  const hash = createHash('sha256');
  for (const file of filesUnder(dir)) {
    const { size, mtimeMs } = statSync(file);
    hash.update(`${relative(dir, file)}\0${size}\0${mtimeMs}\n`);
  }
  return hash.digest('hex');
}

interface Stamp {
  inputs: string;
  output: string;
}

const stampFile = (cacheDir: string) => join(cacheDir, 'last-builds.json');

function readStamps(cacheDir: string): Record<string, Stamp> {
  try {
    return JSON.parse(readFileSync(stampFile(cacheDir), 'utf8')) as Record<string, Stamp>;
  } catch {
    return {};
  }
}

/** Whether `out` holds what the last build into it wrote, from these inputs. */
export function upToDate(cacheDir: string, out: string, inputs: string): boolean {
  const stamp = readStamps(cacheDir)[out];
  return !!stamp && stamp.inputs === inputs && existsSync(out) && stamp.output === outputListing(out);
}

/** Records that `out` now holds the site of these inputs. */
export function recordBuild(cacheDir: string, out: string, inputs: string): void {
  const stamps = readStamps(cacheDir);
  stamps[out] = { inputs, output: outputListing(out) };
  writeFileAtomic(stampFile(cacheDir), `${JSON.stringify(stamps, null, 1)}\n`);
}

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => {
      const file = join(path, e.name);
      if (e.isDirectory()) return filesUnder(file);
      // A symlink counts as what it points to (a data file may be one); a dangling one as nothing.
      if (e.isSymbolicLink()) return existsSync(file) ? filesUnder(file) : [];
      return e.isFile() ? [file] : [];
    });
}
