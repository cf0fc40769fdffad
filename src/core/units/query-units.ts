/**
 * Traces the units and the source rows of a query's result with one probe query (see units.ts): the
 * units of each column, values that mix units, and the keys of the rows read. Cached like any query.
 */
import type { Row } from '../data/json-values.ts';
import type { ColumnInfo, QueryEngine, QueryResult } from '../sql/query-types.ts';
import type { AstNode } from '../sql/sql-ast.ts';
import { buildUnitProbe, declaredUnits, LINEAGE, lineageKey, MIXED, probeColumn, TEMPLATE_SQL, unitSourcesFromCatalog, type UnitTemplates } from './units.ts';

export interface MixedUnits {
  column: string;
  /** The units found, e.g. "samples/s, tokens/s". */
  units: string;
  /** The output row where they were mixed (its key columns). */
  row: Row;
}

export interface ResultUnits {
  /** Distinct units of each column over all rows (empty: no unit). */
  columns: Record<string, string[]>;
  mixed: MixedUnits[];
  /** Keys ("table:rowid") of every source row the result was computed from, sorted. */
  lineage: string[];
}

const templateCache = new WeakMap<QueryEngine, Promise<UnitTemplates>>();

function templates(engine: QueryEngine): Promise<UnitTemplates> {
  let cached = templateCache.get(engine);
  if (!cached) {
    cached = (async () => {
      const out: Partial<UnitTemplates> = {};
      for (const [key, sql] of Object.entries(TEMPLATE_SQL)) {
        const tree = await engine.parse(`SELECT ${sql}`);
        out[key as keyof UnitTemplates] = ((tree.statements as { node: AstNode }[])[0]!.node.select_list as AstNode[])[0]!;
      }
      return out as UnitTemplates;
    })();
    templateCache.set(engine, cached);
  }
  return cached;
}

/** The unit probe of `sql` as SQL: the query's columns plus one `<column>__unit` column per measure. */
export async function unitProbeSql(engine: QueryEngine, sql: string, columnNames: string[]): Promise<string> {
  const tree = await engine.parse(sql);
  const statement = (tree.statements as { node: AstNode }[])[0]!.node;
  const probe = buildUnitProbe(statement, unitSourcesFromCatalog(engine.catalog), await templates(engine), columnNames, declaredUnits(sql));
  return engine.unparse({ ...tree, statements: [{ node: probe }] });
}

export async function traceUnits(engine: QueryEngine, sql: string, result: QueryResult): Promise<ResultUnits> {
  return unitsOfProbeRows(await probeRows(engine, sql, result), result.columns, engine.catalog.tables.map((t) => t.name));
}

/** The unit probe's rows of a query: the query's own columns, each measure's unit and each row's source rows. */
export async function probeRows(engine: QueryEngine, sql: string, result: QueryResult): Promise<Row[]> {
  const probeSql = await unitProbeSql(engine, sql, result.columns.map((c) => c.name));
  // Made from the query's own checked tree: it reads the same tables, and is not parsed and checked again.
  return (await engine.query(probeSql, 'probe', result.tables)).rows;
}

/**
 * The units and source rows of a result from its probe's rows (all of them, or those of one slice of a shared
 * query: see render/shared-query.ts). `tables`: the catalog's table names, in order (lineage keys index them).
 */
export function unitsOfProbeRows(rows: readonly Row[], columns: readonly ColumnInfo[], tables: readonly string[]): ResultUnits {
  const units: Record<string, string[]> = {};
  const mixed: MixedUnits[] = [];
  for (const { name } of columns) {
    const found = new Set<string>();
    for (const row of rows) {
      const unit = row[probeColumn(name)];
      if (typeof unit !== 'string' || unit === '') continue;
      if (unit.includes(MIXED)) {
        if (!mixed.some((m) => m.column === name)) mixed.push({ column: name, units: unit.split(MIXED).filter(Boolean).join(', '), row: keyColumns(row, columns) });
      } else found.add(unit);
    }
    units[name] = [...found].sort();
  }
  const lineage = new Set<string>();
  for (const row of rows) {
    for (const value of (row[LINEAGE] as (number | null)[] | null) ?? []) {
      const key = value === null ? undefined : lineageKey(value, tables);
      if (key) lineage.add(key);
    }
  }
  return { columns: units, mixed, lineage: [...lineage].sort() };
}

/** The row's text columns (its keys, e.g. model, round, scenario), without the probe's columns. */
function keyColumns(row: Row, columns: readonly ColumnInfo[]): Row {
  const out: Row = {};
  for (const { name, type } of columns) if (type === 'VARCHAR' && row[name] !== undefined) out[name] = row[name]!;
  return out;
}
