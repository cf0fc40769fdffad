/**
 * A new round's provenance on the real data/ (issue #13): each round keeps its own repository, commit and retrieval
 * date in footnotes, methods and the cover; titles and descriptions derive their rounds; a version pinned to earlier
 * rounds sees the catalog (title, sources, caveats) as it was for those rounds.
 */
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogFromYaml, findTable, loadCatalog, retrievedText } from '../src/core/data/catalog.ts';
import { DataError } from '../src/core/errors.ts';
import { pinnedCatalog } from '../src/core/versions/pinned-data.ts';
import { createQueryEngine, type QueryEngine } from '../src/core/sql/query-engine.ts';
import { fence, renderBody, ROOT } from './helpers.ts';
import { join } from 'node:path';
import { mlperfContent } from '../src/mlperf/content.ts';

const DATA = join(ROOT, 'data');
const V2_FILES = ['mlperf-inference/v3.1.csv', 'mlperf-inference/v4.0.csv', 'mlperf-inference/v4.1.csv', 'mlperf-inference/v5.1.csv'];

let engine: QueryEngine;
beforeAll(async () => {
  engine = await createQueryEngine({ catalog: loadCatalog(DATA, mlperfContent) });
}, 60_000);
afterAll(() => engine.close());

const notes = async (sql: string, plot: string) => {
  const { html } = await renderBody(engine, `${fence('sql q', sql)}\n\n${fence('plot q', plot)}\n`);
  return parseHTML(`<html><body>${html}</body></html>`).document.querySelector('.bw-mlperf-note')!.textContent!;
};

describe("each round's own provenance", () => {
  it('a v6.0 footnote names the fork it was read from, its commit, that it is a copy, and its own retrieval date', async () => {
    const text = await notes(
      "SELECT accelerator, max(result / total_accelerators) AS per_accel FROM mlperf_inference WHERE model = 'gpt-oss-120b' AND round = 'v6.0' AND scenario = 'Offline' AND division = 'closed' AND availability = 'available' GROUP BY accelerator",
      'marks:\n  - barX: { y: accelerator, x: per_accel }',
    );
    expect(text).toContain('MLPerf Inference v6.0, closed division, available category: 27 results, retrieved 2026-12-03.');
    expect(text).toMatch(/gpt-oss-120b, Offline: 27 results, IDs 6\.0-\d{4}/);
    expect(text).toContain('Retrieved 2026-12-03 from github.com/gbeezybez/inference_results_v6.0 at commit ab33b2144a9f (a copy of github.com/mlcommons/inference_results_v6.0).');
    expect(text).not.toContain('2026-11-23');
  });

  it('a figure over two rounds read on different days gives each its date', async () => {
    const text = await notes(
      "SELECT round, max(result / total_accelerators) AS per_accel FROM mlperf_inference WHERE model = 'llama2-70b-99' AND round IN ('v5.1', 'v6.0') AND scenario = 'Offline' AND division = 'closed' AND availability = 'available' AND unit = 'tokens/s' GROUP BY round",
      'compare: test\nmarks:\n  - barY: { x: round, y: per_accel }',
    );
    expect(text).toContain('Retrieved 2026-11-23 from github.com/mlcommons/inference_results_v5.1 at commit 965182b03376; 2026-12-03 from github.com/gbeezybez/inference_results_v6.0 at commit ab33b2144a9f (a copy of github.com/mlcommons/inference_results_v6.0).');
  });
});

describe('titles, sources and caveats follow the rounds a version sees', () => {
  it('the whole data: v3.1–v6.0, with v6.0 read on its own day and its caveats', () => {
    const table = findTable(engine.catalog, 'mlperf_inference')!;
    expect(table.title).toBe('MLPerf Inference, datacenter results v3.1–v6.0');
    expect(table.description).toContain('one round (v3.1, v4.0, v4.1, v5.1 and v6.0)');
    expect(retrievedText(table)).toBe('2026-11-23 (v3.1, v4.0, v4.1, v5.1), 2026-12-03 (v6.0)');
    expect(table.caveats.some((c) => c.includes('6.0-0001'))).toBe(true);
  });

  it('a version pinned to v3.1–v5.1 sees the table as it was: its title, sources and caveats, without v6.0', () => {
    const table = findTable(pinnedCatalog(engine.catalog, V2_FILES), 'mlperf_inference')!;
    expect(table.files).toEqual(V2_FILES);
    expect(table.title).toBe('MLPerf Inference, datacenter results v3.1–v5.1');
    expect(table.source.repositories!.map((r) => r.repo)).toEqual(['mlcommons/cm4mlperf-results', 'mlcommons/inference_results_v4.1', 'mlcommons/inference_results_v5.1']);
    expect(retrievedText(table)).toBe('2026-11-23');
    expect(table.caveats.some((c) => c.includes('v6.0'))).toBe(false);
  });

  it('a version pinned to one round sees a title of that round, not a range from it to itself', () => {
    const table = findTable(pinnedCatalog(engine.catalog, ['mlperf-inference/v6.0.csv']), 'mlperf_inference')!;
    expect(table.title).toBe('MLPerf Inference, datacenter results v6.0');
    expect(table.description).toContain('(v6.0)');
  });

  it('a title naming {rounds} of a table whose repositories list none is a catalog error', () => {
    const raw = { tables: { t: { file: 'x.csv', title: 'Rounds {rounds}', description: 'd', extraction: 'e', source: { publisher: 'p', retrieved: '2026-01-01', repositories: [{ repo: 'a/b' }] }, columns: { a: { type: 'VARCHAR', description: 'a' } } } } };
    expect(() => catalogFromYaml(raw, DATA, 'catalog.yaml')).toThrow(DataError);
    expect(() => catalogFromYaml(raw, DATA, 'catalog.yaml')).toThrow('t.title names {rounds}, but no repository of the table lists its rounds');
  });
});
