// The arguments `npm run pin` and `npm run freeze` share: one report's slug and an optional --version N,
// resolved to the version's file; usage errors exit 2, a report or version that is not there exits 1.
import { scriptArgs, usageError } from './script-args.ts';
import { projectPaths, type ProjectPaths } from '../src/core/project.ts';
import { findReportVersion } from '../src/core/versions/report-files.ts';

export function reportVersionArgs(command: string, help: string): { paths: ProjectPaths; wanted: ReturnType<typeof findReportVersion> } {
  const { values, positionals } = scriptArgs(command, help, { options: { version: { type: 'string' } }, positionals: [0, 1] });
  if (positionals.length !== 1) usageError(command, 'name one report', help);
  if (values.version !== undefined && !/^[1-9]\d*$/.test(values.version)) usageError(command, `--version takes a version number, not "${values.version}"`, help);
  const paths = projectPaths();
  try {
    return { paths, wanted: findReportVersion(paths.contentDir, paths.root, positionals[0]!, values.version === undefined ? undefined : Number(values.version)) };
  } catch (error) {
    console.error(`${command}: ${(error as Error).message}`);
    process.exit(1);
  }
}
