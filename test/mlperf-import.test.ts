/**
 * The MLPerf Inference importer (src/mlperf/import/, scripts/import-mlperf.ts) on the real raw
 * summaries and the real mapping, unit and rule tables: it reproduces the research team's v4.1/v5.1 rows, writes
 * byte-identical files when run again, refuses unknown names and units without writing anything, applies
 * the documented unit corrections and the units table's rescales, proposes rows for unknown names, refuses
 * placeholder and unrecorded commits, records each round's repository in the catalog, and warns about
 * accelerator counts the source contradicts (v6.0).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { updateCatalog } from '../src/mlperf/import/catalog-update.ts';
import { checkCommit, isPlaceholderCommit } from '../src/mlperf/import/commit-check.ts';
import { parseCsv } from '../src/mlperf/import/import-csv.ts';
import { acceleratorNamesCsv, loadAcceleratorNames, loadSpecNames, loadUnitRules, loadUnits, powerOfTen, shiftDecimal, targetUnits, UNITS } from '../src/mlperf/import/mapping-tables.ts';
import { proposeAcceleratorNames } from '../src/mlperf/import/name-proposals.ts';
import { INFERENCE_COLUMNS, toCsv, type InferenceRow } from '../src/mlperf/import/round-file.ts';
import { importSummary, namedAcceleratorCounts } from '../src/mlperf/import/summary-import.ts';
import { ROOT } from './helpers.ts';

const DATA = join(ROOT, 'data');
const LEGACY = join(DATA, 'raw/mlperf-inference.2026-11-23.csv');
const SUMMARIES = {
  'v4.1': { file: 'raw/inference_results_v4.1.summary_results.json', repo: 'mlcommons/inference_results_v4.1', commit: '4a0c87411066bd697db46fa44cf6f04fd458f627' },
  'v5.1': { file: 'raw/inference_results_v5.1.summary_results.json', repo: 'mlcommons/inference_results_v5.1', commit: '965182b03376a00fcae415c54e560e1c83937932' },
} as const;
type Round = keyof typeof SUMMARIES;

/**
 * The data as it was before v6.0 was imported (it now is): the v6.0 tests import into this state. Its names are
 * those of accelerator-names.csv less the ones only v6.0 rows use; its catalog lacks the lines the import added.
 */
