/**
 * Pages made from the data, built on the real data/ with the real engine: an accelerator page with its
 * specification and charts, a model page with every accelerator on it, the matrix checked cell by cell
 * against an independent query, chart marks on every page, and every internal link under the base path.
 */
import { resolve } from 'node:path';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDataPages, modelSlug, type DataPage } from '../src/mlperf/data-pages.ts';
import { formatValue } from '../src/core/render/format.ts';
import { projectPaths } from '../src/core/project.ts';
import { openProject, type Project } from '../src/core/versions/reports.ts';
import { mlperfContent } from '../src/mlperf/content.ts';

const ROOT = resolve(import.meta.dirname, '..');
/** Plot's aria-labels of the marks that draw one element per row, and the element each draws. */
const ROW_MARKS = ['g[aria-label="dot"] circle', 'g[aria-label="bar"] rect', 'g[aria-label="cell"] rect'];

let project: Project;
let pages: DataPage[];
let underSubfolder: DataPage[];
beforeAll(async () => {
  // An empty environment: the real content and data folders, whatever the shell says.
  project = await openProject(projectPaths({}, ROOT), process.env, undefined, mlperfContent);
  pages = await buildDataPages(project, { base: '/' });
  underSubfolder = await buildDataPages(project, { base: '/reports/' });
}, 180_000);
afterAll(() => project?.engine.close());

const page = (kind: DataPage['kind'], id: string): DataPage => {
  const found = pages.find((p) => p.kind === kind && p.id === id);
  expect(found, `${kind}/${id}`).toBeDefined();
  return found!;
};
const documentOf = (p: DataPage) => parseHTML(`<!doctype html><html><body>${p.html}</body></html>`).document;
const text = (node: { textContent: string | null } | null) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('which pages there are', () => {
  it('one page per accelerator id except none and the mixes, one per model, two indexes and the matrix', async () => {
    const ids = (await project.engine.query("SELECT DISTINCT accelerator_id FROM accelerator_names WHERE accelerator_id <> 'none' AND accelerator_id NOT LIKE 'mix-%' ORDER BY 1")).rows.map((r) => String(r.accelerator_id));
    const models = (await project.engine.query('SELECT DISTINCT model FROM mlperf_inference ORDER BY 1')).rows.map((r) => String(r.model));
    expect(pages.filter((p) => p.kind === 'accelerator').map((p) => p.id).sort()).toEqual(ids);
    expect(pages.filter((p) => p.kind === 'model').map((p) => p.id).sort()).toEqual(models.map(modelSlug).sort());
    expect(pages.filter((p) => p.kind === 'index').map((p) => p.id).sort()).toEqual(['accelerators', 'models']);
    expect(pages.filter((p) => p.kind === 'matrix').map((p) => p.id)).toEqual(['latest']);
    for (const p of pages) {
      expect(p.id, `${p.kind}/${p.id}`).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(p.title.length, `${p.kind}/${p.id}`).toBeGreaterThan(0);
      expect(p.headings.some((h) => h.text === 'Data and methods'), `${p.kind}/${p.id}`).toBe(true);
    }
    expect(modelSlug('llama3.1-405b')).toBe('llama3-1-405b');
    expect(modelSlug('bert-99.9_MiniLM')).toBe('bert-99-9-minilm');
  });
});

