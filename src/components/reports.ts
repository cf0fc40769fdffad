/** Report entries grouped by report, for pages: every version, the latest, and URLs. */
import type { CollectionEntry } from 'astro:content';
import { astroCacheDir } from '../core/project.ts';
import { cacheFolder } from '../core/build-cache.ts';
import { readStoredHtml } from '../publish/page-html.ts';
import { withBase } from './urls.ts';

export type ReportEntry = CollectionEntry<'reports'>;

/** Versions of each report, oldest first, by slug. */
export function groupVersions(entries: ReportEntry[]): Map<string, ReportEntry[]> {
  const bySlug = new Map<string, ReportEntry[]>();
  for (const e of entries) bySlug.set(e.data.slug, [...(bySlug.get(e.data.slug) ?? []), e]);
  for (const list of bySlug.values()) list.sort((a, b) => a.data.version - b.data.version);
  return new Map([...bySlug.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

/** The rendered HTML of an article or data page, from the file store (src/publish/page-html.ts). */
export function pageHtml(name: string): string {
  return readStoredHtml(cacheFolder(astroCacheDir()), name);
}

export const versionUrl = (slug: string, version: number) => withBase(`reports/${slug}/v${version}/`);
export const changesUrl = (slug: string, version: number) => withBase(`reports/${slug}/v${version}/changes/`);

/** The front page draws the lead chart of this many of the newest reports; the others are listed without one. */
export const LEAD_CHARTS = 10;

/**
 * The reports whose latest version's figures cite a subject (an accelerator id, or a model page's id), by title:
 * what an accelerator's or model's page links as the reports that discuss it. `idOf` maps a cited value to the id of
 * its page (a model's page id is its slug).
 */
export function reportsDiscussing(entries: ReportEntry[], kind: string, id: string, idOf: (value: string) => string = (v) => v): ReportEntry[] {
  return [...groupVersions(entries).values()]
    .map((versions) => versions.at(-1)!)
    .filter((latest) => (latest.data.subjects?.[kind] ?? []).some((value) => idOf(value) === id))
    // Code-point order, not the machine's locale: the same inputs give the same page anywhere.
    .sort((a, b) => (a.data.title < b.data.title ? -1 : a.data.title > b.data.title ? 1 : a.data.slug < b.data.slug ? -1 : a.data.slug > b.data.slug ? 1 : 0));
}
