// The arguments `npm run pin` and `npm run freeze` share: one report's slug and an optional --version N,
// resolved to the version's file; usage errors exit 2, a report or version that is not there exits 1.
import { parseArgs } from 'node:util';
import { projectPaths, type ProjectPaths } from '../src/core/project.ts';
import { findReportVersion } from '../src/core/versions/report-files.ts';

export function reportVersionArgs(command: string, help: string): { paths: ProjectPaths; wanted: ReturnType<typeof findReportVersion> } {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { version: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    console.error(`${command}: ${(error as Error).message}\n\n${help}`);
    process.exit(2);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(help);
    process.exit(0);
  }
  if (positionals.length !== 1 || (values.version !== undefined && !/^[1-9]\d*$/.test(values.version))) {
    console.error(`${command}: ${positionals.length !== 1 ? 'name one report' : `--version takes a version number, not "${values.version}"`}\n\n${help}`);
    process.exit(2);
  }
  const paths = projectPaths();
  try {
    return { paths, wanted: findReportVersion(paths.contentDir, paths.root, positionals[0]!, values.version === undefined ? undefined : Number(values.version)) };
  } catch (error) {
    console.error(`${command}: ${(error as Error).message}`);
    process.exit(1);
  }
}