describe('the accelerator page of nvidia-h100-sxm-80gb', () => {
  it('shows its specification from accelerators.csv: 3.35 TB/s of memory bandwidth', () => {
    const doc = documentOf(page('accelerator', 'nvidia-h100-sxm-80gb'));
    const tables = [...doc.querySelectorAll('figure.bw-table')];
    const spec = tables.find((t) => [...t.querySelectorAll('th')].some((th) => text(th) === 'Memory bandwidth (TB/s)'));
    expect(spec, 'a table with a "Memory bandwidth (TB/s)" column').toBeDefined();
    const headers = [...spec!.querySelectorAll('thead th')].map(text);
    const cells = [...spec!.querySelectorAll('tbody tr')[0]!.querySelectorAll('td')].map(text);
    expect(cells[headers.indexOf('Memory bandwidth (TB/s)')]).toBe('3.35');
    expect(cells[headers.indexOf('TDP (W)')]).toBe('700');
    expect(text(doc.body)).toContain('H100 SXM 80GB');
    // The published names that map to the id.
    expect(text(doc.body)).toContain('Virtualized NVIDIA H100-SXM-80GB');
  });

  it('charts its results per accelerator, one unit per chart, citing MLPerf and stating why rounds are compared', () => {
    const doc = documentOf(page('accelerator', 'nvidia-h100-sxm-80gb'));
    const charts = [...doc.querySelectorAll('figure.bw-chart')];
    expect(charts.length).toBeGreaterThanOrEqual(1);
    expect(charts.length).toBeLessThanOrEqual(6);
    for (const chart of charts) {
      expect(chart.querySelectorAll('g[aria-label="dot"] circle').length, chart.id).toBeGreaterThan(0);
      const axis = text(chart.querySelector('g[aria-label="x-axis label"]'));
      expect(axis, chart.id).toMatch(/^(tokens|samples|queries)\/s per accelerator/);
      const note = text(chart.querySelector('.bw-mlperf-note'));
      expect(note, chart.id).toContain('closed division, available category');
      expect(note, chart.id).toContain('Verified by MLCommons Association.');
    }
    // H100 results span rounds, so some chart compares rounds and says why.
    expect(text(doc.body)).toContain('Why: Every round in the data');
    expect(text(doc.body)).toContain('v5.0 is not in the data');
  });

  it('has a complete table of the best result per model, scenario, round and unit', async () => {
    const doc = documentOf(page('accelerator', 'nvidia-h100-sxm-80gb'));
    const best = doc.querySelector('figure.bw-table[data-query="best"]')!;
    expect(best).not.toBeNull();
    const expected = await project.engine.query(`SELECT count(*) AS n FROM (
      SELECT DISTINCT model, scenario, round, unit FROM mlperf_inference_derived
      WHERE accelerator_id = 'nvidia-h100-sxm-80gb' AND division = 'closed' AND availability = 'available')`);
    expect(Number(expected.rows[0]!.n), 'H100 has closed, available results').toBeGreaterThan(0);
    expect(best.querySelectorAll('tbody tr').length).toBe(Number(expected.rows[0]!.n));
  });
});