const roundNames = (round: string) => new Set(readCsvObjects(readFileSync(join(DATA, `mlperf-inference/${round}.csv`), 'utf8'), round).map((r) => r['accelerator']!));
const V60_ONLY_NAMES = (() => {
  const earlier = new Set(['v3.1', 'v4.0', 'v4.1', 'v5.1'].flatMap((r) => [...roundNames(r)]));
  return new Set([...roundNames('v6.0')].filter((n) => !earlier.has(n)));
})();
// The import added the file and two repository lines: mlperf_inference's (with its files) and accelerator_names' (the
// first other line of that repository; mlperf_units lists it by hand further down).
const catalogBeforeV60 = (text: string) =>
  text
    .replace('      - mlperf-inference/v6.0.csv\n', '')
    .replace(/^        - \{ repo: gbeezybez\/inference_results_v6\.0, .*files: \[mlperf-inference\/v6\.0\.csv\].*\n/m, '')
    .replace(/^        - \{ repo: gbeezybez\/inference_results_v6\.0, .*\n/m, '');
const names = new Map([...loadAcceleratorNames(readFileSync(join(DATA, 'accelerator-names.csv'), 'utf8'))].filter(([name]) => !V60_ONLY_NAMES.has(name)));
const units = loadUnits(readFileSync(join(DATA, 'mlperf-units.csv'), 'utf8'));
const unitRules = loadUnitRules(readFileSync(join(DATA, 'mlperf-unit-rules.csv'), 'utf8'), 'mlperf-unit-rules.csv', targetUnits(units));
const readRecords = (round: Round): Record<string, unknown>[] => JSON.parse(readFileSync(join(DATA, SUMMARIES[round].file), 'utf8'));

function importRound(round: Round, records: unknown[] = readRecords(round)) {
  const s = SUMMARIES[round];
  return importSummary(records, { round, repo: s.repo, commit: s.commit, sourcePath: s.file, names, units, unitRules });
}

/** Round v6.0 (SOURCES.md, "Round v6.0"): read from a public fork carrying MLCommons' official summary. */
const V60 = {
  file: 'raw/inference_results_v6.0.summary_results.json',
  repo: 'gbeezybez/inference_results_v6.0',
  commit: 'ab33b2144a9f822f69d24f78569f993d195ee7e5',
  copyOf: 'mlcommons/inference_results_v6.0',
  retrieved: '2026-12-03',
} as const;
const readV60 = (): Record<string, unknown>[] => JSON.parse(readFileSync(join(DATA, V60.file), 'utf8'));
const importV60 = (records: unknown[] = readV60(), over: Partial<Parameters<typeof importSummary>[1]> = {}) =>
  importSummary(records, { round: 'v6.0', repo: V60.repo, commit: V60.commit, sourcePath: V60.file, names, units, unitRules, ...over });
const v60Args = (dataDir: string, extra: string[] = []) => [
  join(dataDir, V60.file),
  '--repo',
  V60.repo,
  '--commit',
  V60.commit,
  '--retrieved',
  V60.retrieved,
  '--copy-of',
  V60.copyOf,
  '--data-dir',
  dataDir,
  ...extra,
];

function readCsvObjects(text: string, file: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text, file);
  return rows.map((cells) => Object.fromEntries(header!.map((c, i) => [c, cells[i]!])));
}

const legacyRows = readCsvObjects(readFileSync(LEGACY, 'utf8'), LEGACY);

/** Every file under dir with its content, to show that a failed run wrote nothing. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.set(relative(dir, full), readFileSync(full).toString('base64'));
    }
  };
  walk(dir);
  return out;
}

/** A copy of data/ as it was before v6.0 was imported. */
function copyData(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bw-mlperf-'));
  cpSync(DATA, dir, { recursive: true });
  rmSync(join(dir, 'mlperf-inference/v6.0.csv'));
  writeFileSync(join(dir, 'catalog.yaml'), catalogBeforeV60(readFileSync(join(dir, 'catalog.yaml'), 'utf8')));
  writeFileSync(join(dir, 'accelerator-names.csv'), acceleratorNamesCsv([...names.values()]));
  return dir;
}

function runCli(args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/import-mlperf.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const cliArgs = (round: Round, dataDir: string, summary = join(dataDir, SUMMARIES[round].file)) => [
  summary,
  '--repo',
  SUMMARIES[round].repo,
  '--commit',
  SUMMARIES[round].commit,
  '--retrieved',
  '2026-11-23',
  '--data-dir',
  dataDir,
];

describe('importing the raw summaries', () => {
  for (const round of ['v4.1', 'v5.1'] as const) {
    it(`reproduces every ${round} datacenter row of the research file (result and unit per key)`, () => {
      const { rows, problems } = importRound(round);
      expect(problems).toEqual([]);
      const key = (r: Record<string, string>) => [r['round'], r['division'], r['submitter'], r['system_id'], r['model'], r['scenario']].join(' | ');
      const group = (list: Record<string, string>[]) => {
        const m = new Map<string, string[]>();
        for (const r of list) m.set(key(r), [...(m.get(key(r)) ?? []), `${r['result']} ${r['unit']}`].sort());
        return m;
      };
      const expected = group(legacyRows.filter((r) => r['round'] === round));
      const actual = group(rows as unknown as Record<string, string>[]);
      const mismatches: string[] = [];
      for (const [k, values] of expected) {
        const got = actual.get(k);
        if (!got) mismatches.push(`missing: ${k}`);
        else if (got.join(', ') !== values.join(', ')) mismatches.push(`${k}: expected ${values.join(', ')}, got ${got.join(', ')}`);
      }
      for (const k of actual.keys()) if (!expected.has(k)) mismatches.push(`not in the research file: ${k}`);
      expect(mismatches).toEqual([]);
      expect(rows.length).toBe(legacyRows.filter((r) => r['round'] === round).length);
    });
  }

  it('fills the new columns from the summary and keeps only the datacenter suite', () => {
    const records = readRecords('v5.1');
    const { rows, skipped } = importRound('v5.1', records);
    expect(rows.length + skipped).toBe(records.length);
    expect(rows.every((r) => r.suite.includes('datacenter') && r.result_id !== '' && r.accelerator_id !== '')).toBe(true);
    const powered = records.filter((r) => r['has_power'] === true && String(r['Suite']).includes('datacenter'));
    expect(rows.filter((r) => r.power_w !== '').length).toBe(powered.length);
    const first = rows.find((r) => r.result_id === '5.1-0001' && r.scenario === 'Offline' && r.model === 'llama2-70b-99')!;
    expect(first).toMatchObject({ accelerator_id: 'amd-instinct-mi300x-192gb', precision: 'fp8', total_accelerators: '8', source_path: 'summary_results.json' });
  });

  it('applies the documented unit corrections (v5.1 llama3.1-8b Interactive, v4.1 NeuralMagic Server)', () => {
    const v51 = readRecords('v5.1').filter((r) => r['Model'] === 'llama3.1-8b' && r['Scenario'] === 'Interactive' && r['Performance_Units'] === 'Queries/s');
    expect(v51.length).toBe(8);
    const rows = importRound('v5.1').rows.filter((r) => r.model === 'llama3.1-8b' && r.scenario === 'Interactive');
    for (const record of v51) {
      const row = rows.find((r) => r.result_id === record['ID'] && r.result_location === record['Location'])!;
      expect(row.unit).toBe('tokens/s');
      expect(row.unit_note).toMatch(/labels this Queries\/s.*tokens per second/);
      expect(row.result).toBe(String(record['Performance_Result']));
    }
    const neuralMagic = importRound('v4.1').rows.filter((r) => r.unit_note !== '');
    expect(neuralMagic.map((r) => [r.division, r.submitter, r.scenario, r.unit])).toEqual([
      ['open', 'NeuralMagic', 'Server', 'tokens/s'],
      ['open', 'NeuralMagic', 'Server', 'tokens/s'],
    ]);
  });

  it('reports an unknown accelerator name and an unknown unit, with counts and an example ID', () => {
    const records = readRecords('v5.1').filter((r) => r['Suite'] === 'datacenter').slice(0, 10);
    records[1]!['Accelerator'] = 'Imaginary X9';
    records[2]!['Accelerator'] = 'Imaginary X9';
    records[3]!['Performance_Units'] = 'Furlongs/s';
    // (Without the unit rules: a rule of v5.1 that matches none of these 10 records would be a third problem.)
    const { problems } = importSummary(records, { repo: 'a/b', commit: 'f'.repeat(40), sourcePath: 'x', names, units, unitRules: [] });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('unknown accelerator name "Imaginary X9": 2 records, e.g. ID ' + String(records[1]!['ID']));
    expect(problems[0]).toContain('data/accelerator-names.csv');
    expect(problems[1]).toContain('unknown unit "Furlongs/s": 1 record, e.g. ID ' + String(records[3]!['ID']));
  });

  it('refuses a summary of several rounds, a round other than the one asked for, and rules that clash or match nothing', () => {
    const records = readRecords('v5.1').slice(0, 3);
    expect(() => importRound('v4.1', records)).toThrow(/round v5\.1, not v4\.1/);
    expect(() => importRound('v5.1', [...records, { ...records[0], version: 'v5.0' }])).toThrow(/several rounds \(version: v5\.0, v5\.1\)/);
    const rule = (over: Partial<(typeof unitRules)[number]>) => ({ ...unitRules.find((r) => r.round === 'v5.1')!, ...over });
    const dc = readRecords('v5.1').filter((r) => r['Suite'] === 'datacenter');
    const clash = importSummary(dc, { repo: 'a/b', commit: 'f'.repeat(40), sourcePath: 'x', names, units, unitRules: [rule({ line: 2 }), rule({ line: 3, submitter: '' })] });
    expect(clash.problems.some((p) => p.includes('unit rules on lines 2, 3 of mlperf-unit-rules.csv all match'))).toBe(true);
    const unused = importSummary(dc, { repo: 'a/b', commit: 'f'.repeat(40), sourcePath: 'x', names, units, unitRules: [rule({ line: 7, model: 'no-such-model' })] });
    expect(unused.problems).toContain('the unit rule on line 7 of mlperf-unit-rules.csv (round v5.1) matches no record: check its keys, or remove it');
  });
});

describe('the mapping table', () => {
  it('covers every accelerator name of the research file, sorted, with kebab ids and real spec names', () => {
    const published = new Set(legacyRows.map((r) => r['accelerator']!));
    expect([...published].filter((n) => !names.has(n))).toEqual([]);
    const listed = [...names.keys()];
    expect(listed).toEqual([...listed].sort());
    const specs = new Set(readCsvObjects(readFileSync(join(DATA, 'accelerators.csv'), 'utf8'), 'accelerators.csv').map((r) => r['accelerator']));
    expect([...names.values()].filter((n) => n.spec_name !== '' && !specs.has(n.spec_name))).toEqual([]);
    expect(names.get('NVIDIA H100-SXM-80GB')!.accelerator_id).toBe(names.get('H100-SXM-80GB')!.accelerator_id);
    expect(names.get('AMD Instinct MI300X 192GB HBM3')!.accelerator_id).toBe(names.get('AMD MI300X-NPS1-SPX-192GB-750W')!.accelerator_id);
    expect(names.get('NVIDIA H100-PCIe-80GB')!.accelerator_id).not.toBe(names.get('NVIDIA H100-NVL-94GB')!.accelerator_id);
    expect(names.get('NVIDIA B200-SXM-180GB')!.accelerator_id).not.toBe(names.get('NVIDIA GB200')!.accelerator_id);
    expect(names.get('')!.accelerator_id).toBe('none');
  });

  it('rejects a name listed twice and an id that is not lower-case kebab', () => {
    const header = 'name,accelerator_id,spec_name,note\n';
    expect(() => loadAcceleratorNames(header + 'A,a,,\nA,a,,\n', 'n.csv')).toThrow(/n\.csv:3: the name "A" is listed twice/);
    expect(() => loadAcceleratorNames(header + 'A,NVIDIA_A,,\n', 'n.csv')).toThrow(/n\.csv:2: accelerator_id "NVIDIA_A" is not lower-case kebab/);
  });
});

describe('the CLI', () => {
  it('writes byte-identical files and catalog when run twice, equal to the ones in data/', () => {
    const dir = copyData();
    const outputs: string[][] = [];
    for (let i = 0; i < 2; i++) {
      const r = runCli(cliArgs('v5.1', dir));
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('586 datacenter rows');
      expect(r.stdout).toMatch(/closed Interactive tokens\/s: 66/);
      outputs.push([readFileSync(join(dir, 'mlperf-inference/v5.1.csv'), 'utf8'), readFileSync(join(dir, 'catalog.yaml'), 'utf8')]);
    }
    expect(outputs[1]).toEqual(outputs[0]);
    expect(outputs[0]![0]).toBe(readFileSync(join(DATA, 'mlperf-inference/v5.1.csv'), 'utf8'));
    expect(outputs[0]![1]).toBe(catalogBeforeV60(readFileSync(join(DATA, 'catalog.yaml'), 'utf8')));
    expect(outputs[0]![0]).toBe(toCsv(importRound('v5.1').rows));
  });

  it('reports unknown accelerator names and units, exits 1 and writes nothing', () => {
    const dir = copyData();
    const records = readRecords('v5.1');
    const dc = records.filter((r) => r['Suite'] === 'datacenter');
    dc[5]!['Accelerator'] = 'Imaginary X9';
    dc[6]!['Performance_Units'] = 'Furlongs/s';
    const summary = join(mkdtempSync(join(tmpdir(), 'bw-summary-')), 'summary_results.json');
    writeFileSync(summary, JSON.stringify(records));
    const before = snapshot(dir);
    const r = runCli(cliArgs('v5.1', dir, summary));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`unknown accelerator name "Imaginary X9": 1 record, e.g. ID ${String(dc[5]!['ID'])}`);
    expect(r.stderr).toContain(`unknown unit "Furlongs/s": 1 record, e.g. ID ${String(dc[6]!['ID'])}`);
    expect(r.stderr).toContain('accelerator-names.csv');
    expect(r.stderr).toContain('Nothing was written');
    expect(snapshot(dir)).toEqual(before);
  });

  it('requires --retrieved and a full commit, and refuses a summary differing from the raw copy of its round', () => {
    const dir = copyData();
    const before = snapshot(dir);
    const args = cliArgs('v5.1', dir);
    const noDate = runCli(args.filter((a, i) => a !== '--retrieved' && args[i - 1] !== '--retrieved'));
    expect(noDate.code).toBe(2);
    expect(noDate.stderr).toContain('--retrieved is required');
    const shortCommit = runCli(args.map((a) => (a === SUMMARIES['v5.1'].commit ? '965182b' : a)));
    expect(shortCommit.code).toBe(1);
    expect(shortCommit.stderr).toContain('not a full 40-character commit hash');
    const records = readRecords('v5.1');
    records[0]!['Notes'] = 'changed';
    const summary = join(mkdtempSync(join(tmpdir(), 'bw-summary-')), 'summary_results.json');
    writeFileSync(summary, JSON.stringify(records));
    const differs = runCli(cliArgs('v5.1', dir, summary));
    expect(differs.code).toBe(1);
    expect(differs.stderr).toContain('exists and differs');
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('updating the catalog', () => {
  const catalog = `# a comment that must stay
tables:
  mlperf_inference:
    file: mlperf-inference.csv   # the old single file
    title: T
    source:
      publisher: MLCommons
      repositories:
        - { repo: mlcommons/inference_results_v4.1, commit: ${'a'.repeat(40)}, path: summary_results.json, rounds: [v4.1] }
      retrieved: 2026-11-23
    columns:
${INFERENCE_COLUMNS.filter((c) => !['accelerator_id', 'precision', 'power_w', 'result_id'].includes(c))
  .map((c) => `      ${`${c}:`.padEnd(23)}{ type: VARCHAR, description: "${c}" }`)
  .join('\n')}

  other:
    file: other.csv # stays
raw:
  - file: raw/old.json
    description: old
`;
  const update = (text: string, round: string) =>
    updateCatalog(text, {
      file: `mlperf-inference/${round}.csv`,
      raw: { file: `raw/inference_results_${round}.summary_results.json`, description: `the ${round} summary`, repo: `mlcommons/inference_results_${round}`, commit: 'b'.repeat(40), path: 'summary_results.json', retrieved: '2026-11-24' },
      repository: { repo: `mlcommons/inference_results_${round}`, commit: 'b'.repeat(40), path: 'summary_results.json', rounds: [round] },
    });

  it('turns file: into a sorted files: list, completes the columns, adds the raw entry, and keeps everything else', async () => {
    const YAML = (await import('yaml')).default;
    const first = update(catalog, 'v6.0');
    expect(first.replacedFile).toBe('mlperf-inference.csv');
    const second = update(first.text, 'v5.1');
    const data = YAML.parse(second.text);
    const table = data.tables.mlperf_inference;
    expect(table.files).toEqual(['mlperf-inference/v5.1.csv', 'mlperf-inference/v6.0.csv']);
    expect(table.file).toBeUndefined();
    expect(Object.keys(table.columns)).toEqual([...INFERENCE_COLUMNS]);
    expect(table.columns.power_w).toEqual({ type: 'DOUBLE', description: expect.stringContaining('measured system power'), unit: 'W' });
    expect(table.source.repositories.map((r: { repo: string }) => r.repo)).toEqual([
      'mlcommons/inference_results_v4.1',
      'mlcommons/inference_results_v6.0',
      'mlcommons/inference_results_v5.1',
    ]);
    expect(data.raw.map((r: { file: string }) => r.file)).toEqual(['raw/old.json', 'raw/inference_results_v6.0.summary_results.json', 'raw/inference_results_v5.1.summary_results.json']);
    expect(data.raw[2].source).toEqual({ publisher: 'MLCommons', repo: 'mlcommons/inference_results_v5.1', commit: 'b'.repeat(40), path: 'summary_results.json', retrieved: '2026-11-24' });
    expect(second.text).toContain('# a comment that must stay');
    expect(second.text).toContain('    file: other.csv # stays');
    expect(second.text).toContain(`      round:                 { type: VARCHAR, description: "round" }`);
    // Running again changes nothing.
    const third = update(second.text, 'v5.1');
    expect(third.changes).toEqual([]);
    expect(third.text).toBe(second.text);
  });

  it('leaves the real catalog unchanged for a round it already lists', () => {
    const text = readFileSync(join(DATA, 'catalog.yaml'), 'utf8');
    const s = SUMMARIES['v4.1'];
    const result = updateCatalog(text, {
      file: 'mlperf-inference/v4.1.csv',
      raw: { file: s.file, description: 'x', repo: s.repo, commit: s.commit, path: 'summary_results.json', retrieved: '2026-11-23' },
      repository: { repo: s.repo, commit: s.commit, path: 'summary_results.json', rounds: ['v4.1'] },
    });
    expect(result.changes).toEqual([]);
    expect(result.text).toBe(text);
  });
});

describe('the units table (mlperf-units.csv)', () => {
  it('maps each published unit to a target unit; its target units are exactly UNITS; Latency (s) is rescaled ×1000 with a unit_note', () => {
    expect([...units.keys()]).toEqual(['Latency (ms)', 'Latency (s)', 'Queries/s', 'Samples/s', 'Tokens/s']);
    expect(targetUnits(units)).toEqual([...UNITS].sort());
    expect(units.get('Tokens/s')).toMatchObject({ unit: 'tokens/s', scale: '1', exponent: 0, unit_note: '' });
    const seconds = units.get('Latency (s)')!;
    expect(seconds).toMatchObject({ unit: 'latency_ms', scale: '1000', exponent: 3 });
    expect(seconds.unit_note).toMatch(/published as Latency \(s\), in seconds; converted to milliseconds \(×1000\)/);
  });

  it('rescales by moving the decimal point in the text, with no floating-point error', () => {
    expect(shiftDecimal('12.5', 3)).toBe('12500');
    expect(shiftDecimal('21.425919695', 3)).toBe('21425.919695');
    expect(1.005 * 1000).not.toBe(1005); // what multiplying would have written
    expect(shiftDecimal('1.005', 3)).toBe('1005');
    expect(shiftDecimal('0.1', 3)).toBe('100');
    expect(shiftDecimal('7', 3)).toBe('7000');
    expect(shiftDecimal('1e-7', 3)).toBe('0.0001');
    expect(shiftDecimal('1.5e+21', 3)).toBe('1500000000000000000000000'); // 1.5e24
    expect(shiftDecimal('-2.5', 1)).toBe('-25');
    expect(shiftDecimal('12500', -3)).toBe('12.5');
    expect(shiftDecimal('0.004', -1)).toBe('0.0004');
    expect(shiftDecimal('0', 3)).toBe('0');
    expect([powerOfTen('1'), powerOfTen('10'), powerOfTen('1000'), powerOfTen('0.001')]).toEqual([0, 1, 3, -3]);
    for (const bad of ['2', '1e3', '100.0', '0.002', '', '-10']) expect(powerOfTen(bad), bad).toBeUndefined();
  });

  it('refuses a scale that is not a power of ten, an unknown target unit, a rescale without unit_note, a unit listed twice', () => {
    const header = 'published_unit,unit,scale,unit_note,note\n';
    expect(() => loadUnits(header + 'Latency (s),latency_ms,60,x,\n', 'u.csv')).toThrow(/u\.csv:2: scale "60" is not a power of ten .* moving the decimal point/);
    expect(() => loadUnits(header + 'Frames/s,frames/s,1,,\n', 'u.csv')).toThrow(/u\.csv:2: unit "frames\/s" is not one of tokens\/s, samples\/s, queries\/s, latency_ms/);
    expect(() => loadUnits(header + 'Latency (s),latency_ms,1000,,\n', 'u.csv')).toThrow(/u\.csv:2: unit_note is required when scale is not 1/);
    expect(() => loadUnits(header + 'Tokens/s,tokens/s,1,,\nTokens/s,tokens/s,1,,\n', 'u.csv')).toThrow(/u\.csv:3: the published unit "Tokens\/s" is listed twice/);
    expect(() => loadUnitRules('round,model,scenario,division,submitter,published_unit,unit,reason\nv5.1,,,,,Queries/s,tokens/s,r\n', 'r.csv', ['samples/s'])).toThrow(
      /r\.csv:2: unit "tokens\/s" is not one of samples\/s/,
    );
  });

  it('converts the 9 v6.0 wan-2.2-t2v-a14b SingleStream results from seconds to latency_ms, exactly, with the unit_note', () => {
    const records = readV60().filter((r) => r['Performance_Units'] === 'Latency (s)');
    expect(records.length).toBe(9);
    expect(new Set(records.map((r) => `${String(r['Model'])} ${String(r['Scenario'])}`))).toEqual(new Set(['wan-2.2-t2v-a14b SingleStream']));
    const rows = importV60().rows.filter((r) => r.model === 'wan-2.2-t2v-a14b' && r.scenario === 'SingleStream');
    expect(rows.length).toBe(9);
    for (const record of records) {
      const row = rows.find((r) => r.result_id === record['ID'] && r.result_location === record['Location'])!;
      expect(row.unit).toBe('latency_ms');
      expect(row.unit_note).toBe(units.get('Latency (s)')!.unit_note);
      expect(row.result).toBe(shiftDecimal(String(record['Performance_Result']), 3));
    }
    expect(rows.find((r) => r.result_id === '6.0-0010')!.result).toBe('21425.919695'); // published 21.425919695 s
  });

  it('applies a unit rule before the units table: the rule\'s unit, the value as published, no rescale', () => {
    const rule = { line: 9, round: 'v6.0', model: 'wan-2.2-t2v-a14b', scenario: 'SingleStream', division: '', submitter: '', published_unit: 'Latency (s)', unit: 'latency_ms', reason: 'a test rule' };
    const records = readV60();
    const { rows } = importV60(records, { unitRules: [rule] });
    const row = rows.find((r) => r.result_id === '6.0-0010' && r.model === 'wan-2.2-t2v-a14b' && r.scenario === 'SingleStream')!;
    expect(row).toMatchObject({ unit: 'latency_ms', unit_note: 'a test rule', result: '21.425919695' });
  });

  it("stops on a unit in neither table, naming the unit, its count, an example result ID and the file to add a row to", () => {
    const records = readRecords('v5.1').filter((r) => r['Suite'] === 'datacenter').slice(0, 10);
    records[4]!['Performance_Units'] = 'Videos/s';
    records[7]!['Performance_Units'] = 'Videos/s';
    const { problems } = importSummary(records, { repo: 'a/b', commit: 'f'.repeat(40), sourcePath: 'x', names, units, unitRules: [] });
    const problem = problems.find((p) => p.includes('Videos/s'))!;
    expect(problem).toContain(`unknown unit "Videos/s": 2 records, e.g. ID ${String(records[4]!['ID'])}`);
    expect(problem).toContain('add a row to data/mlperf-units.csv');
  });
});

describe('proposed rows for unknown accelerator names', () => {
  const specNames = loadSpecNames(readFileSync(join(DATA, 'accelerators.csv'), 'utf8'));
  const header = readFileSync(join(DATA, 'accelerator-names.csv'), 'utf8').split('\n')[0]!;

  it('v6.0: every unknown name comes back as a row in accelerator-names.csv\'s format, with a slug id, a careful spec_name and a note', () => {
    const result = importV60();
    expect(V60_ONLY_NAMES.size).toBe(13);
    expect(result.unknownNames.length).toBe(13);
    expect(result.problems.filter((p) => p.startsWith('unknown accelerator name')).length).toBe(13);
    const block = acceleratorNamesCsv(proposeAcceleratorNames(result.unknownNames, 'v6.0', names, specNames));
    const [head, ...rows] = parseCsv(block, 'proposals');
    expect(head!.join(',')).toBe(header);
    expect(rows.every((r) => r.length === head!.length)).toBe(true);
    const proposed = loadAcceleratorNames(block, 'proposals'); // the file's own checks: kebab ids, each name once
    expect([...proposed.keys()]).toEqual(result.unknownNames.map((u) => u.name));
    for (const u of result.unknownNames) {
      const row = proposed.get(u.name)!;
      expect(row.note).toContain('PROPOSED for review');
      expect(row.note).toContain(`${u.count} v6.0 datacenter record`);
      expect(row.note).toContain(`e.g. ${u.example.id} (${u.example.submitter}: ${u.example.system})`);
      if (row.spec_name !== '') expect(specNames).toContain(row.spec_name);
    }
    expect(proposed.get('NVIDIA B300-SXM-270GB')).toMatchObject({ accelerator_id: 'nvidia-b300-sxm-270gb', spec_name: '' });
    expect(proposed.get('AMD Instinct MI355X 288GB HBM3E')).toMatchObject({ accelerator_id: 'amd-instinct-mi355x-288gb', spec_name: 'Instinct MI355X' });
    expect(proposed.get('AMD Instinct MI355X 288GB HBM3e (x87)')).toMatchObject({ accelerator_id: 'amd-instinct-mi355x-288gb', spec_name: 'Instinct MI355X' });
    expect(proposed.get('MS-Intel Arc Pro B60 Dual 48G Turbo')!.accelerator_id).toBe(names.get('[MAXSUN] MS-Intel Arc Pro B60 Dual 48G Turbo')!.accelerator_id);
    expect(proposed.get('Intel(R) Arc Pro(R) B60')).toMatchObject({ accelerator_id: 'intel-arc-pro-b60', spec_name: '' });
    const mix = [...proposed.values()].find((r) => r.name.includes(' and '))!;
    expect(mix.accelerator_id).toMatch(/^mix-/);
    expect(mix.spec_name).toBe('');
  });

  it('the CLI prints them and writes them with --proposals, exits 1 and writes nothing to the data folder', () => {
    const dir = copyData();
    const before = snapshot(dir);
    const proposals = join(mkdtempSync(join(tmpdir(), 'bw-proposals-')), 'v6.0-names.csv');
    const r = runCli(v60Args(dir, ['--proposals', proposals]));
    expect(r.code, r.stderr).toBe(1);
    const written = readFileSync(proposals, 'utf8');
    expect(written.split('\n')[0]).toBe(header);
    expect(r.stderr).toContain(written);
    expect(r.stderr).toContain('NVIDIA B300-SXM-270GB,nvidia-b300-sxm-270gb,,');
    expect(r.stderr).toContain('NOT applied');
    expect(r.stderr).toContain('Nothing was written');
    expect(snapshot(dir)).toEqual(before);
    const inside = runCli(v60Args(dir, ['--proposals', join(dir, 'proposals.csv')]));
    expect(inside.code).toBe(2);
    expect(inside.stderr).toContain('inside the data folder');
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('the commit', () => {
  const sources = readFileSync(join(DATA, 'SOURCES.md'), 'utf8');

  it('refuses a placeholder: one character repeated, or a short pattern repeated', () => {
    for (const placeholder of ['0'.repeat(40), 'f'.repeat(40), 'deadbeef'.repeat(5), '0123456789abcdef'.repeat(3).slice(0, 40), 'ab'.repeat(20), 'abc'.repeat(14).slice(0, 40)]) {
      expect(isPlaceholderCommit(placeholder), placeholder).toBe(true);
      expect(() => checkCommit('mlcommons/inference_results_v5.1', placeholder, undefined, sources)).toThrow(/is a placeholder/);
    }
    for (const real of [SUMMARIES['v4.1'].commit, SUMMARIES['v5.1'].commit, V60.commit]) expect(isPlaceholderCommit(real), real).toBe(false);
    expect(() => checkCommit('a/b', 'ABCDEF'.padEnd(40, '1'), undefined, sources)).toThrow(/not a full 40-character commit hash/);
  });

  it('refuses a repository and commit that data/SOURCES.md does not record on one line (and a copy_of it does not name)', () => {
    for (const s of Object.values(SUMMARIES)) expect(() => checkCommit(s.repo, s.commit, undefined, sources)).not.toThrow();
    expect(() => checkCommit(V60.repo, V60.commit, V60.copyOf, sources)).not.toThrow();
    const unknown = `${SUMMARIES['v5.1'].commit.slice(0, 39)}0`;
    expect(() => checkCommit(SUMMARIES['v5.1'].repo, unknown, undefined, sources)).toThrow(
      /mlcommons\/inference_results_v5\.1 @ 965182b03376a00fcae415c54e560e1c8393793 ?0 is not recorded in data\/SOURCES\.md: record where the round came from there first/,
    );
    expect(() => checkCommit(SUMMARIES['v4.1'].repo, SUMMARIES['v5.1'].commit, undefined, sources)).toThrow(/is not recorded in/);
    expect(() => checkCommit('mlcommons/inference_results_v6.0', V60.commit, undefined, sources)).toThrow(/is not recorded in/);
    expect(() => checkCommit(V60.repo, V60.commit, 'someone/else', sources)).toThrow(/a copy of someone\/else\) is not recorded in/);
  });

  it('the CLI refuses a placeholder and an unknown commit with exit 1, writing nothing', () => {
    const dir = copyData();
    const before = snapshot(dir);
    const args = cliArgs('v5.1', dir);
    const placeholder = runCli(args.map((a) => (a === SUMMARIES['v5.1'].commit ? 'deadbeef'.repeat(5) : a)));
    expect(placeholder.code).toBe(1);
    expect(placeholder.stderr).toContain('is a placeholder');
    const unknown = runCli(args.map((a) => (a === SUMMARIES['v5.1'].commit ? '3b18e512dba79e4c8300dd08aeb37f8e728b8dad' : a)));
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('record where the round came from there first');
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('per-round provenance in the catalog', () => {
  const real = catalogBeforeV60(readFileSync(join(DATA, 'catalog.yaml'), 'utf8'));
  const v60Update = (commit: string = V60.commit) => ({
    file: 'mlperf-inference/v6.0.csv',
    repository: { repo: V60.repo, commit, path: 'summary_results.json', rounds: ['v6.0'], files: ['mlperf-inference/v6.0.csv'], retrieved: V60.retrieved, copy_of: V60.copyOf },
    alsoSourceOf: ['accelerator_names'],
  });

  it('adds the round\'s repository entry with files, retrieved and copy_of, and to accelerator_names; idempotent; nothing else changes', async () => {
    const YAML = (await import('yaml')).default;
    const first = updateCatalog(real, v60Update());
    const data = YAML.parse(first.text);
    const entry = { repo: V60.repo, commit: V60.commit, path: 'summary_results.json', rounds: ['v6.0'], retrieved: V60.retrieved, copy_of: V60.copyOf };
    expect(data.tables.mlperf_inference.source.repositories.at(-1)).toEqual({ ...entry, files: ['mlperf-inference/v6.0.csv'] });
    expect(data.tables.accelerator_names.source.repositories.at(-1)).toEqual(entry);
    expect(data.tables.mlperf_unit_rules.source.repositories.map((r: { rounds: string[] }) => r.rounds[0])).toEqual(['v4.1', 'v5.1']);
    expect(data.tables.mlperf_inference.files.at(-1)).toBe('mlperf-inference/v6.0.csv');
    // Three added lines, every other line as it was (the title, description and caveats are untouched).
    const flow = '{ repo: gbeezybez/inference_results_v6.0, commit: ab33b2144a9f822f69d24f78569f993d195ee7e5, path: summary_results.json, rounds: [v6.0]';
    const tail = 'retrieved: 2026-12-03, copy_of: mlcommons/inference_results_v6.0 }';
    let back = first.text;
    for (const line of ['      - mlperf-inference/v6.0.csv\n', `        - ${flow}, files: [mlperf-inference/v6.0.csv], ${tail}\n`, `        - ${flow}, ${tail}\n`]) {
      expect(back).toContain(line);
      back = back.replace(line, '');
    }
    expect(back).toBe(real);
    const again = updateCatalog(first.text, v60Update());
    expect(again.changes).toEqual([]);
    expect(again.text).toBe(first.text);
  });

  it('importing a round again from another commit replaces its entry, never duplicates it', async () => {
    const YAML = (await import('yaml')).default;
    const first = updateCatalog(real, v60Update()).text;
    const other = '3b18e512dba79e4c8300dd08aeb37f8e728b8dad';
    const second = updateCatalog(first, v60Update(other));
    expect(second.changes.some((c) => c.startsWith('mlperf_inference.source.repositories: replaced the entry of v6.0'))).toBe(true);
    const repos = YAML.parse(second.text).tables.mlperf_inference.source.repositories as { rounds: string[]; commit: string }[];
    expect(repos.filter((r) => r.rounds.includes('v6.0')).map((r) => r.commit)).toEqual([other]);
    expect(second.text.split('\n').length).toBe(first.split('\n').length);
    // An entry that lists the round with other rounds is not split by the importer.
    expect(() =>
      updateCatalog(real, { file: 'mlperf-inference/v4.0.csv', repository: { repo: 'a/b', commit: other, path: 'p', rounds: ['v4.0'], files: ['mlperf-inference/v4.0.csv'] } }),
    ).toThrow(/an entry listing round v4\.0 with other rounds/);
  });

  it('the CLI imports v6.0 on a copy of data/ once its names are added: per-round entry, rescaled latency, count warnings, byte-identical again', async () => {
    const YAML = (await import('yaml')).default;
    const dir = copyData();
    // The names as the importer proposes them (the real import uses reviewed rows; any valid rows do here).
    const proposals = proposeAcceleratorNames(importV60().unknownNames, 'v6.0', names, loadSpecNames(readFileSync(join(DATA, 'accelerators.csv'), 'utf8')));
    writeFileSync(join(dir, 'accelerator-names.csv'), acceleratorNamesCsv([...names.values(), ...proposals]));
    const outputs: string[][] = [];
    for (let i = 0; i < 2; i++) {
      const r = runCli(v60Args(dir));
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('465 datacenter rows (55 records of other suites skipped)');
      expect(r.stderr).toMatch(/warning: 6\.0-0001 .*\(x87\)" says 87 accelerators, but Nodes × a# = 11 × 8 = 88/);
      expect(r.stderr).toMatch(/warning: 6\.0-0003 .*\(x94\)" says 94 accelerators, but Nodes × a# = 12 × 8 = 96/);
      outputs.push([readFileSync(join(dir, 'mlperf-inference/v6.0.csv'), 'utf8'), readFileSync(join(dir, 'catalog.yaml'), 'utf8')]);
    }
    expect(outputs[1]).toEqual(outputs[0]);
    const catalog = YAML.parse(outputs[0]![1]!);
    expect(catalog.tables.mlperf_inference.source.repositories.filter((r: { rounds: string[] }) => r.rounds.includes('v6.0'))).toEqual([
      { repo: V60.repo, commit: V60.commit, path: 'summary_results.json', rounds: ['v6.0'], files: ['mlperf-inference/v6.0.csv'], retrieved: V60.retrieved, copy_of: V60.copyOf },
    ]);
    const rows = readCsvObjects(outputs[0]![0]!, 'v6.0.csv');
    expect(rows.filter((r) => r['unit_note']!.includes('in seconds')).length).toBe(9);
    expect(rows.filter((r) => r['result_id'] === '6.0-0001').every((r) => r['total_accelerators'] === '88')).toBe(true);
  });
});

describe('the shipped v6.0 import', () => {
  it('is reproducible: the reviewed names plus the importer give exactly data/mlperf-inference/v6.0.csv and data/catalog.yaml', () => {
    const dir = copyData();
    cpSync(join(DATA, 'accelerator-names.csv'), join(dir, 'accelerator-names.csv')); // the reviewed names, as committed
    const r = runCli(v60Args(dir));
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'mlperf-inference/v6.0.csv'), 'utf8')).toBe(readFileSync(join(DATA, 'mlperf-inference/v6.0.csv'), 'utf8'));
    expect(readFileSync(join(dir, 'catalog.yaml'), 'utf8')).toBe(readFileSync(join(DATA, 'catalog.yaml'), 'utf8'));
  });
});

describe('accelerator counts the source contradicts', () => {
  it('v6.0: warns about 6.0-0001 and 6.0-0003 (x87, x94 in the name; Nodes × a# and Total Accelerators say 88 and 96) and keeps Nodes × a#', () => {
    const { warnings, rows } = importV60();
    expect(warnings[0]).toBe(
      '6.0-0001 (AMD, system "AMD MI355X Custom Cluster"): the accelerator name "AMD Instinct MI355X 288GB HBM3e (x87)" says 87 accelerators, ' +
        "but Nodes × a# = 11 × 8 = 88; MLCommons' Total Accelerators says 88; total_accelerators is 88 (6 records)",
    );
    expect(warnings[1]).toBe(
      '6.0-0003 (AMD, system "AMD MI355X Custom Cluster"): the accelerator name "AMD Instinct MI355X 288GB HBM3e (x94)" says 94 accelerators, ' +
        "but Nodes × a# = 12 × 8 = 96; MLCommons' Total Accelerators says 96; total_accelerators is 96 (2 records)",
    );
    // The system names of three GB300 NVL72 results contradict their counts too.
    expect(warnings.slice(2).map((w) => w.slice(0, 8))).toEqual(['6.0-0076', '6.0-0079', '6.0-0082']);
    expect(warnings.slice(2).every((w) => w.includes('the system name says'))).toBe(true);
    expect(new Set(rows.filter((r) => r.result_id === '6.0-0003').map((r) => r.total_accelerators))).toEqual(new Set(['96']));
    // MLCommons' Total Accelerators equals Nodes × a# in every v6.0 record: no warning of that kind.
    expect(warnings.some((w) => w.includes('Total Accelerators is'))).toBe(false);
  });

  it('warns when Total Accelerators disagrees with Nodes × a#; v4.1 and v5.1 have no contradicted count', () => {
    const records = readV60();
    const record = records.find((r) => r['ID'] === '6.0-0040' && r['Suite'] === 'datacenter')!;
    record['Total Accelerators'] = 7;
    const { warnings } = importV60(records);
    expect(warnings.some((w) => w.startsWith('6.0-0040 (') && w.includes("MLCommons' Total Accelerators is 7, but Nodes × a# = 1 × 8 = 8; total_accelerators is 8"))).toBe(true);
    expect(importRound('v4.1').warnings).toEqual([]);
    expect(importRound('v5.1').warnings).toEqual([]);
  });

  it('reads counts only where a name clearly states them', () => {
    expect(namedAcceleratorCounts('aws-g4dn-4xlarge', 'Tesla T4')).toEqual([]);
    expect(namedAcceleratorCounts('Cisco UCS  16xMI350X', 'AMD Instinct MI350X 288GB HBM3e')).toEqual([]);
    expect(namedAcceleratorCounts('Cluster (8x MI300X + 8x MI325X, LLMBoost)', 'A (x8) and B (x8)')).toEqual([
      { where: 'accelerator name', text: 'A (x8) and B (x8)', count: 16 },
      { where: 'system name', text: 'Cluster (8x MI300X + 8x MI325X, LLMBoost)', count: 16 },
    ]);
    expect(namedAcceleratorCounts('ThinkEdge SE455i V3(2xL4, TensorRT', 'NVIDIA L4')).toEqual([{ where: 'system name', text: 'ThinkEdge SE455i V3(2xL4, TensorRT', count: 2 }]);
  });
});

describe('--help and usage', () => {
  it('--help lists every option and an example, and exits 0', () => {
    for (const flag of ['--help', '-h']) {
      const r = runCli([flag]);
      expect(r.code, r.stderr).toBe(0);
      for (const option of ['<summary_results.json>', '--repo', '--commit', '--retrieved', '--copy-of', '--round', '--data-dir', '--proposals', '--help']) {
        expect(r.stdout, option).toContain(option);
      }
      expect(r.stdout).toContain('Example');
      expect(r.stdout).toContain(`npm run import:mlperf -- data/raw/inference_results_v6.0.summary_results.json`);
    }
  });

  it('without arguments prints the usage and exits 2', () => {
    const r = runCli([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('give exactly one summary_results.json');
    expect(r.stderr).toContain('usage: npm run import:mlperf --');
    expect(r.stderr).toContain('--help');
  });
});

// The type of a row is the column list: a compile-time check that toCsv writes every column.
const _row: InferenceRow = Object.fromEntries(INFERENCE_COLUMNS.map((c) => [c, ''])) as InferenceRow;
void _row;
