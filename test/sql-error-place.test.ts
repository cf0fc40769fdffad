/** SQL errors at the author's line and column, with the author's own line and a caret (sql-error-place.ts). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryEngine } from '../src/core/sql/query-engine.ts';
import { caretExcerpt, duckErrorSpot } from '../src/core/sql/sql-error-place.ts';
import { expectBuildError, fence, fixtureEngine, renderBody } from './helpers.ts';

let engine: QueryEngine;
beforeAll(async () => {
  engine = await fixtureEngine();
});
afterAll(() => engine.close());

describe("DuckDB's excerpt", () => {
  it('gives the line and column in the SQL it ran, also for a line it cut to a window', () => {
    expect(duckErrorSpot('Parser Error: syntax error at or near "t"\n\nLINE 2: FORM t\n             ^', 'SELECT a\nFORM t')).toEqual({ line: 2, column: 6, reason: 'Parser Error: syntax error at or near "t"' });
    const long = `SELECT a FROM t WHERE ${'a > 1 AND '.repeat(30)}zzz = 1`;
    const message = `Binder Error: Referenced column "zzz" not found in FROM clause!\n\nLINE 1: ... a > 1 AND a > 1 AND a > 1 AND a > 1 AND a > 1 AND a > 1 AND zzz = 1\n${' '.repeat(72)}^`;
    expect(duckErrorSpot(message, long)!.column).toBe(long.indexOf('zzz') + 1);
    expect(duckErrorSpot('Binder Error: no excerpt here', 'SELECT 1')).toBeUndefined();
  });

  it('counts display columns as DuckDB does: a CJK character two, a tab none; a cut line has "..." without a space', () => {
    expect(duckErrorSpot('Binder Error: x\n\nLINE 2: \t\tmax(reslt) AS best\n            ^', 'SELECT a,\n\t\tmax(reslt) AS best')!.column).toBe(7);
    expect(duckErrorSpot("Binder Error: x\n\nLINE 1: SELECT '加速器名称' AS 名称, reslt FROM t\n                                     ^", "SELECT '加速器名称' AS 名称, reslt FROM t")!.column).toBe(23);
    const long = `SELECT ${'accelerator, '.repeat(20)}reslt, ${'result, '.repeat(20)}1 FROM t`;
    const message = `Binder Error: x\n\nLINE 1: ...rator, accelerator, accelerator, accelerator, accelerator, reslt, result, result, result, result, result, result, result...\n${' '.repeat(70)}^`;
    expect(duckErrorSpot(message, long)!.column).toBe(long.indexOf('reslt') + 1);
  });

  it('is replaced by the line as the author wrote it, with a caret under the spot (tabs kept)', () => {
    expect(caretExcerpt('\tFORM t', 14, 2)).toBe('  14 | \tFORM t\n     | \t^');
  });
});

describe('a SQL error in an article', () => {
  it("points at the author's line and column, and shows that line, not the composed query's", async () => {
    const body = [
      fence('sql base', "SELECT accelerator, result\nFROM mlperf_inference\nWHERE round = 'v5.1'"),
      fence('sql best', 'SELECT accelerator,\n       max(reslt) AS best\nFROM base\nGROUP BY accelerator'),
    ].join('\n\n');
    const lines = body.split('\n');
    const line = lines.findIndex((l) => l.includes('max(reslt)')) + 1;
    const error = await expectBuildError(renderBody(engine, body), { line, column: lines[line - 1]!.indexOf('reslt') + 1, contains: ['SQL error in query "best"', 'reslt'] });
    expect(error.message).toContain(`  ${line} |        max(reslt) AS best\n  ${' '.repeat(String(line).length)} |            ^`);
    expect(error.message).not.toMatch(/LINE \d+:/);
  });

  it('in a fence indented in a list item, and on a WITH line merged with the queries it reads, at the column in the file', async () => {
    const listed = ['- A list item:', '', '  ```sql base', '  SELECT accelerator, reslt FROM mlperf_inference', '  ```'].join('\n');
    await expectBuildError(renderBody(engine, listed), { line: 4, column: 23, contains: ['  4 |   SELECT accelerator, reslt FROM mlperf_inference\n    |                       ^'] });
    const body = [fence('sql base', 'SELECT accelerator, result FROM mlperf_inference'), fence('sql best', 'WITH b AS (SELECT accelerator, result AS x FROM base WHERE result > 1) SELECT accelerator FROM b WHERE result > 1')].join('\n\n');
    const line = body.split('\n').findIndex((l) => l.startsWith('WITH b')) + 1;
    await expectBuildError(renderBody(engine, body), { line, column: body.split('\n')[line - 1]!.lastIndexOf('result') + 1, contains: ['SQL error in query "best"'] });
  });

  it('in a query another one reads, is placed in that query, named as read', async () => {
    const body = [
      fence('sql base', "SELECT accelerator, result\nFROM mlperf_inference\nWHERE rund = 'v5.1'"),
      fence('sql best', 'SELECT accelerator, max(result) AS best\nFROM base\nGROUP BY accelerator'),
    ].join('\n\n');
    const lines = body.split('\n');
    const line = lines.findIndex((l) => l.includes('rund')) + 1;
    const error = await expectBuildError(renderBody(engine, body), { line, column: 7, contains: ['rund'] });
    expect(error.message).toMatch(/SQL error in query "(base|best)"/);
    expect(error.message).toContain(`  ${line} | WHERE rund = 'v5.1'\n  ${' '.repeat(String(line).length)} |       ^`);
  });

  it('a statement that is not a SELECT, on its own line after comments, not on the fence', async () => {
    const body = fence('sql q', '-- keep the rows\n/* a note\n   over two lines */\n  DELETE FROM mlperf_inference');
    const error = await expectBuildError(renderBody(engine, body), { line: 5, column: 3, contains: ['only SELECT queries may run in an article; this is a DELETE statement'] });
    expect(error.advice).toContain('write one SELECT');
  });
});
