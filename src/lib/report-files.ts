/**
 * The report folders: `content/reports/<slug>/v<N>.md`, one file per published version. Anything else
 * in that tree is an error, so a misnamed file is never silently left out of the site.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BuildError } from './errors.ts';

export interface ReportFile {
  slug: string;
  version: number;
  /** Absolute path. */
  path: string;
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const VERSION_FILE = /^v([1-9][0-9]*)\.md$/;
/** A version's frozen results (frozen.ts), beside its Markdown file. */
const FROZEN_FILE = /^(v[1-9][0-9]*)\.frozen\.json$/;

export function findReportFiles(contentDir: string, root: string): ReportFile[] {
  const reportsDir = join(contentDir, 'reports');
  if (!existsSync(reportsDir)) return [];
  const files: ReportFile[] = [];
  const fail = (path: string, reason: string, hint: string) =>
    new BuildError(reason, { place: { file: relative(root, path), line: 1, column: 1 }, hint });
  for (const slug of readdirSync(reportsDir).sort()) {
    if (slug.startsWith('.')) continue;
    const dir = join(reportsDir, slug);
    if (!statSync(dir).isDirectory()) {
      throw fail(dir, 'a file directly under content/reports/', 'each report is a folder: content/reports/<slug>/v1.md');
    }
    if (!SLUG.test(slug)) {
      throw fail(dir, `report folder "${slug}" is not a valid slug`, 'use lower-case letters, digits and single hyphens, e.g. mlperf-inference-per-accelerator');
    }
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.')) continue;
      const frozen = FROZEN_FILE.exec(name);
      if (frozen) {
        if (!existsSync(join(dir, `${frozen[1]}.md`))) throw fail(join(dir, name), `"${name}" holds the frozen results of ${frozen[1]}, which does not exist`, `remove it, or restore ${frozen[1]}.md`);
        continue;
      }
      const match = VERSION_FILE.exec(name);
      if (!match) {
        throw fail(join(dir, name), `"${name}" is not a report version file`, 'name each version v1.md, v2.md, … (other files do not belong in a report folder, but for the v<N>.frozen.json that `npm run freeze` writes)');
      }
      files.push({ slug, version: Number(match[1]), path: join(dir, name) });
    }
  }
  return files.sort((a, b) => a.slug.localeCompare(b.slug) || a.version - b.version);
}

/** One version of a report (the latest when `version` is undefined), or an error saying what exists. */
export function findReportVersion(contentDir: string, root: string, slug: string, version?: number): ReportFile {
  const versions = findReportFiles(contentDir, root).filter((f) => f.slug === slug);
  if (versions.length === 0) throw new Error(`no report "${slug}" in ${relative(root, contentDir) || '.'}/reports/`);
  const wanted = version === undefined ? versions.at(-1) : versions.find((v) => v.version === version);
  if (!wanted) throw new Error(`report "${slug}" has no version ${version} (it has ${versions.map((v) => `v${v.version}`).join(', ')})`);
  return wanted;
}
