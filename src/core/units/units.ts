/**
 * Units travel with query results. The catalog gives every measure its unit, fixed (`unit: TB/s`) or per
 * row (`unit_column: unit`, as MLPerf's results are in tokens/s, samples/s or queries/s). For each query,
 * Benchwright rewrites DuckDB's parse tree into a *unit probe*: the same query with one extra column per
 * output column that computes, for each output row, the unit of that value.
 *
 * Every kind of node DuckDB's parse tree can hold has a rule here, and a value that carries a measure never
 * loses its unit silently:
 *
 *   - a measure keeps its unit through min/max/avg/sum/median… (list(), string_agg() too), round, abs, ceil,
 *     floor, CAST (to text as well: the text is still in the unit), +, −, %, CASE, COALESCE, greatest, least,
 *     || and concat(), list elements, unnest and subscripts;
 *   - x / y gives "x per y" (or "ratio" when both are the same unit), x * y gives "x × y", variance "x × x";
 *   - the same aggregate over a window (`avg(x) OVER (…)`) is checked over the window's rows, like GROUP BY;
 *     lag/lead/first_value… take the unit of the row they read; a window ordered by a measure must not order
 *     rows of different units;
 *   - a scalar subquery, a LATERAL subquery, unnest in FROM and a query's earlier select aliases are traced;
 *   - an aggregate over rows of different units, or + − CASE COALESCE || over different units, is *mixed*,
 *     and a mixed value fails the build, naming the units found and the row;
 *   - counts, ranks, constants, text columns and comparisons carry no unit.
 *
 * A measure that goes through anything else (ln, exp, sqrt, pow, struct_pack, a map, a lambda, an aggregate or
 * window function without a rule…) has no unit Benchwright can trace: the query is refused, naming the construct,
 * unless the column's unit is declared. Constructs whose columns cannot be followed at all (COLUMNS(…), * REPLACE
 * or RENAME of a measure, PIVOT/UNPIVOT or SUMMARIZE of measures, VALUES or table functions over a measure, a
 * recursive CTE over measures, an unknown kind of query or FROM clause) are refused outright.
 *
 * A value that is not a measure may still carry a check (a rank, a corr(), arg_max's choice):
 * its probe column is NULL unless what it compared mixed units.
 *
 * A query may declare a column's unit with a comment line `-- @unit <column>: <unit>`, where `{col}` stands
 * for the unit of a source column row by row (`-- @unit per_accel: {result} per accelerator`). A
 * declaration gives the unit of every column of that name the query defines (in its WITH queries too, and so
 * in any query that reads it as a named query) and may stand for a construct without a rule; the expression is
 * still traced, and a value inside it that mixes units still fails.
 */
import type { Catalog } from '../data/catalog.ts';
import { cloneAst, columnRef, fillTemplate, isNode, stringConstant, type AstNode } from '../sql/sql-ast.ts';

export const MIXED = '⚠mixed: ';

/** A query whose units Benchwright cannot trace: the message names the construct, `hint` says what to do. */
export class UntraceableError extends Error {
  readonly hint: string;
  constructor(message: string, hint: string) {
    super(message);
    this.name = 'UntraceableError';
    this.hint = hint;
  }
}

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

/** Template expressions, parsed once by DuckDB (see `TEMPLATE_SQL`); __a, __b, __l and __v are the placeholders. */
export interface UnitTemplates {
  aggregate: AstNode;
  divide: AstNode;
  multiply: AstNode;
  squared: AstNode;
  same: AstNode;
  /** The unit of a window's rows from the list of their units (`list(unit) OVER (…)`, in __l). */
  windowAggregate: AstNode;
  /** `list(__a) OVER ()`: the window clauses of the traced window are copied into it. */
  windowList: AstNode;
  /** The unit when it is mixed, else NULL: a check carried by a value that has no unit. */
  onlyMixed: AstNode;
  firstOf: AstNode;
  /** NULL where the value (__v) is NULL, else the unit (for IGNORE NULLS). */
  nullWhen: AstNode;
  /** A scalar subquery's unit: `(SELECT __s.<probe column> FROM (<its probe>) AS __s)`. */
  scalarProbe: AstNode;
  /** Lineage: the key of one source row, the keys of two sources, the keys of a group's rows. */
  lineageRow: AstNode;
  lineageConcat: AstNode;
  lineageAggregate: AstNode;
}

/** Row ids per table in a lineage integer (see lineageRow): 2^32, so 2^21 tables fit below 2^53. */
const ROWS_PER_TABLE = 4294967296;

/** "table:rowid" of a lineage integer; `tables`: the catalog's table names in order (null: no source row). */
export function lineageKey(value: number, tables: readonly string[]): string | undefined {
  const table = tables[Math.floor(value / ROWS_PER_TABLE)];
  return table === undefined ? undefined : `${table}:${value % ROWS_PER_TABLE}`;
}

/**
 * The aggregate template for a first probe: whether a group's units mix is decided exactly as `aggregate` decides it
 * (two distinct units are a min and a max that differ), but the mixed text names only the least unit. DuckDB computes
 * min and max as it reads; the distinct count and list of `aggregate` each need a hash table per group, which made a
 * pivot's probe (one aggregate per round and scenario) several times slower than its query. A probe that finds units
 * mixed is run again with `aggregate`, for the message (query-units.ts). `__a` (often a large expression) is written
 * three times, as in `aggregate`: the probe's tree, and DuckDB's work turning it into SQL, grow with each copy.
 */
export const FAST_AGGREGATE_SQL = `CASE WHEN min(__a) <> max(__a) THEN '${MIXED}' ELSE '' END || min(__a)`;

