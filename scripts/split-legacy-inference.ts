// node scripts/split-legacy-inference.ts [--data-dir <dir>]
//
// Writes data/mlperf-inference/v3.1.csv and v4.0.csv from the research team's file, kept verbatim as
// data/raw/mlperf-inference.2026-11-23.csv. Those rounds come from MLCommons' CM aggregate, not from an
// official summary, so scripts/import-mlperf.ts cannot produce them. Rows keep every column of that file;
// accelerator_id comes from accelerator-names.csv; result_id, precision and power_w are empty (the aggregate
// does not give them). The v4.1 and v5.1 files come from the importer. Adds both files to catalog.yaml.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { scriptArgs } from './script-args.ts';
import { updateCatalog } from '../src/mlperf/import/catalog-update.ts';
import { parseCsv } from '../src/mlperf/import/import-csv.ts';
import { ImportError } from '../src/mlperf/import/import-error.ts';
import { ACCELERATOR_NAMES_FILE, loadAcceleratorNames } from '../src/mlperf/import/mapping-tables.ts';
import { INFERENCE_COLUMNS, sortRows, toCsv, type InferenceRow } from '../src/mlperf/import/round-file.ts';

const LEGACY_FILE = 'raw/mlperf-inference.2026-11-23.csv';
const LEGACY_ROUNDS = ['v3.1', 'v4.0'];
/** Columns the research file does not have; empty in the legacy rows. */
const NOT_IN_LEGACY = new Set(['accelerator_id', 'precision', 'power_w', 'result_id']);

function main(): number {
  const { values } = scriptArgs('split-legacy-inference', `node scripts/split-legacy-inference.ts [--data-dir <dir>]

Writes data/mlperf-inference/v3.1.csv and v4.0.csv from the research team's file (${LEGACY_FILE}), and adds both
files to catalog.yaml. --data-dir works on another copy of the data folder (default: data/ of this project).`, { options: { 'data-dir': { type: 'string' } } });
  const dataDir = resolve(values['data-dir'] ?? join(import.meta.dirname, '..', 'data'));
  try {
    return run(dataDir);
  } catch (error) {
    if (error instanceof ImportError) {
      console.error(`split-legacy-inference: ${error.message}\nNothing was written.`);
      return 1;
    }
    throw error;
  }
}

function run(dataDir: string): number {
  const legacyPath = join(dataDir, LEGACY_FILE);
  const namesPath = join(dataDir, ACCELERATOR_NAMES_FILE);
  const names = loadAcceleratorNames(readFileSync(namesPath, 'utf8'), namesPath);
  const [header, ...records] = parseCsv(readFileSync(legacyPath, 'utf8'), legacyPath);
  const expected = INFERENCE_COLUMNS.filter((c) => !NOT_IN_LEGACY.has(c));
  if (!header || header.join(',') !== expected.join(',')) {
    throw new ImportError(`${legacyPath}: expected the columns ${expected.join(',')}`);
  }

  const byRound = new Map<string, InferenceRow[]>(LEGACY_ROUNDS.map((r) => [r, []]));
  const unknown = new Map<string, number>();
  records.forEach((cells, i) => {
    if (cells.length !== header.length) throw new ImportError(`${legacyPath}: row ${i + 2} has ${cells.length} cells, not ${header.length}`);
    const row = {} as InferenceRow;
    for (const c of INFERENCE_COLUMNS) row[c] = '';
    header.forEach((c, j) => (row[c as keyof InferenceRow] = cells[j]!));
    const list = byRound.get(row.round);
    if (!list) return; // v4.1 and v5.1 come from the importer
    const mapped = names.get(row.accelerator);
    if (!mapped) unknown.set(row.accelerator, (unknown.get(row.accelerator) ?? 0) + 1);
    row.accelerator_id = mapped?.accelerator_id ?? '';
    list.push(row);
  });
  if (unknown.size > 0) {
    console.error(`split-legacy-inference: accelerator names not in ${namesPath}:`);
    for (const [name, n] of unknown) console.error(`  - ${JSON.stringify(name)}: ${n} rows`);
    console.error(`Nothing was written. Add each name to ${namesPath}, then run again.`);
    return 1;
  }

  const catalogPath = join(dataDir, 'catalog.yaml');
  let catalogText = readFileSync(catalogPath, 'utf8');
  const changes: string[] = [];
  for (const round of LEGACY_ROUNDS) {
    const update = updateCatalog(catalogText, { file: `mlperf-inference/${round}.csv` }, catalogPath);
    catalogText = update.text;
    changes.push(...update.changes);
  }
  mkdirSync(join(dataDir, 'mlperf-inference'), { recursive: true });
  for (const [round, rows] of byRound) {
    const out = join(dataDir, 'mlperf-inference', `${round}.csv`);
    writeFileSync(out, toCsv(sortRows(rows)));
    console.log(`wrote ${out}: ${rows.length} rows`);
  }
  if (changes.length > 0) {
    writeFileSync(catalogPath, catalogText);
    console.log(`updated ${catalogPath}:`);
    for (const change of changes) console.log(`  ${change}`);
  }
  return 0;
}

process.exitCode = main();
