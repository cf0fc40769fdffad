/**
 * MLPerf citations that satisfy MLCommons and the reader (issue 15, item 3): one short line under each figure, the full
 * list one click away (grouped over scenarios, runs of result IDs printed once, a missing ID said once per group), and
 * training's free-text availability read as MLCommons' category, so the comparability rule compares categories.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/core/data/catalog.ts';
import { DataError } from '../src/core/errors.ts';
import { compressIds, idRanges } from '../src/mlperf/mlperf-citation.ts';
import { createQueryEngine, type QueryEngine } from '../src/core/sql/query-engine.ts';
import { expectBuildError, fence, renderBody, ROOT } from './helpers.ts';
import { expandIds, parseCsv } from './citation-helpers.ts';
import { mlperfContent } from '../src/mlperf/content.ts';

let engine: QueryEngine;
beforeAll(async () => {
  engine = await createQueryEngine({ catalog: loadCatalog(join(ROOT, 'data'), mlperfContent) });
}, 60_000);
afterAll(() => engine.close());

const render = async (sql: string, block: string, kind: 'plot' | 'table' = 'plot') => {
  const { html } = await renderBody(engine, `${fence('sql q', sql)}\n\n${fence(`${kind} q`, block)}\n`);
  return parseHTML(`<html><body>${html}</body></html>`).document;
};
/** An element's text with a space between elements (as a reader and a PDF see list items apart). */
const textOf = (el: Node | null | undefined): string => {
  const walk = (n: Node): string => (n.nodeType === 3 ? (n.textContent ?? '') : [...n.childNodes].map(walk).join(' '));
  return el ? walk(el).replace(/\s+/g, ' ').replace(/ ([,.:;)])/g, '$1').trim() : '';
};
/** What a reader sees under the figure before opening anything: the note without its <details>. */
const visibleNote = (doc: Document) => {
  const note = doc.querySelector('.bw-mlperf-note')!.cloneNode(true) as Element;
  note.querySelectorAll('details').forEach((d) => d.remove());
  return textOf(note);
};
/** The cited MLPerf rows of a figure's cited-results CSV (which goes on with the rows of any other table read, e.g. a mapping). */
const citedCsvOf = (doc: Document) =>
  parseCsv(decodeURIComponent(doc.querySelector('a.bw-download-cited')!.getAttribute('href')!.replace(/^data:text\/csv;charset=utf-8,/, ''))).filter((r) => /^v\d/.test(r.round ?? ''));

describe('result IDs', () => {
  it('prints a run of consecutive IDs once, from its first to its last ID, each ID whole', () => {
    expect(compressIds(['4.1-0003', '4.1-0001', '4.1-0002', '4.1-0012', '4.1-0005', '4.1-0004'])).toBe('4.1-0001 to 4.1-0005, 4.1-0012');
    expect(compressIds(['v4.1-0009', 'v4.1-0010', '5.1-0001', '5.1-0001'])).toBe('5.1-0001, v4.1-0009 to v4.1-0010');
    expect(compressIds(['6.0-0999', '6.0-1000', 'odd'])).toBe('6.0-0999 to 6.0-1000, odd');
    expect(idRanges([])).toEqual([]);
  });

  it('expands back to exactly the IDs it was given (the test helper the PDF check relies on)', () => {
    const ids = ['5.1-0001', '5.1-0002', '5.1-0003', '5.1-0007', 'v4.1-0099', 'v4.1-0100', '6.0-0042'];
    expect(expandIds(compressIds(ids)).sort()).toEqual([...ids].sort());
  });
});

