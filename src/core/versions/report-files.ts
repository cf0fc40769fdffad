/**
 * The report folders: `content/reports/<slug>/v<N>.md`, one file per published version. Anything else
 * in that tree is an error, so a misnamed file is never silently left out of the site. Nothing under content/ may
 * be a symbolic link (one could publish a file from anywhere on the machine) or hidden (a name starting with a dot
 * would be left out of the site without a word).
 */
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BuildError } from '../errors.ts';

export interface ReportFile {
  slug: string;
  version: number;
  /** Absolute path. */
  path: string;
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Whether a name can be a report's folder (and its address): lower-case letters, digits and single hyphens. */
export function isReportSlug(name: string): boolean {
  return SLUG.test(name);
}
const VERSION_FILE = /^v([1-9][0-9]*)\.md$/;
/** A version's frozen results (frozen.ts), beside its Markdown file. */
const FROZEN_FILE = /^(v[1-9][0-9]*)\.frozen\.json$/;

export function findReportFiles(contentDir: string, root: string): ReportFile[] {
  const reportsDir = join(contentDir, 'reports');
  const fail = (path: string, reason: string, hint: string) =>
    new BuildError(reason, { place: { file: relative(root, path), line: 1, column: 1 }, hint });
  checkContentTree(contentDir, fail);
  if (!existsSync(reportsDir)) return [];
  const files: ReportFile[] = [];
  for (const slug of readdirSync(reportsDir).sort()) {
    const dir = join(reportsDir, slug);
    if (!lstatSync(dir).isDirectory()) {
      throw fail(dir, 'a file directly under content/reports/', 'each report is a folder: content/reports/<slug>/v1.md');
    }
    if (!SLUG.test(slug)) {
      throw fail(dir, `report folder "${slug}" is not a valid slug`, 'use lower-case letters, digits and single hyphens, e.g. inference-per-accelerator');
    }
    for (const name of readdirSync(dir).sort()) {
      const frozen = FROZEN_FILE.exec(name);
      if (frozen) {
        if (!existsSync(join(dir, `${frozen[1]}.md`))) throw fail(join(dir, name), `"${name}" holds the frozen results of ${frozen[1]}, which does not exist`, `remove it, or restore ${frozen[1]}.md`);
        continue;
      }
      const match = VERSION_FILE.exec(name);
      if (!match || !lstatSync(join(dir, name)).isFile()) {
        throw fail(join(dir, name), `"${name}" is not a report version file`, 'name each version v1.md, v2.md, … (other files do not belong in a report folder, but for the v<N>.frozen.json that `npm run freeze` writes)');
      }
      files.push({ slug, version: Number(match[1]), path: join(dir, name) });
    }
  }
  return files.sort((a, b) => a.slug.localeCompare(b.slug) || a.version - b.version);
}

/**
 * Every entry under content/, links not followed: a symbolic link (to a file or folder, inside the project or out of
 * it, or nowhere) and a hidden file or folder are errors naming the entry.
 */
function checkContentTree(dir: string, fail: (path: string, reason: string, hint: string) => BuildError): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) {
      throw fail(path, `"${name}" is a symbolic link; nothing under content/ may be one (it would publish whatever it points to)`, 'replace the link with the file or folder itself, or remove it');
    }
    if (name.startsWith('.')) {
      throw fail(path, `"${name}" is hidden (its name starts with a dot), so it would be left out of the site without a word`, `rename it without the leading dot if it belongs to a report, or move it out of content/ (editors' swap and backup files too)`);
    }
    if (stat.isDirectory()) checkContentTree(path, fail);
  }
}

/** One version of a report (the latest when `version` is undefined), or an error saying what exists. */
export function findReportVersion(contentDir: string, root: string, slug: string, version?: number): ReportFile {
  const versions = findReportFiles(contentDir, root).filter((f) => f.slug === slug);
  if (versions.length === 0) throw new Error(`no report "${slug}" in ${relative(root, contentDir) || '.'}/reports/`);
  const wanted = version === undefined ? versions.at(-1) : versions.find((v) => v.version === version);
  if (!wanted) throw new Error(`report "${slug}" has no version ${version} (it has ${versions.map((v) => `v${v.version}`).join(', ')})`);
  return wanted;
}
