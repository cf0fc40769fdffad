// node scripts/mark-training-repeats.ts [--data-dir <dir>] [--check] [--help]
//
// Writes data/mlperf-training-repeats.csv: the rows of data/mlperf-training.csv (the research team's file,
// left unchanged) that repeat an earlier round's result, each with the earlier result it repeats. MLCommons'
// training results repositories sometimes carry a result of an earlier round again (the same result logs,
// under the same or a renamed system folder); the table mlperf_training leaves these rows out.
//
// The rule (REPEAT_RULE, the same words as data/catalog.yaml): a row is a repeat when a row of an earlier round
// has the same division and the same olympic_mean_min_unscaled, fastest_run_min and slowest_run_min, all
// three non-empty. It repeats the matching row of the earliest such round (the first by results_path if that
// round has several). Rounds are compared by their numbers (v3.1 < v4.0 < v10.0). Rows are keyed by
// (round, results_path), which is unique in the file; the output is sorted by round, then results_path, so
// running the script twice writes the same bytes.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { scriptArgs } from './script-args.ts';

export const TRAINING_FILE = 'mlperf-training.csv';
export const REPEATS_FILE = 'mlperf-training-repeats.csv';
export const REPEATS_COLUMNS = ['round', 'results_path', 'repeats_round', 'repeats_results_path', 'repeats_source_commit', 'same_system_and_benchmark'] as const;

export type RepeatRow = Record<(typeof REPEATS_COLUMNS)[number], string>;

const USAGE = `usage: node scripts/mark-training-repeats.ts [--data-dir <dir>] [--check]

Writes <data-dir>/${REPEATS_FILE} (default data-dir: data/ of this project) from <data-dir>/${TRAINING_FILE}:
one row per training result that repeats an earlier round's result, with the earlier result it repeats.
  --check   write nothing; exit 1 when the file differs from what the script would write
  --help    this text`;

/** Thrown for data the rule cannot be applied to; the script prints the message and writes nothing. */
export class RepeatsError extends Error {}

/** The repeats of a training results CSV, as RepeatRow objects in output order. */
export async function findTrainingRepeats(trainingCsv: string): Promise<RepeatRow[]> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  try {
    await connection.run(`CREATE TABLE t AS SELECT * FROM read_csv(${sqlString(trainingCsv)}, header = true, all_varchar = true)`);
    const badRounds = (await connection.runAndReadAll(`SELECT DISTINCT round FROM t WHERE round IS NULL OR NOT regexp_full_match(round, 'v[0-9]+(\\.[0-9]+)+') ORDER BY ALL`)).getRowsJS();
    if (badRounds.length > 0) throw new RepeatsError(`${trainingCsv}: rounds must look like v4.1; found ${badRounds.map((r) => JSON.stringify(r[0])).join(', ')}`);
    const duplicateKeys = (await connection.runAndReadAll('SELECT round, results_path FROM t GROUP BY ALL HAVING count(*) > 1 ORDER BY ALL')).getRowsJS();
    if (duplicateKeys.length > 0) throw new RepeatsError(`${trainingCsv}: (round, results_path) is not unique: ${duplicateKeys.map((r) => r.join(' ')).join(', ')}`);
    const reader = await connection.runAndReadAll(REPEATS_SQL);
    return reader.getRowObjectsJS().map((r) => Object.fromEntries(REPEATS_COLUMNS.map((c) => [c, String(r[c])])) as RepeatRow);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The content of data/mlperf-training-repeats.csv for a training results CSV. */
export async function trainingRepeatsCsv(trainingCsv: string): Promise<string> {
  const rows = await findTrainingRepeats(trainingCsv);
  return [REPEATS_COLUMNS.join(','), ...rows.map((r) => REPEATS_COLUMNS.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n';
}

/** The rule, in SQL over the training file loaded as table t (every column text, empty cells NULL). */
const REPEATS_SQL = `
WITH rows AS (
  SELECT round, results_path, source_commit, division, system_id, benchmark,
         CAST(string_split(substr(round, 2), '.') AS INTEGER[]) AS round_number,
         CAST(olympic_mean_min_unscaled AS DOUBLE) AS olympic_mean,
         CAST(fastest_run_min AS DOUBLE) AS fastest,
         CAST(slowest_run_min AS DOUBLE) AS slowest
  FROM t
),
matches AS (
  SELECT later.round, later.results_path, later.round_number,
         earlier.round AS repeats_round, earlier.results_path AS repeats_results_path,
         earlier.source_commit AS repeats_source_commit,
         later.system_id = earlier.system_id AND later.benchmark = earlier.benchmark AS same_system_and_benchmark,
         row_number() OVER (PARTITION BY later.round, later.results_path ORDER BY earlier.round_number, earlier.results_path) AS rank
  FROM rows later
  JOIN rows earlier
    ON earlier.round_number < later.round_number
   AND earlier.division = later.division
   AND earlier.olympic_mean = later.olympic_mean
   AND earlier.fastest = later.fastest
   AND earlier.slowest = later.slowest
)
SELECT round, results_path, repeats_round, repeats_results_path, repeats_source_commit, same_system_and_benchmark
FROM matches
WHERE rank = 1
ORDER BY round_number, results_path`;

function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** One RFC 4180 cell, quoted only when needed. */
function csvCell(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

async function main(): Promise<number> {
  const { values } = scriptArgs('mark-training-repeats', USAGE, { options: { 'data-dir': { type: 'string' }, check: { type: 'boolean' } } });
  const dataDir = resolve(values['data-dir'] ?? join(import.meta.dirname, '..', 'data'));
  const out = join(dataDir, REPEATS_FILE);
  let text: string;
  try {
    text = await trainingRepeatsCsv(join(dataDir, TRAINING_FILE));
  } catch (error) {
    if (error instanceof RepeatsError) {
      console.error(`mark-training-repeats: ${error.message}\nNothing was written.`);
      return 1;
    }
    throw error;
  }
  const rows = text.split('\n').length - 2;
  if (values.check) {
    let current = '';
    try {
      current = readFileSync(out, 'utf8');
    } catch {
      // a missing file differs
    }
    if (current !== text) {
      console.error(`${out} is not what the rule gives (${rows} repeats); run node scripts/mark-training-repeats.ts`);
      return 1;
    }
    console.log(`${out}: up to date (${rows} repeats)`);
    return 0;
  }
  writeFileSync(out, text);
  console.log(`wrote ${out}: ${rows} repeats`);
  return 0;
}

if (import.meta.main) process.exitCode = await main();
