// npm run import:mlperf -- <summary_results.json> --repo <owner/name> --commit <sha> --retrieved <YYYY-MM-DD>
//   [--copy-of <owner/name>] [--round vX.Y] [--data-dir <dir>] [--proposals <file>]      (--help: every option)
//
// Imports MLCommons' official MLPerf Inference results summary of one round into data/: writes
// mlperf-inference/<round>.csv (datacenter rows), and adds that file, the summary (as a raw source) and the
// round's repository entry to catalog.yaml. Accelerator names must be in accelerator-names.csv, units in
// mlperf-units.csv or corrected by mlperf-unit-rules.csv, and the repository and commit recorded in SOURCES.md:
// anything else is listed and nothing is written (exit code 1). Unknown names come back as proposed rows of
// accelerator-names.csv, for review; the importer never adds them itself.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { scriptArgs, usageError } from './script-args.ts';
import { INFERENCE_TABLE, updateCatalog } from '../src/mlperf/import/catalog-update.ts';
import { checkCommit, SOURCES_FILE } from '../src/mlperf/import/commit-check.ts';
import { ImportError } from '../src/mlperf/import/import-error.ts';
import {
  ACCELERATOR_NAMES_FILE,
  ACCELERATOR_NAMES_TABLE,
  ACCELERATORS_FILE,
  acceleratorNamesCsv,
  loadAcceleratorNames,
  loadSpecNames,
  loadUnitRules,
  loadUnits,
  targetUnits,
  UNIT_RULES_FILE,
  UNIT_RULES_TABLE,
  UNITS_FILE,
} from '../src/mlperf/import/mapping-tables.ts';
import { proposeAcceleratorNames } from '../src/mlperf/import/name-proposals.ts';
import { countRows, toCsv } from '../src/mlperf/import/round-file.ts';
import { importSummary, SUMMARY_SOURCE_PATH } from '../src/mlperf/import/summary-import.ts';

const USAGE =
  'usage: npm run import:mlperf -- <summary_results.json> --repo <owner/name> --commit <sha> --retrieved <YYYY-MM-DD> ' +
  '[--copy-of <owner/name>] [--round vX.Y] [--data-dir <dir>] [--proposals <file>]\n(npm run import:mlperf -- --help: every option, and an example)';

const HELP = `Imports MLCommons' official MLPerf Inference results summary of one round (summary_results.json) into data/.

usage: npm run import:mlperf -- <summary_results.json> --repo <owner/name> --commit <sha> --retrieved <YYYY-MM-DD> [options]

  <summary_results.json>    the round's official results summary. Used where it is when it is inside the data
                            folder; otherwise copied to raw/inference_results_<round>.summary_results.json there.
  --repo <owner/name>       the GitHub repository the summary was read from (required).
  --commit <sha>            the full commit it was read at: 40 lower-case hex digits, not a placeholder (0000…,
                            deadbeef…), and recorded together with --repo on one line of data/${SOURCES_FILE}
                            (record where the round came from there first) (required).
  --retrieved <YYYY-MM-DD>  the date it was read; written to the round's repository entry in catalog.yaml (required).
  --copy-of <owner/name>    when --repo is a copy (a fork) of the official repository: that repository, written as
                            copy_of; it must be named on the same line of ${SOURCES_FILE}.
  --round <vX.Y>            check that the records are of this round (default: the round is read from their version).
  --data-dir <dir>          work on another copy of the data folder (default: data/ of this project).
  --proposals <file>        when accelerator names are unknown, also write the proposed rows of ${ACCELERATOR_NAMES_FILE}
                            to <file> (outside the data folder). They are proposals: review every id, spec_name and
                            note before adding them to data/${ACCELERATOR_NAMES_FILE}.
  -h, --help                print this help.

What it does: keeps the records whose Suite contains "datacenter"; maps every accelerator name through
${ACCELERATOR_NAMES_FILE} and every published unit through ${UNIT_RULES_FILE} (documented mislabels, first) or
${UNITS_FILE} (published unit → unit, with a power-of-ten scale applied by moving the decimal point); writes
mlperf-inference/<round>.csv; adds the file, the raw summary and the round's repository entry (repo, commit, path,
rounds, files, retrieved, copy_of) to catalog.yaml, replacing an earlier entry of the same round. total_accelerators
is Nodes × a#; a count in a system or accelerator name, or a Total Accelerators field, that disagrees is printed as
a warning naming the result ID. Running it again gives byte-identical files.

Exit codes: 0 imported; 1 refused (unknown names or units, unknown commit, malformed input): nothing was written
to the data folder; 2 wrong arguments.

Example (round v6.0, read from a fork that carries the official summary):
  npm run import:mlperf -- data/raw/inference_results_v6.0.summary_results.json \\
    --repo gbeezybez/inference_results_v6.0 --commit ab33b2144a9f822f69d24f78569f993d195ee7e5 \\
    --retrieved 2026-12-03 --copy-of mlcommons/inference_results_v6.0 --proposals /tmp/v6.0-names.csv
`;

