/**
 * The data folder a corpus case runs on. A case about data has a data/ folder of its own; most of them differ from
 * each other only in their files (a broken CSV, a link, a stray file), so they share one catalog,
 * test/corpus/_shared/catalog.yaml, and keep a catalog.yaml of their own only when the catalog is what they are about.
 * The product reads the catalog from the data folder, so such a case runs on a copy of its data/ with the shared
 * catalog added (links copied as links, hidden files kept).
 *
 *   node test/corpus/case-data.ts 67-csv-ragged-row   prints the folder to give `npm run check` as BENCHWRIGHT_DATA_DIR
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

export const CORPUS = resolve(import.meta.dirname);
/** Where the product reads a data folder's catalog (CATALOG_FILE of src/core/data/catalog.ts). */
const CATALOG_FILE = 'catalog.yaml';
export const SHARED_CATALOG = join(CORPUS, '_shared', CATALOG_FILE);

/** A case's own data/ folder, or undefined when it has none. */
export function ownDataDir(name: string): string | undefined {
  const dir = join(CORPUS, name, 'data');
  return existsSync(dir) ? dir : undefined;
}

/**
 * The folder to use as the case's data folder: its own data/ when that holds a catalog, else a copy of it with the
 * shared catalog, made under `into` (a folder the caller removes).
 */
export function caseDataDir(name: string, into: string): string {
  const own = ownDataDir(name);
  if (own === undefined) throw new Error(`test/corpus/${name} has no data/ folder (its case.yaml should say data: fixture)`);
  if (existsSync(join(own, CATALOG_FILE))) return own;
  // Named data/ like the original, so nothing about the copy shows but its place.
  const dir = join(into, name, 'data');
  mkdirSync(join(into, name), { recursive: true });
  cpSync(own, dir, { recursive: true, verbatimSymlinks: true });
  copyFileSync(SHARED_CATALOG, join(dir, CATALOG_FILE));
  return dir;
}

if (import.meta.main) {
  const name = process.argv[2];
  if (!name || ownDataDir(name) === undefined) {
    console.error('usage: node test/corpus/case-data.ts <case folder with a data/ folder>, e.g. 67-csv-ragged-row');
    process.exit(1);
  }
  const own = ownDataDir(name)!;
  const dir = existsSync(join(own, CATALOG_FILE)) ? own : caseDataDir(name, mkdtempSync(join(tmpdir(), 'benchwright-corpus-data-')));
  console.log(relative(process.cwd(), dir).startsWith('..') ? dir : relative(process.cwd(), dir));
}
