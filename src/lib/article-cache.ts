/**
 * The build cache of rendered articles, kept on disk between builds and keyed by content, never by file
 * times: an article is reused only when its source, the toolkit version and its options are the same, and
 * every table its results were computed from (and the catalog) still has the content hash it had. A hit
 * runs no query and draws no chart; any changed input re-renders exactly the articles that depend on it.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RenderedArticle } from './article.ts';
import type { DataHashes } from './data-hashes.ts';
import { hashParts } from './hash.ts';
import { TOOLKIT_VERSION } from './version.ts';

interface Entry {
  /** Content hash of each table the article read, when it was rendered. */
  tables: Record<string, string>;
  catalog: string;
  article: RenderedArticle;
}

export interface ArticleCache {
  get(key: string, hashes: DataHashes): RenderedArticle | undefined;
  set(key: string, article: RenderedArticle, tables: string[], hashes: DataHashes): void;
  readonly stats: { hits: number; misses: number };
}

export function articleKey(...parts: string[]): string {
  return hashParts(TOOLKIT_VERSION, ...parts);
}

/** A cache in `dir` (created on first write); without a dir, a cache that never hits. */
export function articleCache(dir: string | undefined): ArticleCache {
  const stats = { hits: 0, misses: 0 };
  const path = (key: string) => join(dir!, `${key}.json`);
  return {
    stats,
    get(key, hashes) {
      if (!dir) return miss();
      let entry: Entry;
      try {
        entry = JSON.parse(readFileSync(path(key), 'utf8')) as Entry;
      } catch {
        return miss(); // absent (or unreadable: rebuilt and rewritten below)
      }
      const fresh = entry.catalog === hashes.catalog && Object.entries(entry.tables).every(([table, hash]) => hashes.tables.get(table) === hash);
      if (!fresh) return miss();
      stats.hits++;
      return entry.article;
    },
    set(key, article, tables, hashes) {
      if (!dir) return;
      mkdirSync(dir, { recursive: true });
      const entry: Entry = { tables: Object.fromEntries(tables.map((t) => [t, hashes.tables.get(t)!])), catalog: hashes.catalog, article };
      // Write then rename, so a killed build never leaves a half-written entry.
      const tmp = `${path(key)}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(entry));
      renameSync(tmp, path(key));
    },
  };

  function miss(): undefined {
    stats.misses++;
    return undefined;
  }
}
