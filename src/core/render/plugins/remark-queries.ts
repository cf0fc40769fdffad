/**
 * The queries plugin: collects the article's blocks (unless parse-article.ts already did), checks their names, runs
 * every ```sql <name> query on the engine with its units and source rows traced, and starts the shared state
 * (article-state.ts). The SQL fences leave the page: readers see the SQL in each figure's data part and in methods.
 */
import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import { memoryCache, type BuildCache } from '../../build-cache.ts';
import { blockLabel, checkBlockNames, collectBlocks, type SqlBlock } from '../../article/blocks.ts';
import { BuildError, errorMessage } from '../../errors.ts';
import { buildQueryGraph, composeQuery, QueryCycleError, type ComposedQuery, type QueryGraph } from '../../sql/named-queries.ts';
import { caretExcerpt, duckErrorSpot } from '../../sql/sql-error-place.ts';
import type { QueryEngine, QueryResult } from '../../sql/query-engine.ts';
import { traceUnits, type ResultUnits } from '../../units/query-units.ts';
import { UntraceableError } from '../../units/units.ts';
import { rowsFromLineages } from '../provenance.ts';
import { displayPath, replaceWithHtml, type ArticleData, type BenchwrightOptions, type EvaluatedQuery, type QueryAnswers } from './article-state.ts';

export default function remarkQueries(options: BenchwrightOptions) {
  return async (tree: Root, file: VFile): Promise<void> => {
    const { engine } = options;
    const cache = options.cache ?? memoryCache();
    const path = displayPath(file, options.root);
    const blocks = file.data.articleBlocks ?? collectBlocks(tree, path);
    checkBlockNames(blocks, new Set(engine.catalog.tables.map((t) => t.name)));
    // The article's lines as written (with a fence's indentation inside a list or quote), for SQL errors' columns.
    const lines = String(file.value ?? '').split('\n');
    const results = await runQueries(blocks.sql, engine, cache, options.answers, lines);
    const data: ArticleData = {
      queries: blocks.sql.map((b) => {
        const { sql, result, units, reads } = results.get(b.name)!;
        return {
          name: b.name,
          sql,
          tables: reads.map((r) => r.table),
          views: result.tables.filter((t) => engine.catalog.tables.some((c) => c.name === t && c.view)),
          rows: result.rows.length,
          units: units.columns,
          result: { columns: result.columns, rows: result.rows },
          files: reads.flatMap((r) => r.files),
        };
      }),
      figures: [],
      values: [],
      checks: [],
    };
    file.data.benchwrightState = { path, blocks, results, labels: new Map(), citations: [], data };
    file.data.benchwright = data;
    for (const block of blocks.sql) replaceWithHtml(block.node, '');
  };
}

async function runQueries(sqlBlocks: SqlBlock[], engine: QueryEngine, cache: BuildCache, answers: QueryAnswers | undefined, lines: string[]): Promise<Map<string, EvaluatedQuery>> {
  const queries = sqlBlocks.map((b) => ({ name: b.name, sql: b.sql }));
  let graph;
  try {
    graph = buildQueryGraph(queries);
  } catch (error) {
    if (!(error instanceof QueryCycleError)) throw error;
    const first = sqlBlocks.find((b) => b.name === error.cycle[0])!;
    const lines = error.cycle.slice(0, -1).map((n) => `${n} (line ${sqlBlocks.find((b) => b.name === n)!.place.line})`);
    throw new BuildError(`${error.message}: ${lines.join(' and ')} read from each other`, {
      place: first.place,
      block: blockLabel(first),
      hint: 'a query may read another query of the article, but not one that reads it back',
    });
  }
  // Each query is composed with the ones it reads, so all run at once; the first failure in the article's order is reported.
  const settled = await Promise.allSettled(sqlBlocks.map((block) => evaluateQuery(block, sqlBlocks, lines, queries, graph, engine, cache, answers)));
  const traced: Omit<EvaluatedQuery, 'reads'>[] = [];
  for (const outcome of settled) {
    if (outcome.status === 'rejected') throw outcome.reason;
    traced.push(outcome.value);
  }
  // The source rows of all the article's queries, with one query per table read.
  const reads = await rowsFromLineages(engine, traced.map((t) => t.units.lineage));
  const evaluated = new Map<string, EvaluatedQuery>();
  for (const [i, block] of sqlBlocks.entries()) evaluated.set(block.name, { ...traced[i]!, reads: reads[i]! });
  return evaluated;
}

async function evaluateQuery(block: SqlBlock, blocks: SqlBlock[], lines: string[], queries: { name: string; sql: string }[], graph: QueryGraph, engine: QueryEngine, cache: BuildCache, answers: QueryAnswers | undefined): Promise<Omit<EvaluatedQuery, 'reads'>> {
  const composed = composeQuery(queries, graph, block.name);
  const { sql } = composed;
  let answered;
  try {
    answered = await answers?.(sql);
  } catch (error) {
    throw new BuildError(`SQL error in the query shared by pages that answers query "${block.name}": ${errorMessage(error)}`, { place: block.place, block: blockLabel(block), hint: 'check the SQL of the generated pages' });
  }
  if (answered) return checkUnits(block, { sql, ...answered });
  // The unit probe starts from DuckDB's parse tree. Asked for now, beside the query, an article's trees come back
  // in one round trip (engine.parse batches); a failure is reported when the probe asks again. It is waited for
  // however this ends: a statement still running when the engine closes would crash DuckDB.
  const parsed = engine.parse(sql).catch(() => undefined);
  try {
    return await traceQuery(block, blocks, lines, composed, graph, engine, cache);
  } finally {
    await parsed;
  }
}

