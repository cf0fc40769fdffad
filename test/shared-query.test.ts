/**
 * One query for many pages (src/core/render/shared-query.ts): every generated page's query that a shared query
 * answers gets exactly what running it alone gives (rows in order, column types, units, source rows), on the real
 * data, for every page; and the comparison does catch a shared query whose slices differ.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageSql, sharedQueries, sharedSql } from '../src/core/render/shared-query.ts';
import type { QueryAnswer } from '../src/core/render/remark-benchwright.ts';
import { projectPaths } from '../src/core/project.ts';
import { traceUnits } from '../src/core/units/query-units.ts';
import { openProject, type Project } from '../src/core/versions/reports.ts';
import { mlperfContent } from '../src/mlperf/content.ts';
import { planDataPages } from '../src/mlperf/data-pages.ts';

const ROOT = resolve(import.meta.dirname, '..');

let project: Project;
beforeAll(async () => {
  project = await openProject(projectPaths({}, ROOT), process.env, undefined, mlperfContent);
}, 60_000);
afterAll(() => project?.engine.close());

/** What running the query alone gives, in the answer's shape. */
async function alone(sql: string): Promise<QueryAnswer> {
  const result = await project.engine.query(sql);
  return { result, units: await traceUnits(project.engine, sql, result) };
}

/** The parts a page sees of an answer (the cache key differs by design). */
const seen = ({ result, units }: QueryAnswer) => ({ columns: result.columns, rows: result.rows, tables: result.tables, units });

describe('the SQL of a page and of the shared query', () => {
  const q = { select: 'count(*) AS n', from: 'mlperf_inference', subject: [['model', "it's"], ['scenario', 'Offline']] as [string, string][], where: "division = 'closed'", aggregate: true };
  it('a page filters on its subject first; the shared query selects, groups and orders by it instead', () => {
    expect(pageSql(q)).toBe("\nSELECT count(*) AS n\nFROM mlperf_inference\nWHERE model = 'it''s' AND scenario = 'Offline' AND division = 'closed'");
    expect(sharedSql(q)).toBe(
      "\nSELECT model AS __bw_subject_0, scenario AS __bw_subject_1, count(*) AS n\nFROM mlperf_inference\nWHERE division = 'closed'\nGROUP BY model, scenario\nORDER BY __bw_subject_0, __bw_subject_1",
    );
    const rows = { ...q, aggregate: false, groupBy: undefined, orderBy: 'result DESC, system_id', select: 'system_id, result', where: undefined };
    expect(sharedSql(rows)).toBe('\nSELECT model AS __bw_subject_0, scenario AS __bw_subject_1, system_id, result\nFROM mlperf_inference\nORDER BY __bw_subject_0, __bw_subject_1, result DESC, system_id');
  });

  it('a subject with no rows in the shared result is not answered (its own query runs: an aggregate over no rows still gives one)', async () => {
    const shared = sharedQueries(project.engine);
    const sql = shared.sql({ select: 'count(*) AS n', from: 'mlperf_inference', subject: [['model', 'no such model']], aggregate: true });
    expect(await shared.answers(sql.trim())).toBeUndefined();
    expect((await project.engine.query(sql)).rows).toEqual([{ n: 0 }]);
    expect(shared.answers('SELECT 1')).toBeUndefined();
  });
});

describe('every data page query a shared query answers, against the query run alone', () => {
  it('gives the same columns, rows in the same order, units and source rows, for every page', async () => {
    const { jobs, shared } = await planDataPages(project, { base: '/' });
    await Promise.all(jobs.map((job) => job.body()));
    const pages = shared.pages();
    // 43 accelerator pages and 26 model pages, each with several queries over its subject.
    expect(pages.length).toBeGreaterThan(300);
    let answered = 0;
    const differ: string[] = [];
    for (const sql of pages) {
      const answer = await shared.answers(sql);
      if (!answer) continue;
      answered++;
      const own = await alone(sql);
      try {
        expect(seen(answer)).toEqual(seen(own));
      } catch {
        differ.push(sql);
      }
    }
    expect(differ).toEqual([]);
    expect(answered).toBe(pages.length);
  }, 600_000);

  it('catches a shared query whose rows come in another order than the page query (ties in ORDER BY)', async () => {
    const shared = sharedQueries(project.engine);
    // Ordered by scenario only: the rows of one scenario tie, and come out of the two queries in different orders.
    const sqls = ['nvidia-h100-sxm-80gb', 'nvidia-h200-sxm-141gb', 'nvidia-b200-sxm-180gb'].map((id) =>
      shared.sql({
        select: 'scenario, round, max(result_per_accelerator) AS per_accelerator',
        from: 'mlperf_inference_derived',
        subject: [['accelerator_id', id], ['model', 'llama2-70b-99']],
        where: "division = 'closed' AND availability = 'available'",
        groupBy: 'scenario, round, result_location',
        orderBy: 'scenario',
      }),
    );
    let differ = 0;
    for (const sql of sqls) {
      const answer = (await shared.answers(sql.trim()))!;
      const own = await alone(sql);
      // Same rows as sets, so only the order differs.
      expect(new Set(answer.result.rows.map((r) => JSON.stringify(r)))).toEqual(new Set(own.result.rows.map((r) => JSON.stringify(r))));
      if (JSON.stringify(answer.result.rows) !== JSON.stringify(own.result.rows)) differ++;
    }
    expect(differ).toBeGreaterThan(0);
  }, 60_000);
});

describe('the unit probe summarised by DuckDB', () => {
  it('gives every shipped report query the units and source rows its probe\'s rows give', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { readArticleSource } = await import('../src/core/article/article-source.ts');
    const { parseArticle } = await import('../src/core/article/parse-article.ts');
    const { buildQueryGraph, composeQuery } = await import('../src/core/sql/named-queries.ts');
    const { probeRows, unitsOfProbeRows } = await import('../src/core/units/query-units.ts');
    const reports = join(ROOT, 'content/reports');
    const sqls = new Set<string>();
    for (const dir of readdirSync(reports)) {
      for (const file of readdirSync(join(reports, dir)).filter((f) => f.endsWith('.md'))) {
        const path = join(reports, dir, file);
        const { blocks } = parseArticle(readArticleSource(readFileSync(path, 'utf8'), path), path);
        const queries = blocks.sql.map((b) => ({ name: b.name, sql: b.sql }));
        const graph = buildQueryGraph(queries);
        for (const q of queries) sqls.add(composeQuery(queries, graph, q.name).sql);
      }
    }
    expect(sqls.size).toBeGreaterThan(30);
    const tables = project.engine.catalog.tables.map((t) => t.name);
    let traced = 0;
    for (const sql of sqls) {
      const result = await project.engine.query(sql);
      const summarised = await traceUnits(project.engine, sql, result);
      expect(summarised, sql).toEqual(unitsOfProbeRows(await probeRows(project.engine, sql, result), result.columns, tables));
      if (summarised.lineage.length > 0 && Object.values(summarised.columns).some((u) => u.length > 0)) traced++;
    }
    // Not a comparison of empty answers: most queries have units and source rows.
    expect(traced).toBeGreaterThan(sqls.size / 2);
  }, 300_000);
});
