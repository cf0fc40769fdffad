/**
 * DuckDB's parse tree of SQL (json_serialize_sql) and SQL of a tree (json_deserialize_sql), over a connection;
 * parses asked for together go to DuckDB in one round trip.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ConnectionPool } from './connection-pool.ts';
import { QueryError } from './query-error.ts';
import type { AstNode } from './sql-ast.ts';

/** The most statements parsed in one round trip. */
const PARSE_BATCH = 32;
/** The most trees unparsed in one round trip (a probe's tree is tens of KB of JSON). */
const UNPARSE_BATCH = 16;

export async function parseWith(connection: DuckDBConnection, sql: string): Promise<AstNode> {
  const [tree] = await parseManyWith(connection, [sql]);
  if (tree instanceof Error) throw tree;
  return tree!;
}

/** DuckDB's parse tree of each statement, in one round trip; a statement that does not parse gives its QueryError. */
async function parseManyWith(connection: DuckDBConnection, sqls: string[]): Promise<(AstNode | QueryError)[]> {
  const columns = sqls.map((_, i) => `json_serialize_sql($${i + 1}::VARCHAR) AS t${i}`).join(', ');
  const row = (await connection.runAndReadAll(`SELECT ${columns}`, sqls)).getRowsJS()[0]!;
  return row.map((value) => {
    // query_location can be 2^64−1, which a JavaScript number cannot carry back; it is optional, so it is cut from
    // the text (a JSON.parse reviver would do the same at three times the cost). Inside a string value its quotes
    // would be escaped (\"), so only the key itself matches.
    const tree = JSON.parse(String(value).replace(/,"query_location":\d+|"query_location":\d+,?/g, '')) as AstNode;
    return tree.error ? new QueryError(String(tree.error_message ?? 'cannot parse the query')) : tree;
  });
}

/** The one statement's tree with DuckDB's query_location kept (byte offsets), or undefined: for placing a refusal. */
export async function parseLocated(connection: DuckDBConnection, sql: string): Promise<AstNode | undefined> {
  const reader = await connection.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR) AS t', [sql]);
  // A location too large for a JavaScript number is DuckDB's "none".
  const tree = JSON.parse(String(reader.getRowsJS()[0]![0]).replace(/"query_location":[0-9]{16,}/g, '"query_location":null')) as AstNode;
  return (tree.statements as { node: AstNode }[] | undefined)?.[0]?.node;
}

/** DuckDB's way of pointing at a place in a statement: "LINE n: <the line>" and a caret under the byte offset. */
export function lineAt(sql: string, offset: number): string {
  const before = Buffer.from(sql).subarray(0, offset).toString().split('\n');
  const prefix = `LINE ${before.length}: `;
  return `${prefix}${sql.split('\n')[before.length - 1] ?? ''}\n${' '.repeat(prefix.length + before.at(-1)!.length)}^`;
}

/** The SQL of a parse tree given as its JSON text. */
export async function unparseWith(connection: DuckDBConnection, treeJson: string): Promise<string> {
  const reader = await connection.runAndReadAll('SELECT json_deserialize_sql($1::JSON) AS sql', [treeJson]);
  return String(reader.getRowsJS()[0]![0]);
}

/**
 * The SQL of parse trees given as their JSON text, in one round trip. DuckDB fails the whole statement when one tree
 * cannot be turned into SQL: then each is unparsed alone, so that the error is that tree's only.
 */
async function unparseManyWith(connection: DuckDBConnection, trees: string[]): Promise<(string | Error)[]> {
  const columns = trees.map((_, i) => `json_deserialize_sql($${i + 1}::JSON) AS s${i}`).join(', ');
  try {
    return (await connection.runAndReadAll(`SELECT ${columns}`, trees)).getRowsJS()[0]!.map(String);
  } catch (error) {
    if (trees.length === 1) return [error instanceof Error ? error : new Error(String(error))];
    const out: (string | Error)[] = [];
    for (const tree of trees) out.push(await unparseWith(connection, tree).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e)))));
    return out;
  }
}

/**
 * Work asked for in one turn of the event loop, done together: up to `size` inputs in one statement, each distinct
 * input once while it is under way. `many` gives one output (or the Error of that one input) per input.
 */
function batcher<In, Out>(
  use: ConnectionPool['use'],
  size: number,
  many: (connection: DuckDBConnection, inputs: In[]) => Promise<(Out | Error)[]>,
  ran: (ms: number) => void,
): (input: In) => Promise<Out> {
  const working = new Map<In, Promise<Out>>();
  const queue: { input: In; resolve: (out: Out) => void; reject: (error: unknown) => void }[] = [];
  const flush = () => {
    const asked = queue.splice(0);
    for (let i = 0; i < asked.length; i += size) {
      const part = asked.slice(i, i + size);
      use(async (connection) => {
        const started = performance.now();
        const outs = await many(connection, part.map((p) => p.input));
        ran(performance.now() - started);
        return outs;
      }).then(
        (outs) => part.forEach((p, j) => (outs[j] instanceof Error ? p.reject(outs[j]) : p.resolve(outs[j] as Out))),
        (error: unknown) => part.forEach((p) => p.reject(error)),
      );
    }
  };
  return (input) => {
    let pending = working.get(input);
    if (!pending) {
      pending = new Promise<Out>((resolve, reject) => {
        if (queue.length === 0) setImmediate(flush);
        queue.push({ input, resolve, reject });
      });
      working.set(input, pending);
      const done = () => working.delete(input);
      void pending.then(done, done);
    }
    return pending;
  };
}

/**
 * A statement's parse tree, each statement parsed once: parses asked for in one turn of the event loop go to DuckDB
 * together, up to PARSE_BATCH in one statement. An article asks for all its queries' trees at once, and one round
 * trip is far cheaper than one per query.
 */
export function parseBatcher(use: ConnectionPool['use'], ran: (ms: number) => void = () => {}): (sql: string) => Promise<AstNode> {
  return batcher(use, PARSE_BATCH, parseManyWith, ran);
}

/**
 * The SQL of parse trees (as JSON text), batched like parses: the probes of the articles rendered side by side are
 * unparsed together, which takes DuckDB about half the time per tree that one statement per tree takes.
 */
export function unparseBatcher(use: ConnectionPool['use'], ran: (ms: number) => void = () => {}): (treeJson: string) => Promise<string> {
  return batcher(use, UNPARSE_BATCH, unparseManyWith, ran);
}