class UsageError extends Error {}

function main(): number {
  const { values, positionals } = scriptArgs('import:mlperf', HELP, {
    options: {
      repo: { type: 'string' },
      commit: { type: 'string' },
      retrieved: { type: 'string' },
      'copy-of': { type: 'string' },
      round: { type: 'string' },
      'data-dir': { type: 'string' },
      proposals: { type: 'string' },
    },
    positionals: [0, 1],
    usage: USAGE,
  });
  let args;
  try {
    args = checkArguments(values, positionals);
  } catch (error) {
    if (error instanceof UsageError) usageError('import:mlperf', error.message, USAGE);
    throw error;
  }
  try {
    return run(args);
  } catch (error) {
    if (error instanceof ImportError) {
      console.error(`import:mlperf: ${error.message}\nNothing was written.`);
      return 1;
    }
    throw error;
  }
}

interface Args {
  summary: string;
  repo: string;
  commit: string;
  retrieved: string;
  copyOf?: string;
  round?: string;
  dataDir: string;
  proposals?: string;
}

const REPO_PATTERN = /^[\w.-]+\/[\w.-]+$/;

/** The options given, checked: each problem a UsageError saying what to give. */
function checkArguments(values: Partial<Record<'repo' | 'commit' | 'retrieved' | 'copy-of' | 'round' | 'data-dir' | 'proposals', string>>, positionals: string[]): Args {
  if (positionals.length !== 1) throw new UsageError('give exactly one summary_results.json');
  const { repo, commit, retrieved, round } = values;
  const copyOf = values['copy-of'];
  if (!repo) throw new UsageError('--repo is required (e.g. mlcommons/inference_results_v5.1)');
  if (!REPO_PATTERN.test(repo)) throw new UsageError(`--repo "${repo}" is not owner/name`);
  if (!commit) throw new UsageError('--commit is required (the full commit hash the summary was read at)');
  if (!retrieved) throw new UsageError('--retrieved is required (the date the summary was read, YYYY-MM-DD)');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(retrieved) || Number.isNaN(Date.parse(`${retrieved}T00:00:00Z`)) || new Date(`${retrieved}T00:00:00Z`).toISOString().slice(0, 10) !== retrieved) {
    throw new UsageError(`--retrieved "${retrieved}" is not a date YYYY-MM-DD`);
  }
  if (copyOf !== undefined && !REPO_PATTERN.test(copyOf)) throw new UsageError(`--copy-of "${copyOf}" is not owner/name`);
  if (copyOf !== undefined && copyOf === repo) throw new UsageError('--copy-of names the repository --repo already names; give it only when --repo is a copy of another repository');
  const dataDir = resolve(values['data-dir'] ?? join(import.meta.dirname, '..', 'data'));
  const proposals = values.proposals === undefined ? undefined : resolve(values.proposals);
  if (proposals !== undefined && insideDataDir(dataDir, proposals) !== undefined) {
    throw new UsageError(`--proposals ${proposals} is inside the data folder: proposed rows are for review, never written to the data folder; give a file elsewhere`);
  }
  return {
    summary: resolve(positionals[0]!),
    repo,
    commit,
    retrieved,
    ...(copyOf ? { copyOf } : {}),
    ...(round ? { round } : {}),
    dataDir,
    ...(proposals ? { proposals } : {}),
  };
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ImportError(`cannot read ${what} ${path}: ${(error as Error).message}`);
  }
}

