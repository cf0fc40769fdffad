/**
 * What a query reads, from DuckDB's own parse tree of it (json_serialize_sql), and what it may not do.
 *
 * The tables a statement reads are its table references (FROM, JOIN, subqueries, CTEs, set operations, PIVOT,
 * DESCRIBE/SUMMARIZE), each a catalogued table or a WITH query in scope. Everything else that could reach data is
 * refused, so that list is complete and the result cache can be keyed on exactly those tables' content:
 *   - a table reference that is neither (a file path, DuckDB's system views such as duckdb_tables or
 *     information_schema.tables, a WITH query out of scope), so no replacement scan or catalog view is ever bound;
 *   - any function not on the allow-list of src/core/sql/sql-functions.ts: table functions that read by a string
 *     (query_table, read_csv, glob…), non-deterministic ones (random, now…), ones that reveal settings or the
 *     environment (current_setting, duckdb_settings…);
 *   - a random sample without a seed.
 * Pure: no DuckDB here, the tree comes from the engine.
 */
import { closest } from '../closest.ts';
import { isNode, type AstNode } from './sql-ast.ts';
import { ALLOWED_FUNCTIONS, ALLOWED_TABLE_FUNCTIONS, functionRefusal, SQL_VALUE_FUNCTIONS } from './sql-functions.ts';

export class SqlRefusal extends Error {
  /** Byte offset in the SQL of the refused part, when the tree carries DuckDB's query_location. */
  readonly location: number | undefined;
  constructor(message: string, location: number | undefined) {
    super(message);
    this.name = 'SqlRefusal';
    this.location = location;
  }
}

const WHAT_A_QUERY_READS = "a query reads the catalogued tables (data/catalog.yaml), the article's other named queries and its own WITH queries";

/**
 * The catalogued tables (lower case, sorted) one parsed statement reads; throws SqlRefusal for anything that
 * would read or reveal something else, or make the result differ from build to build.
 */
export function tablesRead(statement: AstNode, catalogTables: ReadonlySet<string>): string[] {
  const reads = new Set<string>();
  const visit = (value: unknown, scope: ReadonlySet<string>, at: number | undefined): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item, scope, at);
      return;
    }
    if (!isNode(value)) return;
    const node = value;
    const here = typeof node.query_location === 'number' ? node.query_location : at;
    const refuse = (message: string): never => {
      throw new SqlRefusal(message, here);
    };
    const skip = new Set<string>();
    // WITH: each query sees the outer scope and the ones before it (a query's own name inside it is the outer name, as
    // DuckDB binds it, except in the recursive part of a recursive CTE); the body sees them all.
    const ctes = (node.cte_map as { map?: { key: string; value: unknown }[] } | undefined)?.map ?? [];
    if (ctes.length > 0) {
      const names = ctes.map((c) => c.key.toLowerCase());
      ctes.forEach((c, i) => visit(c.value, new Set([...scope, ...names.slice(0, i)]), here));
      scope = new Set([...scope, ...names]);
      skip.add('cte_map');
    }
    checkSample(node.sample, refuse);
    switch (node.class === undefined ? node.type : undefined) {
      case 'BASE_TABLE': {
        const name = String(node.table_name).toLowerCase();
        const schema = String(node.schema_name ?? '').toLowerCase();
        const catalog = String(node.catalog_name ?? '').toLowerCase();
        const qualified = [node.catalog_name, node.schema_name, node.table_name].filter((p) => p !== '' && p !== undefined).join('.');
        const unqualified = schema === '' && catalog === '';
        if (catalogTables.has(name) && (schema === '' || schema === 'main') && (catalog === '' || catalog === 'memory')) reads.add(name);
        else if (unqualified && scope.has(name)) {
          // a WITH query (or a named query of the article, composed as one)
        } else if (unqualified && /[/\\*?:]|\.[a-z0-9]+$/i.test(name)) {
          refuse(`FROM '${node.table_name}' reads a file by its path: read a catalogued table by its name instead (e.g. FROM accelerators); the tables of data/catalog.yaml are the only data a query may read`);
        } else if (!unqualified) {
          refuse(`${qualified} is not a catalogued table: ${WHAT_A_QUERY_READS}`);
        } else {
          const near = closest(name, [...catalogTables, ...scope]);
          refuse(`Table with name ${node.table_name} does not exist${near ? ` (did you mean "${near}"?)` : ''}: ${WHAT_A_QUERY_READS}`);
        }
        return;
      }
      case 'TABLE_FUNCTION': {
        const fn = node.function as AstNode;
        const name = String(fn.function_name).toLowerCase();
        if (!ALLOWED_TABLE_FUNCTIONS.has(name)) refuse(functionRefusal(name, String(fn.function_name), true));
        // Its arguments are expressions like any other; the function itself is not a scalar call.
        for (const [key, child] of Object.entries(fn)) if (key !== 'function_name') visit(child, scope, here);
        skip.add('function');
        break;
      }
      case 'SHOW_REF': {
        if (!node.query) {
          const name = String(node.table_name).replace(/^"|"$/g, '').toLowerCase();
          if (catalogTables.has(name)) reads.add(name);
          else refuse(`SHOW ${node.table_name} reveals DuckDB's catalog or settings, not data: DESCRIBE a catalogued table, or query it`);
        }
        break;
      }
      case 'RECURSIVE_CTE_NODE': {
        visit(node.left, scope, here);
        visit(node.right, new Set([...scope, String(node.cte_name).toLowerCase()]), here);
        skip.add('left').add('right');
        break;
      }
    }
    if (node.class === 'FUNCTION' || node.class === 'WINDOW') {
      const written = String(node.function_name);
      const name = written.toLowerCase();
      if (!ALLOWED_FUNCTIONS.has(name)) refuse(functionRefusal(name, written, false));
      // age(t) with one argument is the age at today's date.
      if (name === 'age' && Array.isArray(node.children) && node.children.length === 1) refuse(functionRefusal('today', 'age', false, 'age() of one argument (the age at today\'s date)'));
    } else if (node.class === 'COLUMN_REF') {
      const names = node.column_names as string[];
      const fn = names.length === 1 ? SQL_VALUE_FUNCTIONS.get(names[0]!.toLowerCase()) : undefined;
      // DuckDB makes an unqualified current_date (or user…) that no column answers into a function call.
      if (fn) refuse(`${functionRefusal(fn, names[0]!, false)} (a column of that name must be qualified: t.${names[0]})`);
    }
    for (const [key, child] of Object.entries(node)) if (!skip.has(key)) visit(child, scope, here);
  };
  visit(statement, new Set(), undefined);
  return [...reads].sort();
}

function checkSample(sample: unknown, refuse: (message: string) => never): void {
  if (!isNode(sample)) return;
  if (typeof sample.seed === 'number' && sample.seed >= 0) return;
  refuse(
    'USING SAMPLE (or TABLESAMPLE) without a seed draws different rows on every run, so a build from the cache and a fresh build ' +
      'would differ: give it a seed, e.g. USING SAMPLE 10% (bernoulli, 42), or filter the rows instead',
  );
}
