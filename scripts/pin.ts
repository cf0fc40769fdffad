// Pins a report version to the data it is built on: writes the content hash of every data file its results are
// computed from into the front matter's `data:` field. Run it when a version is published.
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { renderArticle } from '../src/core/article/article.ts';
import { readArticleSource } from '../src/core/article/article-source.ts';
import { filesRead, pinsFor, writePins } from '../src/core/versions/pins.ts';
import { closeProject, openProject } from '../src/core/versions/reports.ts';
import { reportVersionArgs } from './report-version-args.ts';
import { mlperfContent } from '../src/mlperf/content.ts';

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

const { paths, wanted } = reportVersionArgs('pin', HELP);
const project = await openProject(paths, process.env, undefined, mlperfContent);
try {
  const source = readFileSync(wanted.path, 'utf8');
  const display = relative(paths.root, wanted.path);
  // Rendering does not check the old pins; a pinned version keeps reading only the files it was pinned to.
  const read = readArticleSource(source, display);
  const engine = await project.engines.engineFor(read.frontMatter.data);
  const article = await renderArticle({ path: wanted.path, source, engine, root: paths.root, article: read });
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