/** Path relative to the data folder with forward slashes, or undefined when outside it. */
function insideDataDir(dataDir: string, path: string): string | undefined {
  const rel = relative(dataDir, path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

function run(args: Args): number {
  const { dataDir } = args;
  const sourcesPath = join(dataDir, SOURCES_FILE);
  checkCommit(args.repo, args.commit, args.copyOf, readText(sourcesPath, 'the provenance document'), sourcesPath);

  let records: unknown;
  try {
    records = JSON.parse(readText(args.summary, 'the summary'));
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError(`${args.summary} is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(records)) throw new ImportError(`${args.summary}: expected a JSON array of result records`);
  const namesPath = join(dataDir, ACCELERATOR_NAMES_FILE);
  const unitsPath = join(dataDir, UNITS_FILE);
  const rulesPath = join(dataDir, UNIT_RULES_FILE);
  const names = loadAcceleratorNames(readText(namesPath, 'the accelerator mapping table'), namesPath);
  const units = loadUnits(readText(unitsPath, 'the units table'), unitsPath);
  const unitRules = loadUnitRules(readText(rulesPath, 'the unit rule table'), rulesPath, targetUnits(units));

  const result = importSummary(records, {
    ...(args.round ? { round: args.round } : {}),
    repo: args.repo,
    commit: args.commit,
    sourcePath: args.summary,
    names,
    units,
    unitRules,
  });
  if (result.warnings.length > 0) {
    console.error(`import:mlperf: ${result.warnings.length} warning${result.warnings.length === 1 ? '' : 's'} (accelerator counts; total_accelerators is Nodes × a#):`);
    for (const w of result.warnings) console.error(`  - warning: ${w}`);
    console.error('');
  }
  if (result.problems.length > 0) {
    console.error(`import:mlperf: ${args.summary} (round ${result.round}) cannot be imported:\n`);
    for (const p of result.problems) console.error(`  - ${p}`);
    if (result.unknownNames.length > 0) {
      const specsPath = join(dataDir, ACCELERATORS_FILE);
      const specNames = existsSync(specsPath) ? loadSpecNames(readText(specsPath, 'the specification table'), specsPath) : [];
      const block = acceleratorNamesCsv(proposeAcceleratorNames(result.unknownNames, result.round, names, specNames));
      console.error(
        `\nProposed rows for ${namesPath} (${result.unknownNames.length} unknown name${result.unknownNames.length === 1 ? '' : 's'}; ` +
          'NOT applied: review each accelerator_id, spec_name and note — spelling variants of one part share an id — ' +
          'then add the rows without the header, keeping the file sorted by name):\n',
      );
      console.error(block);
      if (args.proposals) {
        mkdirSync(dirname(args.proposals), { recursive: true });
        writeFileSync(args.proposals, block);
        console.error(`The proposed rows are also in ${args.proposals}.`);
      }
    }
    console.error(
      `\nNothing was written to ${dataDir}. Names and units are never guessed: add each unknown name to ${namesPath} ` +
        `(name as published, its accelerator_id, spec_name, note); add a row to ${unitsPath} for a new name of a known unit, ` +
        `or a rule to ${rulesPath} for a mislabelled one; then run again.`,
    );
    return 1;
  }
  const { round, rows } = result;

  // The raw summary must live in data/ (every data file is catalogued): use it where it is, or copy it.
  let rawFile = insideDataDir(dataDir, args.summary);
  let copyRaw = false;
  if (rawFile === undefined) {
    rawFile = `raw/inference_results_${round}.summary_results.json`;
    const target = join(dataDir, rawFile);
    if (existsSync(target)) {
      if (!readFileSync(target).equals(readFileSync(args.summary))) {
        throw new ImportError(`${target} exists and differs from ${args.summary}; remove it or import it from there`);
      }
    } else {
      copyRaw = true;
    }
  }

  const outFile = `mlperf-inference/${round}.csv`;
  const catalogPath = join(dataDir, 'catalog.yaml');
  const powered = (records as { has_power?: unknown }[]).filter((r) => r.has_power === true).length;
  const copyOf = args.copyOf ? { copy_of: args.copyOf } : {};
  const catalog = updateCatalog(
    readText(catalogPath, 'the data catalog'),
    {
      file: outFile,
      raw: {
        file: rawFile,
        description:
          `MLCommons' official MLPerf Inference ${round} results summary, as published${args.copyOf ? ` in ${args.copyOf} (read from the copy in ${args.repo})` : ''}: ` +
          `a JSON array with one object per result (${records.length}, datacenter and edge), ${powered === 0 ? 'no result with measured system power (has_power is never true)' : `with measured system power for the ${powered} result${powered === 1 ? '' : 's'} with has_power true`}. ` +
          `Source of the ${round} rows of ${INFERENCE_TABLE} (scripts/import-mlperf.ts).`,
        repo: args.repo,
        commit: args.commit,
        path: SUMMARY_SOURCE_PATH,
        retrieved: args.retrieved,
        ...copyOf,
      },
      repository: { repo: args.repo, commit: args.commit, path: SUMMARY_SOURCE_PATH, rounds: [round], files: [outFile], retrieved: args.retrieved, ...copyOf },
      // Every accelerator name of the round is now in accelerator-names.csv; the unit rules took rows from the
      // round only when a rule of that round corrected some of its records.
      alsoSourceOf: [ACCELERATOR_NAMES_TABLE, ...(result.usedRules.some((r) => r.round === round) ? [UNIT_RULES_TABLE] : [])],
    },
    catalogPath,
  );

  // Everything is checked: write.
  const outPath = join(dataDir, outFile);
  mkdirSync(dirname(outPath), { recursive: true });
  writeFileSync(outPath, toCsv(rows));
  if (copyRaw) {
    mkdirSync(dirname(join(dataDir, rawFile)), { recursive: true });
    copyFileSync(args.summary, join(dataDir, rawFile));
  }
  if (catalog.changes.length > 0) writeFileSync(catalogPath, catalog.text);

  console.log(`import:mlperf: round ${round} from ${args.repo} @ ${args.commit}${args.copyOf ? ` (a copy of ${args.copyOf})` : ''}, retrieved ${args.retrieved}`);
  console.log(`wrote ${outPath}: ${rows.length} datacenter rows (${result.skipped} records of other suites skipped)`);
  console.log('rows per division, scenario and unit:');
  for (const line of countRows(rows)) console.log(`  ${line}`);
  const corrected = rows.filter((r) => r.unit_note !== '').length;
  if (corrected > 0) console.log(`rows with a unit_note (a unit corrected by ${UNIT_RULES_FILE} or converted by ${UNITS_FILE}): ${corrected}`);
  if (result.warnings.length > 0) console.log(`warnings: ${result.warnings.length} (printed above; the import went ahead)`);
  if (copyRaw) console.log(`copied the summary to ${join(dataDir, rawFile)}`);
  if (catalog.changes.length > 0) {
    console.log(`updated ${catalogPath}:`);
    for (const change of catalog.changes) console.log(`  ${change}`);
  } else {
    console.log(`${catalogPath} already lists ${outFile}, ${rawFile} and the round's repository`);
  }
  if (catalog.replacedFile && existsSync(join(dataDir, catalog.replacedFile))) {
    console.log(
      `note: ${catalog.replacedFile} is no longer the table's file; once every round has its file in mlperf-inference/, ` +
        'remove it (or catalogue it under raw:), since every file in data/ must be catalogued.',
    );
  }
  return 0;
}

process.exitCode = main();
