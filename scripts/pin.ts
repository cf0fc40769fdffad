// Pins a report version to the data it is built on: writes the content hash of every data file its
// results are computed from into the front matter's `data:` field. Run it when a version is published.
//   npm run pin -- <slug> [--version N]      (default: the latest version)
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { renderArticle } from '../src/lib/article.ts';
import { filesRead, pinsFor, writePins } from '../src/lib/pins.ts';
import { projectPaths } from '../src/lib/project.ts';
import { findReportFiles } from '../src/lib/report-files.ts';
import { openProject } from '../src/lib/reports.ts';

const args = process.argv.slice(2);
const slug = args.find((a) => !a.startsWith('--'));
const versionFlag = args.indexOf('--version');
if (!slug || (versionFlag !== -1 && !/^\d+$/.test(args[versionFlag + 1] ?? ''))) {
  console.error('usage: npm run pin -- <report slug> [--version N]');
  process.exit(2);
}
const paths = projectPaths();
const versions = findReportFiles(paths.contentDir, paths.root).filter((f) => f.slug === slug);
if (versions.length === 0) {
  console.error(`pin: no report "${slug}" in ${relative(paths.root, paths.contentDir)}/reports/`);
  process.exit(1);
}
const wanted = versionFlag === -1 ? versions.at(-1)! : versions.find((v) => v.version === Number(args[versionFlag + 1]));
if (!wanted) {
  console.error(`pin: report "${slug}" has no version ${args[versionFlag + 1]} (it has ${versions.map((v) => `v${v.version}`).join(', ')})`);
  process.exit(1);
}
const project = await openProject(paths);
try {
  // Pins describe what the version reads now (rendering does not check the old pins).
  const source = readFileSync(wanted.path, 'utf8');
  const article = await renderArticle({ path: wanted.path, source, engine: project.engine, root: paths.root });
  const pins = pinsFor(filesRead(article.data.queries), project.engine.fileHashes);
  writeFileSync(wanted.path, writePins(source, pins));
  console.log(`pinned ${relative(paths.root, wanted.path)} to ${Object.keys(pins).length} data files:`);
  for (const [file, hash] of Object.entries(pins)) console.log(`  data/${file}  ${hash}`);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  project.engine.close();
}
