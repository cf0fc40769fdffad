/**
 * Traces the units and the source rows of a query's result with one probe query (see units.ts): the
 * units of each column, values that mix units, and the keys of the rows read. Cached like any query.
 */
import type { Row } from '../data/json-values.ts';
import type { ColumnInfo, QueryEngine, QueryResult } from '../sql/query-types.ts';
import type { AstNode } from '../sql/sql-ast.ts';
import { selfContainedCtes, tableScan } from '../sql/cte-tables.ts';
import { sqlIdentifier } from '../sql/sql-quote.ts';
import { buildUnitProbe, declaredUnits, FAST_AGGREGATE_SQL, LINEAGE, lineageKey, MIXED, probeColumn, TEMPLATE_SQL, unitSourcesFromCatalog, type UnitTemplates } from './units.ts';

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

/** The templates of an exact probe, and of a first probe (FAST_AGGREGATE_SQL: mixing found exactly, named roughly). */
interface ProbeTemplates {
  exact: UnitTemplates;
  fast: UnitTemplates;
}

const templateCache = new WeakMap<QueryEngine, Promise<ProbeTemplates>>();

function templates(engine: QueryEngine): Promise<ProbeTemplates> {
  let cached = templateCache.get(engine);
  if (!cached) {
    cached = (async () => {
      const expression = async (sql: string) => ((await engine.parse(`SELECT ${sql}`)).statements as { node: AstNode }[])[0]!.node.select_list as AstNode[];
      const exact: Partial<UnitTemplates> = {};
      for (const [key, sql] of Object.entries(TEMPLATE_SQL)) exact[key as keyof UnitTemplates] = (await expression(sql))[0]!;
      return { exact: exact as UnitTemplates, fast: { ...(exact as UnitTemplates), aggregate: (await expression(FAST_AGGREGATE_SQL))[0]! } };
    })();
    templateCache.set(engine, cached);
  }
  return cached;
}

interface ProbeOptions {
  /** The exact probe (mixed units named in full), not a first probe (default false). */
  exact?: boolean;
  /** CTEs read from the engine's shared tables of their rows (default true; not while the engine is still starting). */
  sharedCtes?: boolean;
}

/** The exact unit probe of `sql` as SQL: the query's columns plus one `<column>__unit` column per measure (a catalog view's, as DuckDB starts). */
export async function unitProbeSql(engine: QueryEngine, sql: string, columnNames: string[]): Promise<string> {
  return (await unitProbe(engine, sql, columnNames, { exact: true, sharedCtes: false })).sql;
}

/** The probe's SQL, and its unit columns where its outermost node is one SELECT (undefined otherwise). */
async function unitProbe(engine: QueryEngine, sql: string, columnNames: string[], { exact = false, sharedCtes = true }: ProbeOptions = {}): Promise<{ sql: string; unitColumns?: string[] }> {
  const tree = await engine.parse(sql);
  const statement = (tree.statements as { node: AstNode }[])[0]!.node;
  const t = await templates(engine);
  const probe = buildUnitProbe(statement, unitSourcesFromCatalog(engine.catalog), exact ? t.exact : t.fast, columnNames, declaredUnits(sql));
  if (sharedCtes) await readSharedCtes(engine, tree, probe);
  const probeSql = await engine.unparse({ ...tree, statements: [{ node: probe }] });
  if (probe.type !== 'SELECT_NODE') return { sql: probeSql };
  const items = probe.select_list as AstNode[];
  // A star (`SELECT * FROM q`, `SELECT *, x …`) brings the unit columns of what it reads under names no alias shows:
  // the summary would leave them out, and their units with them. Such a probe's rows are read instead.
  if (items.some((item) => item.class === 'STAR' || item.type === 'STAR' || item.type === 'COLUMNS')) return { sql: probeSql };
  const aliases = new Set(items.map((item) => String(item.alias ?? '')));
  if (!aliases.has(LINEAGE)) return { sql: probeSql };
  return { sql: probeSql, unitColumns: columnNames.filter((name) => aliases.has(probeColumn(name))) };
}

/**
 * Each top-level CTE of the probe that reads only catalogued tables is read from a table of its rows, made once per
 * engine (cte-tables.ts): the queries of a report share their named queries, so their probes share these CTEs.
 */
async function readSharedCtes(engine: QueryEngine, tree: AstNode, probe: AstNode): Promise<void> {
  if (!engine.cteTable) return;
  const tableNames = new Set(engine.catalog.tables.map((t) => t.name.toLowerCase()));
  await Promise.all(
    selfContainedCtes(probe, tableNames).map(async ({ entry, body }) => {
      const table = await engine.cteTable!(tree, body);
      if (table) entry.value.query.node = tableScan(table);
    }),
  );
}

