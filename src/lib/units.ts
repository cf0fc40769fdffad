/**
 * Units travel with query results. The catalog gives every measure its unit, fixed (`unit: TB/s`) or
 * per row (`unit_column: unit`, as MLPerf's results are in tokens/s, samples/s or queries/s). For each
 * query, Benchwright rewrites DuckDB's parse tree into a *unit probe*: the same query with one extra
 * column per output column that computes, for each output row, the unit of that value:
 *
 *   - a measure keeps its unit through min/max/avg/sum/median…, round, abs, CAST, +, −, CASE;
 *   - x / y gives "x per y" (or "ratio" when both are the same unit), x * y gives "x × y";
 *   - an aggregate over rows of different units, or + − CASE COALESCE over different units, is *mixed*,
 *     and a mixed value fails the build, naming the units found and the row;
 *   - counts, constants, text and comparisons carry no unit.
 *
 * A query may declare a column's unit with a comment line `-- @unit <column>: <unit>`, where `{col}` stands
 * for the unit of a source column row by row (`-- @unit per_accel: {result} per accelerator`). A
 * declaration replaces the traced unit of that output column; mixing inside the query is still checked.
 */
import type { Catalog } from './catalog.ts';
import { cloneAst, columnRef, fillTemplate, isNode, stringConstant, type AstNode } from './sql-ast.ts';

export const MIXED = '⚠mixed: ';

/** Where a catalogued column's unit comes from. */
export type UnitSource = { kind: 'column'; column: string } | { kind: 'fixed'; unit: string } | { kind: 'probe'; column: string };

export function unitSourcesFromCatalog(catalog: Catalog): Map<string, Map<string, UnitSource>> {
  const tables = new Map<string, Map<string, UnitSource>>();
  for (const table of catalog.tables) {
    const columns = new Map<string, UnitSource>();
    for (const c of table.columns) {
      if (c.unit) columns.set(c.name, { kind: 'fixed', unit: c.unit });
      else if (c.unit_column) columns.set(c.name, { kind: 'column', column: c.unit_column });
      else columns.set(c.name, { kind: 'fixed', unit: '' });
    }
    tables.set(table.name, columns);
  }
  return tables;
}

/** Template expressions, parsed once by DuckDB (see `TEMPLATE_SQL`); __a and __b are the placeholders. */
export interface UnitTemplates {
  aggregate: AstNode;
  divide: AstNode;
  multiply: AstNode;
  same: AstNode;
  /** Lineage: the key of one source row, the keys of two sources, the keys of a group's rows. */
  lineageRow: AstNode;
  lineageConcat: AstNode;
  lineageAggregate: AstNode;
}

export const TEMPLATE_SQL: Record<keyof UnitTemplates, string> = {
  aggregate: `CASE WHEN count(DISTINCT __a) > 1 THEN '${MIXED}' || string_agg(DISTINCT __a, ', ' ORDER BY __a) ELSE any_value(__a) END`,
  divide: "CASE WHEN __a IS NULL AND __b IS NULL THEN NULL WHEN __b IS NULL THEN __a WHEN __a IS NULL THEN '1 per ' || __b WHEN __a = __b THEN 'ratio' ELSE __a || ' per ' || __b END",
  multiply: "CASE WHEN __a IS NULL THEN __b WHEN __b IS NULL THEN __a ELSE __a || ' × ' || __b END",
  same: `CASE WHEN __a IS NULL THEN __b WHEN __b IS NULL OR __a = __b THEN __a ELSE '${MIXED}' || __a || ', ' || __b END`,
  lineageRow: "list_value(concat(__t, ':', CAST(__a AS VARCHAR)))",
  lineageConcat: 'list_concat(__a, __b)',
  lineageAggregate: 'list_distinct(flatten(list(__a)))',
};

/** The probe's column holding, for each output row, the keys ("table:rowid") of the source rows it read. */
export const LINEAGE = '__lineage';

