/**
 * What each built page costs a reader: its HTML, the CSS and JavaScript it links, and the images it shows,
 * raw and gzipped. The build prints the heaviest pages and fails when a page passes its budget
 * (astro.config.mjs, `benchwright({ budgets })`), so a page that grows is noticed when it grows.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { htmlFiles } from './html-files.ts';
import { readCacheJson } from '../core/build-cache.ts';
import { writeFileAtomic } from '../core/write-atomic.ts';
import { gzipSync } from 'node:zlib';

export interface PageWeight {
  /** Path of the HTML file in the output folder, e.g. reports/x/index.html. */
  page: string;
  html: number;
  css: number;
  js: number;
  images: number;
  /** HTML + CSS + JS, raw and gzipped: what the budget limits. */
  raw: number;
  gzip: number;
}

export interface PageBudget {
  /** Pages whose path starts with this (relative to the site root; '' for every page). */
  pages: string;
  /** Most bytes of HTML + CSS + JS, raw. */
  maxBytes: number;
}

/** Gzipped sizes by content hash: those known from the last build, and those this build used (to keep). */
export interface GzipSizes {
  known: ReadonlyMap<string, number>;
  used: Map<string, number>;
}

/**
 * Each page's weight. With `gzipSizes`, a file whose bytes were gzipped in the last build is not gzipped again:
 * gzip is most of the time here (about 1 ms a page), and a rebuild's pages are mostly the last build's bytes.
 */
export function pageWeights(dir: string, base = '/', gzipSizes?: GzipSizes): PageWeight[] {
  const gzipSize = (bytes: Buffer): number => {
    if (!gzipSizes) return gzipSync(bytes).length;
    const hash = createHash('sha256').update(bytes).digest('base64url');
    const size = gzipSizes.used.get(hash) ?? gzipSizes.known.get(hash) ?? gzipSync(bytes).length;
    gzipSizes.used.set(hash, size);
    return size;
  };
  const sizes = new Map<string, { raw: number; gzip: number }>();
  const asset = (url: string) => {
    if (!url.startsWith(base) || url.startsWith('//')) return undefined;
    const file = join(dir, decodeURIComponent(url.slice(base.length).split(/[?#]/)[0]!));
    if (!existsSync(file) || !statSync(file).isFile()) return undefined;
    if (!sizes.has(file)) {
      const bytes = readFileSync(file);
      sizes.set(file, { raw: bytes.length, gzip: gzipSize(bytes) });
    }
    return sizes.get(file)!;
  };
  const sum = (urls: string[]): { raw: number; gzip: number } => {
    const total = { raw: 0, gzip: 0 };
    for (const size of urls.map(asset)) {
      total.raw += size?.raw ?? 0;
      total.gzip += size?.gzip ?? 0;
    }
    return total;
  };
  return htmlFiles(dir)
    .map((page) => {
      const file = join(dir, page);
      const bytes = readFileSync(file);
      const html = bytes.toString('utf8');
      const urls = (pattern: RegExp) => [...new Set([...html.matchAll(pattern)].map((m) => m[1]!))];
      const css = sum(urls(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g));
      const js = sum(urls(/<script[^>]+src="([^"]+)"/g));
      const images = sum(urls(/<img[^>]+src="([^"]+)"/g));
      return {
        page,
        html: bytes.length,
        css: css.raw,
        js: js.raw,
        images: images.raw,
        raw: bytes.length + css.raw + js.raw,
        gzip: gzipSize(bytes) + css.gzip + js.gzip,
      };
    })
    .sort((a, b) => b.raw - a.raw || (a.page < b.page ? -1 : 1));
}

/** Pages over their budget (the first budget whose prefix matches a page applies to it). */
export function overBudget(weights: PageWeight[], budgets: PageBudget[]): { weight: PageWeight; budget: PageBudget }[] {
  return weights.flatMap((weight) => {
    const budget = budgets.find((b) => weight.page.startsWith(b.pages));
    return budget && weight.raw > budget.maxBytes ? [{ weight, budget }] : [];
  });
}

/** "reports/:95000,:1500000" → budgets; undefined when unset. A malformed value is an error, not ignored. */
export function budgetsFromEnv(value: string | undefined): PageBudget[] | undefined {
  if (!value) return undefined;
  return value.split(',').map((item) => {
    const at = item.lastIndexOf(':');
    const maxBytes = Number(item.slice(at + 1));
    if (at === -1 || !Number.isInteger(maxBytes) || maxBytes <= 0) {
      throw new Error(`BENCHWRIGHT_PAGE_BUDGET: "${item}" is not <page prefix>:<bytes>; e.g. BENCHWRIGHT_PAGE_BUDGET=reports/:95000,:1500000`);
    }
    return { pages: item.slice(0, at), maxBytes };
  });
}

const kb = (n: number) => `${(n / 1000).toFixed(1)} KB`;

export function formatWeight(w: PageWeight): string {
  return `${w.page}: ${kb(w.raw)} (HTML ${kb(w.html)}, CSS ${kb(w.css)}, JS ${kb(w.js)}; ${kb(w.gzip)} gzip), images ${kb(w.images)}`;
}

/** Every page's weight, with the gzipped sizes kept in Benchwright's cache folder (page-gzip.json), keeping those it used. */
export function weighPages(dir: string, base: string, cacheDir: string | undefined): PageWeight[] {
  if (!cacheDir) return pageWeights(dir, base);
  const file = join(cacheDir, 'page-gzip.json');
  const sizes: GzipSizes = { known: new Map(Object.entries(readCacheJson<Record<string, number>>(file) ?? {})), used: new Map() };
  const weights = pageWeights(dir, base, sizes);
  writeFileAtomic(file, JSON.stringify(Object.fromEntries([...sizes.used].sort(([a], [b]) => (a < b ? -1 : 1)))));
  return weights;
}