export const TEMPLATE_SQL: Record<keyof UnitTemplates, string> = {
  aggregate: `CASE WHEN count(DISTINCT __a) > 1 THEN '${MIXED}' || string_agg(DISTINCT __a, ', ' ORDER BY __a) ELSE any_value(__a) END`,
  // Two equal units make a ratio, but two equal mixed ones stay mixed: a mix divided by a mix is no ratio.
  divide: `CASE WHEN __a IS NULL AND __b IS NULL THEN NULL WHEN __b IS NULL THEN __a WHEN __a IS NULL THEN '1 per ' || __b WHEN __a = __b AND NOT contains(__a, '${MIXED}') THEN 'ratio' ELSE __a || ' per ' || __b END`,
  multiply: "CASE WHEN __a IS NULL THEN __b WHEN __b IS NULL THEN __a ELSE __a || ' × ' || __b END",
  squared: `CASE WHEN contains(__a, '${MIXED}') THEN __a ELSE __a || ' × ' || __a END`,
  same: `CASE WHEN __a IS NULL THEN __b WHEN __b IS NULL OR __a = __b THEN __a ELSE '${MIXED}' || __a || ', ' || __b END`,
  windowAggregate: `CASE WHEN len(list_distinct(__l)) > 1 THEN '${MIXED}' || array_to_string(list_sort(list_distinct(__l)), ', ') ELSE list_distinct(__l)[1] END`,
  windowList: 'list(__a) OVER ()',
  onlyMixed: `CASE WHEN contains(__a, '${MIXED}') THEN __a END`,
  firstOf: 'coalesce(__a, __b)',
  nullWhen: 'CASE WHEN __v IS NULL THEN NULL ELSE __a END',
  scalarProbe: '(SELECT __s.__p FROM (SELECT 1) AS __s)',
  // A source row as one integer, the table's place in the catalog times 2^32 plus its rowid (lineageKey decodes it):
  // lists of integers cost DuckDB and the conversion to JavaScript far less than lists of "table:rowid" strings.
  lineageRow: `list_value(CAST(__t AS BIGINT) * ${ROWS_PER_TABLE} + __a)`,
  lineageConcat: 'list_concat(__a, __b)',
  lineageAggregate: 'list_distinct(flatten(list(__a)))',
};

/** The probe's column holding, for each output row, the keys ("table:rowid") of the source rows it read. */
export const LINEAGE = '__lineage';

/**
 * Every aggregate function of DuckDB 1.5 (duckdb_functions(), function_type 'aggregate', and the aggregate macros):
 * a query that calls one aggregates. test/units.test.ts checks this list against DuckDB's own.
 */
export const ALL_AGGREGATES: ReadonlySet<string> = new Set(
  `any_value approx_count_distinct approx_quantile approx_top_k arbitrary arg_max arg_max_null arg_max_nulls_last arg_min
  arg_min_null arg_min_nulls_last argmax argmin array_agg avg bit_and bit_or bit_xor bitstring_agg bool_and bool_or corr
  count count_if count_star countif covar_pop covar_samp cume_dist dense_rank entropy favg fill first first_value fsum
  group_concat histogram histogram_exact kahan_sum kurtosis kurtosis_pop lag last last_value lead list listagg mad max
  max_by mean median min min_by mode nth_value ntile percent_rank product quantile quantile_cont quantile_disc rank
  rank_dense regr_avgx regr_avgy regr_count regr_intercept regr_r2 regr_slope regr_sxx regr_sxy regr_syy
  reservoir_quantile row_number sem skewness stddev stddev_pop stddev_samp string_agg sum sum_no_overflow sumkahan
  var_pop var_samp variance geomean geometric_mean weighted_avg wavg json_group_array json_group_object
  json_group_structure`.split(/\s+/),
);

/** Aggregates whose result is in the unit of their first argument (the rows' values, one of them, or a list of them). */
const KEEP_AGGREGATES = new Set(
  `avg mean median min max sum fsum sumkahan kahan_sum sum_no_overflow favg quantile quantile_cont quantile_disc
  approx_quantile reservoir_quantile mode first last any_value arbitrary arg_max arg_max_null arg_max_nulls_last arg_min
  arg_min_null arg_min_nulls_last argmax argmin max_by min_by stddev stddev_pop stddev_samp sem mad geomean
  geometric_mean weighted_avg wavg list array_agg string_agg group_concat listagg`.split(/\s+/),
);
/** Aggregates that pick or weigh rows by their second argument: it must not compare values of different units. */
const SECOND_ARGUMENT_COMPARED = new Set('arg_max arg_max_null arg_max_nulls_last arg_min arg_min_null arg_min_nulls_last argmax argmin max_by min_by weighted_avg wavg'.split(' '));
/** Aggregates and window functions that count or rank: no unit. */
const COUNTS = new Set('count count_star count_if countif approx_count_distinct bool_and bool_or entropy regr_count row_number rank dense_rank rank_dense percent_rank cume_dist ntile'.split(' '));
/** Aggregates without a unit whose arguments must each be in one unit over the rows (a correlation of tokens/s and samples/s is meaningless). */
const DIMENSIONLESS = new Set('corr kurtosis kurtosis_pop skewness regr_r2'.split(' '));
/** Window functions that return the value of another row: its unit. */
const VALUE_WINDOWS = new Set('lag lead first_value last_value nth_value'.split(' '));

/** Scalar functions whose result is in the unit of their first argument (a rounded value, an element of a list). */
const FIRST_ARGUMENT = new Set(
  `@ round abs ceil ceiling floor trunc round_even roundbankers even list_extract list_element array_extract element_at
  list_slice array_slice list_sort array_sort list_reverse_sort array_reverse_sort list_reverse array_reverse
  list_distinct array_distinct list_filter array_filter filter flatten unnest unlist list_select array_select list_where
  array_where array_pop_back array_pop_front list_resize array_resize list_min list_max list_sum list_avg list_median
  list_mode list_first list_last list_any_value list_mad list_stddev_pop list_stddev_samp list_sem list_string_agg
  array_to_string array_to_string_comma_default`.split(/\s+/),
);
/** Scalar functions and operators whose arguments must share one unit, which the result keeps. */
const SAME_UNIT = new Set(
  `+ - % || add subtract coalesce ifnull nullif greatest least fmod mod concat concat_ws printf format list_value array_value
  list_pack list_concat list_cat array_concat array_cat list_append array_append array_push_back list_prepend
  array_prepend array_push_front`.split(/\s+/),
);
/** Scalar functions that test, count or describe a value: no unit (like comparisons). */
const NO_UNIT = new Set(
  `~~ !~~ ~~* !~~* ~~~ !~~~ ^@ like_escape not_like_escape ilike_escape not_ilike_escape regexp_matches regexp_full_match
  starts_with prefix suffix ends_with contains isnan isinf isfinite signbit sign typeof pg_typeof len length strlen
  char_length character_length octet_length bit_length array_length cardinality list_count list_unique array_unique
  list_approx_count_distinct list_entropy list_bool_and list_bool_or list_contains list_has array_contains array_has
  list_has_any list_has_all array_has_any array_has_all && @> <@ list_position array_position list_indexof
  array_indexof list_grade_up array_grade_up grade_up`.split(/\s+/),
);
/** Aggregate names list_aggregate(list, 'name') may be given, by how they treat units. */
const LIST_AGGREGATE_FUNCTIONS = new Set(['list_aggregate', 'list_aggr', 'array_aggregate', 'array_aggr', 'aggregate']);

