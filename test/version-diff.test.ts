import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceUnits } from '../src/lib/query-units.ts';
import type { QueryEngine } from '../src/lib/query-engine.ts';
import { diffWords, splitWords } from '../src/lib/text-diff.ts';
import { diffVersions, renderVersionDiff, splitSections, type QuerySnapshot, type VersionSnapshot } from '../src/lib/version-diff.ts';
import { fixtureEngine } from './helpers.ts';

// Hand-written test snapshots: the values are made up for these unit tests, not data.
const fence = '```';

function snapshot(version: number, body: string, queries: QuerySnapshot[] = [], title = 'Test report: throughput per accelerator'): VersionSnapshot {
  return { version, published: `2030-0${version}-01`, title, body, queries };
}

const olderBody = `Opening words that stay the same in both versions.

${fence}sql best
SELECT accelerator, max(result) AS best FROM mlperf_inference GROUP BY ALL
${fence}

## Results

The TEST-B accelerator delivers about 3 times the TEST-A accelerator on this benchmark.

${fence}plot best
marks:
  - barX: { y: accelerator, x: best }
${fence}

## Method

We took the best result of each accelerator.

## Old caveats

This section goes away in the next version.
`;

const newerBody = `Opening words that stay the same in both versions.

${fence}sql best
SELECT accelerator, max(result) AS best, 'changed SQL' AS note FROM mlperf_inference GROUP BY ALL
${fence}

## Results

The TEST-B accelerator delivers about 2.5 times the TEST-A accelerator on this benchmark.

${fence}plot best
marks:
  - barX: { y: accelerator, x: best, fill: steelblue }
${fence}

## Method

We took the best result of each accelerator.

## New round

Round TEST-2 adds :value[count.n]{format=",.0f"} results.
`;

describe('sections', () => {
  it('splits at ## headings, keeps directives whole and leaves code fences out', () => {
    const sections = splitSections(newerBody);
    expect(sections.map((s) => s.heading)).toEqual(['Introduction', 'Results', 'Method', 'New round']);
    const words = sections.flatMap((s) => s.words);
    expect(words).not.toContain('SELECT');
    expect(words).not.toContain('barX:');
    expect(words.some((w) => w.includes('```'))).toBe(false);
    expect(sections[3]!.words).toEqual(['Round', 'TEST-2', 'adds', ':value[count.n]{format=",.0f"}', 'results.']);
  });

  it('keeps a directive with spaces in its attributes as one word', () => {
    expect(splitWords('is :value[q.x]{format=", .1f" other="a b"}% now')).toEqual(['is', ':value[q.x]{format=", .1f" other="a b"}%', 'now']);
  });

  it('ignores ### headings, ~~~ fences and a longer fence holding a shorter one', () => {
    const body = '## A\n\ntext one\n\n### Sub\n\n~~~\n## not a heading\n~~~\n\n````md\n```sql x\nSELECT 1\n```\n## still code\n````\nend\n';
    expect(splitSections(body)).toEqual([{ heading: 'A', words: ['text', 'one', '###', 'Sub', 'end'] }]);
  });

  it('a changed sentence shows <del>/<ins> of exactly the changed words', () => {
    const diff = diffVersions(snapshot(1, olderBody), snapshot(2, newerBody));
    const results = diff.sections.find((s) => s.heading === 'Results')!;
    expect(results.status).toBe('changed');
    expect(results.runs).toEqual([
      { op: 'equal', text: 'The TEST-B accelerator delivers about' },
      { op: 'delete', text: '3' },
      { op: 'insert', text: '2.5' },
      { op: 'equal', text: 'times the TEST-A accelerator on this benchmark.' },
    ]);
    expect(results.wordsDeleted).toBe(1);
    expect(results.wordsInserted).toBe(1);
    const html = renderVersionDiff(diff);
    expect(html).toContain('<del>3</del> <ins>2.5</ins>');
    expect(html.match(/<del>/g)!.length).toBe(2); // the changed word and the removed section
  });

  it('lists a section added and one removed, in the newer order then the removed ones', () => {
    const diff = diffVersions(snapshot(1, olderBody), snapshot(2, newerBody));
    expect(diff.sections.map((s) => [s.heading, s.status])).toEqual([
      ['Introduction', 'unchanged'],
      ['Results', 'changed'],
      ['Method', 'unchanged'],
      ['New round', 'added'],
      ['Old caveats', 'removed'],
    ]);
    const html = renderVersionDiff(diff);
    expect(html).toContain('<section class="bw-diff-section bw-diff-added">');
    expect(html).toContain('<ins>Round TEST-2 adds :value[count.n]{format=&quot;,.0f&quot;} results.</ins>');
    expect(html).toContain('<section class="bw-diff-section bw-diff-removed">');
    expect(html).toContain('<del>This section goes away in the next version.</del>');
    expect(html).toContain('Unchanged sections: Introduction, Method.');
    expect(diff.summary).toBe('1 section changed, 1 added, 1 removed, 2 unchanged; no queries.');
  });

  it('changes only inside code fences leave the sections unchanged', () => {
    const a = 'Intro.\n\n## Results\n\nSame words.\n\n```sql q\nSELECT 1 AS x\n```\n';
    const b = 'Intro.\n\n## Results\n\nSame words.\n\n```sql q\nSELECT 2 AS x, 3 AS y\n```\n\n```check q\nx > 1\n```\n';
    const diff = diffVersions(snapshot(1, a), snapshot(2, b));
    expect(diff.sections.every((s) => s.status === 'unchanged')).toBe(true);
    expect(renderVersionDiff(diff)).not.toContain('SELECT');
  });

  it('elides long unchanged runs around a change', () => {
    const words = Array.from({ length: 40 }, (_, i) => `w${i}`);
    const a = words.join(' ');
    const b = [...words.slice(0, 20), 'NEW', ...words.slice(20)].join(' ');
    const [section] = diffVersions(snapshot(1, a), snapshot(2, b)).sections;
    expect(section!.runs).toEqual([
      { op: 'equal', text: '… w12 w13 w14 w15 w16 w17 w18 w19' },
      { op: 'insert', text: 'NEW' },
      { op: 'equal', text: 'w20 w21 w22 w23 w24 w25 w26 w27 …' },
    ]);
  });

  it('word diff groups deletions before insertions', () => {
    expect(diffWords(['a', 'b', 'c', 'd'], ['a', 'x', 'c', 'y', 'd'])).toEqual([
      { op: 'equal', words: ['a'] },
      { op: 'delete', words: ['b'] },
      { op: 'insert', words: ['x'] },
      { op: 'equal', words: ['c'] },
      { op: 'insert', words: ['y'] },
      { op: 'equal', words: ['d'] },
    ]);
  });
});