const AGGREGATES = new Set([
  'avg', 'mean', 'median', 'min', 'max', 'sum', 'fsum', 'sumkahan', 'kahan_sum', 'quantile', 'quantile_cont', 'quantile_disc',
  'mode', 'first', 'last', 'any_value', 'arg_max', 'arg_min', 'max_by', 'min_by', 'argmax', 'argmin', 'stddev', 'stddev_pop',
  'stddev_samp', 'geomean', 'geometric_mean', 'favg', 'mad',
]);
/** Aggregates whose result has no unit of its argument. */
const UNITLESS_AGGREGATES = new Set(['count', 'count_star', 'list', 'array_agg', 'string_agg', 'bool_and', 'bool_or', 'histogram', 'approx_count_distinct', 'entropy', 'corr', 'var_pop', 'var_samp', 'variance']);
const PASS_THROUGH = new Set(['round', 'abs', 'ceil', 'ceiling', 'floor', 'trunc', 'round_even', 'even', 'sign']);
const SAME_UNIT = new Set(['+', '-', 'coalesce', 'greatest', 'least', 'ifnull', 'nullif']);

interface Traced {
  unit: AstNode | null;
  /** True when the unit depends on row values not inside an aggregate. */
  rowLevel: boolean;
}

interface Source {
  name: string;
  columns: Map<string, UnitSource>;
  /** Expression of the keys of the source rows behind one row of this source. */
  lineage: AstNode | null;
  /** Output column order, for * expansion. */
  order: string[];
  /** Derived sources (CTEs, subqueries) already carry their probe columns. */
  derived: boolean;
}

export const probeColumn = (name: string) => `${name}__unit`;

/**
 * Rewrites a parsed SELECT statement into its unit probe. `rootNames` are the result's column names, used
 * to name the probe columns of the outermost query. Returns undefined when the query reads no measure.
 */
export function buildUnitProbe(
  statement: AstNode,
  tables: Map<string, Map<string, UnitSource>>,
  templates: UnitTemplates,
  rootNames: string[],
  declared: Map<string, string> = new Map(),
): AstNode {
  const root = cloneAst(statement);
  rewriteQueryNode(root, new Map(), tables, templates, rootNames, declared);
  return root;
}

/**
 * A declared unit as an expression: literal text, where "{column}" stands for the unit of that column of
 * the query's sources, row by row (e.g. "{result} per accelerator" → "tokens/s per accelerator").
 */
function declaredUnit(template: string, sources: Source[], t: UnitTemplates): Traced {
  const parts = template.split(/(\{[A-Za-z_][A-Za-z0-9_]*\})/).filter(Boolean);
  let rowLevel = false;
  const children = parts.map((part) => {
    const ref = /^\{(.+)\}$/.exec(part)?.[1];
    if (!ref) return stringConstant(part);
    const traced = trace(columnRef(ref), sources, t);
    rowLevel ||= traced.rowLevel;
    return traced.unit ?? stringConstant('');
  });
  const unit: AstNode = children.length === 1
    ? children[0]!
    : { class: 'FUNCTION', type: 'FUNCTION', alias: '', function_name: 'concat', schema: '', children, filter: null, order_bys: { type: 'ORDER_MODIFIER', orders: [] }, distinct: false, is_operator: false, export_state: false, catalog: '' };
  return { unit, rowLevel };
}

type CteScope = Map<string, Source>;

