/**
 * MLPerf Training results that repeat an earlier round's result (issue #13, item 5), on the real data/ with the
 * real engine: data/mlperf-training-repeats.csv is exactly what scripts/mark-training-repeats.ts makes of
 * data/mlperf-training.csv; every mark names one row and an earlier row with the same runs; the table articles
 * query, mlperf_training, has none of the repeats; mlperf_training_with_repeats shows them with their marks.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTrainingRepeats, REPEATS_FILE, TRAINING_FILE, trainingRepeatsCsv } from '../scripts/mark-training-repeats.ts';
import { findTable, loadCatalog } from '../src/core/data/catalog.ts';
import { createQueryEngine, type QueryEngine } from '../src/core/sql/query-engine.ts';
import { fence, renderBody, ROOT } from './helpers.ts';
import { mlperfContent } from '../src/mlperf/content.ts';

const DATA = join(ROOT, 'data');
const SCRIPT = join(ROOT, 'scripts/mark-training-repeats.ts');

let engine: QueryEngine;
beforeAll(async () => {
  engine = await createQueryEngine({ catalog: loadCatalog(DATA, mlperfContent) });
}, 60_000);
afterAll(() => engine.close());

const rows = async (sql: string) => (await engine.query(sql)).rows;
const one = async (sql: string) => (await rows(sql))[0]!;
/** A repeat and the row it repeats, from the raw table. */
const PAIRS = `
  FROM mlperf_training_repeats m
  JOIN mlperf_training_all r ON r.round = m.round AND r.results_path = m.results_path
  JOIN mlperf_training_all e ON e.round = m.repeats_round AND e.results_path = m.repeats_results_path`;
/** Rounds by their numbers, as the rule compares them. */
const roundNumber = (column: string) => `CAST(string_split(substr(${column}, 2), '.') AS INTEGER[])`;

