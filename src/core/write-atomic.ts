import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

// Each write gets its own temporary name, so two writes of one file at once cannot take each other's.
let temps = 0;
const temporary = (file: string) => `${file}.${process.pid}-${++temps}.tmp`;

/**
 * Writes a file beside its place and renames it there: a build killed mid-write leaves the old file (or none),
 * never half a file under a valid name.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = temporary(file);
  writeFileSync(temp, data);
  renameSync(temp, file);
}

const folders = new Set<string>();

/** writeFileAtomic off this thread. Its folder is made once per process (and again if it was removed since). */
export async function writeFileAtomicAsync(file: string, data: string | Uint8Array): Promise<void> {
  const folder = dirname(file);
  if (!folders.has(folder)) await mkdir(folder, { recursive: true });
  folders.add(folder);
  const temp = temporary(file);
  try {
    await writeFile(temp, data);
  } catch (error) {
    // `astro dev` outlives a cache folder removed under it.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(folder, { recursive: true });
    await writeFile(temp, data);
  }
  await rename(temp, file);
}
