/**
 * The next version of a report, as `npm run new -- <slug> --next-version` writes it: the latest, renumbered, dated
 * and unpinned. Pure: the script reads and writes the files. (The first version's template is content's:
 * src/mlperf/report-template.ts.)
 */
import YAML from 'yaml';
import { readReportFrontMatter, splitFrontMatter } from '../article/front-matter.ts';

/**
 * The next version of a report: the latest version's source with `version` and `published` set and its `data:`
 * pins left out (a draft until it is pinned). The latest must be pinned: a draft is still being written.
 */
export function nextVersionSource(source: string, file: string, version: number, date: string): string {
  const { frontMatter } = readReportFrontMatter(source, file);
  if (!frontMatter.data) {
    throw new Error(`${file} is a draft (it has no data: pins): publish it with npm run pin before starting the next version, or keep editing it`);
  }
  // Edited as YAML, not as lines: a pin list with blank lines or comments, a quoted key or a flow mapping is still
  // one `data` entry. Comments and the other fields are kept as written.
  const { yaml, endLine } = splitFrontMatter(source);
  const doc = YAML.parseDocument(yaml);
  doc.delete('data');
  doc.set('version', version);
  doc.set('published', date);
  const next = ['---', doc.toString().replace(/\n$/, ''), ...source.split('\n').slice(endLine - 1)].join('\n');
  // What it wrote reads back as the next version's front matter, without pins: anything else is a bug here.
  const read = readReportFrontMatter(next, file).frontMatter;
  if (read.version !== version || read.data !== undefined) throw new Error(`${file}: the next version's front matter did not come out as version ${version} without pins`);
  return next;
}