interface Traced {
  /** The unit, row by row (NULL: none); for a value that is not a measure, only the checks it carries (NULL unless mixed). */
  unit: AstNode | null;
  /** True when the unit depends on row values not inside an aggregate. */
  rowLevel: boolean;
  /** True when the unit is computed by aggregates (so it cannot be inside another). */
  aggregated?: boolean;
  /** The value is in the unit `unit` gives (false: `unit` only carries checks). */
  measure: boolean;
  /** Constructs without a unit rule the measure went through: the unit cannot be traced unless declared. */
  untraceable: string[];
}

const NONE: Traced = { unit: null, rowLevel: false, measure: false, untraceable: [] };

interface Source {
  name: string;
  columns: Map<string, UnitSource>;
  /** Columns made in the FROM clause itself (unnest): their unit as an expression of the clause's other tables. */
  computed: Map<string, Traced>;
  /** Columns of a derived source that went through constructs without a unit rule. */
  untraceable: Map<string, string[]>;
  /** Probe columns that carry only checks (the column has no unit). */
  checksOnly: Set<string>;
  /** Expression of the keys of the source rows behind one row of this source. */
  lineage: AstNode | null;
  /** Output column order, for * expansion and positional references. */
  order: string[];
  /** Derived sources (CTEs, subqueries) already carry their probe columns. */
  derived: boolean;
}

function source(name: string, fields: Partial<Source> = {}): Source {
  return { name, columns: new Map(), computed: new Map(), untraceable: new Map(), checksOnly: new Set(), lineage: null, order: [], derived: true, ...fields };
}

export const probeColumn = (name: string) => `${name}__unit`;

type CteScope = Map<string, Source>;

interface Context {
  tables: Map<string, Map<string, UnitSource>>;
  t: UnitTemplates;
  declared: Map<string, string>;
}

/** What an expression is traced against. */
interface Scope {
  ctx: Context;
  ctes: CteScope;
  /** The query's FROM sources. */
  sources: Source[];
  /** Sources of enclosing queries and of a LATERAL subquery's left side: a correlated reference. */
  outer: Source[];
  /** The select list's earlier aliases (DuckDB lets a select item use them). */
  aliases: Map<string, Traced>;
  aggregating: boolean;
  /** Lambda parameters in scope. */
  lambda: Set<string>;
  /** Set when an expression read a column of `outer`. */
  correlated: { value: boolean };
}

const DECLARE_HINT = (column: string) =>
  `declare the column's unit with a comment line "-- @unit ${column}: <unit>" (Benchwright still checks that nothing inside mixes units), ` +
  'or compute it with what keeps units: min, max, avg, sum, median, round, abs, +, −, ×, ÷, CASE, COALESCE';
const STRUCTURE_HINT = 'select the measure columns by name from a catalogued table or a named query, and filter or aggregate them there';

function refuse(what: string, hint = STRUCTURE_HINT): never {
  throw new UntraceableError(`Benchwright cannot trace units through ${what}`, hint);
}

/**
 * Rewrites a parsed SELECT statement into its unit probe. `rootNames` are the result's column names, used
 * to name the probe columns of the outermost query. Throws UntraceableError for a query whose units cannot be traced.
 */
export function buildUnitProbe(
  statement: AstNode,
  tables: Map<string, Map<string, UnitSource>>,
  templates: UnitTemplates,
  rootNames: string[],
  declared: Map<string, string> = new Map(),
): AstNode {
  const root = cloneAst(statement);
  rewriteQueryNode(root, new Map(), { tables, t: templates, declared }, [], { value: false }, rootNames);
  return root;
}

/**
 * A declared unit as an expression: literal text, where "{column}" stands for the unit of that column of
 * the query's sources, row by row (e.g. "{result} per accelerator" → "tokens/s per accelerator").
 */
function declaredUnit(template: string, scope: Scope): Traced {
  const parts = template.split(/(\{[A-Za-z_][A-Za-z0-9_]*\})/).filter(Boolean);
  let rowLevel = false;
  const children = parts.map((part) => {
    const ref = /^\{(.+)\}$/.exec(part)?.[1];
    if (!ref) return stringConstant(part);
    const traced = trace(columnRef(ref), scope);
    rowLevel ||= traced.rowLevel;
    return traced.unit ?? stringConstant('');
  });
  return { unit: children.length === 1 ? children[0]! : concat(children), rowLevel, measure: true, untraceable: [] };
}

function concat(children: AstNode[]): AstNode {
  return { class: 'FUNCTION', type: 'FUNCTION', alias: '', function_name: 'concat', schema: '', children, filter: null, order_bys: { type: 'ORDER_MODIFIER', orders: [] }, distinct: false, is_operator: false, export_state: false, catalog: '' };
}

/** Rewrites a query node in place; returns the columns it outputs with their unit sources. */
function rewriteQueryNode(node: AstNode, ctes: CteScope, ctx: Context, outer: Source[], correlated: { value: boolean }, rootNames?: string[]): Source {
  const scope: CteScope = new Map(ctes);
  const cteMap = (node.cte_map as { map?: { key: string; value: { query: { node: AstNode }; aliases?: string[] } }[] } | undefined)?.map ?? [];
  for (const entry of cteMap) {
    const inner = entry.value.query.node;
    const cte = inner.type === 'RECURSIVE_CTE_NODE' ? recursiveCte(inner, entry.key, scope, ctx) : rewriteQueryNode(inner, scope, ctx, outer, correlated);
    scope.set(entry.key, renameColumns({ ...cte, name: entry.key }, entry.value.aliases));
  }
  switch (node.type) {
    case 'SELECT_NODE':
      return rewriteSelect(node, scope, ctx, outer, correlated, rootNames);
    case 'SET_OPERATION_NODE': {
      const left = rewriteQueryNode(node.left as AstNode, scope, ctx, outer, correlated, rootNames);
      const right = rewriteQueryNode(node.right as AstNode, scope, ctx, outer, correlated, rootNames);
      // UNION BY NAME may give a column a unit on one side only; either side's probe column is the column's.
      for (const [name, unit] of right.columns) if (!left.columns.has(name)) left.columns.set(name, unit);
      for (const [name, constructs] of right.untraceable) if (!left.untraceable.has(name)) left.untraceable.set(name, constructs);
      return left;
    }
    default:
      return refuse(`a query of kind ${String(node.type)}`);
  }
}

/** A recursive CTE: traced only when it reads no measure (its rows are then counters, dates or text). */
function recursiveCte(node: AstNode, name: string, ctes: CteScope, ctx: Context): Source {
  const reads: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!isNode(value)) return;
    if (value.type === 'BASE_TABLE') {
      const table = String(value.table_name);
      const cte = ctes.get(table);
      const columns = cte ? [...cte.columns.keys(), ...cte.untraceable.keys()] : [...(ctx.tables.get(table) ?? new Map<string, UnitSource>())].filter(([, u]) => u.kind !== 'fixed' || u.unit).map(([c]) => c);
      if (table !== name && columns.length > 0) reads.push(table);
    }
    Object.values(value).forEach(visit);
  };
  visit(node);
  if (reads.length > 0) refuse(`the recursive CTE "${name}", which reads the measures of ${[...new Set(reads)].join(', ')}`, 'compute the measures outside the recursive query: join its result to the table');
  return source(name);
}