describe('one short line under a figure, the full list one click away', () => {
  it('a figure over more than a thousand results keeps its line short and lists every result ID in its details', async () => {
    const doc = await render(
      "SELECT model, min(result / total_accelerators) AS low FROM mlperf_inference WHERE round IN ('v4.1', 'v5.1', 'v6.0') AND total_accelerators > 0 AND unit = 'tokens/s' GROUP BY model",
      'compare: every model of three rounds, to test the citation\nmarks:\n  - barX: { y: model, x: low }',
    );
    const cited = citedCsvOf(doc);
    expect(cited.length).toBeGreaterThan(1000);
    const line = textOf(doc.querySelector('.bw-cite-line'));
    expect(line).toContain(`MLPerf Inference v4.1, v5.1 and v6.0, closed and open divisions, available and preview categories: ${cited.length.toLocaleString('en-US')} results, retrieved 2026-11-23 and 2026-12-03. Verified by MLCommons Association.`);
    // The old footnote listed every group here (a 21,000 px page); the line and the stated differences stay short.
    expect(visibleNote(doc).length).toBeLessThan(900);
    const details = doc.querySelector('details.bw-citations')!;
    expect(details.hasAttribute('open')).toBe(false);
    const printed = new Set(expandIds(textOf(details)));
    const ids = new Set(cited.map((r) => r.result_id ?? ''));
    expect([...printed].filter((id) => !ids.has(id)), 'printed, not cited').toEqual([]);
    expect([...ids].filter((id) => !printed.has(id)), 'cited, not printed').toEqual([]);
  });

  it('groups a benchmark over its scenarios: a result ID shared by Offline and Server is printed once', async () => {
    const doc = await render(
      "SELECT scenario, max(result / total_accelerators) AS best FROM mlperf_inference WHERE model = 'llama2-70b-99' AND round = 'v5.1' AND division = 'closed' AND availability = 'available' AND unit = 'tokens/s' AND scenario IN ('Offline', 'Server') GROUP BY scenario",
      'marks:\n  - barX: { y: scenario, x: best }',
    );
    const cited = citedCsvOf(doc);
    const ids = new Set(cited.map((r) => r.result_id));
    expect(ids.size).toBeLessThan(cited.length); // shared by the two scenarios
    const list = textOf(doc.querySelector('details.bw-citations'));
    expect(list).toContain(`llama2-70b-99, Offline and Server: ${cited.length} results, IDs `);
    const printed = expandIds(list);
    expect(printed.length).toBe(ids.size); // each ID once
    expect(new Set(printed)).toEqual(ids);
  });

  it('says "no result IDs in the source data" once per round, division and category, not once per benchmark and scenario', async () => {
    const doc = await render(
      "SELECT model, scenario, round, max(result / total_accelerators) AS best FROM mlperf_inference WHERE round IN ('v3.1', 'v4.0') AND division = 'closed' AND availability = 'available' AND model IN ('gptj-99', 'llama2-70b-99.9', 'stable-diffusion-xl') AND scenario IN ('Offline', 'Server') AND total_accelerators > 0 GROUP BY ALL",
      'compare: testing\ncolumns:\n  model: Model\n  scenario: Scenario\n  round: Round',
      'table',
    );
    const list = textOf(doc.querySelector('details.bw-citations'));
    expect(list.match(/no result IDs in the source data/g)?.length).toBe(2);
    expect(list).toContain('MLPerf Inference v3.1, closed division, available category (no result IDs in the source data: each result is listed by its location in the cited-results CSV): gptj-99, Offline and Server: ');
    expect(list).toContain('MLPerf Inference v4.0, closed division, available category (no result IDs in the source data');
    expect(list).toMatch(/stable-diffusion-xl, Offline and Server: \d+ results\./);
    const stated = [...list.matchAll(/: (\d+) results?\./g)].reduce((n, m) => n + Number(m[1]), 0);
    expect(stated).toBe(citedCsvOf(doc).length);
  });
});

