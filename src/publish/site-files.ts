/**
 * Files the build publishes beside the pages: each chart as SVG and 2× PNG, each figure's CSV downloads and
 * each report version's social card. The content loaders know them all, so they put them in the build's output
 * queue as soon as each is known; each goes into the file store (file-store.ts) in the background, and the Astro
 * integration links them all into the output at the end of the build. Thousands of endpoint routes would cost
 * Astro 2–3 ms each. (In `astro dev` there is no queue: the routes under src/pages/charts and src/pages/social
 * serve the same files on request.)
 */
import { copyFileSync, linkSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { storeContent, type FileStore } from './file-store.ts';

/** What a file holds: its text or bytes, or a file already in the store (a cached PNG), once it is there. */
export type FileContent = string | Uint8Array | { stored: Promise<string> };

export interface OutputQueue {
  /** Queues a file, by its path in the output folder (no base path: Astro writes pages the same way). */
  emit(path: string, content: FileContent): void;
  /** Each queued file, by its path in the output, and where it is stored once written. */
  readonly files: ReadonlyMap<string, Promise<string>>;
}

export function outputQueue(store: FileStore): OutputQueue {
  const files = new Map<string, Promise<string>>();
  return {
    files,
    emit(path, content) {
      if (files.has(path)) throw new Error(`two files for ${path}`);
      const stored = typeof content === 'object' && 'stored' in content ? content.stored : storeContent(store, content);
      // A rejected rasterisation or write is reported when the files are linked; until then it must not count as unhandled.
      stored.catch(() => undefined);
      files.set(path, stored);
    },
  };
}

/** Links every queued file into the output folder; returns how many. A failed PNG or write fails the build here. */
export async function writeSiteFiles(queue: OutputQueue, outDir: string): Promise<number> {
  const folders = new Set<string>();
  for (const [path, stored] of [...queue.files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const file = join(outDir, path);
    if (!folders.has(dirname(file))) mkdirSync(dirname(file), { recursive: true });
    folders.add(dirname(file));
    linkOrCopy(await stored, file);
  }
  return queue.files.size;
}

function linkOrCopy(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch (error) {
    // The output on another file system than the cache (or one without hard links): the same bytes, copied.
    if (!['EXDEV', 'EPERM', 'ENOTSUP'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    copyFileSync(from, to);
  }
}
