// The file store: the files published beside the pages, and the pages' HTML, kept once under their content hash.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileStore, pruneStore, storeContent, storeFolder } from '../src/publish/file-store.ts';
import { readStoredHtml, storeHtml } from '../src/publish/page-html.ts';

describe('the file store', () => {
  it('writes equal contents once, even when asked for both at the same time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-store-'));
    const store = fileStore(dir);
    const csv = 'accelerator,per_accel\r\nNVIDIA H200-SXM-141GB,4488.2\r\n';
    const [a, b, c] = await Promise.all([storeContent(store, csv), storeContent(store, csv), storeContent(store, Buffer.from(csv))]);
    expect(new Set([a, b, c]).size).toBe(1);
    expect(readdirSync(storeFolder(dir))).toEqual([a!.split('/').at(-1)]);
    expect(readFileSync(a!, 'utf8')).toBe(csv);
    // Stored already: not written again (its inode and time stay).
    const before = statSync(a!);
    await storeContent(store, csv);
    expect(statSync(a!).mtimeMs).toBe(before.mtimeMs);
  });

  it('gives a page its HTML back by name, and keeps only what the last build used', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-store-'));
    const store = fileStore(dir);
    const name = await storeHtml(store, '<p>Figure 1</p>');
    expect(readStoredHtml(dir, name)).toBe('<p>Figure 1</p>');
    // A file no build asked for (an old chart, a killed write's leftover) goes at the end of the build.
    writeFileSync(join(storeFolder(dir), 'stale.tmp'), 'x');
    expect(pruneStore(store)).toBe(1);
    expect(readdirSync(storeFolder(dir))).toEqual([name]);
    expect(existsSync(join(storeFolder(dir), name))).toBe(true);
  });

  it('writes again into a store folder removed while the process runs (a cache cleared under astro dev)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-store-'));
    const store = fileStore(dir);
    await storeContent(store, 'first');
    rmSync(storeFolder(dir), { recursive: true });
    const file = await storeContent(store, 'second');
    expect(readFileSync(file, 'utf8')).toBe('second');
  });
});
