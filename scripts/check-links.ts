// Checks every internal link and #anchor of a built site, and every address and piece of CSS against the URL policy
// (src/core/render/url-policy.ts). Prints each problem; exits 1 if there is any.
// Usage: npm run check-links -- [dir] [--base /reports/]
//   dir defaults to $BENCHWRIGHT_OUT_DIR or dist; the base path to $BASE_PATH or /.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { htmlFiles } from '../src/publish/html-files.ts';
import { checkLinks, formatProblems, normaliseBase } from '../src/publish/link-check.ts';

const HELP = `usage: npm run check-links -- [dir] [--base /reports/]

Checks every internal link and #anchor of a built site, and every address and piece of CSS against the URL policy
(no javascript:, data: or other schemes but http, https and mailto). Prints each problem and exits 1 if there is any.
npm run publish:site runs it on the site it builds.

  dir          the built site (default: $BENCHWRIGHT_OUT_DIR or dist)
  --base B     the base path the site was built for (default: $BASE_PATH or /)
  --help       this text

Example: npm run check-links -- /tmp/site --base /reports/`;

const args = process.argv.slice(2);
let dir: string | undefined;
let base = process.env.BASE_PATH || '/';
for (let i = 0; i < args.length; i++) {
  const arg = args[i]!;
  if (arg === '--base') base = args[++i] ?? usage('--base needs a value');
  else if (arg.startsWith('--base=')) base = arg.slice('--base='.length);
  else if (arg === '--help' || arg === '-h') usage();
  else if (arg.startsWith('-')) usage(`unknown option ${arg}`);
  else if (dir === undefined) dir = arg;
  else usage(`one folder only (got ${dir} and ${arg})`);
}
const folder = resolve(dir ?? (process.env.BENCHWRIGHT_OUT_DIR || 'dist'));
if (!existsSync(folder)) usage(`${folder} does not exist; build the site first (npm run build)`);

const pages = htmlFiles(folder).length;
const problems = checkLinks(folder, { base });
const summary = `${pages} page${pages === 1 ? '' : 's'} under ${folder}, base path ${normaliseBase(base)}`;
if (problems.length === 0) console.log(`check-links: no broken links or anchors in ${summary}.`);
else {
  console.error(formatProblems(problems));
  console.error(`check-links: ${problems.length} broken link${problems.length === 1 ? '' : 's'} or anchor${problems.length === 1 ? '' : 's'} in ${summary}.`);
  process.exitCode = 1;
}


function usage(message?: string): never {
  if (!message) {
    console.log(HELP);
    process.exit(0);
  }
  console.error(`check-links: ${message}\n\n${HELP}`);
  process.exit(2);
}