describe('the marks file', () => {
  it('is exactly what scripts/mark-training-repeats.ts makes of mlperf-training.csv', async () => {
    const expected = await trainingRepeatsCsv(join(DATA, TRAINING_FILE));
    expect(readFileSync(join(DATA, REPEATS_FILE), 'utf8')).toBe(expected);
    // Twice the same bytes.
    expect(await trainingRepeatsCsv(join(DATA, TRAINING_FILE))).toBe(expected);
  });

  it('is checked by the script itself (--check), which also answers --help', () => {
    const check = spawnSync(process.execPath, [SCRIPT, '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    expect(check.stdout).toContain('up to date (89 repeats)');
    const help = spawnSync(process.execPath, [SCRIPT, '--help'], { cwd: ROOT, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('usage: node scripts/mark-training-repeats.ts');
  });

  it('--check fails on a marks file that differs, and names the fix', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-repeats-'));
    writeFileSync(join(dir, TRAINING_FILE), readFileSync(join(DATA, TRAINING_FILE)));
    const marks = readFileSync(join(DATA, REPEATS_FILE), 'utf8').split('\n');
    writeFileSync(join(dir, REPEATS_FILE), [...marks.slice(0, 1), ...marks.slice(2)].join('\n'));
    const check = spawnSync(process.execPath, [SCRIPT, '--check', '--data-dir', dir], { cwd: ROOT, encoding: 'utf8' });
    expect(check.status).toBe(1);
    expect(check.stderr).toContain('run node scripts/mark-training-repeats.ts');
  });
});

describe('which rows are repeats', () => {
  it('88 closed rows and 1 open row repeat an earlier round\'s result, each mark naming exactly one row', async () => {
    expect(await rows(`SELECT r.division, count(*) AS n FROM mlperf_training_repeats m JOIN mlperf_training_all r USING (round, results_path) GROUP BY ALL ORDER BY 1`)).toEqual([
      { division: 'closed', n: 88 },
      { division: 'open', n: 1 },
    ]);
    expect(await one('SELECT count(*) AS n, count(DISTINCT (round, results_path)) AS keys FROM mlperf_training_repeats')).toEqual({ n: 89, keys: 89 });
    expect(await one('SELECT count(*) AS n, count(DISTINCT (round, results_path)) AS keys FROM mlperf_training_all')).toEqual({ n: 1171, keys: 1171 });
    // The single repeat the catalog used to name by hand is one of them.
    expect(await rows("SELECT repeats_round, repeats_results_path FROM mlperf_training_repeats WHERE round = 'v4.1' AND results_path = 'NVIDIA/results/eos-dfw_n1452_ngc24.04_nemo/gpt3/'")).toEqual([
      { repeats_round: 'v4.0', repeats_results_path: 'NVIDIA/results/eos-dfw_n1452_ngc24.04_nemo/gpt3/' },
    ]);
  });

  it('every earlier result exists, is of an earlier round and the same division, and has identical run times', async () => {
    const pairs = await one(`SELECT count(*) AS n,
        count(*) FILTER (WHERE ${roundNumber('e.round')} < ${roundNumber('r.round')}) AS earlier,
        count(*) FILTER (WHERE e.division = r.division) AS same_division,
        count(*) FILTER (WHERE e.olympic_mean_min_unscaled = r.olympic_mean_min_unscaled AND e.fastest_run_min = r.fastest_run_min AND e.slowest_run_min = r.slowest_run_min) AS same_times,
        count(*) FILTER (WHERE e.source_commit = m.repeats_source_commit) AS same_commit,
        count(*) FILTER (WHERE (e.system_id = r.system_id AND e.benchmark = r.benchmark) = m.same_system_and_benchmark) AS flag_right,
        count(*) FILTER (WHERE e.accelerator = r.accelerator AND e.total_accelerators = r.total_accelerators) AS same_hardware,
        count(*) FILTER (WHERE e.time_to_train_min <> r.time_to_train_min) AS other_score,
        min(r.runs_found) AS fewest_runs, max(r.runs_found) AS most_runs
      ${PAIRS}`);
    expect(pairs).toEqual({ n: 89, earlier: 89, same_division: 89, same_times: 89, same_commit: 89, flag_right: 89, same_hardware: 89, other_score: 7, fewest_runs: 3, most_runs: 40 });
    // The earlier result is the earliest: no row of a still earlier round has the same runs, so it is no repeat itself.
    expect(await one(`SELECT count(*) AS n ${PAIRS} JOIN mlperf_training_all x ON x.division = e.division AND ${roundNumber('x.round')} < ${roundNumber('e.round')}
        AND x.olympic_mean_min_unscaled = e.olympic_mean_min_unscaled AND x.fastest_run_min = e.fastest_run_min AND x.slowest_run_min = e.slowest_run_min`)).toEqual({ n: 0 });
    expect(await one('SELECT count(*) AS n FROM mlperf_training_repeats m JOIN mlperf_training_repeats e ON e.round = m.repeats_round AND e.results_path = m.repeats_results_path')).toEqual({ n: 0 });
    // No repeat has two candidates in its earliest round (the catalog says the tie-break is unused).
    expect(await one(`SELECT count(*) AS n, count(DISTINCT (m.round, m.results_path)) AS repeats ${PAIRS} JOIN mlperf_training_all x ON x.round = e.round AND x.division = r.division
        AND x.olympic_mean_min_unscaled = r.olympic_mean_min_unscaled AND x.fastest_run_min = r.fastest_run_min AND x.slowest_run_min = r.slowest_run_min`)).toEqual({ n: 89, repeats: 89 });
  });

  it('no row left in mlperf_training has the same runs as a row of an earlier round (the rule, checked independently)', async () => {
    expect(await one(`SELECT count(*) AS n FROM mlperf_training r JOIN mlperf_training_all e ON e.division = r.division AND ${roundNumber('e.round')} < ${roundNumber('r.round')}
        AND e.olympic_mean_min_unscaled = r.olympic_mean_min_unscaled AND e.fastest_run_min = r.fastest_run_min AND e.slowest_run_min = r.slowest_run_min`)).toEqual({ n: 0 });
    // Within one round, one pair of rows has the same runs (a catalogued caveat): not a repeat of an earlier round.
    expect(await rows(`SELECT a.round, a.results_path AS first, b.results_path AS second FROM mlperf_training a JOIN mlperf_training b
        ON a.round = b.round AND a.results_path < b.results_path AND a.division = b.division
        AND a.olympic_mean_min_unscaled = b.olympic_mean_min_unscaled AND a.fastest_run_min = b.fastest_run_min AND a.slowest_run_min = b.slowest_run_min`)).toEqual([
      { round: 'v4.1', first: 'Dell/results/8xXE9680x8H100-SXM-80GB-POWER/llama2_70b_lora/', second: 'Dell/results/8xXE9680x8H100-SXM-80GB/llama2_70b_lora/' },
    ]);
  });

  it('with the narrower rule of issue #13 (same system_id and benchmark too): 69 closed rows, in 77 pairs with an earlier row', async () => {
    const narrow = `FROM mlperf_training_all r JOIN mlperf_training_all e ON e.system_id = r.system_id AND e.benchmark = r.benchmark AND e.division = r.division
        AND ${roundNumber('e.round')} < ${roundNumber('r.round')}
        AND e.olympic_mean_min_unscaled = r.olympic_mean_min_unscaled AND e.fastest_run_min = r.fastest_run_min AND e.slowest_run_min = r.slowest_run_min`;
    expect(await rows(`SELECT r.division, count(DISTINCT (r.round, r.results_path)) AS repeats, count(*) AS pairs ${narrow} GROUP BY ALL ORDER BY 1`)).toEqual([
      { division: 'closed', repeats: 69, pairs: 77 },
      { division: 'open', repeats: 1, pairs: 1 },
    ]);
    // Every one of them is marked by the rule, which marks 19 closed rows more; 23 marks' earliest result is under another name.
    expect(await one(`SELECT count(*) AS n FROM (SELECT DISTINCT r.round, r.results_path ${narrow}) x ANTI JOIN mlperf_training_repeats m USING (round, results_path)`)).toEqual({ n: 0 });
    expect(await one(`SELECT count(*) AS n FROM mlperf_training_repeats m JOIN mlperf_training_all r USING (round, results_path) WHERE r.division = 'closed' AND (m.round, m.results_path) NOT IN (SELECT DISTINCT (r.round, r.results_path) ${narrow})`)).toEqual({ n: 19 });
    expect(await rows('SELECT same_system_and_benchmark AS same, count(*) AS n FROM mlperf_training_repeats GROUP BY ALL ORDER BY 1')).toEqual([
      { same: false, n: 23 },
      { same: true, n: 66 },
    ]);
  });
});

describe('the default table, mlperf_training', () => {
  it('has every row of the file except the repeats', async () => {
    expect(await one('SELECT count(*) AS n FROM mlperf_training')).toEqual({ n: 1171 - 89 });
    expect(await one('SELECT count(*) AS n FROM mlperf_training t JOIN mlperf_training_repeats m USING (round, results_path)')).toEqual({ n: 0 });
    expect(await one('SELECT count(*) AS n FROM mlperf_training_all t ANTI JOIN mlperf_training_repeats m USING (round, results_path) ANTI JOIN mlperf_training d USING (round, results_path)')).toEqual({ n: 0 });
    // Rows keep the raw table's columns and values.
    const raw = await one("SELECT time_to_train_min, total_accelerators, source_commit FROM mlperf_training_all WHERE round = 'v4.0' AND results_path = 'NVIDIA/results/eos-dfw_n1452_ngc24.04_nemo/gpt3/'");
    expect(await one("SELECT time_to_train_min, total_accelerators, source_commit FROM mlperf_training WHERE round = 'v4.0' AND results_path = 'NVIDIA/results/eos-dfw_n1452_ngc24.04_nemo/gpt3/'")).toEqual(raw);
  });

  it('is a catalogued view over the file and the marks, with the rule and without the hand-written caveat', () => {
    const view = findTable(engine.catalog, 'mlperf_training')!;
    expect(view.view!.reads).toEqual(['mlperf_training_all', 'mlperf_training_repeats', 'mlperf_training_availability']);
    expect(view.source.publisher).toBe('MLCommons');
    expect(view.citation).toMatchObject({ formatter: 'mlperf' });
    expect(view.citation?.config).toMatchObject({ suite: 'MLPerf Training', verified: false });
    expect(view.extraction).toContain('olympic_mean_min_unscaled, fastest_run_min and slowest_run_min');
    const marks = findTable(engine.catalog, 'mlperf_training_repeats')!;
    expect(marks.files).toEqual([REPEATS_FILE]);
    expect(marks.extraction).toContain('scripts/mark-training-repeats.ts');
    expect(marks.columns.map((c) => `${c.name} ${c.type}`)).toEqual([
      'round VARCHAR', 'results_path VARCHAR', 'repeats_round VARCHAR', 'repeats_results_path VARCHAR', 'repeats_source_commit VARCHAR', 'same_system_and_benchmark BOOLEAN',
    ]);
    for (const name of ['mlperf_training', 'mlperf_training_all', 'mlperf_training_with_repeats']) {
      expect(findTable(engine.catalog, name)!.caveats.join('\n')).not.toMatch(/eos-dfw_n1452_ngc24\.04 gpt3 result, identical/);
    }
  });

  it('a figure over it cites the rows of data/mlperf-training.csv it shows, and the repeat is not among them', async () => {
    const body = [
      fence('sql gpt3', "SELECT round, system_id, total_accelerators, time_to_train_min\nFROM mlperf_training\nWHERE benchmark = 'gpt3' AND system_id = 'eos-dfw_n1452_ngc24.04_nemo'\nORDER BY round"),
      fence('table gpt3', ''),
    ].join('\n\n');
    const { html } = await renderBody(engine, body);
    const doc = parseHTML(`<body>${html}</body>`).document;
    expect([...doc.querySelectorAll('tbody tr td:first-child')].map((td) => td.textContent)).toEqual(['v4.0']);
    const sources = doc.querySelector('.bw-sources')!.textContent!;
    expect(sources).toContain('(table mlperf_training_all; data/mlperf-training.csv), 1 row read');
    expect(sources).toContain('MLPerf Training v4.0, closed division, available category: 1 result, retrieved 2026-11-23. Result not verified by MLCommons Association.');
    expect(sources).not.toContain('v4.1');
  });
});

describe('mlperf_training_with_repeats', () => {
  it('has every row, the repeats with the earlier result each repeats', async () => {
    expect(await one('SELECT count(*) AS n, count(repeats_round) AS repeats FROM mlperf_training_with_repeats')).toEqual({ n: 1171, repeats: 89 });
    expect(await rows("SELECT round, repeats_round, repeats_results_path, same_system_and_benchmark FROM mlperf_training_with_repeats WHERE results_path = 'NVIDIA/results/eos_n8_ngc23.04_pytorch/bert/' ORDER BY round")).toEqual(
      ['v3.1', 'v4.0', 'v4.1'].map((round) => ({ round, repeats_round: 'v3.0', repeats_results_path: 'NVIDIA/results/dgxh100_n8_ngc23.04_pytorch/bert/', same_system_and_benchmark: false })),
    );
    expect(await one('SELECT count(*) AS n FROM mlperf_training_with_repeats w ANTI JOIN mlperf_training d USING (round, results_path) WHERE w.repeats_round IS NULL')).toEqual({ n: 0 });
  });
});

describe('the rule on small made-up files', () => {
  const HEADER = 'round,division,system_id,benchmark,olympic_mean_min_unscaled,fastest_run_min,slowest_run_min,source_commit,results_path';
  const marks = async (...lines: string[]) => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-repeats-'));
    writeFileSync(join(dir, TRAINING_FILE), [HEADER, ...lines].join('\n') + '\n');
    return (await findTrainingRepeats(join(dir, TRAINING_FILE))).map((r) => `${r.round} ${r.results_path} -> ${r.repeats_round} ${r.repeats_results_path} ${r.same_system_and_benchmark}`);
  };

  it('marks later rounds only, against the earliest (rounds by number), never across divisions or on empty times', async () => {
    expect(await marks(
      'v10.0,closed,s,b,1.5,1.0,2.0,c10,A/results/s/b/',
      'v9.0,closed,s,b,1.5,1.0,2.0,c9,A/results/s/b/',
      'v4.0,closed,t,b,1.5,1.0,2.0,c4,A/results/t/b/',
      'v5.0,open,s,b,1.5,1.0,2.0,c5,A/results/s-open/b/',
      'v5.0,closed,s,b,1.5,1.0,2.5,c5,A/results/s/b/',
      'v6.0,closed,s,b,,,,c6,A/results/s/b/',
      'v7.0,closed,s,b,,,,c7,A/results/s/b/',
    )).toEqual([
      'v9.0 A/results/s/b/ -> v4.0 A/results/t/b/ false',
      'v10.0 A/results/s/b/ -> v4.0 A/results/t/b/ false',
    ]);
  });

  it('refuses a file whose (round, results_path) is not unique, or whose rounds it cannot order', async () => {
    await expect(marks('v4.0,closed,s,b,1,1,1,c,A/', 'v4.0,closed,s,b,2,2,2,c,A/')).rejects.toThrow('(round, results_path) is not unique: v4.0 A/');
    await expect(marks('4.0,closed,s,b,1,1,1,c,A/')).rejects.toThrow('rounds must look like v4.1; found "4.0"');
  });
});

describe('pins of a version that reads the default view', () => {
  it('name the marks file too: it decides which rows are left out, though none of its rows reaches a result', async () => {
    const { renderArticle } = await import('../src/core/article/article.ts');
    const { filesRead } = await import('../src/core/versions/pins.ts');
    const source = ['---', 'title: T', 'version: 1', 'published: 2026-12-03', 'summary: S.', 'authors: [A]', '---', '',
      '```sql best', "SELECT benchmark, min(time_to_train_min) AS best FROM mlperf_training WHERE division = 'closed' GROUP BY benchmark ORDER BY benchmark", '```', '',
      '```table best', '```', ''].join('\n');
    const article = await renderArticle({ path: join(ROOT, 'content/reports/test-article/v1.md'), source, engine, root: ROOT });
    // The view joins each row's availability category (mlperf-training-availability.csv), so those rows are read too.
    expect(article.data.queries[0]!.files).toEqual(['mlperf-training.csv', 'mlperf-training-availability.csv']);
    expect(filesRead(article.data.queries, engine.catalog)).toEqual(['mlperf-training-availability.csv', 'mlperf-training-repeats.csv', 'mlperf-training.csv']);
  });
});
