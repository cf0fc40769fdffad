// The cost of one article query with its units and provenance (scripts/bench.ts --only queries): every query of the
// shipped reports' latest versions (each distinct one once), one at a time on an idle engine over the real data, with no cache: the query,
// its unit probe (built, unparsed and run) and its source rows. Medians per step and of the whole.
import { readFileSync } from 'node:fs';
import { readArticleSource } from '../src/core/article/article-source.ts';
import { parseArticle } from '../src/core/article/parse-article.ts';
import { projectPaths } from '../src/core/project.ts';
import { rowsFromLineage } from '../src/core/render/provenance.ts';
import { buildQueryGraph, composeQuery } from '../src/core/sql/named-queries.ts';
import { traceUnits } from '../src/core/units/query-units.ts';
import { findReportFiles } from '../src/core/versions/report-files.ts';
import { closeProject, openProject } from '../src/core/versions/reports.ts';
import { mlperfContent } from '../src/mlperf/content.ts';
import { median } from './bench-build.ts';

export interface QueryCost {
  queries: number;
  /** Median milliseconds of each step, and of the three together per query. */
  median_ms: { query: number; probe: number; source_rows: number; total: number };
}

export async function queryCost(root: string): Promise<QueryCost> {
  const paths = projectPaths(process.env, root);
  const project = await openProject(paths, process.env, undefined, mlperfContent);
  try {
    const engine = project.engine;
    const latest = new Map<string, { path: string; version: number }>();
    for (const f of findReportFiles(paths.contentDir, root)) if ((latest.get(f.slug)?.version ?? 0) < f.version) latest.set(f.slug, f);
    const seen = new Set<string>();
    const steps = { query: [] as number[], probe: [] as number[], source_rows: [] as number[], total: [] as number[] };
    for (const { path } of latest.values()) {
      const display = path.slice(root.length + 1);
      const { blocks } = parseArticle(readArticleSource(readFileSync(path, 'utf8'), display), display);
      const queries = blocks.sql.map((b) => ({ name: b.name, sql: b.sql }));
      const graph = buildQueryGraph(queries);
      for (const q of queries) {
        // Each distinct query once (a translation asks the same ones): the second would be answered from the cache.
        const sql = composeQuery(queries, graph, q.name).sql;
        if (seen.has(sql)) continue;
        seen.add(sql);
        const t0 = performance.now();
        // As the build asks it (remark-queries.ts): its parse tree beside it, so the query's check and its probe share one parse.
        const parsed = engine.parse(sql).catch(() => undefined);
        const result = await engine.query(sql);
        await parsed;
        const t1 = performance.now();
        const units = await traceUnits(engine, sql, result);
        const t2 = performance.now();
        await rowsFromLineage(engine, units.lineage);
        const t3 = performance.now();
        steps.query.push(t1 - t0);
        steps.probe.push(t2 - t1);
        steps.source_rows.push(t3 - t2);
        steps.total.push(t3 - t0);
      }
    }
    const m = (xs: number[]) => Number(median(xs).toFixed(1));
    return { queries: steps.total.length, median_ms: { query: m(steps.query), probe: m(steps.probe), source_rows: m(steps.source_rows), total: m(steps.total) } };
  } finally {
    closeProject(project);
  }
}

export function queryCostSection(cost: QueryCost): string[] {
  const { query, probe, source_rows, total } = cost.median_ms;
  return [
    '## One query with its units and provenance (the shipped reports, real data)',
    '',
    `The latest version of each shipped report: its ${cost.queries} distinct queries, one at a time on an idle engine, no cache. Medians:`,
    '',
    '| the query | its unit probe (built, unparsed, run) | its source rows | together |',
    '|---|---|---|---|',
    `| ${query} ms | ${probe} ms | ${source_rows} ms | ${total} ms |`,
    '',
  ];
}
