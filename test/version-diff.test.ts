import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proseSections } from '../src/core/article/prose-blocks.ts';
import { traceUnits } from '../src/core/units/query-units.ts';
import type { QueryEngine } from '../src/core/sql/query-engine.ts';
import { rowDiffCsv } from '../src/core/versions/row-diff-csv.ts';
import { diffWords } from '../src/core/versions/text-diff.ts';
import { diffVersions, type QuerySnapshot, type VersionSnapshot } from '../src/core/versions/version-diff.ts';
import { renderVersionDiff } from '../src/core/versions/version-diff-html.ts';
import { fixtureEngine } from './helpers.ts';

// Hand-written test snapshots: the values are made up for these unit tests, not data.
function snapshot(version: number, html: string, queries: QuerySnapshot[] = [], title = 'Test report: throughput per accelerator'): VersionSnapshot {
  return { version, published: `2030-0${version}-01`, title, html, queries };
}

// Rendered articles, as renderArticle writes them: prose, a figure with its data part, a checked claim, the methods.
const figure = (sql: string) =>
  `<figure class="bw-figure bw-chart" id="figure-1" data-query="best"><figcaption><span class="bw-figure-title">Figure 1. Best</span></figcaption><svg><text>TEST-A</text></svg><details class="bw-data"><summary>Data and SQL</summary><pre class="bw-sql"><code>${sql}</code></pre></details></figure>`;
const olderHtml = `<p>Opening words that <strong>stay</strong> the same in both versions.</p>
<h2 id="results">Results</h2>
<p>The <strong>TEST-B</strong> accelerator delivers about <span class="bw-value" data-query="q" data-column="x">3</span> times the TEST-A accelerator on this benchmark.<a class="bw-claim-mark" href="#claim-1">✓<sup>1</sup></a></p>
<aside class="bw-claim" id="claim-1"><p><span class="bw-note-label">Checked claim 1:</span> <code>x &gt; 2</code> holds</p></aside>
${figure('SELECT accelerator, max(result) AS best FROM mlperf_inference GROUP BY ALL')}
<h2 id="method">Method</h2>
<h3 id="rule">The rule</h3>
<p>We took the best result of each accelerator.</p>
<h2 id="old-caveats">Old caveats</h2>
<p>This section goes away in the next version.</p>
<h2 id="data-and-methods">Data and methods</h2>
<div class="bw-methods"><p>Every number was computed when this page was built.</p><h3>Queries</h3><ol class="bw-queries"><li><code>best</code>: 3 rows</li></ol></div>`;
const newerHtml = `<p>Opening words that <strong>stay</strong> the same in both versions.</p>
<h2 id="results">Results</h2>
<p>The <strong>TEST-B</strong> accelerator delivers about <span class="bw-value" data-query="q" data-column="x">2.5</span> times the TEST-A accelerator on this benchmark.<a class="bw-claim-mark" href="#claim-1">✓<sup>1</sup></a></p>
<aside class="bw-claim" id="claim-1"><p><span class="bw-note-label">Checked claim 1:</span> <code>x &gt; 2.4</code> holds</p></aside>
${figure("SELECT accelerator, max(result) AS best, 'changed SQL' AS note FROM mlperf_inference GROUP BY ALL")}
<h2 id="method">Method</h2>
<h3 id="rule">The rule</h3>
<p>We took the best result of each accelerator.</p>
<h2 id="new-round">New round</h2>
<p>Round TEST-2 adds <span class="bw-value">1,234</span> results.</p>
<h2 id="data-and-methods">Data and methods</h2>
<div class="bw-methods"><p>Every number was computed when this page was built.</p><h3>Queries</h3><ol class="bw-queries"><li><code>best</code>: 4 rows</li></ol></div>
<section class="bw-citations-appendix" id="bw-citations"><h2 id="bw-citations-title">Citations</h2><p>The results each figure cites.</p><ul class="bw-cite-list"><li>TEST round: 4 results.</li></ul></section>`;

