/**
 * A composed query run over tables of its named queries' rows. A report's queries mostly read one named query
 * (`runs`: the scan, filters and window over the results table), composed into each as a CTE, so DuckDB computed it
 * again for every query that reads it, and the query's claims again. Each named query a query reads is now computed
 * once per engine into a table (cte-tables.ts), and the CTE reads that table: `SELECT * FROM main."bw_cte_…"`.
 *
 * The SQL as written still keys the result, is checked, and is what the unit probe rewrites; this is only how DuckDB
 * computes it, asked for on a cache miss. A named query that may not run, or whose table cannot hold exactly its rows
 * (columns, row cap), stays inline, so its error is reported as written.
 */
import { composeQuery, dependenciesOf, newlines, type NamedQuery, type QueryGraph } from './named-queries.ts';
import type { QueryEngine } from './query-types.ts';
import { trimSql } from './sql-names.ts';
import { sqlIdentifier } from './sql-quote.ts';

/**
 * The SQL to run for query `name` with each query it reads taken from a table of its rows (undefined when it reads
 * none, or the engine makes no tables). Each replacement keeps the lines of the SQL it replaces, so DuckDB's
 * "LINE n" of an error means the same line either way.
 */
export function runOverTables(engine: QueryEngine, queries: NamedQuery[], graph: QueryGraph, name: string): (() => Promise<string>) | undefined {
  const queryTable = engine.queryTable?.bind(engine);
  // Only a query that several others read: one read once costs less inline than computed into a table.
  const deps = dependenciesOf(graph, name).filter((dep) => readers(graph, dep) > 1);
  if (!queryTable || deps.length === 0) return undefined;
  return async () => {
    const bodies = new Map<string, string>();
    // Dependencies first: a named query that reads another is computed over that one's table.
    for (const dep of deps) {
      const table = await queryTable(composeQuery(queries, graph, dep).sql, composeQuery(queries, graph, dep, bodies).sql);
      const written = queries.find((q) => q.name === dep)!.sql;
      if (table) bodies.set(dep, `SELECT * FROM main.${sqlIdentifier(table)}${'\n'.repeat(newlines(trimSql(written)))}`);
    }
    return composeQuery(queries, graph, name, bodies).sql;
  };
}

/** How many of the article's queries read `name`, directly or through others. */
function readers(graph: QueryGraph, name: string): number {
  let n = 0;
  for (const query of graph.readsFrom.keys()) if (dependenciesOf(graph, query).includes(name)) n++;
  return n;
}
