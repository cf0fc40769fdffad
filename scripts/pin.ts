// Pins a report version to the data it is built on: writes the content hash of every data file its results are
// computed from into the front matter's `data:` field. Run it when a version is published.
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { renderArticle } from '../src/core/article/article.ts';
import { parseReportFrontMatter } from '../src/core/article/front-matter.ts';
import { filesRead, pinsFor, writePins } from '../src/core/versions/pins.ts';
import { projectPaths } from '../src/core/project.ts';
import { findReportVersion } from '../src/core/versions/report-files.ts';
import { closeProject, openProject } from '../src/core/versions/reports.ts';

const HELP = `npm run pin -- <slug> [--version N]

Pins a report version to the data it reads: writes the SHA-256 of every data file its results come from into
its front matter (data:). The build then evaluates the version on exactly those files, and fails if one of
them changes.

  <slug>         the report's folder under content/reports/
  --version N    the version to pin (default: the latest)
  --help         this text

A version that is already pinned is re-pinned to the current content of the same files (after a correction
to one of them); it does not start reading files added since (e.g. a new MLPerf round).

Example: npm run pin -- mlperf-inference-per-accelerator --version 3`;

const { values, positionals } = parseArgs({ allowPositionals: true, options: { version: { type: 'string' }, help: { type: 'boolean' } } });
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
if (positionals.length !== 1 || (values.version !== undefined && !/^[1-9]\d*$/.test(values.version))) {
  console.error(`pin: ${positionals.length !== 1 ? 'name one report' : `--version takes a version number, not "${values.version}"`}\n\n${HELP}`);
  process.exit(2);
}
const paths = projectPaths();
let wanted;
try {
  wanted = findReportVersion(paths.contentDir, paths.root, positionals[0]!, values.version === undefined ? undefined : Number(values.version));
} catch (error) {
  console.error(`pin: ${(error as Error).message}`);
  process.exit(1);
}
const project = await openProject(paths);
try {
  const source = readFileSync(wanted.path, 'utf8');
  const display = relative(paths.root, wanted.path);
  // Rendering does not check the old pins; a pinned version keeps reading only the files it was pinned to.
  const engine = await project.engines.engineFor(parseReportFrontMatter(source, display).data);
  const article = await renderArticle({ path: wanted.path, source, engine, root: paths.root });
  const pins = pinsFor(filesRead(article.data.queries, engine.catalog), engine.fileHashes);
  writeFileSync(wanted.path, writePins(source, pins));
  console.log(`pinned ${display} to ${Object.keys(pins).length} data files:`);
  for (const [file, hash] of Object.entries(pins)) console.log(`  data/${file}  ${hash}`);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  closeProject(project);
}
