/**
 * One query that answers many pages' queries. Generated pages (one per accelerator, one per model) each ask the same
 * question of one subject: `WHERE accelerator_id = 'x' AND …`. Each page keeps that query, which its readers see in
 * Data and methods and can run themselves; the build instead runs one query over every subject, with the subject's
 * columns in front, and hands each page its slice, with the slice's units and source rows, as if its own query had
 * run. Hundreds of statements (each with its unit probe) become one per kind of question.
 *
 * A slice has the same rows in the same order as the page's query: the same WHERE less the subject (then grouped by
 * it too), ordered by the subject first. A page whose subject has no rows in the shared result (an aggregate over no
 * rows still returns one) runs its own query. test/shared-query.test.ts holds every generated page's slices to their
 * own queries' results.
 */
import { hashParts } from '../hash.ts';
import type { ColumnInfo, QueryEngine, QueryResult } from '../sql/query-types.ts';
import { sqlString } from '../sql/sql-quote.ts';
import { trimSql } from '../sql/sql-names.ts';
import { probeRows, unitsOfProbeRows } from '../units/query-units.ts';
import type { Row } from '../data/json-values.ts';
import type { QueryAnswer, QueryAnswers } from './plugins/article-state.ts';

/** A page's query over one subject, in parts. */
export interface SlicedQuery {
  select: string;
  from: string;
  /** The subject: `column = value` each, in this order at the start of the page's WHERE. */
  subject: [column: string, value: string][];
  /** The rest of the WHERE, the same on every page. */
  where?: string;
  /** The query aggregates all its rows into one, without GROUP BY (a count per page). */
  aggregate?: boolean;
  groupBy?: string;
  /**
   * Must order a page's rows totally: rows that tie come out of the shared query in another order than out of the
   * page's own (DuckDB's hash tables differ), so end it with a column that tells them apart.
   */
  orderBy?: string;
}

/** The subject's columns in the shared query. */
const SUBJECT = '__bw_subject_';

/** The page's own query, as its readers see it. */
export function pageSql(q: SlicedQuery): string {
  const where = [...q.subject.map(([column, value]) => `${column} = ${sqlString(value)}`), ...(q.where ? [q.where] : [])].join(' AND ');
  return `
SELECT ${q.select}
FROM ${q.from}
WHERE ${where}${q.groupBy ? `\nGROUP BY ${q.groupBy}` : ''}${q.orderBy ? `\nORDER BY ${q.orderBy}` : ''}`;
}

/** The query over every subject: the subject's columns first, grouped by them where the page's query aggregates. */
export function sharedSql(q: SlicedQuery): string {
  const keys = q.subject.map(([column]) => column);
  const select = [...keys.map((column, i) => `${column} AS ${SUBJECT}${i}`), q.select].join(', ');
  const groupBy = q.groupBy || q.aggregate ? `\nGROUP BY ${[...keys, ...(q.groupBy ? [q.groupBy] : [])].join(', ')}` : '';
  return `
SELECT ${select}
FROM ${q.from}${q.where ? `\nWHERE ${q.where}` : ''}${groupBy}
ORDER BY ${[...keys.map((_, i) => `${SUBJECT}${i}`), ...(q.orderBy ? [q.orderBy] : [])].join(', ')}`;
}

/** A query as a block holds it: a fenced block drops the blank lines around it. */
function sameSql(sql: string): string {
  return trimSql(sql).trimStart();
}

function subjectKey(values: readonly unknown[]): string {
  return JSON.stringify(values);
}

/**
 * The shared queries of a set of pages: `sql(q)` gives a page's query (and remembers its subject); `answers` answers
 * it from the one query over every subject, run once when the first page asks.
 */
export interface SharedQueries {
  /** A page's query (its SQL as the page shows it), remembered with its subject. */
  sql(q: SlicedQuery): string;
  /** Answers a remembered page query from its shared query. */
  answers: QueryAnswers;
  /** Every page query remembered so far. */
  pages(): string[];
}

export function sharedQueries(engine: QueryEngine): SharedQueries {
  const pages = new Map<string, { shared: string; keys: number; key: string }>();
  const slicing = new Map<string, Promise<Map<string, QueryAnswer>>>();
  return {
    sql(q) {
      const sql = pageSql(q);
      pages.set(sameSql(sql), { shared: sharedSql(q), keys: q.subject.length, key: subjectKey(q.subject.map(([, value]) => value)) });
      return sql;
    },
    answers(sql) {
      const page = pages.get(sameSql(sql));
      if (!page) return undefined;
      let slices = slicing.get(page.shared);
      if (!slices) slicing.set(page.shared, (slices = answerSlices(engine, page.shared, page.keys)));
      return slices.then((s) => s.get(page.key));
    },
    pages: () => [...pages.keys()],
  };
}

/** Runs a shared query with its unit probe and cuts both into one answer per subject. */
async function answerSlices(engine: QueryEngine, sql: string, keys: number): Promise<Map<string, QueryAnswer>> {
  const result = await engine.query(sameSql(sql));
  const probe = await probeRows(engine, sameSql(sql), result);
  const subject = result.columns.slice(0, keys).map((c) => c.name);
  const columns = result.columns.slice(keys);
  const bySubject = <T extends Row>(rows: readonly T[]) => {
    const out = new Map<string, T[]>();
    for (const row of rows) {
      const key = subjectKey(subject.map((c) => row[c]));
      let slice = out.get(key);
      if (!slice) out.set(key, (slice = []));
      slice.push(row);
    }
    return out;
  };
  const probes = bySubject(probe);
  const tables = engine.catalog.tables.map((t) => t.name);
  const answers = new Map<string, QueryAnswer>();
  for (const [key, rows] of bySubject(result.rows)) {
    const slice: QueryResult = { columns, rows: rows.map((row) => withoutSubject(row, columns)), tables: result.tables, key: hashParts(result.key, key) };
    answers.set(key, { result: slice, units: unitsOfProbeRows(probes.get(key) ?? [], columns, tables) });
  }
  return answers;
}

function withoutSubject(row: Row, columns: readonly ColumnInfo[]): Row {
  const out: Row = {};
  for (const { name } of columns) out[name] = row[name]!;
  return out;
}
