/**
 * An article's named queries. A query may select from another query of the same article by its name;
 * this module finds those references, rejects cycles, and composes each query with the queries it reads
 * as common table expressions, so DuckDB sees one self-contained SELECT (and the cache key covers all
 * the SQL a result depends on).
 */
import { mentionedNames, trimSql } from './sql-names.ts';
import { sqlIdentifier } from './sql-quote.ts';

export interface NamedQuery {
  name: string;
  sql: string;
}

export interface QueryGraph {
  /** Names of the queries each query reads directly. */
  readsFrom: Map<string, string[]>;
}

export class QueryCycleError extends Error {
  readonly cycle: string[];
  constructor(cycle: string[]) {
    super(`queries read from each other in a cycle: ${cycle.join(' → ')}`);
    this.cycle = cycle;
    this.name = 'QueryCycleError';
  }
}

export function buildQueryGraph(queries: NamedQuery[]): QueryGraph {
  const names = new Set(queries.map((q) => q.name));
  const readsFrom = new Map<string, string[]>();
  for (const q of queries) {
    const mentioned = mentionedNames(q.sql);
    readsFrom.set(q.name, [...names].filter((n) => n !== q.name && mentioned.has(n)).sort());
  }
  const cycle = findCycle(readsFrom);
  if (cycle) throw new QueryCycleError(cycle);
  return { readsFrom };
}

function findCycle(edges: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'visiting') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'visiting');
    path.push(node);
    for (const next of edges.get(node) ?? []) {
      const found = visit(next);
      if (found) return found;
    }
    path.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of edges.keys()) {
    const found = visit(node);
    if (found) return found;
  }
  return undefined;
}

/** Every query `name` depends on, transitively, dependencies first. */
export function dependenciesOf(graph: QueryGraph, name: string): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (n: string) => {
    for (const dep of graph.readsFrom.get(n) ?? []) {
      if (seen.has(dep)) continue;
      seen.add(dep);
      visit(dep);
      order.push(dep);
    }
  };
  visit(name);
  return order;
}

export interface ComposedQuery {
  sql: string;
  /** Line n of the query's own SQL is line n + lineOffset of `sql` (for placing DuckDB's errors). */
  lineOffset: number;
  /** Where each query it reads sits in `sql`: its SQL's first line (1-based) and its number of lines. */
  reads: { name: string; firstLine: number; lines: number }[];
}

const newlines = (text: string) => text.split('\n').length - 1;

/**
 * The SQL DuckDB runs for `name`: its dependencies as CTEs in front of its own SQL. A query that
 * already starts with WITH gets the dependencies spliced into its own WITH list.
 */
export function composeQuery(queries: NamedQuery[], graph: QueryGraph, name: string): ComposedQuery {
  const byName = new Map(queries.map((q) => [q.name, q]));
  const own = trimSql(byName.get(name)!.sql);
  const deps = dependenciesOf(graph, name);
  if (deps.length === 0) return { sql: own, lineOffset: 0, reads: [] };
  const ctes = deps.map((d) => `${sqlIdentifier(d)} AS (\n${trimSql(byName.get(d)!.sql)}\n)`).join(',\n');
  // Each dependency's SQL starts on the line after its `name AS (`, counted from where the CTE list starts.
  const readsFrom = (startLine: number) => {
    let line = startLine;
    return deps.map((d) => {
      const lines = newlines(trimSql(byName.get(d)!.sql)) + 1;
      const read = { name: d, firstLine: line + 1, lines };
      line += lines + 2;
      return read;
    });
  };
  // Leading comments are allowed before the query's own WITH.
  const withHead = /^((?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*)WITH\s+(RECURSIVE\s+)?/i.exec(own);
  if (withHead) {
    const prefix = `${withHead[1]}WITH ${withHead[2] ? 'RECURSIVE ' : ''}${ctes},\n`;
    return { sql: prefix + own.slice(withHead[0].length), lineOffset: newlines(prefix) - newlines(withHead[0]), reads: readsFrom(newlines(withHead[1]!) + 1) };
  }
  const prefix = `WITH ${ctes}\n`;
  return { sql: prefix + own, lineOffset: newlines(prefix), reads: readsFrom(1) };
}
