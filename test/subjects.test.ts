/**
 * What an article's figures are about (render/subjects.ts): the catalog's `subjects` columns over the source rows its
 * charts and tables cite, and nothing that only an inline value or an unshown query read.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/core/data/catalog.ts';
import { createQueryEngine } from '../src/core/sql/query-engine.ts';
import { mlperfContent } from '../src/mlperf/content.ts';
import { copyFixtureData, fence, renderBody } from './helpers.ts';

/** A copy of the fixture data whose catalog declares the subjects of mlperf_inference (the fixture has no accelerator_id). */
async function engineWithSubjects(subjects: string) {
  const dir = copyFixtureData();
  const path = join(dir, 'catalog.yaml');
  const text = readFileSync(path, 'utf8').replace('  mlperf_inference:\n', `  mlperf_inference:\n    subjects: ${subjects}\n`);
  writeFileSync(path, text);
  return createQueryEngine({ catalog: loadCatalog(dir, mlperfContent) });
}

const CHART_SQL = "SELECT accelerator, max(result / total_accelerators) AS best\nFROM mlperf_inference\nWHERE round = 'v5.1' AND scenario = 'Offline' AND (accelerator LIKE '%B200%' OR accelerator LIKE '%GB200%')\nGROUP BY accelerator";

describe('subjects of an article', () => {
  it('are the subject columns of the rows its figures cite: not of a count in prose, nor of a query no figure shows', async () => {
    const engine = await engineWithSubjects('{ accelerator: accelerator, model: model }');
    try {
      const body = [
        fence('sql shown', CHART_SQL),
        fence('plot shown', 'marks:\n  - barX: { y: accelerator, x: best }'),
        fence('sql everything', 'SELECT count(*) AS n FROM mlperf_inference'),
        'The table has :value[everything.n] rows.',
        fence('sql unshown', "SELECT accelerator FROM mlperf_inference WHERE accelerator LIKE '%MI300X%'"),
      ].join('\n\n');
      const { data } = await renderBody(engine, body);
      const expected = (await engine.query(`SELECT DISTINCT accelerator, model FROM mlperf_inference WHERE round = 'v5.1' AND scenario = 'Offline' AND (accelerator LIKE '%B200%' OR accelerator LIKE '%GB200%')`)).rows;
      expect(expected.length).toBeGreaterThanOrEqual(2);
      expect(data.subjects).toEqual({
        accelerator: [...new Set(expected.map((r) => String(r.accelerator)))].sort(),
        model: [...new Set(expected.map((r) => String(r.model)))].sort(),
      });
      expect(data.subjects!.accelerator!.some((a) => a.includes('MI300X'))).toBe(false);
    } finally {
      engine.close();
    }
  });

  it('are absent when no table the figures read declares subjects', async () => {
    const engine = await createQueryEngine({ catalog: loadCatalog(join(import.meta.dirname, 'fixtures/data'), mlperfContent) });
    try {
      const { data } = await renderBody(engine, [fence('sql shown', CHART_SQL), fence('table shown', '')].join('\n\n'));
      expect(data.figures).toHaveLength(1);
      expect(data.subjects).toBeUndefined();
    } finally {
      engine.close();
    }
  });

  it('name columns the table has', async () => {
    await expect(engineWithSubjects('{ accelerator: accelerator_idd }')).rejects.toThrow(/mlperf_inference\.subjects\.accelerator names the column "accelerator_idd", which the table does not have/);
  });
});
