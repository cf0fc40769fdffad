/**
 * DuckDB's own parse tree of a query (json_serialize_sql) and back (json_deserialize_sql). Benchwright
 * reads and rewrites this tree to trace units and provenance; DuckDB stays the only SQL parser.
 */
export type AstNode = { [key: string]: unknown };

/** Deep copy of a tree (plain JSON: objects, arrays, strings, numbers), in half the time structuredClone takes. */
export function cloneAst<T>(node: T): T {
  if (Array.isArray(node)) return node.map(cloneAst) as T;
  if (node === null || typeof node !== 'object') return node;
  const out: AstNode = {};
  for (const [key, value] of Object.entries(node)) out[key] = cloneAst(value);
  return out as T;
}

export function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Calls `visit` on every object in the tree; returning a value replaces the node. */
export function mapAst(node: unknown, visit: (n: AstNode) => AstNode | undefined): unknown {
  if (Array.isArray(node)) return node.map((n) => mapAst(n, visit));
  if (!isNode(node)) return node;
  const replaced = visit(node);
  if (replaced) return replaced;
  const out: AstNode = {};
  for (const [k, v] of Object.entries(node)) out[k] = mapAst(v, visit);
  return out;
}

export function columnRef(...names: string[]): AstNode {
  return { class: 'COLUMN_REF', type: 'COLUMN_REF', alias: '', column_names: names };
}

export function stringConstant(value: string | null): AstNode {
  return value === null
    ? { class: 'CAST', type: 'OPERATOR_CAST', alias: '', child: { class: 'CONSTANT', type: 'VALUE_CONSTANT', alias: '', value: { type: { id: 'NULL', type_info: null }, is_null: true } }, cast_type: { id: 'VARCHAR', type_info: null }, try_cast: false }
    : { class: 'CONSTANT', type: 'VALUE_CONSTANT', alias: '', value: { type: { id: 'VARCHAR', type_info: null }, is_null: false, value } };
}

/** The aggregate functions the unit templates use (units.ts): each takes the FILTER of the aggregate it traces. */
const TEMPLATE_AGGREGATES = new Set(['count', 'string_agg', 'any_value', 'min', 'max']);

/** Replaces the placeholder columns (e.g. __a, __b) of a template expression with the given trees. */
export function fillTemplate(template: AstNode, args: Record<string, AstNode>, filter: unknown = null): AstNode {
  // The aggregate's FILTER goes onto every aggregate of the template (the exact one's and the first probe's), so its
  // unit is that of the filtered rows only.
  const withFilter = filter === null ? template : (mapAst(template, (n) => (n.class === 'FUNCTION' && !n.is_operator && TEMPLATE_AGGREGATES.has(String(n.function_name)) ? { ...n, filter: cloneAst(filter), children: n.children } as AstNode : undefined)) as AstNode);
  return mapAst(withFilter, (n) => {
    if (n.class !== 'COLUMN_REF') return undefined;
    const names = n.column_names as string[];
    const arg = names.length === 1 ? args[names[0]!] : undefined;
    return arg ? cloneAst(arg) : undefined;
  }) as AstNode;
}