const columns = [
  { name: 'accelerator', type: 'VARCHAR' },
  { name: 'scenario', type: 'VARCHAR' },
  { name: 'per_accel', type: 'DOUBLE' },
  { name: 'systems', type: 'BIGINT' },
];
const units = { accelerator: [], scenario: [], per_accel: ['tokens/s per accelerator'], systems: [] };

const olderQuery: QuerySnapshot = {
  name: 'per_accel',
  columns,
  units,
  rows: [
    { accelerator: 'TEST-A', scenario: 'Offline', per_accel: 1000, systems: 2 },
    { accelerator: 'TEST-B', scenario: 'Offline', per_accel: 2000, systems: 1 },
    { accelerator: 'TEST-OLD', scenario: 'Offline', per_accel: 500, systems: 1 },
  ],
};
const newerQuery: QuerySnapshot = {
  name: 'per_accel',
  columns,
  units,
  rows: [
    { accelerator: 'TEST-NEW', scenario: 'Offline', per_accel: 4000, systems: 1 },
    { accelerator: 'TEST-B', scenario: 'Offline', per_accel: 2500.5, systems: 1 },
    { accelerator: 'TEST-A', scenario: 'Offline', per_accel: 1000, systems: 3 },
  ],
};

describe('query results', () => {
  it('shows a changed value as old → new with its unit', () => {
    const diff = diffVersions(snapshot(1, 'Text.', [olderQuery]), snapshot(2, 'Text.', [newerQuery]));
    const [q] = diff.queries;
    expect(q!.status).toBe('changed');
    expect(q!.keyColumns).toEqual(['accelerator', 'scenario']);
    expect(q!.valuesChanged).toEqual([
      { key: { accelerator: 'TEST-A', scenario: 'Offline' }, row: null, column: 'systems', old: 2, new: 3, unit: '' },
      { key: { accelerator: 'TEST-B', scenario: 'Offline' }, row: null, column: 'per_accel', old: 2000, new: 2500.5, unit: 'tokens/s per accelerator' },
    ]);
    const html = renderVersionDiff(diff);
    expect(html).toContain('<table class="bw-diff-table bw-diff-values">');
    expect(html).toContain(
      '<tr><td>TEST-B</td><td>Offline</td><td><code>per_accel</code></td><td class="bw-diff-num bw-diff-old"><del>2,000</del></td><td class="bw-diff-num bw-diff-new"><ins>2,501</ins></td><td class="bw-diff-unit">tokens/s per accelerator</td></tr>',
    );
  });

  it('reports rows added and removed by key, sorted by key', () => {
    const diff = diffVersions(snapshot(1, 'Text.', [olderQuery]), snapshot(2, 'Text.', [newerQuery]));
    const [q] = diff.queries;
    expect(q!.rowsAdded.map((r) => r.key)).toEqual([{ accelerator: 'TEST-NEW', scenario: 'Offline' }]);
    expect(q!.rowsAdded[0]!.units).toEqual({ per_accel: 'tokens/s per accelerator' });
    expect(q!.rowsRemoved.map((r) => r.key)).toEqual([{ accelerator: 'TEST-OLD', scenario: 'Offline' }]);
    const html = renderVersionDiff(diff);
    expect(html).toContain('<caption>Rows added (1)</caption>');
    expect(html).toContain('<td>TEST-NEW</td><td>Offline</td><td class="bw-diff-num"><ins>4,000 tokens/s per accelerator</ins></td>');
    expect(html).toContain('<caption>Rows removed (1)</caption>');
    expect(diff.summary).toBe('1 section unchanged; 1 query changed.');
  });

  it('compares a one-row aggregate (no key columns) row by row in order', () => {
    const agg = (n: number, top: number): QuerySnapshot => ({
      name: 'best',
      columns: [{ name: 'n', type: 'BIGINT' }, { name: 'top', type: 'DOUBLE' }],
      rows: [{ n, top }],
      units: { n: [], top: ['tokens/s'] },
    });
    const diff = diffVersions(snapshot(1, '', [agg(10, 1234.5)]), snapshot(2, '', [agg(10, 2345.25)]));
    const [q] = diff.queries;
    expect(q!.match).toBe('position');
    expect(q!.valuesChanged).toEqual([{ key: {}, row: 1, column: 'top', old: 1234.5, new: 2345.25, unit: 'tokens/s' }]);
    expect(renderVersionDiff(diff)).toContain('<tr><td class="bw-diff-num">1</td><td><code>top</code></td>');
  });

  it('lists queries added, removed and unchanged by name, and columns added and removed', () => {
    const same: QuerySnapshot = { name: 'same', columns: [{ name: 'x', type: 'INTEGER' }], rows: [{ x: 1 }], units: {} };
    const gone: QuerySnapshot = { name: 'gone', columns: [{ name: 'x', type: 'INTEGER' }], rows: [{ x: 1 }, { x: 2 }], units: {} };
    const fresh: QuerySnapshot = { name: 'fresh', columns: [{ name: 'x', type: 'INTEGER' }], rows: [{ x: 1 }], units: {} };
    const widened: QuerySnapshot = { ...newerQuery, columns: [...columns.filter((c) => c.name !== 'systems'), { name: 'note', type: 'VARCHAR' }], rows: newerQuery.rows.map(({ systems: _, ...r }) => ({ ...r, note: 'n' })) };
    const diff = diffVersions(snapshot(1, '', [same, olderQuery, gone]), snapshot(2, '', [fresh, widened, same]));
    expect(diff.queries.map((q) => [q.name, q.status])).toEqual([
      ['fresh', 'added'],
      ['per_accel', 'changed'],
      ['same', 'unchanged'],
      ['gone', 'removed'],
    ]);
    const q = diff.queries[1]!;
    expect(q.columnsAdded).toEqual([{ name: 'note', type: 'VARCHAR' }]);
    expect(q.columnsRemoved).toEqual([{ name: 'systems', type: 'BIGINT' }]);
    const html = renderVersionDiff(diff);
    expect(html).toContain('Columns added: <code>note</code>.');
    expect(html).toContain('Queries added: <code>fresh</code> (1 row).');
    expect(html).toContain('Queries removed: <code>gone</code> (2 rows).');
    expect(html).toContain('Unchanged queries: <code>same</code>.');
    expect(diff.summary).toBe('no sections; 1 query changed, 1 added, 1 removed, 1 unchanged.');
  });

  it('picks the unit of the row when a column has several', () => {
    const q = (top: number): QuerySnapshot => ({
      name: 'mixed',
      columns: [{ name: 'model', type: 'VARCHAR' }, { name: 'unit', type: 'VARCHAR' }, { name: 'top', type: 'DOUBLE' }],
      rows: [{ model: 'TEST-MODEL', unit: 'samples/s', top }],
      units: { top: ['samples/s per accelerator', 'tokens/s per accelerator'] },
    });
    const diff = diffVersions(snapshot(1, '', [q(1)]), snapshot(2, '', [q(2)]));
    expect(diff.queries[0]!.valuesChanged[0]!.unit).toBe('samples/s per accelerator');
  });

  it('shows enough decimals for two close values to differ', () => {
    const q = (top: number): QuerySnapshot => ({ name: 'q', columns: [{ name: 'top', type: 'DOUBLE' }], rows: [{ top }], units: {} });
    const html = renderVersionDiff(diffVersions(snapshot(1, '', [q(3062.72)]), snapshot(2, '', [q(3062.9)])));
    expect(html).toContain('<del>3,062.7</del>');
    expect(html).toContain('<ins>3,062.9</ins>');
  });
});

