/**
 * The next version of a report, as `npm run new -- <slug> --next-version` writes it: the latest, renumbered, dated
 * and unpinned. Pure: the script reads and writes the files. (The first version's template is content's:
 * src/mlperf/report-template.ts.)
 */
import { readReportFrontMatter, splitFrontMatter } from '../article/front-matter.ts';

/**
 * The next version of a report: the latest version's source with \`version\` and \`published\` set and its \`data:\`
 * pins left out (a draft until it is pinned). The latest must be pinned: a draft is still being written.
 */
export function nextVersionSource(source: string, file: string, version: number, date: string): string {
  const { frontMatter } = readReportFrontMatter(source, file);
  if (!frontMatter.data) {
    throw new Error(`${file} is a draft (it has no data: pins): publish it with npm run pin before starting the next version, or keep editing it`);
  }
  const { endLine } = splitFrontMatter(source);
  const lines = source.split('\n');
  const front: string[] = [];
  for (let i = 1; i < endLine - 1; i++) {
    const line = lines[i]!;
    if (/^data\s*:/.test(line)) {
      while (i + 1 < endLine - 1 && /^\s+\S/.test(lines[i + 1]!)) i++;
      continue;
    }
    if (/^version\s*:/.test(line)) front.push(`version: ${version}`);
    else if (/^published\s*:/.test(line)) front.push(`published: ${date}`);
    else front.push(line);
  }
  return ['---', ...front, ...lines.slice(endLine - 1)].join('\n');
}
