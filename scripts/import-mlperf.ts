// npm run import:mlperf -- <summary_results.json> --repo <owner/name> --commit <sha> --retrieved <YYYY-MM-DD>
//   [--round vX.Y] [--data-dir <dir>]
//
// Imports MLCommons' official MLPerf Inference results summary of one round into data/: writes
// mlperf-inference/<round>.csv (datacenter rows), and adds that file and the summary (as a raw source) to
// catalog.yaml. Accelerator names must be in accelerator-names.csv and units known or corrected by
// mlperf-unit-rules.csv: anything unknown is listed and nothing is written (exit code 1).
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import {
  ACCELERATOR_NAMES_FILE,
  countRows,
  ImportError,
  importSummary,
  INFERENCE_TABLE,
  loadAcceleratorNames,
  loadUnitRules,
  SUMMARY_SOURCE_PATH,
  toCsv,
  UNIT_RULES_FILE,
  updateCatalog,
} from '../src/lib/mlperf-import.ts';

const USAGE =
  'usage: npm run import:mlperf -- <summary_results.json> --repo <owner/name> --commit <sha> --retrieved <YYYY-MM-DD> [--round vX.Y] [--data-dir <dir>]';

class UsageError extends Error {}

function main(): number {
  let args;
  try {
    args = parseArguments(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(error as Error).message}\n${USAGE}`);
      return 2;
    }
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
  round?: string;
  dataDir: string;
}

function parseArguments(argv: string[]): Args {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      repo: { type: 'string' },
      commit: { type: 'string' },
      retrieved: { type: 'string' },
      round: { type: 'string' },
      'data-dir': { type: 'string' },
    },
  });
  if (positionals.length !== 1) throw new UsageError('give exactly one summary_results.json');
  const { repo, commit, retrieved, round } = values;
  if (!repo) throw new UsageError('--repo is required (e.g. mlcommons/inference_results_v5.1)');
  if (!commit) throw new UsageError('--commit is required (the full commit hash the summary was read at)');
  if (!retrieved) throw new UsageError('--retrieved is required (the date the summary was read, YYYY-MM-DD)');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(retrieved) || Number.isNaN(Date.parse(`${retrieved}T00:00:00Z`)) || new Date(`${retrieved}T00:00:00Z`).toISOString().slice(0, 10) !== retrieved) {
    throw new UsageError(`--retrieved "${retrieved}" is not a date YYYY-MM-DD`);
  }
  return {
    summary: resolve(positionals[0]!),
    repo,
    commit,
    retrieved,
    ...(round ? { round } : {}),
    dataDir: resolve(values['data-dir'] ?? join(import.meta.dirname, '..', 'data')),
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
  let records: unknown;
  try {
    records = JSON.parse(readText(args.summary, 'the summary'));
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError(`${args.summary} is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(records)) throw new ImportError(`${args.summary}: expected a JSON array of result records`);
  const namesPath = join(dataDir, ACCELERATOR_NAMES_FILE);
  const rulesPath = join(dataDir, UNIT_RULES_FILE);
  const names = loadAcceleratorNames(readText(namesPath, 'the accelerator mapping table'), namesPath);
  const unitRules = loadUnitRules(readText(rulesPath, 'the unit rule table'), rulesPath);

  const result = importSummary(records, {
    ...(args.round ? { round: args.round } : {}),
    repo: args.repo,
    commit: args.commit,
    sourcePath: args.summary,
    names,
    unitRules,
  });
  if (result.problems.length > 0) {
    console.error(`import:mlperf: ${args.summary} (round ${result.round}) cannot be imported:\n`);
    for (const p of result.problems) console.error(`  - ${p}`);
    console.error(
      `\nNothing was written. Unknown accelerator names are never guessed: add each to ${namesPath} ` +
        `(name as published, its accelerator_id, spec_name, note), and each unknown unit to ${rulesPath}, then run again.`,
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
  const catalog = updateCatalog(
    readText(catalogPath, 'the data catalog'),
    {
      file: outFile,
      raw: {
        file: rawFile,
        description:
          `MLCommons' official MLPerf Inference ${round} results summary, as published: a JSON array with one object per result ` +
          `(${records.length}, datacenter and edge), with measured system power for the ${powered} results with has_power true. ` +
          `Source of the ${round} rows of ${INFERENCE_TABLE} (scripts/import-mlperf.ts).`,
        repo: args.repo,
        commit: args.commit,
        path: SUMMARY_SOURCE_PATH,
        retrieved: args.retrieved,
      },
      repository: { repo: args.repo, commit: args.commit, path: SUMMARY_SOURCE_PATH, rounds: [round] },
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

  console.log(`import:mlperf: round ${round} from ${args.repo} @ ${args.commit}`);
  console.log(`wrote ${outPath}: ${rows.length} datacenter rows (${result.skipped} records of other suites skipped)`);
  console.log('rows per division, scenario and unit:');
  for (const line of countRows(rows)) console.log(`  ${line}`);
  const corrected = rows.filter((r) => r.unit_note !== '').length;
  if (corrected > 0) console.log(`unit corrected by ${UNIT_RULES_FILE}: ${corrected} rows`);
  if (copyRaw) console.log(`copied the summary to ${join(dataDir, rawFile)}`);
  if (catalog.changes.length > 0) {
    console.log(`updated ${catalogPath}:`);
    for (const change of catalog.changes) console.log(`  ${change}`);
  } else {
    console.log(`${catalogPath} already lists ${outFile} and ${rawFile}`);
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
