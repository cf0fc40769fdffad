// Freezes a published report version: keeps its computed results beside it (v<N>.frozen.json) so it builds as
// published even after the data it was pinned to is corrected or removed (after Quarto's `freeze`).
import { rmSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { renderArticle } from '../src/core/article/article.ts';
import { readArticleSource } from '../src/core/article/article-source.ts';
import { frozenPath, recordingEngine } from '../src/core/versions/frozen.ts';
import { holdsPins, recoverPinnedData } from '../src/core/versions/pinned-history.ts';
import { closeProject, openProject } from '../src/core/versions/reports.ts';
import { reportVersionArgs } from './report-version-args.ts';
import { writeFileAtomic } from '../src/core/write-atomic.ts';
import { mlperfContent } from '../src/mlperf/content.ts';

const HELP = `npm run freeze -- <slug> [--version N]

Keeps a published (pinned) report version's computed results in content/reports/<slug>/v<N>.frozen.json,
so the version builds exactly as published even when data it was pinned to is corrected or removed.
The results are computed from the data the version is pinned to: the data/ folder if it still holds
the pinned files, otherwise the newest git commit whose data/ does (found by the pins' SHA-256).

  <slug>         the report's folder under content/reports/
  --version N    the version to freeze (default: the latest)
  --help         this text

Commit the .frozen.json file with the version. To unfreeze, delete it (the version is then evaluated on
its pinned data again, and the build fails if that data changed).

Example: npm run freeze -- mlperf-inference-per-accelerator --version 2`;

const { paths, wanted } = reportVersionArgs('freeze', HELP);
const source = readFileSync(wanted.path, 'utf8');
const display = relative(paths.root, wanted.path);
const read = readArticleSource(source, display);
const pins = read.frontMatter.data;
if (!pins) {
  console.error(`freeze: ${display} is a draft (no data: pins); pin it first: npm run pin -- ${wanted.slug} --version ${wanted.version}`);
  process.exit(1);
}
let dataDir = paths.dataDir;
let recovered: string | undefined;
if (!holdsPins(paths.dataDir, pins)) {
  const found = recoverPinnedData(paths.dataDir, pins);
  if (!found) {
    console.error(
      `freeze: neither ${relative(paths.root, paths.dataDir)}/ nor any commit of its git history holds the files ${display} is pinned to ` +
        `(${Object.keys(pins).map((f) => `data/${f}`).join(', ')} with their pinned hashes); restore them to freeze the version`,
    );
    process.exit(1);
  }
  dataDir = found.dir;
  recovered = found.commit;
  console.log(`freeze: the pinned data is as of commit ${found.commit.slice(0, 12)} (data/ has changed since)`);
}
const project = await openProject({ ...paths, dataDir }, process.env, undefined, mlperfContent);
try {
  const record = recordingEngine(await project.engines.engineFor(pins), pins, source);
  await renderArticle({ path: wanted.path, source, engine: record.engine, root: paths.root, article: read });
  const frozen = record.frozen();
  const out = frozenPath(wanted.path);
  writeFileAtomic(out, `${JSON.stringify(frozen, null, 1)}\n`);
  console.log(`froze ${display}: ${Object.keys(frozen.answers).length} results of ${Object.keys(pins).length} pinned data files in ${relative(paths.root, out)} (commit it with the version)`);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  closeProject(project);
  if (recovered) rmSync(dataDir, { recursive: true, force: true });
}