describe("MLPerf Training availability: MLCommons' categories, the published text kept", () => {
  it('a catalogued table gives every published spelling a category; the views carry it beside the text', async () => {
    const { rows } = await engine.query('SELECT availability, category, hosting FROM mlperf_training_availability ORDER BY availability');
    expect(rows.length).toBe(12);
    for (const r of rows) expect(['available', 'preview', 'rdi']).toContain(r.category);
    const unmapped = await engine.query('SELECT count(*) AS n FROM mlperf_training_all t ANTI JOIN mlperf_training_availability a USING (availability)');
    expect(unmapped.rows[0]!.n).toBe(0);
    const view = await engine.query("SELECT DISTINCT availability, availability_category, availability_hosting FROM mlperf_training WHERE availability IN ('Available cloud', 'onprem', 'Preview') ORDER BY 1");
    expect(view.rows).toEqual([
      { availability: 'Available cloud', availability_category: 'available', availability_hosting: 'cloud' },
      { availability: 'Preview', availability_category: 'preview', availability_hosting: null },
      { availability: 'onprem', availability_category: 'available', availability_hosting: 'on-premise' },
    ]);
  });

  it("compares 'Available cloud' with 'Available on-premise' results without a stated reason: one category", async () => {
    const sql = "SELECT system_id, availability, time_to_train_min FROM mlperf_training WHERE round = 'v5.1' AND benchmark = 'llama2_70b_lora' AND division = 'closed' AND availability IN ('Available cloud', 'Available on-premise') AND time_to_train_min IS NOT NULL ORDER BY time_to_train_min LIMIT 12";
    const doc = await render(sql, 'marks:\n  - barX: { y: system_id, x: time_to_train_min }');
    const cited = citedCsvOf(doc);
    expect(new Set(cited.map((r) => r.availability))).toEqual(new Set(['Available cloud', 'Available on-premise']));
    expect(new Set(cited.map((r) => r.availability_category))).toEqual(new Set(['available']));
    const line = textOf(doc.querySelector('.bw-cite-line'));
    expect(line).toContain('MLPerf Training v5.1, closed division, available category: 12 results, retrieved 2026-11-23. Result not verified by MLCommons Association.');
    expect(visibleNote(doc)).not.toContain('categories');
  });

  it('still refuses available beside preview results without a stated reason', async () => {
    const sql = "SELECT system_id, time_to_train_min FROM mlperf_training WHERE round = 'v4.1' AND division = 'closed' AND availability IN ('Preview', 'Available on-premise') AND benchmark = 'llama2_70b_lora' AND time_to_train_min IS NOT NULL";
    await expectBuildError(renderBody(engine, `${fence('sql q', sql)}\n\n${fence('plot q', 'marks:\n  - barX: { y: system_id, x: time_to_train_min }')}\n`), {
      line: 6,
      contains: ['this chart compares MLPerf results of different categories available and preview'],
    });
  });

  it('refuses data whose availability holds a spelling the table does not map, naming it and the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-categories-'));
    writeFileSync(join(dir, 'runs.csv'), 'round,division,availability,benchmark,results_path,total_accelerators,source_repo,source_commit,minutes\nv5.1,closed,onprem,bert,a/,8,r,c,1\nv5.1,closed,Available (RDI),bert,b/,8,r,c,2\n');
    writeFileSync(join(dir, 'map.csv'), 'availability,category\nonprem,available\n');
    writeFileSync(
      join(dir, 'catalog.yaml'),
      [
        'tables:',
        '  runs:',
        '    file: runs.csv',
        '    title: t',
        '    description: d',
        '    extraction: e',
        '    source: { publisher: p, retrieved: 2026-01-01 }',
        '    mlperf:',
        '      suite: MLPerf Training',
        '      verified: false',
        '      columns: { round: round, division: division, category: availability, benchmark: benchmark, location: results_path, accelerators: total_accelerators, repo: source_repo, commit: source_commit }',
        '      category_map: { table: categories, published: availability, category: category }',
        '    columns:',
        ...['round', 'division', 'availability', 'benchmark', 'results_path'].map((c) => `      ${c}: { type: VARCHAR, description: ${c} }`),
        '      total_accelerators: { type: INTEGER, description: n }',
        ...['source_repo', 'source_commit'].map((c) => `      ${c}: { type: VARCHAR, description: ${c} }`),
        '      minutes: { type: DOUBLE, description: m, unit: min }',
        '  categories:',
        '    file: map.csv',
        '    title: m',
        '    description: d',
        '    extraction: e',
        '    source: { publisher: p, retrieved: 2026-01-01 }',
        '    columns:',
        '      availability: { type: VARCHAR, description: a }',
        '      category: { type: VARCHAR, description: c }',
        'docs: []',
        '',
      ].join('\n'),
    );
    // Refused when DuckDB loads the data, before any query runs.
    const error = await createQueryEngine({ catalog: loadCatalog(dir, mlperfContent) })
      .then((small) => small.query('SELECT count(*) AS n FROM runs').finally(() => small.close()))
      .then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect(String((error as Error).message)).toContain('runs.availability holds "Available (RDI)", which data/map.csv (table categories) gives no category');
  });
});