/** Renames a source's first columns, as `t(a, b)` and `WITH q(a, b) AS` do. */
function renameColumns(src: Source, aliases: unknown): Source {
  const names = Array.isArray(aliases) ? (aliases as string[]) : [];
  if (names.length === 0) return src;
  const renames = new Map(src.order.slice(0, names.length).map((old, i) => [old, names[i]!]));
  const rename = (name: string) => renames.get(name) ?? name;
  const remap = <V>(map: Map<string, V>) => new Map([...map].map(([k, v]) => [rename(k), v]));
  return {
    ...src,
    columns: new Map([...src.columns].map(([name, unit]) => [rename(name), unit.kind === 'column' ? { ...unit, column: rename(unit.column) } : unit])),
    computed: remap(src.computed),
    untraceable: remap(src.untraceable),
    checksOnly: new Set([...src.checksOnly].map(rename)),
    order: src.order.map(rename),
  };
}

function rewriteSelect(node: AstNode, ctes: CteScope, ctx: Context, outer: Source[], correlated: { value: boolean }, rootNames?: string[]): Source {
  const { t } = ctx;
  // SELECT DISTINCT x, y is GROUP BY ALL over x, y: the probe's extra columns must not split its rows.
  const modifiers = (node.modifiers as AstNode[] | undefined) ?? [];
  const distinct = modifiers.find((m) => m.type === 'DISTINCT_MODIFIER' && ((m.distinct_on_targets as unknown[] | undefined)?.length ?? 0) === 0);
  // (Not with a window function in the select list: DuckDB cannot group on it, and the rows it spans are not merged.)
  if (distinct && ((node.group_expressions as unknown[] | undefined)?.length ?? 0) === 0 && !containsWindow(node.select_list)) {
    node.modifiers = modifiers.filter((m) => m !== distinct);
    node.aggregate_handling = 'FORCE_AGGREGATES';
  }
  const sources = fromSources(node.from_table as AstNode | undefined, { ctx, ctes, outer, lateral: [], correlated });
  const selectList = node.select_list as AstNode[];
  const aggregating =
    node.aggregate_handling === 'FORCE_AGGREGATES' ||
    ((node.group_expressions as unknown[] | undefined)?.length ?? 0) > 0 ||
    selectList.some((e) => containsAggregate(e));
  const scope: Scope = { ctx, ctes, sources, outer, aliases: new Map(), aggregating, lambda: new Set(), correlated };
  const probes: AstNode[] = [];
  const out = source('');
  const noStar = !selectList.some((e) => e.class === 'STAR');
  const addProbe = (name: string, traced: Traced) => {
    if (!traced.unit) return;
    out.columns.set(name, { kind: 'probe', column: probeColumn(name) });
    if (!traced.measure) out.checksOnly.add(name);
    probes.push({ ...wrapAggregate(traced, aggregating, t), alias: probeColumn(name) });
  };
  const untraceable = (name: string, constructs: string[], star = false) => {
    if (constructs.length === 0) return;
    if (rootNames) {
      throw new UntraceableError(
        `cannot trace the unit of column "${name}": it goes through ${constructs.join(', then ')}, for which Benchwright has no unit rule`,
        star ? `select "${name}" by name (not with *) and ${DECLARE_HINT(name)}` : DECLARE_HINT(name),
      );
    }
    out.untraceable.set(name, constructs);
  };
  selectList.forEach((item, i) => {
    if (item.class === 'STAR' && item.columns) {
      // COLUMNS(…): which columns it picks is DuckDB's to say; refused where it could pick a measure.
      if (sources.some((s) => carriesMeasure(s, item.relation_name))) refuse('COLUMNS(…), which may select measure columns', 'name the columns instead of COLUMNS(…)');
      return;
    }
    if (item.class === 'STAR') {
      expandStar(item, sources, scope, out, probes, untraceable);
      return;
    }
    const name = String(item.alias || (noStar && rootNames?.[i]) || (item.class === 'COLUMN_REF' ? (item.column_names as string[]).at(-1) : `__c${i}`));
    if (!item.alias) item.alias = name;
    out.order.push(name);
    const traced = trace(item, scope);
    const template = ctx.declared.get(name);
    let result = traced;
    if (template !== undefined) {
      // The declaration gives the unit; whatever the expression mixed still fails.
      result = { ...withCheck(declaredUnit(template, scope), traced, t), measure: true, untraceable: [] };
    } else {
      untraceable(name, traced.untraceable);
    }
    scope.aliases.set(name, result);
    addProbe(name, result);
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

function expandStar(item: AstNode, sources: Source[], scope: Scope, out: Source, probes: AstNode[], untraceable: (name: string, constructs: string[], star: boolean) => void): void {
  const starSources = sources.filter((src) => !item.relation_name || item.relation_name === src.name);
  if (item.relation_name && starSources.length === 0) {
    // s.* of a struct column: its fields, which have no unit of their own.
    const struct = lookup([String(item.relation_name)], sources);
    if (struct && hasUnit(struct)) refuse(`${String(item.relation_name)}.*, the fields of a struct holding a measure`, 'select each measure as its own column instead of packing it into a struct');
    return;
  }
  const measured = (name: string) => starSources.some((src) => columnTraced(src, name).unit !== null || src.untraceable.has(name));
  for (const { key, value } of (item.replace_list as { key: string; value: AstNode }[] | undefined) ?? []) {
    if (measured(key) || trace(value, scope).unit) refuse(`* REPLACE (… AS ${key}) of a measure`, `select the columns by name, with the new expression AS ${key}`);
  }
  for (const { key, value } of (item.rename_list as { key: { column?: string } | string; value: string }[] | undefined) ?? []) {
    const column = typeof key === 'string' ? key : String(key.column ?? '');
    if (measured(column)) refuse(`* RENAME (${column} AS ${value}) of a measure`, `select the columns by name, with ${column} AS ${value}`);
  }
  // The sources' own lineage columns are replaced by this node's.
  if (starSources.some((src) => src.derived && src.lineage) && !(item.exclude_list as string[]).includes(LINEAGE)) {
    item.exclude_list = [...(item.exclude_list as string[]), LINEAGE];
  }
  const excluded = new Set(((item.exclude_list as unknown[] | undefined) ?? []).map((e) => (typeof e === 'string' ? e : String((e as { column?: string }).column ?? ''))));
  for (const src of starSources) {
    for (const name of src.order) {
      if (excluded.has(name) || name.endsWith('__unit')) continue;
      out.order.push(name);
      const traced = columnTraced(src, name);
      untraceable(name, traced.untraceable, true);
      if (!traced.unit) continue;
      out.columns.set(name, { kind: 'probe', column: probeColumn(name) });
      if (!traced.measure) out.checksOnly.add(name);
      // A derived source's *, or a view's, already brings the probe column along (unless the column was renamed).
      const unit = src.columns.get(name);
      const carried = !src.computed.has(name) && unit !== undefined && unit.kind !== 'fixed' && unit.column === probeColumn(name);
      if (!carried) probes.push({ ...wrapAggregate(traced, scope.aggregating, scope.ctx.t), alias: probeColumn(name) });
    }
  }
}

function carriesMeasure(src: Source, relation: unknown): boolean {
  if (relation && relation !== src.name) return false;
  return src.order.some((name) => columnTraced(src, name).unit !== null || src.untraceable.has(name)) || src.computed.size > 0;
}

function wrapAggregate(traced: Traced, aggregating: boolean, t: UnitTemplates): AstNode {
  return aggregating && traced.rowLevel ? fillTemplate(t.aggregate, { __a: traced.unit! }) : traced.unit!;
}

function sourceUnit(src: Source, column: string): AstNode | null {
  const unit = src.columns.get(column);
  if (!unit) return null;
  if (unit.kind === 'fixed') return unit.unit ? stringConstant(unit.unit) : null;
  return src.name ? columnRef(src.name, unit.column) : columnRef(unit.column);
}

/** A column of a source, traced. */
function columnTraced(src: Source, column: string): Traced {
  const computed = src.computed.get(column);
  if (computed) return computed;
  const untraceable = src.untraceable.get(column) ?? [];
  const unit = sourceUnit(src, column);
  if (!unit) return { ...NONE, untraceable };
  // A fixed unit is a constant: the same for every row, so nothing to check across rows.
  return { unit, rowLevel: unit.class !== 'CONSTANT', measure: !src.checksOnly.has(column), untraceable };
}

interface FromScope {
  ctx: Context;
  ctes: CteScope;
  outer: Source[];
  /** The tables to the left in the same FROM clause, which a LATERAL subquery or unnest may read. */
  lateral: Source[];
  correlated: { value: boolean };
}

function fromSources(from: AstNode | undefined, fs: FromScope): Source[] {
  if (!from) return [];
  const { ctx } = fs;
  switch (from.type) {
    case 'EMPTY':
      return [];
    case 'BASE_TABLE': {
      const tableName = String(from.table_name);
      const name = String(from.alias || tableName);
      const cte = fs.ctes.get(tableName);
      if (cte) return [renameColumns({ ...cte, name, lineage: cte.lineage ? columnRef(name, LINEAGE) : null }, from.column_name_alias)];
      const columns = ctx.tables.get(tableName);
      if (!columns) return [];
      // A view keeps the lineage of its own rows, so citations reach the base tables' rows.
      if (columns.has(LINEAGE)) return [renameColumns(source(name, { columns, order: [...columns.keys()], lineage: columnRef(name, LINEAGE) }), from.column_name_alias)];
      const lineage = fillTemplate(ctx.t.lineageRow, { __t: stringConstant(String([...ctx.tables.keys()].indexOf(tableName))), __a: columnRef(name, 'rowid') });
      return [renameColumns(source(name, { columns, order: [...columns.keys()], derived: false, lineage }), from.column_name_alias)];
    }
    case 'SUBQUERY': {
      const inner = (from.subquery as { node: AstNode }).node;
      // A subquery may read the tables to its left (LATERAL, written or not): a correlated reference.
      const derived = rewriteQueryNode(inner, fs.ctes, ctx, [...fs.lateral, ...fs.outer], fs.correlated);
      const name = String(from.alias || '');
      return [renameColumns({ ...derived, name, lineage: derived.lineage ? (name ? columnRef(name, LINEAGE) : columnRef(LINEAGE)) : null }, from.column_name_alias)];
    }
    case 'JOIN': {
      const left = fromSources(from.left as AstNode, fs);
      const right = fromSources(from.right as AstNode, { ...fs, lateral: [...fs.lateral, ...left] });
      return [...left, ...right];
    }
    case 'TABLE_FUNCTION':
      return [tableFunction(from, fs)];
    case 'EXPRESSION_LIST': {
      // VALUES: constants (or, LATERAL, values of the tables to the left).
      const scope = fromScope(fs);
      const rows = (from.values as AstNode[][] | undefined) ?? [];
      if (rows.some((row) => row.some((v) => hasUnit(trace(v, scope))))) refuse('a VALUES list holding a measure', 'select the measure from its table instead of copying it into VALUES');
      return [source(String(from.alias || 'valueslist'), { order: (rows[0] ?? []).map((_, i) => `col${i}`), derived: false })];
    }
    case 'PIVOT': {
      // Which column a value lands in is decided by the data: one column would hold several measures (UNPIVOT) or a
      // measure's rows of several units (PIVOT). Traced only when the pivoted table carries no measure.
      const pivoted = fromSources(cloneAst(from.source as AstNode), fs);
      if (pivoted.some((s) => carriesMeasure(s, undefined))) refuse(`${(from.unpivot_names as unknown[] | undefined)?.length ? 'UNPIVOT' : 'PIVOT'} of a table with measures`, 'filter the rows to one unit and select each measure as its own column (max(x) FILTER (WHERE …) AS x_v51)');
      return [source(String(from.alias || ''), { derived: false })];
    }
    case 'SHOW_REF': {
      // DESCRIBE gives column names and types; SUMMARIZE gives each column's min, max, avg… in one text column, so
      // measures of different columns (and units) side by side: refused when the summarised query carries one.
      const summarised = isNode(from.query) ? rewriteQueryNode(cloneAst(from.query), fs.ctes, ctx, [...fs.lateral, ...fs.outer], { value: false }) : undefined;
      if (from.show_type !== 'DESCRIBE' && (!summarised || carriesMeasure(summarised, undefined) || summarised.untraceable.size > 0)) {
        refuse(`${from.show_type === 'SUMMARY' ? 'SUMMARIZE' : String(from.show_type)} of measures`, 'aggregate each measure by name (min(x), max(x), avg(x)), filtered to one unit');
      }
      return [source(String(from.alias || ''), { derived: false })];
    }
    default:
      return refuse(`a FROM clause of kind ${String(from.type)}`);
  }
}

function fromScope(fs: FromScope, sources: Source[] = fs.lateral): Scope {
  return { ctx: fs.ctx, ctes: fs.ctes, sources, outer: fs.outer, aliases: new Map(), aggregating: false, lambda: new Set(), correlated: fs.correlated };
}

/** unnest(…) in FROM is a column in the unit of the list's elements; other table functions must not take a measure. */
function tableFunction(from: AstNode, fs: FromScope): Source {
  const fn = from.function as AstNode;
  const name = String(fn.function_name).toLowerCase();
  const alias = String(from.alias || name);
  const scope = fromScope(fs);
  const args = ((fn.children as AstNode[] | undefined) ?? []).map((c) => trace(c, scope));
  const names = (from.column_name_alias as string[] | undefined) ?? [];
  if ((name === 'unnest' || name === 'unlist') && !args.slice(1).some(hasUnit)) {
    const column = names[0] ?? 'unnest';
    const traced = args[0] ?? NONE;
    return source(alias, { computed: hasUnit(traced) ? new Map([[column, traced]]) : new Map(), order: [column], derived: false });
  }
  if (args.some(hasUnit)) refuse(`the table function ${name}(…) over a measure`, 'use the measure in the select list (unnest(list) there keeps its unit)');
  return source(alias, { order: names, derived: false });
}

function hasUnit(traced: Traced): boolean {
  return traced.unit !== null || traced.untraceable.length > 0;
}

function isAggregateCall(node: AstNode): boolean {
  return node.class === 'FUNCTION' && !node.is_operator && ALL_AGGREGATES.has(String(node.function_name).toLowerCase());
}

function containsWindow(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(containsWindow);
  if (!isNode(node) || node.class === 'SUBQUERY') return false;
  return node.class === 'WINDOW' || Object.values(node).some(containsWindow);
}

function containsAggregate(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(containsAggregate);
  if (!isNode(node)) return false;
  if (node.class === 'SUBQUERY') return false;
  // A window function is not an aggregate of the query, but its arguments may be (sum(sum(x)) OVER ()).
  if (node.class === 'WINDOW') return [node.children, node.partitions, (node.orders as { expression: unknown }[] | undefined)?.map((o) => o.expression), node.filter_expr].some(containsAggregate);
  if (isAggregateCall(node)) return true;
  return Object.values(node).some(containsAggregate);
}

/**
 * Values combined in one expression: where one's unit is computed by aggregates (max(result) + x in a query that
 * groups), a row-level unit beside it is the group's, aggregated first.
 */
function align(values: Traced[], t: UnitTemplates): Traced[] {
  if (!values.some((v) => v.aggregated)) return values;
  return values.map((v) => (v.unit && v.rowLevel ? { ...v, unit: fillTemplate(t.aggregate, { __a: v.unit }), rowLevel: false, aggregated: true } : v));
}

function combine(t: UnitTemplates, template: AstNode, x: Traced, y: Traced): Traced {
  const [a, b] = align([x, y], t) as [Traced, Traced];
  if (!a.unit && !b.unit) return { ...NONE, untraceable: mergeConstructs(a, b) };
  // Beside a value without a unit (a constant, text), the other's unit is the result (x / 2 and 2 * x, x || ' W'):
  // no template, so a long chain does not copy the unit expression into every step.
  if (!b.unit) return { ...a, untraceable: mergeConstructs(a, b) };
  if (!a.unit && template !== t.divide) return { ...b, untraceable: mergeConstructs(a, b) };
  return {
    unit: fillTemplate(template, { __a: a.unit ?? stringConstant(null), __b: b.unit ?? stringConstant(null) }),
    rowLevel: a.rowLevel || b.rowLevel,
    aggregated: a.aggregated || b.aggregated,
    measure: a.measure || b.measure,
    untraceable: mergeConstructs(a, b),
  };
}

function mergeConstructs(...traced: Traced[]): string[] {
  return [...new Set(traced.flatMap((x) => x.untraceable))];
}

/** "x × x" (a variance), or the unit as it is where it is mixed. */
function squared(a: Traced, t: UnitTemplates): Traced {
  return a.unit ? { ...a, unit: fillTemplate(t.squared, { __a: a.unit }) } : a;
}

/** A check (NULL unless mixed) added to a value: the check wins where it fails. */
function withCheck(v: Traced, c: Traced, t: UnitTemplates): Traced {
  const [value, check] = align([v, c], t) as [Traced, Traced];
  if (!check.unit) return { ...value, untraceable: mergeConstructs(value, check) };
  const only = fillTemplate(t.onlyMixed, { __a: check.unit });
  return {
    unit: value.unit ? fillTemplate(t.firstOf, { __a: only, __b: value.unit }) : only,
    rowLevel: value.rowLevel || check.rowLevel,
    aggregated: value.aggregated || check.aggregated,
    measure: value.measure,
    untraceable: mergeConstructs(value, check),
  };
}

/**
 * A value without a unit rule: its "unit" is the construct applied to its arguments' units (e.g. "ln(tokens/s)"), so
 * values inside it are still checked for mixing; the column is refused unless its unit is declared.
 */
function opaque(construct: string, label: string, values: Traced[], t: UnitTemplates): Traced {
  const args = align(values, t);
  const carried = args.filter(hasUnit);
  if (carried.length === 0) return NONE;
  if (!carried.some((a) => a.measure || a.untraceable.length > 0)) {
    // Only checks (values without a unit that must not have mixed): they pass through.
    return carried.reduce((a, b) => combine(t, t.same, a, b), NONE);
  }
  const parts: AstNode[] = [stringConstant(`${label}(`)];
  args.forEach((a, i) => parts.push(...(i > 0 ? [stringConstant(', ')] : []), a.unit ?? stringConstant('')));
  parts.push(stringConstant(')'));
  // An argument that mixed units is reported as it is, not wrapped in the construct's name.
  const unit = carried.reduceRight((acc, a) => fillTemplate(t.firstOf, { __a: fillTemplate(t.onlyMixed, { __a: a.unit ?? stringConstant(null) }), __b: acc }), concat(parts));
  return { unit, rowLevel: args.some((a) => a.rowLevel), aggregated: args.some((a) => a.aggregated), measure: true, untraceable: [...mergeConstructs(...args), construct].filter((c, i, all) => all.indexOf(c) === i) };
}

function trace(e: AstNode, scope: Scope): Traced {
  const { t } = scope.ctx;
  switch (e.class) {
    case 'COLUMN_REF':
      return resolveColumn(e.column_names as string[], scope);
    case 'POSITIONAL_REFERENCE': {
      const columns = scope.sources.flatMap((src) => src.order.filter((c) => !c.endsWith('__unit')).map((c) => [src, c] as const));
      const hit = columns[Number(e.index) - 1];
      return hit ? columnTraced(hit[0], hit[1]) : NONE;
    }
    case 'CONSTANT':
    case 'PARAMETER':
    case 'DEFAULT':
      return NONE;
    case 'CAST':
    case 'COLLATE':
      // A CAST keeps the unit, to text too: the text still says a value in that unit (tables and axes show it).
      return trace(e.child as AstNode, scope);
    case 'CASE': {
      const branches = [...(e.case_checks as { then_expr: AstNode }[]).map((c) => c.then_expr), e.else_expr as AstNode].filter(Boolean);
      return branches.map((b) => trace(b, scope)).reduce((a, b) => combine(t, t.same, a, b));
    }
    case 'COMPARISON':
    case 'CONJUNCTION':
    case 'BETWEEN':
      // A truth value: no unit.
      return NONE;
    case 'OPERATOR':
      return traceOperator(e, scope);
    case 'FUNCTION':
      return traceFunction(e, scope);
    case 'WINDOW':
      return traceWindow(e, scope);
    case 'SUBQUERY':
      return traceSubquery(e, scope);
    case 'LAMBDA': {
      // The body, with the lambda's parameters (list elements) as values of their own.
      const params = new Set<string>();
      const collect = (n: unknown): void => {
        if (Array.isArray(n)) return n.forEach(collect);
        if (!isNode(n)) return;
        if (n.class === 'COLUMN_REF') (n.column_names as string[]).forEach((p) => params.add(p));
        Object.values(n).forEach(collect);
      };
      collect(e.lhs);
      return trace(e.expr as AstNode, { ...scope, lambda: new Set([...scope.lambda, ...params]) });
    }
    case 'LAMBDA_REF':
      return NONE;
    case 'STAR':
      // COLUMNS(…) or * inside an expression (max(COLUMNS(*))): one expression per column DuckDB picks.
      if (scope.sources.some((s) => carriesMeasure(s, e.relation_name))) refuse('COLUMNS(…) or * inside an expression, which may apply it to measure columns', 'write the expression once per column, by name');
      return NONE;
    default:
      return opaque(`an expression of kind ${String(e.class)}`, String(e.class).toLowerCase(), childExpressions(e).map((c) => trace(c, scope)), t);
  }
}

function childExpressions(e: AstNode): AstNode[] {
  const out: AstNode[] = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (isNode(v) && typeof v.class === 'string') out.push(v);
  };
  Object.values(e).forEach(visit);
  return out;
}

function resolveColumn(names: string[], scope: Scope): Traced {
  if (names.length === 1 && scope.lambda.has(names[0]!)) return NONE;
  const found = lookup(names, scope.sources);
  if (found) return found;
  const alias = names.length === 1 ? scope.aliases.get(names[0]!) : undefined;
  if (alias) return alias;
  const outer = lookup(names, scope.outer);
  if (outer) {
    scope.correlated.value = true;
    // One value per evaluation of the inner query.
    return { ...outer, rowLevel: false };
  }
  return NONE;
}

function lookup(names: string[], sources: Source[]): Traced | undefined {
  const column = names.at(-1)!;
  if (names.length > 1) {
    // table.column (catalog.schema.table.column), or struct.field of a column: the field is traced as its struct.
    for (let i = names.length - 2; i >= 0; i--) {
      const src = sources.find((s) => s.name === names[i]);
      if (src) return columnTraced(src, names[i + 1]!);
    }
    const struct = sources.find((s) => s.order.includes(names[0]!) || s.columns.has(names[0]!));
    return struct ? columnTraced(struct, names[0]!) : undefined;
  }
  const src = sources.find((s) => s.columns.has(column) || s.order.includes(column) || s.computed.has(column));
  return src ? columnTraced(src, column) : undefined;
}

function traceOperator(e: AstNode, scope: Scope): Traced {
  const { t } = scope.ctx;
  const args = () => ((e.children as AstNode[] | undefined) ?? []).map((c) => trace(c, scope));
  switch (e.type) {
    case 'OPERATOR_COALESCE':
    case 'ARRAY_CONSTRUCTOR':
      return args().reduce((a, b) => combine(t, t.same, a, b), NONE);
    case 'ARRAY_EXTRACT':
    case 'ARRAY_SLICE':
    case 'STRUCT_EXTRACT':
    case 'OPERATOR_TRY':
      return args()[0] ?? NONE;
    case 'OPERATOR_NOT':
    case 'OPERATOR_IS_NULL':
    case 'OPERATOR_IS_NOT_NULL':
    case 'COMPARE_IN':
    case 'COMPARE_NOT_IN':
    case 'GROUPING_FUNCTION':
      return NONE;
    default:
      return opaque(`the operator ${String(e.type)}`, String(e.type).toLowerCase(), args(), t);
  }
}

function traceFunction(e: AstNode, scope: Scope): Traced {
  const { t } = scope.ctx;
  const fn = String(e.function_name).toLowerCase();
  const children = (e.children as AstNode[] | undefined) ?? [];
  if (!e.is_operator && ALL_AGGREGATES.has(fn)) {
    // Mixing inside an aggregate is checked over the rows it aggregates, FILTER clause included.
    const rows = (u: Traced): Traced => (u.unit && u.rowLevel ? { ...u, unit: fillTemplate(t.aggregate, { __a: u.unit }, e.filter ?? null), rowLevel: false, aggregated: true } : { ...u, rowLevel: false });
    return aggregateRule(fn, children.map((c) => trace(c, scope)), rows, `the aggregate ${fn}(…)`, fn, t);
  }
  const args = () => children.map((c) => trace(c, scope));
  if (fn === '/' || fn === '//' || fn === 'divide') {
    const [a, b] = args();
    return combine(t, t.divide, a ?? NONE, b ?? NONE);
  }
  if (fn === '*' || fn === 'multiply') {
    const [a, b] = args();
    return combine(t, t.multiply, a ?? NONE, b ?? NONE);
  }
  if (SAME_UNIT.has(fn)) return args().reduce((a, b) => combine(t, t.same, a, b), NONE);
  if (FIRST_ARGUMENT.has(fn)) return args()[0] ?? NONE;
  if (NO_UNIT.has(fn)) return NONE;
  if (fn === 'list_var_pop' || fn === 'list_var_samp') return squared(args()[0] ?? NONE, t);
  if (LIST_AGGREGATE_FUNCTIONS.has(fn)) {
    // list_aggregate(list, 'name'): the elements of a list are already in one unit, so the named aggregate's rule applies.
    const [list, name] = children;
    const aggregate = name?.class === 'CONSTANT' ? String((name.value as { value?: unknown }).value ?? '').toLowerCase() : '';
    const traced = list ? trace(list, scope) : NONE;
    const construct = `${fn}(…, ${aggregate ? `'${aggregate}'` : '…'})`;
    if (!aggregate || !ALL_AGGREGATES.has(aggregate)) return opaque(construct, fn, [traced], t);
    return aggregateRule(aggregate, [traced, ...children.slice(2).map((c) => trace(c, scope))], (u) => u, construct, `${fn}_${aggregate}`, t);
  }
  return opaque(`the function ${fn}(…)`, fn, args(), t);
}

/** The unit of an aggregate (or of the same aggregate over a window or a list): `rows` combines a unit over the rows. */
function aggregateRule(fn: string, args: Traced[], rows: (u: Traced) => Traced, construct: string, label: string, t: UnitTemplates): Traced {
  const [a = NONE, b = NONE] = args;
  if (KEEP_AGGREGATES.has(fn)) {
    const value = rows(a);
    return SECOND_ARGUMENT_COMPARED.has(fn) ? withCheck(value, rows(b), t) : value;
  }
  if (COUNTS.has(fn)) return NONE;
  switch (fn) {
    case 'var_pop':
    case 'var_samp':
    case 'variance':
      return squared(rows(a), t);
    case 'covar_pop':
    case 'covar_samp':
    case 'regr_sxy':
      return combine(t, t.multiply, rows(a), rows(b));
    case 'regr_sxx':
      return squared(rows(b), t);
    case 'regr_syy':
      return squared(rows(a), t);
    case 'regr_slope':
      return combine(t, t.divide, rows(a), rows(b));
    case 'regr_intercept':
    case 'regr_avgy':
      return withCheck(rows(a), rows(b), t);
    case 'regr_avgx':
      return withCheck(rows(b), rows(a), t);
  }
  if (DIMENSIONLESS.has(fn)) {
    const checks = args.map(rows).filter((x) => x.unit);
    return checks.reduce((acc, x) => withCheck(acc, x, t), NONE);
  }
  return opaque(construct, label, args.map(rows), t);
}

/** A window function: the aggregate's rule over the window's rows, another row's unit, or a rank (no unit). */
function traceWindow(e: AstNode, scope: Scope): Traced {
  const { t } = scope.ctx;
  const fn = String(e.function_name).toLowerCase();
  const children = (e.children as AstNode[] | undefined) ?? [];
  const args = children.map((c) => trace(c, scope));
  // In a query that groups, a window runs over the groups: a row-level unit is first the group's.
  const grouped = (u: Traced): Traced => (scope.aggregating && u.unit && u.rowLevel ? { ...u, unit: fillTemplate(t.aggregate, { __a: u.unit }), rowLevel: false, aggregated: true } : u);
  const overRows = (u: Traced, partitionOnly = false): Traced => {
    const inner = grouped(u);
    if (!inner.unit || inner.unit.class === 'CONSTANT' || (!scope.aggregating && !inner.rowLevel)) return { ...inner, rowLevel: inner.rowLevel && !scope.aggregating };
    const list = windowOf(e, [inner.unit], t, partitionOnly);
    return { ...inner, unit: fillTemplate(t.windowAggregate, { __l: list }), rowLevel: !scope.aggregating };
  };
  let value: Traced;
  if (VALUE_WINDOWS.has(fn)) {
    const a = grouped(args[0] ?? NONE);
    const fallback = e.default_expr ? grouped(trace(e.default_expr as AstNode, scope)) : NONE;
    if (!hasUnit(a) && !hasUnit(fallback)) value = NONE;
    else if (!scope.aggregating && !a.rowLevel && !fallback.rowLevel) value = combine(t, t.same, a, fallback);
    else {
      // The same window function over the units reads the unit of the same row.
      const w = cloneAst(e);
      w.alias = '';
      const unit = a.unit ?? stringConstant(null);
      w.children = [e.ignore_nulls ? fillTemplate(t.nullWhen, { __v: children[0]!, __a: unit }) : unit, ...children.slice(1).map(cloneAst)];
      if (e.default_expr) w.default_expr = fallback.unit ?? stringConstant(null);
      value = { unit: w, rowLevel: !scope.aggregating, measure: a.measure || fallback.measure, untraceable: mergeConstructs(a, fallback) };
    }
  } else {
    value = aggregateRule(fn, args, (u) => overRows(u), `the window function ${fn}(…) OVER (…)`, `${fn} over`, t);
  }
  // Ordering a window by a measure compares its rows: they must be in one unit.
  for (const order of (e.orders as { expression: AstNode }[] | undefined) ?? []) {
    const key = trace(order.expression, scope);
    if (key.unit && key.measure && key.unit.class !== 'CONSTANT' && (key.rowLevel || scope.aggregating)) value = withCheck(value, overRows(key, true), t);
  }
  return value;
}

/** `list(<unit>) OVER (<the window's clauses>)`; with partitionOnly, over the whole partition. */
function windowOf(e: AstNode, children: AstNode[], t: UnitTemplates, partitionOnly: boolean): AstNode {
  const w = cloneAst(t.windowList);
  w.children = children;
  w.partitions = cloneAst(e.partitions ?? []);
  if (!partitionOnly) {
    for (const key of ['orders', 'start', 'end', 'start_expr', 'end_expr', 'exclude_clause', 'filter_expr']) if (key in e) w[key] = cloneAst(e[key]);
  }
  return w;
}

function traceSubquery(e: AstNode, scope: Scope): Traced {
  switch (e.subquery_type) {
    case 'EXISTS':
    case 'NOT_EXISTS':
    case 'ANY':
      return NONE;
    default: {
      // A scalar subquery: its own probe, as a subquery that returns the unit of its value.
      const inner = cloneAst((e.subquery as { node: AstNode }).node);
      const correlated = { value: false };
      const derived = rewriteQueryNode(inner, scope.ctes, scope.ctx, [...scope.sources, ...scope.outer], correlated);
      if (correlated.value) scope.correlated.value = true;
      const first = derived.order[0];
      const traced = first ? columnTraced({ ...derived, name: '__s' }, first) : NONE;
      if (!traced.unit) return traced;
      const probe = cloneAst(scope.ctx.t.scalarProbe);
      const select = (probe.subquery as { node: AstNode }).node;
      (select.from_table as { subquery: { node: AstNode } }).subquery.node = inner;
      select.select_list = [traced.unit];
      const unit: Traced = { ...traced, unit: probe, rowLevel: correlated.value };
      return e.subquery_type === 'SCALAR' ? unit : opaque(`a subquery of kind ${String(e.subquery_type)}`, 'subquery', [unit], scope.ctx.t);
    }
  }
}

/** `-- @unit column: unit` lines of a query. */
export function declaredUnits(sql: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const match of sql.matchAll(/^\s*--\s*@unit\s+([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.+?)\s*$/gm)) out.set(match[1]!, match[2]!);
  return out;
}