describe('the model page of llama2-70b-99', () => {
  it('lists H200 and B200, with their best results per accelerator, and links them to their pages', () => {
    const doc = documentOf(page('model', 'llama2-70b-99'));
    const rows = [...doc.querySelectorAll('figure.bw-table[data-query="best"] tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map(text));
    const accelerators = new Set(rows.map((r) => r[0]));
    expect(accelerators).toContain('nvidia-h200-sxm-141gb');
    expect(accelerators).toContain('nvidia-b200-sxm-180gb');
    const links = [...doc.querySelectorAll('figure.bw-chart a')].map((a) => a.getAttribute('href'));
    expect(links).toContain('/accelerators/nvidia-h200-sxm-141gb/');
    expect(links).toContain('/accelerators/nvidia-b200-sxm-180gb/');
    expect(doc.querySelectorAll('figure.bw-chart g[aria-label="dot"] circle').length).toBeGreaterThan(0);
  });
});

describe('the matrix', () => {
  it('holds for (llama2-70b-99, nvidia-b200-sxm-180gb) the best Offline result per accelerator of the latest round, computed independently', async () => {
    const doc = documentOf(page('matrix', 'latest'));
    const { rows } = await project.engine.query(`SELECT max(result_per_accelerator) AS best, (SELECT max(round) FROM mlperf_inference) AS round
      FROM mlperf_inference_derived
      WHERE model = 'llama2-70b-99' AND accelerator_id = 'nvidia-b200-sxm-180gb' AND scenario = 'Offline'
        AND division = 'closed' AND availability = 'available' AND round = (SELECT max(round) FROM mlperf_inference)`);
    const best = rows[0]!.best as number;
    expect(best).toBeGreaterThan(0);
    const cell = doc.querySelector('td[data-model="llama2-70b-99"][data-accelerator="nvidia-b200-sxm-180gb"]')!;
    expect(cell, 'the matrix cell').not.toBeNull();
    expect(Number(cell.getAttribute('data-value'))).toBe(best);
    expect(text(cell)).toBe(formatValue(best));
    expect(cell.querySelector('a')!.getAttribute('href')).toBe('/accelerators/nvidia-b200-sxm-180gb/');
    // Row headers link to model pages, and the page says which round is the latest.
    const row = cell.closest('tr')!;
    expect(row.querySelector('th a')!.getAttribute('href')).toBe('/models/llama2-70b-99/');
    expect(text(row.querySelector('th .dp-unit'))).toBe('tokens/s per accelerator');
    expect(text(doc.body)).toContain(`latest round in the data, ${rows[0]!.round}`);
    // Its SQL is listed in Data and methods.
    expect(doc.querySelector('#query-matrix')).not.toBeNull();
  });

  it('has a cell for every (model, accelerator) of the latest round and nothing else', async () => {
    const doc = documentOf(page('matrix', 'latest'));
    const { rows } = await project.engine.query(`SELECT count(*) AS n FROM (SELECT DISTINCT model, accelerator_id, unit FROM mlperf_inference_derived
      WHERE round = (SELECT max(round) FROM mlperf_inference) AND scenario = 'Offline' AND division = 'closed' AND availability = 'available'
        AND accelerator_id NOT LIKE 'mix-%')`);
    expect(doc.querySelectorAll('.dp-matrix td[data-value]').length).toBe(Number(rows[0]!.n));
  });
});

describe('every page', () => {
  it('has charts whose marks exist', () => {
    for (const p of pages) {
      const doc = documentOf(p);
      const charts = [...doc.querySelectorAll('figure.bw-chart')];
      expect(charts.length, `${p.kind}/${p.id} has a chart`).toBeGreaterThan(0);
      for (const chart of charts) {
        const marks = ROW_MARKS.reduce((n, selector) => n + chart.querySelectorAll(selector).length, 0);
        expect(marks, `${p.kind}/${p.id} ${chart.id}`).toBeGreaterThan(0);
      }
    }
  });

  it('links only to pages that exist, under the base path', () => {
    for (const [base, set] of [['/', pages], ['/reports/', underSubfolder]] as const) {
      const known = new Set(set.map((p) => (p.kind === 'accelerator' ? `${base}accelerators/${p.id}/` : p.kind === 'model' ? `${base}models/${p.id}/` : '')));
      let checked = 0;
      for (const p of set) {
        for (const a of documentOf(p).querySelectorAll('a[href]')) {
          const href = a.getAttribute('href')!;
          if (/^(https?:|data:|#)/.test(href)) continue;
          expect(href.startsWith(base), `${p.kind}/${p.id}: ${href}`).toBe(true);
          if (/\/(accelerators|models)\/[^/]+\/$/.test(href)) {
            expect(known.has(href), `${p.kind}/${p.id} links to ${href}`).toBe(true);
            checked++;
          }
        }
      }
      expect(checked).toBeGreaterThan(100);
    }
  });

  it('says that v5.0 is missing wherever rounds are compared', () => {
    for (const p of pages) {
      const doc = documentOf(p);
      if (text(doc.body).includes('Compares results of different versions')) expect(text(doc.body), `${p.kind}/${p.id}`).toContain('v5.0 is not in the data');
    }
  });
});