/** The units and source rows of a query's result, from a first probe (and the exact one where units mix); `exact` starts with the exact one. */
export async function traceUnits(engine: QueryEngine, sql: string, result: QueryResult, { exact = false }: { exact?: boolean } = {}): Promise<ResultUnits> {
  const columnNames = result.columns.map((c) => c.name);
  const probe = await unitProbe(engine, sql, columnNames, { exact });
  const tables = engine.catalog.tables.map((t) => t.name);
  if (probe.unitColumns) {
    // Summarised by DuckDB: each column's distinct units and the distinct source rows come back as one row, not
    // one per result row (turning rows into JavaScript values is most of a probe's cost).
    const summary = `SELECT ${[...probe.unitColumns.map((name) => `list(DISTINCT ${sqlIdentifier(probeColumn(name))}) AS ${sqlIdentifier(probeColumn(name))}`), `list_distinct(flatten(list(${LINEAGE}))) AS ${LINEAGE}`].join(', ')}\nFROM (\n${probe.sql}\n) AS bw_probe`;
    const [row] = (await engine.query(summary, 'probe', result.tables)).rows;
    const units = unitsOfSummary(row ?? {}, result.columns, tables);
    if (units) return units;
    // Units mix in a column: the exact probe's rows say which units, and in which row, for the message.
    return unitsOfProbeRows(await exactRows(engine, sql, result), result.columns, tables);
  }
  return unitsOfProbeRows(await namedInFull(engine, sql, result, await rowsOfProbe(engine, probe.sql, result)), result.columns, tables);
}

/** The probe's rows of a query: the query's own columns, each measure's unit and each row's source rows. */
export async function probeRows(engine: QueryEngine, sql: string, result: QueryResult): Promise<Row[]> {
  const rows = await rowsOfProbe(engine, (await unitProbe(engine, sql, result.columns.map((c) => c.name))).sql, result);
  return namedInFull(engine, sql, result, rows);
}

/**
 * A first probe's rows, or the exact probe's where units mix in one of the result's columns: a first probe names
 * mixed units roughly, the exact one names every unit.
 */
async function namedInFull(engine: QueryEngine, sql: string, result: QueryResult, rows: Row[]): Promise<Row[]> {
  const probeColumns = result.columns.map((c) => probeColumn(c.name));
  const mixed = rows.some((row) => probeColumns.some((name) => String(row[name] ?? '').includes(MIXED)));
  return mixed ? exactRows(engine, sql, result) : rows;
}

/** The exact probe's rows of a query. */
async function exactRows(engine: QueryEngine, sql: string, result: QueryResult): Promise<Row[]> {
  return rowsOfProbe(engine, (await unitProbe(engine, sql, result.columns.map((c) => c.name), { exact: true })).sql, result);
}

async function rowsOfProbe(engine: QueryEngine, probeSql: string, result: QueryResult): Promise<Row[]> {
  // Made from the query's own checked tree: it reads the same tables, and is not parsed and checked again.
  return (await engine.query(probeSql, 'probe', result.tables)).rows;
}

/** The source rows' keys ("table:rowid") of a probe's lineage values, added to `keys`. */
function addLineage(keys: Set<string>, values: readonly (number | null)[] | null | undefined, tables: readonly string[]): void {
  for (const value of values ?? []) {
    const key = value === null ? undefined : lineageKey(value, tables);
    if (key) keys.add(key);
  }
}

/** What unitsOfProbeRows gives, from the probe summarised (one list of units per column); undefined where units mix. */
function unitsOfSummary(row: Row, columns: readonly ColumnInfo[], tables: readonly string[]): ResultUnits | undefined {
  const units: Record<string, string[]> = {};
  for (const { name } of columns) {
    const found = new Set<string>();
    for (const unit of (row[probeColumn(name)] as unknown[] | null | undefined) ?? []) {
      if (typeof unit !== 'string' || unit === '') continue;
      if (unit.includes(MIXED)) return undefined;
      found.add(unit);
    }
    units[name] = [...found].sort();
  }
  const lineage = new Set<string>();
  addLineage(lineage, row[LINEAGE] as (number | null)[] | null | undefined, tables);
  return { columns: units, mixed: [], lineage: [...lineage].sort() };
}

/**
 * The units a mixed value mixed, once each: what follows each mark, whatever the value went through after (a mix
 * divided by a result reads "queries/s per ⚠mixed: queries/s, samples/s", and named only "queries/s, samples/s").
 */
export function mixedUnits(unit: string): string {
  // The templates join a mix's units with ", " (units.ts); a unit may hold a comma of its own ("per 1,000 USD"). A part
  // that a later operator continued ("a, b per " + the next mix) loses the dangling operator.
  const names = unit.split(MIXED).slice(1).flatMap((part) => part.split(', ').map((u) => u.replace(/\s+(per|×)\s*$/, '').trim()).filter(Boolean));
  return [...new Set(names)].sort().join(', ');
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
        if (!mixed.some((m) => m.column === name)) mixed.push({ column: name, units: mixedUnits(unit), row: keyColumns(row, columns) });
      } else found.add(unit);
    }
    units[name] = [...found].sort();
  }
  const lineage = new Set<string>();
  for (const row of rows) addLineage(lineage, row[LINEAGE] as (number | null)[] | null, tables);
  return { columns: units, mixed, lineage: [...lineage].sort() };
}

/** The row's text columns (its keys, e.g. model, round, scenario), without the probe's columns. */
function keyColumns(row: Row, columns: readonly ColumnInfo[]): Row {
  const out: Row = {};
  for (const { name, type } of columns) if (type === 'VARCHAR' && row[name] !== undefined) out[name] = row[name]!;
  return out;
}