/** Rewrites a query node in place; returns the columns it outputs with their unit sources. */
function rewriteQueryNode(node: AstNode, ctes: CteScope, tables: Map<string, Map<string, UnitSource>>, t: UnitTemplates, rootNames?: string[], declared?: Map<string, string>): Source {
  const scope: CteScope = new Map(ctes);
  const cteMap = (node.cte_map as { map?: { key: string; value: { query: { node: AstNode } } }[] } | undefined)?.map ?? [];
  for (const entry of cteMap) {
    const source = rewriteQueryNode(entry.value.query.node, scope, tables, t);
    scope.set(entry.key, { ...source, name: entry.key });
  }
  if (node.type === 'SET_OPERATION_NODE') {
    const left = rewriteQueryNode(node.left as AstNode, scope, tables, t, rootNames, declared);
    rewriteQueryNode(node.right as AstNode, scope, tables, t, rootNames, declared);
    return left;
  }
  if (node.type !== 'SELECT_NODE') return { name: '', columns: new Map(), order: [], derived: true, lineage: null };
  // SELECT DISTINCT x, y is GROUP BY ALL over x, y: the probe's extra columns must not split its rows.
  const modifiers = (node.modifiers as AstNode[] | undefined) ?? [];
  const distinct = modifiers.find((m) => m.type === 'DISTINCT_MODIFIER' && ((m.distinct_on_targets as unknown[] | undefined)?.length ?? 0) === 0);
  if (distinct && ((node.group_expressions as unknown[] | undefined)?.length ?? 0) === 0) {
    node.modifiers = modifiers.filter((m) => m !== distinct);
    node.aggregate_handling = 'FORCE_AGGREGATES';
  }
  const sources = fromSources(node.from_table as AstNode | undefined, scope, tables, t);
  const selectList = node.select_list as AstNode[];
  const aggregating =
    node.aggregate_handling === 'FORCE_AGGREGATES' ||
    ((node.group_expressions as unknown[] | undefined)?.length ?? 0) > 0 ||
    selectList.some((e) => containsAggregate(e));
  const probes: AstNode[] = [];
  const out: Source = { name: '', columns: new Map(), order: [], derived: true, lineage: null };
  const noStar = !selectList.some((e) => e.class === 'STAR');
  selectList.forEach((item, i) => {
    if (item.class === 'STAR') {
      // The sources' own lineage columns are replaced by this node's.
      const starSources = sources.filter((src) => !item.relation_name || item.relation_name === src.name);
      if (starSources.some((src) => src.derived && src.lineage) && !(item.exclude_list as string[]).includes(LINEAGE)) {
        item.exclude_list = [...(item.exclude_list as string[]), LINEAGE];
      }
      for (const source of sources) {
        if (item.relation_name && item.relation_name !== source.name) continue;
        const excluded = new Set((item.exclude_list as string[] | undefined) ?? []);
        for (const name of source.order) {
          if (excluded.has(name) || name.endsWith('__unit')) continue;
          out.order.push(name);
          const unit = sourceUnit(source, name);
          if (!unit) continue;
          out.columns.set(name, { kind: 'probe', column: probeColumn(name) });
          // A derived source's *, or a view's, already brings the probe column along.
          const carried = source.derived || (source.columns.get(name)?.kind === 'column' && (source.columns.get(name) as { column: string }).column === probeColumn(name));
          if (!carried) probes.push({ ...wrapAggregate({ unit, rowLevel: true }, aggregating, t), alias: probeColumn(name) });
        }
      }
      return;
    }
    const name = String(item.alias || (noStar && rootNames?.[i]) || (item.class === 'COLUMN_REF' ? (item.column_names as string[]).at(-1) : `__c${i}`));
    if (!item.alias) item.alias = name;
    out.order.push(name);
    const template = declared?.get(name);
    const traced = template !== undefined ? declaredUnit(template, sources, t) : trace(item, sources, t);
    if (!traced.unit) return;
    out.columns.set(name, { kind: 'probe', column: probeColumn(name) });
    probes.push({ ...wrapAggregate(traced, aggregating, t), alias: probeColumn(name) });
  });
  const lineages = sources.map((src) => src.lineage).filter((l): l is AstNode => l !== null);
  if (lineages.length > 0) {
    const rowLineage = lineages.reduce((a, b) => fillTemplate(t.lineageConcat, { __a: a, __b: b }));
    const lineage = aggregating ? fillTemplate(t.lineageAggregate, { __a: rowLineage }) : rowLineage;
    probes.push({ ...lineage, alias: LINEAGE });
    out.lineage = columnRef(LINEAGE);
  }
  node.select_list = [...selectList, ...probes];
  return out;
}

function wrapAggregate(traced: Traced, aggregating: boolean, t: UnitTemplates): AstNode {
  return aggregating && traced.rowLevel ? fillTemplate(t.aggregate, { __a: traced.unit! }) : traced.unit!;
}

function sourceUnit(source: Source, column: string): AstNode | null {
  const unit = source.columns.get(column);
  if (!unit) return null;
  if (unit.kind === 'fixed') return unit.unit ? stringConstant(unit.unit) : null;
  return columnRef(source.name, unit.column);
}