async function traceQuery(block: SqlBlock, blocks: SqlBlock[], lines: string[], composed: ComposedQuery, graph: QueryGraph, engine: QueryEngine, cache: BuildCache): Promise<Omit<EvaluatedQuery, 'reads'>> {
  const { sql } = composed;
  let result: QueryResult;
  try {
    result = await engine.query(sql);
  } catch (error) {
    throw sqlError(error, block, blocks, lines, composed, graph, engine);
  }
  // The probe that traces units and source rows is a rewrite of DuckDB's parse tree; a query shape it
  // cannot rewrite is reported on the block, never as a crash (and never silently untraced).
  let units: ResultUnits;
  try {
    // Kept under the result's own key (its SQL and the content of the data it read): rewriting the parse tree
    // into the probe is the slowest part of a query that the cache already answers.
    units = await cache.memoAsync('units', result.key, () => traceUnits(engine, sql, result));
  } catch (error) {
    // A construct the probe has no unit rule for is named, with what to do (units.ts).
    if (error instanceof UntraceableError) throw new BuildError(`query "${block.name}": ${error.message}`, { place: block.place, block: blockLabel(block), hint: error.hint });
    throw new BuildError(`Benchwright could not trace the units and source rows of query "${block.name}": ${errorMessage(error).split('\n')[0]}`, {
      place: block.place,
      block: blockLabel(block),
      hint: 'simplify the query (give every subquery an alias; avoid UNION of a table with constant rows), or split it into named queries',
    });
  }
  return checkUnits(block, { sql, result, units });
}

/** A query whose values mix units in one column is an error on its block. */
function checkUnits(block: SqlBlock, evaluated: Omit<EvaluatedQuery, 'reads'>): Omit<EvaluatedQuery, 'reads'> {
  const mixed = evaluated.units.mixed[0];
  if (mixed) {
    const keys = Object.entries(mixed.row).map(([k, v]) => `${k}=${v}`).join(', ');
    throw new BuildError(`query "${block.name}" mixes units in column "${mixed.column}": ${mixed.units}${keys ? ` (in the row ${keys})` : ''}`, {
      place: block.place,
      block: blockLabel(block),
      hint: 'an aggregate, sum or comparison must not combine results in different units: filter on the unit column or group by it',
    });
  }
  return evaluated;
}

/**
 * A query DuckDB refused, placed where the author wrote the offending spot: DuckDB's "LINE n" counts lines of the
 * composed query (with the queries it reads inlined), so it is mapped back to this block, or to the block of the
 * query it reads where the spot is in that one, with the author's own line and a caret under the column.
 */
function sqlError(error: unknown, block: SqlBlock, blocks: SqlBlock[], lines: string[], composed: ComposedQuery, graph: QueryGraph, engine: QueryEngine): BuildError {
  const message = errorMessage(error);
  const deps = graph.readsFrom.get(block.name) ?? [];
  const tables = engine.catalog.tables.map((t) => t.name).join(', ');
  const hint = deps.length ? `check this query and the queries it reads (${deps.join(', ')}); tables: ${tables}` : `check the SQL (DuckDB dialect); tables: ${tables}`;
  const spot = duckErrorSpot(message, composed.sql);
  const read = spot && composed.reads.find((r) => spot.line >= r.firstLine && spot.line < r.firstLine + r.lines);
  const at = read ? { block: blocks.find((b) => b.name === read.name), line: spot.line - read.firstLine + 1 } : spot ? { block, line: spot.line - composed.lineOffset } : undefined;
  const text = at?.block?.sql.split('\n')[at.line - 1];
  if (!spot || !at?.block || at.line < 1 || text === undefined) {
    // A statement that is not a SELECT is placed on its first line (its keyword), not on the fence.
    if (/^only SELECT queries may run/.test(message)) {
      // Comments blanked (a /* … */ one keeps its line breaks), the first line with anything left is the statement's.
      const uncommented = block.sql.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/--[^\n]*/g, '');
      const first = uncommented.split('\n').findIndex((l) => l.trim() !== '');
      const line = first < 0 ? block.place.line : block.bodyLine + first;
      const column = first < 0 ? block.place.column : block.place.column + uncommented.split('\n')[first]!.search(/\S/);
      return new BuildError(`SQL error in query "${block.name}": ${message}`, {
        place: { ...block.place, line, column },
        block: blockLabel(block),
        hint: 'a query only reads: write one SELECT (to build on a result, give it its own ```sql block and SELECT FROM it by name)',
      });
    }
    return new BuildError(`SQL error in query "${block.name}": ${message}`, { place: block.place, block: blockLabel(block), hint });
  }
  // The composed line is the author's line, its start (a last line's ";" is trimmed), or its end where the query's
  // own WITH was merged with the CTEs of the queries it reads (the line continues after "WITH "). In the file, the
  // fence may be indented (in a list or a quote): the column and the line shown are the file's.
  const composedLine = composed.sql.split('\n')[spot.line - 1]!;
  const inBlock = composedLine === text || text.startsWith(composedLine) ? spot.column : text.endsWith(composedLine) ? spot.column + text.length - composedLine.length : undefined;
  const line = at.block.bodyLine + at.line - 1;
  const written = lines[line - 1]?.replace(/\r$/, '');
  const indent = written !== undefined && written.endsWith(text) ? written.length - text.length : 0;
  const shown = indent ? written! : text;
  const column = inBlock === undefined ? 1 : inBlock + indent;
  const where = at.block === block ? '' : ` (in query "${at.block.name}", which it reads)`;
  return new BuildError(`SQL error in query "${block.name}"${where}: ${spot.reason}\n${inBlock === undefined ? shown : caretExcerpt(shown, line, column)}`, {
    place: { ...at.block.place, line, column },
    block: blockLabel(at.block),
    hint,
  });
}