describe('prose, as readers read it', () => {
  it('is the text of the rendered blocks, by <h2> section: no markup, no figure, claim note or methods part', () => {
    const sections = proseSections(newerHtml);
    expect(sections.map((s) => s.heading)).toEqual(['Introduction', 'Results', 'Method', 'New round', 'Data and methods']);
    expect(sections[1]!.blocks).toEqual([{ kind: 'p', text: 'The TEST-B accelerator delivers about 2.5 times the TEST-A accelerator on this benchmark.' }]);
    expect(sections[2]!.blocks).toEqual([
      { kind: 'h', text: 'The rule' },
      { kind: 'p', text: 'We took the best result of each accelerator.' },
    ]);
    expect(sections[4]!.blocks).toEqual([]);
    const all = JSON.stringify(sections);
    for (const generated of ['SELECT', 'Checked claim', '✓', 'Figure 1', 'Every number', 'TEST-A<', 'Citations', 'cites', 'TEST round']) expect(all).not.toContain(generated);
  });

  it('a list item is one block, whether or not its text is in a <p>; a prose table row is one block', () => {
    const html = '<ul><li>tight item</li><li><p>loose item,</p><p>two paragraphs</p></li></ul><table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>';
    expect(proseSections(html)[0]!.blocks).toEqual([
      { kind: 'li', text: 'tight item' },
      { kind: 'li', text: 'loose item, two paragraphs' },
      { kind: 'row', text: 'a b' },
      { kind: 'row', text: '1 2' },
    ]);
  });

  it('a changed sentence shows <del>/<ins> of exactly the changed words, in the rendered text (no Markdown syntax)', () => {
    const diff = diffVersions(snapshot(1, olderHtml), snapshot(2, newerHtml));
    const results = diff.sections.find((s) => s.heading === 'Results')!;
    expect(results.status).toBe('changed');
    expect(results.blocks).toEqual([
      {
        kind: 'p',
        status: 'changed',
        runs: [
          { op: 'equal', text: 'The TEST-B accelerator delivers about' },
          { op: 'delete', text: '3' },
          { op: 'insert', text: '2.5' },
          { op: 'equal', text: 'times the TEST-A accelerator on this benchmark.' },
        ],
      },
    ]);
    expect([results.wordsDeleted, results.wordsInserted]).toEqual([1, 1]);
    const html = renderVersionDiff(diff);
    expect(html).toContain('<p class="bw-diff-block bw-diff-block-p">The TEST-B accelerator delivers about <del>3</del> <ins>2.5</ins> times the TEST-A accelerator on this benchmark.</p>');
    const text = html.slice(html.indexOf('id="text"'), html.indexOf('id="rows"'));
    for (const syntax of ['**', '##', ':value[', '```']) expect(text).not.toContain(syntax);
  });

  it('lists a section added and one removed, in the newer order then the removed ones; SQL changes are not prose', () => {
    const diff = diffVersions(snapshot(1, olderHtml), snapshot(2, newerHtml));
    expect(diff.sections.map((s) => [s.heading, s.status])).toEqual([
      ['Introduction', 'unchanged'],
      ['Results', 'changed'],
      ['Method', 'unchanged'],
      ['New round', 'added'],
      ['Data and methods', 'unchanged'],
      ['Old caveats', 'removed'],
    ]);
    const html = renderVersionDiff(diff);
    expect(html).toContain('<section class="bw-diff-section bw-diff-added">');
    expect(html).toContain('<ins>Round TEST-2 adds 1,234 results.</ins>');
    expect(html).toContain('<del>This section goes away in the next version.</del>');
    expect(html).toContain('Unchanged sections: Introduction, Method, Data and methods.');
    expect(html).not.toContain('SELECT');
    expect(diff.summary).toBe('1 section changed, 1 added, 1 removed, 3 unchanged; no queries.');
  });

  it('shows a changed paragraph whole and folds the unchanged ones, keeping sub-headings', () => {
    const para = (i: number) => `<p>Paragraph ${i} says the same thing in both versions.</p>`;
    const a = `<h2>S</h2>${para(1)}${para(2)}<h3>Sub</h3>${para(3)}<p>The old words stay here.</p>${para(4)}<p>A paragraph that goes.</p>`;
    const b = `<h2>S</h2>${para(1)}${para(2)}<h3>Sub</h3>${para(3)}<p>The new words stay here.</p>${para(4)}<p>A new paragraph.</p>`;
    const html = renderVersionDiff(diffVersions(snapshot(1, a), snapshot(2, b)));
    const section = html.slice(html.indexOf('<section class="bw-diff-section'), html.indexOf('</section>'));
    expect(section.split('\n').slice(2)).toEqual([
      '<p class="bw-diff-skip">⋯ 2 unchanged paragraphs</p>',
      '<p class="bw-diff-block bw-diff-block-h">Sub</p>',
      '<p class="bw-diff-skip">⋯ 1 unchanged paragraph</p>',
      '<p class="bw-diff-block bw-diff-block-p">The <del>old</del> <ins>new</ins> words stay here.</p>',
      '<p class="bw-diff-skip">⋯ 1 unchanged paragraph</p>',
      '<p class="bw-diff-block bw-diff-block-p">A <del>paragraph that goes.</del> <ins>new paragraph.</ins></p>',
      '',
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

  it('compares a one-row query as its one row: a new leader is old → new, not a row removed and one added', () => {
    const facts = (leader: string, top: number): QuerySnapshot => ({
      name: 'facts',
      columns: [{ name: 'leader', type: 'VARCHAR' }, { name: 'n', type: 'BIGINT' }, { name: 'top', type: 'DOUBLE' }],
      rows: [{ leader, n: 10, top }],
      units: { leader: [], n: [], top: ['tokens/s per accelerator'] },
    });
    const diff = diffVersions(snapshot(1, '', [facts('TEST-A', 1234.5)]), snapshot(2, '', [facts('TEST-B', 2345.25)]));
    const [q] = diff.queries;
    expect(q!.match).toBe('single');
    expect([q!.rowsAdded, q!.rowsRemoved]).toEqual([[], []]);
    expect(q!.valuesChanged).toEqual([
      { key: {}, row: 1, column: 'leader', old: 'TEST-A', new: 'TEST-B', unit: '' },
      { key: {}, row: 1, column: 'top', old: 1234.5, new: 2345.25, unit: 'tokens/s per accelerator' },
    ]);
    expect(diff.numbers).toEqual([
      { query: 'facts', label: '', column: 'leader', old: 'TEST-A', new: 'TEST-B', unit: '' },
      { query: 'facts', label: '', column: 'top', old: 1234.5, new: 2345.25, unit: 'tokens/s per accelerator' },
    ]);
    const html = renderVersionDiff(diff);
    expect(html).toContain('<tr><td><code>leader</code></td><td class="bw-diff-old">TEST-A</td><td class="bw-diff-new">TEST-B</td><td class="bw-diff-change"></td></tr>');
    expect(html).toContain(
      '<tr><td><code>top</code><span class="bw-diff-unit">tokens/s per accelerator</span></td><td class="bw-diff-num bw-diff-old">1,235</td><td class="bw-diff-num bw-diff-new">2,345</td><td class="bw-diff-change">+1,111 (+90%)</td></tr>',
    );
  });

  it('the CSV of a query\'s row changes holds every row added, removed and changed, old and new values with units', () => {
    const many = (n: number, offset: number): QuerySnapshot => ({
      ...olderQuery,
      rows: Array.from({ length: n }, (_, i) => ({ accelerator: `TEST-${String(i + offset).padStart(3, '0')}`, scenario: 'Offline', per_accel: 100 + i, systems: 1 })),
    });
    // 60 rows, then 60 rows of which 40 are the same names with other values: 20 removed, 20 added, 40 changed.
    const diff = diffVersions(snapshot(1, '', [many(60, 0)]), snapshot(2, '', [many(60, 20)]));
    const q = diff.queries[0]!;
    expect([q.rowsAdded.length, q.rowsRemoved.length, q.rowsChanged.length]).toEqual([20, 20, 40]);
    const lines = rowDiffCsv(q, 1, 2).trimEnd().split('\r\n');
    expect(lines[0]).toBe('change,accelerator,scenario,per_accel (v1),per_accel (v2),per_accel unit (v1),per_accel unit (v2),systems (v1),systems (v2)');
    expect(lines.length - 1).toBe(80);
    expect(lines).toContain('changed,TEST-020,Offline,120,100,tokens/s per accelerator,tokens/s per accelerator,1,1');
    expect(lines).toContain('added,TEST-079,Offline,,159,,tokens/s per accelerator,,1');
    expect(lines).toContain('removed,TEST-000,Offline,100,,tokens/s per accelerator,,1,');
    // The page shows 20 of each kind, inside a closed <details>, and links the CSV for the rest.
    const html = renderVersionDiff(diff, { links: { page: (v) => `/r/v${v}/`, chart: (v, id) => `/c/v${v}/${id}.svg`, csv: (name) => `/r/v2/changes/${name}.csv` } });
    const rows = html.slice(html.indexOf('<details class="bw-diff-query"'), html.indexOf('</details>'));
    expect(rows.match(/<tr><td>TEST-/g)!.length).toBe(60);
    expect(rows).toContain('<a href="/r/v2/changes/per_accel.csv" download>all of them in the CSV</a>');
    expect(html.slice(0, html.indexOf('<details'))).not.toMatch(/bw-diff-rows-(added|removed)/);
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
    const make = () => diffVersions(snapshot(1, olderHtml, [olderQuery]), snapshot(2, newerHtml, [newerQuery]));
    const first = make();
    expect(JSON.stringify(make())).toBe(JSON.stringify(first));
    expect(renderVersionDiff(make())).toBe(renderVersionDiff(first));
    // Row order in the input does not change the output.
    const shuffled = { ...newerQuery, rows: [...newerQuery.rows].reverse() };
    const again = diffVersions(snapshot(1, olderHtml, [olderQuery]), snapshot(2, newerHtml, [shuffled]));
    expect(renderVersionDiff(again)).toBe(renderVersionDiff(first));
  });

  it('leads with the numbers, then the charts, then the text, then the rows folded away', () => {
    const links = { page: (v: number) => `/r/v${v}/`, chart: (v: number, id: string) => `/c/v${v}/${id}.svg`, csv: (name: string) => `/r/v2/changes/${name}.csv` };
    const html = renderVersionDiff(diffVersions(snapshot(1, olderHtml, [olderQuery]), snapshot(2, newerHtml, [newerQuery])), { links });
    const order = ['id="numbers"', 'id="figures"', 'id="text"', 'id="rows"'].map((id) => html.indexOf(id));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
    expect(html).toContain('<details class="bw-diff-query" id="rows-per_accel">');
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

  it('a one-row facts query on the real results of two rounds: the leader and its figure old → new, with the traced unit', async () => {
    const sql = (round: string) => `SELECT arg_max(accelerator, result / total_accelerators) AS leader, max(result / total_accelerators) AS best, count(*) AS results
FROM mlperf_inference
WHERE model = 'llama2-70b-99' AND scenario = 'Offline' AND round = '${round}'`;
    const facts = async (round: string): Promise<QuerySnapshot> => {
      const result = await engine.query(sql(round));
      return { name: 'facts', columns: result.columns, rows: result.rows, units: (await traceUnits(engine, sql(round), result)).columns };
    };
    const [older, newer] = [await facts('v4.1'), await facts('v5.1')];
    const diff = diffVersions(snapshot(1, '', [older]), snapshot(2, '', [newer]));
    expect(diff.queries[0]!.match).toBe('single');
    expect(diff.queries[0]!.rowsAdded).toEqual([]);
    const byColumn = Object.fromEntries(diff.numbers.map((n) => [n.column, n]));
    expect(byColumn.leader).toMatchObject({ old: older.rows[0]!.leader, new: newer.rows[0]!.leader, unit: '' });
    expect(byColumn.leader!.old).not.toBe(byColumn.leader!.new);
    expect(byColumn.best).toMatchObject({ old: older.rows[0]!.best, new: newer.rows[0]!.best, unit: 'tokens/s per accelerator' });
    const html = renderVersionDiff(diff);
    expect(html).toContain(`<td class="bw-diff-old">${older.rows[0]!.leader}</td><td class="bw-diff-new">${newer.rows[0]!.leader}</td>`);
    expect(html).not.toContain('Rows added');
  });
});

describe('charts', () => {
  it('pairs the charts of the same query and shows each version\'s SVG file side by side; charts left over are listed', () => {
    const fig = (id: string, number: string, query: string, svg: string) => ({ id, number, kind: 'chart' as const, query, title: `Chart of ${query}`, svg });
    const older = { ...snapshot(1, ''), figures: [fig('figure-1', 'Figure 1', 'a', '<svg width="640" height="400">1</svg>'), fig('figure-2', 'Figure 2', 'b', '<svg>same</svg>'), fig('figure-3', 'Figure 3', 'gone', '<svg/>')] };
    const newer = { ...snapshot(2, ''), figures: [fig('figure-1', 'Figure 1', 'new', '<svg/>'), fig('figure-2', 'Figure 2', 'a', '<svg width="640" height="420">2</svg>'), fig('figure-3', 'Figure 3', 'b', '<svg>same</svg>')] };
    const diff = diffVersions(older, newer);
    expect(diff.figures.map((p) => [p.query, p.older.id, p.newer.id])).toEqual([['a', 'figure-1', 'figure-2']]);
    expect(diff.figuresAdded.map((f) => f.query)).toEqual(['new']);
    expect(diff.figuresRemoved.map((f) => f.query)).toEqual(['gone']);
    const html = renderVersionDiff(diff, { links: { page: (v) => `/r/v${v}/`, chart: (v, id) => `/c/v${v}/${id}.svg`, csv: (q) => `/r/${q}.csv` } });
    expect(html).toContain(
      '<div class="bw-diff-pair"><figure class="bw-diff-side"><figcaption>v1 · <a href="/r/v1/#figure-1">Figure 1</a></figcaption><img src="/c/v1/figure-1.svg" alt="Figure 1 of version 1: Chart of a" width="640" height="400" loading="lazy" decoding="async"></figure>' +
        '<figure class="bw-diff-side"><figcaption>v2 · <a href="/r/v2/#figure-2">Figure 2</a></figcaption><img src="/c/v2/figure-2.svg" alt="Figure 2 of version 2: Chart of a" width="640" height="420" loading="lazy" decoding="async"></figure></div>',
    );
    expect(html).toContain('New charts: <a href="/r/v2/#figure-1">Figure 1</a> (Chart of new).');
  });
});