function fromSources(from: AstNode | undefined, scope: CteScope, tables: Map<string, Map<string, UnitSource>>, t: UnitTemplates): Source[] {
  if (!from) return [];
  switch (from.type) {
    case 'BASE_TABLE': {
      const tableName = String(from.table_name);
      const name = String(from.alias || tableName);
      const cte = scope.get(tableName);
      if (cte) return [{ ...cte, name, lineage: cte.lineage ? columnRef(name, LINEAGE) : null }];
      const columns = tables.get(tableName);
      if (!columns) return [];
      // A view keeps the lineage of its own rows, so citations reach the base tables' rows.
      if (columns.has(LINEAGE)) return [{ name, columns, order: [...columns.keys()], derived: true, lineage: columnRef(name, LINEAGE) }];
      const lineage = fillTemplate(t.lineageRow, { __t: stringConstant(tableName), __a: columnRef(name, 'rowid') });
      return [{ name, columns, order: [...columns.keys()], derived: false, lineage }];
    }
    case 'SUBQUERY': {
      const inner = (from.subquery as { node: AstNode }).node;
      const source = rewriteQueryNode(inner, scope, tables, t);
      const name = String(from.alias || '');
      return [{ ...source, name, lineage: source.lineage ? (name ? columnRef(name, LINEAGE) : columnRef(LINEAGE)) : null }];
    }
    case 'JOIN':
      return [...fromSources(from.left as AstNode, scope, tables, t), ...fromSources(from.right as AstNode, scope, tables, t)];
    default:
      return [];
  }
}

function containsAggregate(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(containsAggregate);
  if (!isNode(node)) return false;
  if (node.class === 'SUBQUERY' || node.class === 'WINDOW') return false;
  if (node.class === 'FUNCTION' && !node.is_operator && (AGGREGATES.has(String(node.function_name)) || UNITLESS_AGGREGATES.has(String(node.function_name)))) return true;
  return Object.values(node).some(containsAggregate);
}

function combine(template: AstNode, a: Traced, b: Traced): Traced {
  if (!a.unit && !b.unit) return { unit: null, rowLevel: false };
  return {
    unit: fillTemplate(template, { __a: a.unit ?? stringConstant(null), __b: b.unit ?? stringConstant(null) }),
    rowLevel: a.rowLevel || b.rowLevel,
  };
}

const NONE: Traced = { unit: null, rowLevel: false };

function trace(e: AstNode, sources: Source[], t: UnitTemplates): Traced {
  switch (e.class) {
    case 'COLUMN_REF': {
      const names = e.column_names as string[];
      const column = names.at(-1)!;
      const candidates = names.length > 1 ? sources.filter((s) => s.name === names.at(-2)) : sources.filter((s) => s.columns.has(column) || s.order.includes(column));
      const source = candidates[0];
      if (!source) return NONE;
      const unit = sourceUnit(source, column);
      // A fixed unit is a constant: the same for every row, so nothing to check across rows.
      return unit ? { unit, rowLevel: unit.class !== 'CONSTANT' } : NONE;
    }
    case 'CAST':
      return trace(e.child as AstNode, sources, t);
    case 'CASE': {
      const branches = [...(e.case_checks as { then_expr: AstNode }[]).map((c) => c.then_expr), e.else_expr as AstNode].filter(Boolean);
      return branches.map((b) => trace(b, sources, t)).reduce((a, b) => combine(t.same, a, b));
    }
    case 'FUNCTION': {
      const fn = String(e.function_name).toLowerCase();
      const children = (e.children as AstNode[]) ?? [];
      if (!e.is_operator && AGGREGATES.has(fn)) {
        const inner = children[0] ? trace(children[0], sources, t) : NONE;
        if (!inner.unit) return NONE;
        // Mixing inside an aggregate is checked over the rows it aggregates, FILTER clause included.
        return { unit: inner.rowLevel ? fillTemplate(t.aggregate, { __a: inner.unit }, e.filter ?? null) : inner.unit, rowLevel: false };
      }
      if (UNITLESS_AGGREGATES.has(fn)) return NONE;
      if (fn === '/' || fn === '//') return combine(t.divide, trace(children[0]!, sources, t), trace(children[1]!, sources, t));
      if (fn === '*') return combine(t.multiply, trace(children[0]!, sources, t), trace(children[1]!, sources, t));
      if (SAME_UNIT.has(fn)) return children.map((c) => trace(c, sources, t)).reduce((a, b) => combine(t.same, a, b), NONE);
      if (PASS_THROUGH.has(fn) && children[0]) return trace(children[0], sources, t);
      return NONE;
    }
    case 'WINDOW': {
      const fn = String(e.function_name).toLowerCase();
      const child = (e.children as AstNode[] | undefined)?.[0];
      return AGGREGATES.has(fn) && child ? trace(child, sources, t) : NONE;
    }
    default:
      return NONE;
  }
}

/** `-- @unit column: unit` lines of a query. */
export function declaredUnits(sql: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const match of sql.matchAll(/^\s*--\s*@unit\s+([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.+?)\s*$/gm)) out.set(match[1]!, match[2]!);
  return out;
}
