/**
 * Which rows of which catalogued tables a query reads. From DuckDB's parse tree, every SELECT that scans
 * a catalogued table becomes a provenance query: the same FROM and WHERE, selecting the table's
 * provenance columns. This is the set of rows read (a superset of the rows a max() finally picks), and
 * it is what a figure's sources and MLPerf footnote cite.
 */
import type { Catalog, CatalogTable } from './catalog.ts';
import type { Row } from './json-values.ts';
import type { QueryEngine } from './query-engine.ts';
import { cloneAst, columnRef, isNode, type AstNode } from './sql-ast.ts';

export interface TableRowsRead {
  table: string;
  rows: Row[];
}

type CteEntry = { key: string; value: unknown };

/** The provenance columns of a table: its MLPerf citation columns and its per-row source columns. */
export function provenanceColumns(table: CatalogTable): string[] {
  const columns = new Set<string>([...Object.values(table.mlperf?.columns ?? {}), ...(table.source.row_provenance ?? [])]);
  return [...columns];
}

export function buildProvenanceQueries(statement: AstNode, catalog: Catalog): { table: string; node: AstNode }[] {
  const out: { table: string; node: AstNode }[] = [];
  const visit = (node: AstNode, ctes: CteEntry[]) => {
    const own = ((node.cte_map as { map?: CteEntry[] } | undefined)?.map ?? []);
    const scope = [...ctes, ...own];
    for (const entry of own) visit((entry.value as { query: { node: AstNode } }).query.node, scope);
    if (node.type === 'SET_OPERATION_NODE') {
      visit(node.left as AstNode, scope);
      visit(node.right as AstNode, scope);
      return;
    }
    if (node.type !== 'SELECT_NODE') return;
    const cteNames = new Set(scope.map((c) => c.key));
    for (const scan of scans(node.from_table, cteNames)) {
      const table = catalog.tables.find((t) => t.name === scan.table);
      const columns = table ? provenanceColumns(table) : [];
      if (!table || columns.length === 0) continue;
      out.push({
        table: table.name,
        node: {
          type: 'SELECT_NODE',
          modifiers: [{ type: 'DISTINCT_MODIFIER', distinct_on_targets: [] }],
          cte_map: { map: cloneAst(scope) },
          select_list: columns.map((c) => ({ ...columnRef(scan.name, c), alias: c })),
          from_table: cloneAst(node.from_table),
          where_clause: cloneAst(node.where_clause ?? null),
          group_expressions: [],
          group_sets: [],
          aggregate_handling: 'STANDARD_HANDLING',
          having: null,
          sample: null,
          qualify: null,
        },
      });
    }
    for (const sub of subqueries(node.from_table)) visit(sub, scope);
  };
  visit(statement, []);
  return out;
}

function scans(from: unknown, cteNames: Set<string>): { table: string; name: string }[] {
  if (!isNode(from)) return [];
  if (from.type === 'BASE_TABLE' && !cteNames.has(String(from.table_name))) return [{ table: String(from.table_name), name: String(from.alias || from.table_name) }];
  if (from.type === 'JOIN') return [...scans(from.left, cteNames), ...scans(from.right, cteNames)];
  return [];
}

function subqueries(from: unknown): AstNode[] {
  if (!isNode(from)) return [];
  if (from.type === 'SUBQUERY') return [(from.subquery as { node: AstNode }).node];
  if (from.type === 'JOIN') return [...subqueries(from.left), ...subqueries(from.right)];
  return [];
}

/** Runs the provenance queries of `sql`: the rows it reads, per catalogued table (merged, sorted). */
export async function rowsRead(engine: QueryEngine, sql: string): Promise<TableRowsRead[]> {
  const tree = await engine.parse(sql);
  const statement = (tree.statements as { node: AstNode }[])[0]!.node;
  const byTable = new Map<string, Map<string, Row>>();
  for (const { table, node } of buildProvenanceQueries(statement, engine.catalog)) {
    const probeSql = await engine.unparse({ ...tree, statements: [{ node }] });
    const { rows } = await engine.query(probeSql);
    const seen = byTable.get(table) ?? new Map<string, Row>();
    for (const row of rows) seen.set(JSON.stringify(row), row);
    byTable.set(table, seen);
  }
  return [...byTable.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([table, rows]) => ({ table, rows: [...rows.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, row]) => row) }));
}
