/**
 * Named queries that several queries read are computed once into a table (src/core/sql/named-tables.ts): every
 * query and claim of every shipped report version gives, over the real data, exactly what its SQL as written gives
 * (rows in order, columns, claim outcomes); the table is made once and only on a cache miss; and an error is placed
 * on the author's line either way.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArticleSource } from '../src/core/article/article-source.ts';
import { parseArticle } from '../src/core/article/parse-article.ts';
import { projectPaths } from '../src/core/project.ts';
import { runChecks } from '../src/core/render/claims.ts';
import { buildQueryGraph, composeQuery } from '../src/core/sql/named-queries.ts';
import { runOverTables } from '../src/core/sql/named-tables.ts';
import { createQueryEngine, type QueryEngine } from '../src/core/sql/query-engine.ts';
import { findReportFiles } from '../src/core/versions/report-files.ts';
import { openProject, type Project } from '../src/core/versions/reports.ts';
import { mlperfContent } from '../src/mlperf/content.ts';
import { expectBuildError, fence, fixtureEngine, renderBody } from './helpers.ts';

const ROOT = resolve(import.meta.dirname, '..');

describe('every shipped query over tables of its named queries', () => {
  let project: Project;
  let written: QueryEngine;
  beforeAll(async () => {
    project = await openProject(projectPaths({}, ROOT), process.env, undefined, mlperfContent);
    // A second engine with a cache of its own and no tables: every query runs as written.
    written = Object.create(await createQueryEngine({ catalog: project.engine.catalog }), { queryTable: { value: undefined } }) as QueryEngine;
  }, 60_000);
  afterAll(() => {
    project?.engine.close();
    written?.close();
  });

  it('gives the rows, in order, and the claim outcomes that the SQL as written gives', async () => {
    let compared = 0;
    let overTables = 0;
    const before = project.engine.stats.kinds.cte?.run ?? 0;
    for (const file of findReportFiles(resolve(ROOT, 'content'), ROOT)) {
      const display = file.path.slice(ROOT.length + 1);
      const { blocks } = parseArticle(readArticleSource(readFileSync(file.path, 'utf8'), display), display);
      const queries = blocks.sql.map((b) => ({ name: b.name, sql: b.sql }));
      const graph = buildQueryGraph(queries);
      const runAs = new Map(queries.map((q) => [q.name, runOverTables(project.engine, queries, graph, q.name)]));
      for (const q of queries) {
        const sql = composeQuery(queries, graph, q.name).sql;
        const shared = await project.engine.query(sql, 'article', { runAs: runAs.get(q.name) });
        const alone = await written.query(sql);
        expect({ columns: shared.columns, rows: shared.rows }, `${display}: ${q.name}`).toEqual({ columns: alone.columns, rows: alone.rows });
        compared++;
        if (runAs.get(q.name)) overTables++;
      }
      for (const check of blocks.checks) {
        const sql = composeQuery(queries, graph, check.query).sql;
        const outcomes = await runChecks(project.engine, sql, [check.condition], runAs.get(check.query));
        expect(outcomes, `${display}: check on ${check.query}`).toEqual(await runChecks(written, sql, [check.condition]));
      }
    }
    // The shipped reports: four versions of some thirty queries each, most of them over `runs`.
    expect(compared).toBeGreaterThan(100);
    expect(overTables).toBeGreaterThan(compared / 2);
    expect((project.engine.stats.kinds.cte?.run ?? 0) - before).toBeGreaterThan(0);
  }, 120_000);

  it('gives the same rows where their order is up to DuckDB: an aggregate without ORDER BY, first(), a LIMIT without ORDER BY', async () => {
    const latest = findReportFiles(resolve(ROOT, 'content'), ROOT).filter((f) => f.slug === 'mlperf-inference-per-accelerator').at(-1)!;
    const { blocks } = parseArticle(readArticleSource(readFileSync(latest.path, 'utf8'), 'v'), 'v');
    const runs = blocks.sql.find((b) => b.name === 'runs')!;
    const readers = [
      "SELECT string_agg(system_id, ',') AS ids FROM runs",
      "SELECT round, string_agg(system_id, ',') AS ids FROM runs GROUP BY round ORDER BY round",
      "SELECT system_id, result FROM runs WHERE benchmark = 'llama2-70b' LIMIT 20",
      'SELECT first(system_id) AS first_id, arg_max(system_id, total_accelerators) AS largest FROM runs',
      'SELECT system_id, scenario FROM runs',
    ];
    const queries = [{ name: 'runs', sql: runs.sql }, ...readers.map((sql, i) => ({ name: `reader_${i}`, sql }))];
    const graph = buildQueryGraph(queries);
    for (const { name } of queries.slice(1)) {
      const sql = composeQuery(queries, graph, name).sql;
      const shared = await project.engine.query(sql, 'article', { runAs: runOverTables(project.engine, queries, graph, name) });
      expect(shared.rows, sql).toEqual((await written.query(sql)).rows);
    }
  });
});

describe('a table of a named query', () => {
  let engine: QueryEngine;
  beforeAll(async () => {
    engine = await fixtureEngine();
  });
  afterAll(() => engine.close());

  const queries = [
    { name: 'runs', sql: 'SELECT accelerator, scenario, result / total_accelerators AS per_accel\nFROM mlperf_inference\nWHERE total_accelerators > 0 AND unit = \'tokens/s\'' },
    { name: 'best', sql: 'SELECT max(per_accel) AS top FROM runs' },
    { name: 'offline', sql: "SELECT accelerator, max(per_accel) AS top FROM runs WHERE scenario = 'Offline' GROUP BY ALL ORDER BY ALL" },
    { name: 'only_once', sql: 'SELECT count(*) AS n FROM mlperf_inference' },
    { name: 'reads_once', sql: 'SELECT n FROM only_once' },
  ];
  const graph = buildQueryGraph(queries);
  const made = () => engine.stats.kinds.cte?.run ?? 0;

  it('is made once for the queries that read it, on a cache miss only, and not for a query read once', async () => {
    const before = made();
    for (const name of ['best', 'offline']) {
      const runAs = runOverTables(engine, queries, graph, name)!;
      expect(await runAs()).toContain('SELECT * FROM main."bw_cte_');
      await engine.query(composeQuery(queries, graph, name).sql, 'article', { runAs });
    }
    expect(made() - before).toBe(1);
    // Read by one query only: computed inline, no table.
    expect(runOverTables(engine, queries, graph, 'reads_once')).toBeUndefined();
    // Answered from the cache: the SQL to run is not even asked for.
    let asked = false;
    await engine.query(composeQuery(queries, graph, 'best').sql, 'article', {
      runAs: () => {
        asked = true;
        return Promise.resolve('SELECT 1');
      },
    });
    expect(asked).toBe(false);
  });

  it('keeps every line where it was, so an error in the query that reads it is placed on the author\'s line', async () => {
    const body = `${fence('sql runs', queries[0]!.sql)}\n\n${fence('sql best', 'SELECT max(per_accel) AS top FROM runs')}\n\n${fence('sql worst', 'SELECT\n  min(per_acel) AS low\nFROM runs')}`;
    // Lines: runs 1–5, best 7–9, worst 11–15 (its typo on line 13).
    const onTables = await expectBuildError(renderBody(engine, body), { line: 13, contains: ['"per_acel" not found'] });
    const inline = Object.create(engine, { queryTable: { value: undefined } }) as QueryEngine;
    const asWritten = await expectBuildError(renderBody(inline, body), { line: 13, contains: ['"per_acel" not found'] });
    expect(onTables.message.split('\n')[0]).toBe(asWritten.message.split('\n')[0]);
  });

  it('is not made for a named query that may not run, which then fails as written', async () => {
    const bad = [
      { name: 'runs', sql: "SELECT * FROM read_csv('/etc/passwd')" },
      { name: 'a', sql: 'SELECT count(*) AS n FROM runs' },
      { name: 'b', sql: 'SELECT count(*) AS m FROM runs' },
    ];
    const g = buildQueryGraph(bad);
    const runAs = runOverTables(engine, bad, g, 'a')!;
    expect(await runAs()).toBe(composeQuery(bad, g, 'a').sql);
    await expect(engine.query(composeQuery(bad, g, 'a').sql, 'article', { runAs })).rejects.toThrow(/read_csv/);
  });
});
