/**
 * The MLPerf Inference importer (src/lib/mlperf-import.ts, scripts/import-mlperf.ts) on the real raw
 * summaries and the real mapping and rule tables: it reproduces the research team's v4.1/v5.1 rows, writes
 * byte-identical files when run again, refuses unknown names and units without writing anything, and applies
 * the documented unit corrections.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  importSummary,
  INFERENCE_COLUMNS,
  loadAcceleratorNames,
  loadUnitRules,
  parseCsv,
  toCsv,
  updateCatalog,
  type InferenceRow,
} from '../src/lib/mlperf-import.ts';
import { ROOT } from './helpers.ts';

const DATA = join(ROOT, 'data');
const LEGACY = join(DATA, 'raw/mlperf-inference.2026-11-23.csv');
const SUMMARIES = {
  'v4.1': { file: 'raw/inference_results_v4.1.summary_results.json', repo: 'mlcommons/inference_results_v4.1', commit: '4a0c87411066bd697db46fa44cf6f04fd458f627' },
  'v5.1': { file: 'raw/inference_results_v5.1.summary_results.json', repo: 'mlcommons/inference_results_v5.1', commit: '965182b03376a00fcae415c54e560e1c83937932' },
} as const;
type Round = keyof typeof SUMMARIES;

const names = loadAcceleratorNames(readFileSync(join(DATA, 'accelerator-names.csv'), 'utf8'));
const unitRules = loadUnitRules(readFileSync(join(DATA, 'mlperf-unit-rules.csv'), 'utf8'));
const readRecords = (round: Round): Record<string, unknown>[] => JSON.parse(readFileSync(join(DATA, SUMMARIES[round].file), 'utf8'));

function importRound(round: Round, records: unknown[] = readRecords(round)) {
  const s = SUMMARIES[round];
  return importSummary(records, { round, repo: s.repo, commit: s.commit, sourcePath: s.file, names, unitRules });
}

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

function copyData(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bw-mlperf-'));
  cpSync(DATA, dir, { recursive: true });
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
    const { problems } = importSummary(records, { repo: 'a/b', commit: 'f'.repeat(40), sourcePath: 'x', names, unitRules: [] });
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
    const clash = importSummary(dc, { repo: 'a/b', commit: 'f'.repeat(40), sourcePath: 'x', names, unitRules: [rule({ line: 2 }), rule({ line: 3, submitter: '' })] });
    expect(clash.problems.some((p) => p.includes('unit rules on lines 2, 3 of mlperf-unit-rules.csv all match'))).toBe(true);
    const unused = importSummary(dc, { repo: 'a/b', commit: 'f'.repeat(40), sourcePath: 'x', names, unitRules: [rule({ line: 7, model: 'no-such-model' })] });
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
    expect(outputs[0]![1]).toBe(readFileSync(join(DATA, 'catalog.yaml'), 'utf8'));
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

// The type of a row is the column list: a compile-time check that toCsv writes every column.
const _row: InferenceRow = Object.fromEntries(INFERENCE_COLUMNS.map((c) => [c, ''])) as InferenceRow;
void _row;