describe('HTML', () => {
  it('escapes every value', () => {
    const evil = '<script>alert(1)</script>';
    const q = (v: number, extra: string): QuerySnapshot => ({
      name: `q${evil}`,
      columns: [{ name: `k${evil}`, type: 'VARCHAR' }, { name: `v${evil}`, type: 'DOUBLE' }],
      rows: [{ [`k${evil}`]: evil, [`v${evil}`]: v }, { [`k${evil}`]: extra, [`v${evil}`]: 1 }],
      units: { [`v${evil}`]: [evil] },
    });
    const older = snapshot(1, `## ${evil}\n\nold ${evil} text\n`, [q(1, 'a<b')], `Title ${evil}`);
    const newer = snapshot(2, `## ${evil}\n\nnew ${evil} text\n\n## Added ${evil}\n\n${evil}\n`, [q(2, 'c&d')], `Title 2 ${evil}`);
    const html = renderVersionDiff(diffVersions(older, newer));
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('c&amp;d');
    expect(html).toContain('a&lt;b');
  });

  it('is deterministic: the same input gives identical output', () => {
    const make = () => diffVersions(snapshot(1, olderBody, [olderQuery]), snapshot(2, newerBody, [newerQuery]));
    const first = make();
    expect(JSON.stringify(make())).toBe(JSON.stringify(first));
    expect(renderVersionDiff(make())).toBe(renderVersionDiff(first));
    // Row order in the input does not change the output.
    const shuffled = { ...newerQuery, rows: [...newerQuery.rows].reverse() };
    const again = diffVersions(snapshot(1, olderBody, [olderQuery]), snapshot(2, newerBody, [shuffled]));
    expect(renderVersionDiff(again)).toBe(renderVersionDiff(first));
  });

  it('starts with a summary line', () => {
    const html = renderVersionDiff(diffVersions(snapshot(1, olderBody, [olderQuery]), snapshot(2, newerBody, [newerQuery])));
    expect(html.split('\n').slice(0, 3)).toEqual([
      '<div class="bw-diff">',
      '<p class="bw-diff-versions">Changes from v1 (<time datetime="2030-01-01">2030-01-01</time>) to v2 (<time datetime="2030-02-01">2030-02-01</time>)</p>',
      '<p class="bw-diff-summary">1 section changed, 1 added, 1 removed, 2 unchanged; 1 query changed.</p>',
    ]);
  });
});

