/** Tags of the reports' latest versions: slugs, URLs and the grouping the tag pages show. */
import type { CollectionEntry } from 'astro:content';
import { tagSlug } from '../core/article/tag-slug.ts';
import { withBase } from './urls.ts';

export { tagSlug };

type Report = CollectionEntry<'reports'>;

export function tagUrl(tag: string): string {
  return withBase(`tags/${tagSlug(tag)}/`);
}

/** The latest version of each report, newest first (then by slug). */
export function latestVersions(entries: Report[]): Report[] {
  const latest = new Map<string, Report>();
  for (const e of entries) if ((latest.get(e.data.slug)?.data.version ?? 0) < e.data.version) latest.set(e.data.slug, e);
  return [...latest.values()].sort((a, b) => b.data.published.localeCompare(a.data.published) || a.data.slug.localeCompare(b.data.slug));
}

export interface TagGroup {
  slug: string;
  /** The spelling most reports use (ties: the alphabetically first). */
  label: string;
  reports: Report[];
}

/** Every tag of the latest versions, by slug (tags that differ only in case or spacing are one tag), sorted by label. */
export function tagGroups(entries: Report[]): TagGroup[] {
  const groups = new Map<string, { spellings: Map<string, number>; reports: Report[] }>();
  for (const report of latestVersions(entries)) {
    const seen = new Set<string>();
    for (const tag of report.data.tags) {
      const slug = tagSlug(tag);
      if (slug === '') continue;
      const group = groups.get(slug) ?? { spellings: new Map<string, number>(), reports: [] as Report[] };
      groups.set(slug, group);
      group.spellings.set(tag, (group.spellings.get(tag) ?? 0) + 1);
      if (!seen.has(slug)) group.reports.push(report);
      seen.add(slug);
    }
  }
  return [...groups]
    .map(([slug, { spellings, reports }]) => ({
      slug,
      label: [...spellings].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0],
      reports,
    }))
    .sort((a, b) => a.label.localeCompare(b.label, 'en') || a.slug.localeCompare(b.slug));
}
