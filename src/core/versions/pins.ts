/**
 * Data pins. A published report version pins the content hash of every data file its results were
 * computed from (front matter `data:`, written by `npm run pin`). The build refuses to publish the version
 * if a pinned file changed, disappeared, or if the version now reads a file it was not pinned to. Data is
 * kept one file per MLPerf round, so a new round adds a file and leaves older versions' pins intact.
 */
import YAML from 'yaml';
import { BuildError, type SourcePlace } from '../errors.ts';
import type { Catalog } from '../data/catalog.ts';
import { splitFrontMatter, type ReportFrontMatter } from '../article/front-matter.ts';

/**
 * Files an article's results depend on, sorted: the files its result rows came from (lineage), and for each
 * catalogued view it reads, every file of the one-file tables the view reads. A view can depend on a table without
 * any of its rows reaching a result (mlperf_training leaves out the rows mlperf-training-repeats.csv marks), so
 * lineage alone would let that file change under a pinned version; a table of several files (one per round) is
 * pinned by the rows read, so a round added later is not pulled in.
 */
export function filesRead(queries: { files: string[]; views: string[] }[], catalog: Catalog): string[] {
  const files = new Set(queries.flatMap((q) => q.files));
  const byName = new Map(catalog.tables.map((t) => [t.name, t]));
  for (const name of new Set(queries.flatMap((q) => q.views))) {
    for (const read of byName.get(name)?.view?.reads ?? []) {
      const table = byName.get(read);
      if (table && table.files.length === 1) files.add(table.files[0]!);
    }
  }
  return [...files].sort();
}

export function pinsFor(files: string[], hashes: ReadonlyMap<string, string>): Record<string, string> {
  return Object.fromEntries(files.map((f) => [f, hashes.get(f)!]));
}

/** 'pinned' when the pins hold; 'draft' when the version has no pins. Throws when pins do not hold. */
export function checkPins(
  frontMatter: ReportFrontMatter,
  files: string[],
  hashes: ReadonlyMap<string, string>,
  place: SourcePlace,
  /** The version as the commands name it: "<slug> --version <N>". */
  version: string,
): 'pinned' | 'draft' {
  const pins = frontMatter.data;
  if (!pins) return 'draft';
  const problems: string[] = [];
  for (const [file, pinned] of Object.entries(pins).sort(([a], [b]) => a.localeCompare(b))) {
    const now = hashes.get(file);
    if (!now) problems.push(`data/${file} is pinned but no longer in the data catalog`);
    else if (now !== pinned) problems.push(`data/${file} changed since this version was pinned (pinned ${pinned.slice(0, 19)}…, now ${now.slice(0, 19)}…)`);
  }
  for (const file of files) if (!(file in pins)) problems.push(`the version now reads data/${file}, which it was not pinned to`);
  if (problems.length > 0) {
    const [slug, , n] = version.split(' ');
    const reads = problems.every((p) => p.startsWith('the version now reads'));
    throw new BuildError(`the data version ${n} of "${slug}" was published on has changed: ${problems.join('; ')}`, {
      place,
      hint: reads
        ? `a published version must not change meaning: undo the change that made it read more data, or publish the change as a new version (copy it to the next v<N>.md, then \`npm run pin -- ${slug}\`)`
        : 'a published version must not change meaning. Either keep it as published: `npm run freeze -- ' + version + '` keeps its computed results (from the pinned data, recovered from git history) so it builds unchanged; ' +
          'or accept the correction: `npm run pin -- ' + version + '` re-pins it to the data as it is now (its numbers may change: say so in a new version); ' +
          'or restore the data it was pinned to',
    });
  }
  return 'pinned';
}

/** The source with its front matter's `data:` pins replaced (other lines untouched). */
export function writePins(source: string, pins: Record<string, string>): string {
  // The front matter's fences as every reader of the article finds them (front-matter.ts).
  const { yaml, endLine } = splitFrontMatter(source);
  if (endLine === 0) throw new Error('the file has no front matter');
  if (endLine === -1) throw new Error('the front matter is not closed');
  const lines = source.split('\n');
  const end = endLine - 1;
  const front = lines.slice(1, end);
  // An existing data: entry is found as YAML finds it (a quoted key, blank lines or comments among its pins), and its
  // lines dropped; every other line is kept as written, so a file is changed only where its pins are.
  const doc = YAML.parseDocument(yaml);
  const pair = YAML.isMap(doc.contents) ? doc.contents.items.find((p) => YAML.isScalar(p.key) && p.key.value === 'data') : undefined;
  let kept = front;
  if (pair) {
    const from = (pair.key as YAML.Node).range![0];
    const to = YAML.isNode(pair.value) && pair.value.range ? pair.value.range[1] : (pair.key as YAML.Node).range![1];
    const lineOf = (offset: number) => yaml.slice(0, offset).split('\n').length - 1;
    // The value's range ends after its last line's newline when one follows: that line is not the entry's.
    const last = lineOf(to > from && yaml[to - 1] === '\n' ? to - 1 : to);
    kept = front.filter((_, i) => i < lineOf(from) || i > last);
  }
  const block = ['data:', ...Object.entries(pins).sort(([a], [b]) => a.localeCompare(b)).map(([f, h]) => `  ${JSON.stringify(f)}: ${JSON.stringify(h)}`)];
  return ['---', ...kept, ...block, ...lines.slice(end)].join('\n');
}