describe('on real data (test fixture: MLPerf Inference v4.1 and v5.1)', () => {
  let engine: QueryEngine;
  beforeAll(async () => {
    engine = await fixtureEngine();
  });
  afterAll(() => engine.close());

  const sqlFor = (round: string) => `SELECT accelerator, scenario, max(result) AS best
FROM mlperf_inference
WHERE model = 'llama2-70b-99' AND scenario = 'Offline' AND round = '${round}'
GROUP BY ALL ORDER BY accelerator`;

  async function querySnapshot(round: string): Promise<QuerySnapshot> {
    const sql = sqlFor(round);
    const result = await engine.query(sql);
    return { name: 'llama70b_offline', columns: result.columns, rows: result.rows, units: (await traceUnits(engine, sql, result)).columns };
  }

  it('lists the accelerators added in v5.1 and a changed value in tokens/s', async () => {
    const body = 'Best llama2-70b-99 Offline result per accelerator.';
    const older = snapshot(1, body, [await querySnapshot('v4.1')]);
    const newer = snapshot(2, body, [await querySnapshot('v5.1')]);
    const diff = diffVersions(older, newer);
    const [q] = diff.queries;
    expect(q!.keyColumns).toEqual(['accelerator', 'scenario']);
    const added = q!.rowsAdded.map((r) => r.key.accelerator);
    expect(added).toEqual(['AMD Instinct MI300X 192GB HBM3', 'NVIDIA B200-SXM-180GB', 'NVIDIA GB200']);
    expect(q!.rowsAdded.every((r) => r.units.best === 'tokens/s')).toBe(true);
    const h100 = q!.valuesChanged.find((c) => c.key.accelerator === 'NVIDIA H100-SXM-80GB');
    expect(h100).toMatchObject({ column: 'best', unit: 'tokens/s' });
    expect(h100!.new).toBeGreaterThan(h100!.old as number);
    const html = renderVersionDiff(diff);
    expect(html).toContain('<td>NVIDIA B200-SXM-180GB</td>');
    expect(html).toMatch(/<td>NVIDIA H100-SXM-80GB<\/td><td>Offline<\/td><td><code>best<\/code><\/td><td class="bw-diff-num bw-diff-old"><del>[\d,]+<\/del><\/td><td class="bw-diff-num bw-diff-new"><ins>[\d,]+<\/ins><\/td><td class="bw-diff-unit">tokens\/s<\/td>/);
  });
});
