// Checks a project the way the build does, without Astro: opens the data (catalog, tables, views) and builds
// every report version (queries, charts, tables, values, claims, pins) and every guide page (its live examples),
// then prints every error found.
//   npm run check          (BENCHWRIGHT_CONTENT_DIR / BENCHWRIGHT_DATA_DIR point it at other folders)
// Exit codes: 0 all good (one summary line), 1 the project has errors (each printed with its file:line and
// what to do), 2 an internal error (a bug in Benchwright: its stack is printed).
import { relative } from 'node:path';
import { BuildError, DataError } from '../src/core/errors.ts';
import { projectPaths } from '../src/core/project.ts';
import { buildGuide } from '../src/core/guide/guide-pages.ts';
import { BuildFailedError, buildReports, closeProject, openProject, type Project } from '../src/core/versions/reports.ts';
import { mlperfContent } from '../src/mlperf/content.ts';
import { scriptArgs } from './script-args.ts';

scriptArgs('check', `npm run check

Checks the project as the build does, without building the site: opens the data (catalog, tables, views) and
evaluates every report version (queries, units, charts, tables, inline values, claims, pins) and every page of
the guide (content/guide/, its live examples), then prints every error with its file:line:column and what to do. Exit code 0: all good; 1: the project has errors; 2: a bug in
Benchwright. BENCHWRIGHT_CONTENT_DIR and BENCHWRIGHT_DATA_DIR point it at other folders.

Example: BENCHWRIGHT_CONTENT_DIR=drafts/content npm run check`);
const paths = projectPaths();
const started = performance.now();

/** Paths in messages relative to the project root, as users know them. */
function display(message: string): string {
  return message.replaceAll(`${paths.root}/`, '');
}

let project: Project | undefined;
try {
  project = await openProject(paths, process.env, undefined, mlperfContent);
  // The guide is checked even when a report fails, so one run lists every error of both.
  const built = await Promise.allSettled([buildReports(project), buildGuide(project, { base: '/' })]);
  const failures = built.flatMap((b) => (b.status === 'rejected' ? [b.reason as unknown] : []));
  const internal = failures.find((f) => !(f instanceof BuildFailedError || f instanceof BuildError || f instanceof DataError));
  if (internal !== undefined || failures.length === 1) throw internal ?? failures[0];
  if (failures.length > 1) throw new BuildFailedError(failures.flatMap((f) => (f instanceof BuildFailedError ? f.failures : [f as Error])));
  const versions = (built[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof buildReports>>>).value;
  const guide = (built[1] as PromiseFulfilledResult<Awaited<ReturnType<typeof buildGuide>>>).value;
  const reports = new Set(versions.map((v) => v.slug)).size;
  const queries = versions.reduce((n, v) => n + v.data.queries.length, 0);
  const figures = versions.reduce((n, v) => n + v.data.figures.length, 0);
  const checks = versions.reduce((n, v) => n + v.data.checks.length, 0);
  console.log(
    `check: ${relative(paths.root, paths.contentDir) || '.'} is fine: ${versions.length} report version${versions.length === 1 ? '' : 's'} ` +
      `of ${reports} report${reports === 1 ? '' : 's'} (${queries} queries, ${figures} figures, ${checks} checked claims) ` +
      `and ${guide.length} guide page${guide.length === 1 ? '' : 's'}, ` +
      `over ${project.catalog.tables.length} tables of ${relative(paths.root, paths.dataDir) || '.'}, in ${Math.round(performance.now() - started)} ms`,
  );
} catch (error) {
  // BuildError on its own: a misplaced file under content/reports/, found before any article is built.
  if (error instanceof BuildFailedError || error instanceof BuildError || error instanceof DataError) {
    console.error(display(error.message));
    process.exitCode = 1;
  } else {
    console.error('check: internal error (a bug in Benchwright, not in your project; please report it with this output):');
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 2;
  }
} finally {
  if (project) closeProject(project);
}
