// Starts a report, or the next version of one: `npm run new -- <slug>` writes content/reports/<slug>/v1.md from a
// template that builds at once (front matter, one query, one chart, one table, one checked claim); with
// --next-version it copies the latest version to v<N+1>.md as a draft (no pins) dated today.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { scriptArgs, usageError } from './script-args.ts';
import { projectPaths } from '../src/core/project.ts';
import { findReportVersion, isReportSlug } from '../src/core/versions/report-files.ts';
import { nextVersionSource } from '../src/core/versions/new-report.ts';
import { reportTemplate } from '../src/mlperf/report-template.ts';

const HELP = `npm run new -- <slug> [--title "…"] [--next-version]

Starts a report: writes content/reports/<slug>/v1.md from a template that builds at once (front matter, one
query, one chart, one table, an inline value and a checked claim over the MLPerf Inference data). Edit it with
\`npm run dev\` open (the page is /reports/<slug>/), check it with \`npm run check\`, and pin it when you publish
it (\`npm run pin -- <slug>\`).

  <slug>            the report's folder: lower-case words joined by hyphens, e.g. h200-vs-h100
  --title "…"       its title (default: the slug's words)
  --next-version    start the next version of an existing report instead: its latest v<N>.md copied to
                    v<N+1>.md, dated today, without pins (a draft until you pin it). The latest version must
                    be pinned (published) first.
  --help            this text

Examples:
  npm run new -- h200-vs-h100 --title "H200 against H100"
  npm run new -- mlperf-inference-per-accelerator --next-version`;

const { values, positionals } = scriptArgs('new', HELP, { options: { title: { type: 'string' }, 'next-version': { type: 'boolean' } }, positionals: [0, 1] });
if (positionals.length !== 1) usageError('new', 'name one report (its slug)', HELP);
const slug = positionals[0]!;
if (!isReportSlug(slug)) {
  console.error(`new: "${slug}" is not a report slug: use lower-case letters, digits and single hyphens, e.g. h200-vs-h100`);
  process.exit(2);
}
const paths = projectPaths();
const folder = join(paths.contentDir, 'reports', slug);
const today = new Date().toISOString().slice(0, 10);
const show = (path: string) => relative(paths.root, path);

if (values['next-version']) {
  if (values.title !== undefined) {
    console.error('new: --title is for a new report; a next version keeps the title of the one before (edit it in the file)');
    process.exit(2);
  }
  let latest;
  try {
    latest = findReportVersion(paths.contentDir, paths.root, slug, undefined);
  } catch (error) {
    console.error(`new: ${(error as Error).message}`);
    process.exit(1);
  }
  const next = join(folder, `v${latest.version + 1}.md`);
  let source;
  try {
    source = nextVersionSource(readFileSync(latest.path, 'utf8'), show(latest.path), latest.version + 1, today);
  } catch (error) {
    console.error(`new: ${(error as Error).message}`);
    process.exit(1);
  }
  writeFileSync(next, source, { flag: 'wx' });
  console.log(`new: wrote ${show(next)}, version ${latest.version + 1} of ${slug}, from ${show(latest.path)} (a draft: no pins yet).
  next: edit it (npm run dev shows it at /reports/${slug}/v${latest.version + 1}/, with what changed at /reports/${slug}/v${latest.version + 1}/changes/),
        then npm run check, and npm run pin -- ${slug} when you publish it.`);
} else {
  if (existsSync(folder)) {
    console.error(`new: ${show(folder)} already exists: to start its next version, npm run new -- ${slug} --next-version`);
    process.exit(1);
  }
  const file = join(folder, 'v1.md');
  mkdirSync(folder, { recursive: true });
  writeFileSync(file, reportTemplate({ title: values.title ?? titleOf(slug), date: today }), { flag: 'wx' });
  console.log(`new: wrote ${show(file)}.
  next: npm run dev, and open /reports/${slug}/ (it reloads as you save);
        npm run check checks every report without building the site;
        npm run pin -- ${slug} when you publish it.`);
}

function titleOf(s: string): string {
  const words = s.split('-').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
