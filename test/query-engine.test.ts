import { writeFileSync, appendFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/lib/catalog.ts';
import { createQueryEngine, QueryError, type QueryEngine } from '../src/lib/query-engine.ts';
import { copyFixtureData, fixtureEngine } from './helpers.ts';

let engine: QueryEngine;
beforeAll(async () => {
  engine = await fixtureEngine();
});
afterAll(() => engine.close());

describe('query engine', () => {
  it('registers every catalogued table once, with the catalog types', async () => {
    const { rows, columns } = await engine.query('SELECT count(*) AS n, min(nodes) AS nodes FROM mlperf_inference');
    expect(rows).toEqual([{ n: 50, nodes: 1 }]);
    expect(columns).toEqual([{ name: 'n', type: 'BIGINT' }, { name: 'nodes', type: 'INTEGER' }]);
    const accel = await engine.query("SELECT memory_bw_tbs FROM accelerators WHERE accelerator = 'H100 SXM 80GB'");
    expect(accel.rows).toEqual([{ memory_bw_tbs: 3.35 }]);
  });

  it('returns JSON-safe values: bigint as number, DATE as YYYY-MM-DD, lists and structs', async () => {
    const { rows } = await engine.query("SELECT 12345678901::HUGEINT AS big, DATE '2025-09-10' AS d, [1, 2] AS l, {'a': 1::BIGINT} AS s, NULL AS n");
    expect(rows).toEqual([{ big: 12345678901, d: '2025-09-10', l: [1, 2], s: { a: 1 }, n: null }]);
    expect(() => JSON.stringify(rows)).not.toThrow();
  });

  it('refuses integers that JavaScript cannot hold exactly', async () => {
    await expect(engine.query('SELECT 2::HUGEINT ** 70 AS x, (2::HUGEINT << 60) AS y')).rejects.toThrow(/too large to be exact/);
  });

  it('runs an unchanged query once: the second call is answered from the cache', async () => {
    const sql = "SELECT accelerator, count(*) AS n FROM mlperf_inference WHERE round = 'v5.1' GROUP BY ALL ORDER BY ALL";
    const before = engine.stats.executed;
    const a = await engine.query(sql);
    const b = await engine.query(sql);
    expect(engine.stats.executed - before).toBe(1);
    expect(b).toBe(a);
    expect(a.tables).toEqual(['mlperf_inference']);
  });

  it('keys the cache on the content of the data a query reads', async () => {
    const dir = copyFixtureData();
    const sql = 'SELECT count(*) AS n FROM mlperf_inference';
    const first = await createQueryEngine({ catalog: loadCatalog(dir) });
    const before = await first.query(sql);
    const unrelated = await first.query('SELECT count(*) AS n FROM accelerators');
    first.close();
    // Append a copy of a real row: the inference table's hash changes, the accelerators table's does not.
    const csv = join(dir, 'mlperf-inference/v5.1.csv');
    const { readFileSync } = await import('node:fs');
    appendFileSync(csv, readFileSync(csv, 'utf8').split('\n')[1] + '\n');
    const second = await createQueryEngine({ catalog: loadCatalog(dir) });
    const after = await second.query(sql);
    const unrelatedAfter = await second.query('SELECT count(*) AS n FROM accelerators');
    second.close();
    expect(after.rows).toEqual([{ n: 51 }]);
    expect(after.key).not.toBe(before.key);
    expect(unrelatedAfter.key).toBe(unrelated.key);
  });

  it('reports DuckDB\'s own message for a SQL error', async () => {
    await expect(engine.query('SELECT acelerator FROM mlperf_inference')).rejects.toThrow(/Referenced column "acelerator" not found/);
    await expect(engine.query('SELEC 1')).rejects.toThrow(/syntax error at or near "SELEC"/);
  });

  it('runs only single read-only SELECT statements', async () => {
    await expect(engine.query('DROP TABLE mlperf_inference')).rejects.toThrow(/only SELECT queries .* DROP statement/);
    await expect(engine.query('CREATE TABLE x AS SELECT 1')).rejects.toThrow(/CREATE statement/);
    await expect(engine.query('SELECT 1; SELECT 2')).rejects.toThrow(/exactly one statement; this one has 2/);
    await expect(engine.query("SET enable_external_access = true")).rejects.toThrow(QueryError);
    const still = await engine.query('SELECT count(*) AS n FROM mlperf_inference');
    expect(still.rows[0]!.n).toBe(50);
  });

  it('parses statements asked for together in one batch, each with its own tree or error', async () => {
    const [a, b, bad] = await Promise.allSettled([engine.parse('SELECT 1 AS one'), engine.parse('SELECT 2 AS two'), engine.parse('SELEC 3')]);
    const alias = (r: PromiseSettledResult<unknown>) => JSON.stringify(r.status === 'fulfilled' ? r.value : null).match(/"alias":"(\w+)"/)?.[1];
    expect([alias(a!), alias(b!)]).toEqual(['one', 'two']);
    expect(bad!.status === 'rejected' && String(bad.reason)).toMatch(/QueryError: syntax error at or near "SELEC"/);
  });

  it('closed while a statement runs, closes once it has finished (DuckDB crashes the process otherwise)', async () => {
    const own = await fixtureEngine();
    const running = own.query('SELECT count(*) AS n FROM range(20000000) t(i) WHERE i % 7 = 0');
    // The statement is on DuckDB's thread once this turn of the event loop is over.
    await new Promise((resolve) => setImmediate(resolve));
    own.close();
    expect((await running).rows).toEqual([{ n: 2857143 }]);
    await expect(own.query('SELECT 1 AS x')).rejects.toThrow('the query engine was closed before this statement could run');
  });
});

describe('sandbox: file access is locked to data/', () => {
  const blocked = [
    ["read /etc/passwd", "SELECT * FROM read_csv('/etc/passwd')"],
    ['climb out with ../', "SELECT * FROM read_csv('FIXTURE/../../package.json')"],
    ['glob outside', "SELECT * FROM glob('/etc/*')"],
    ['COPY … TO', "COPY (SELECT 1) TO '/tmp/bw-escape.csv'"],
    ['ATTACH', "ATTACH '/tmp/bw-escape.db'"],
    ['INSTALL', 'INSTALL httpfs'],
    ['LOAD', 'LOAD httpfs'],
  ];
  for (const [what, sql] of blocked) {
    it(`refuses to ${what}`, async () => {
      const dir = (engine.catalog.dataDir as string);
      await expect(engine.query(sql!.replace('FIXTURE', dir))).rejects.toThrow(/Permission Error|only SELECT|disabled|not allowed|outside/i);
    });
  }

  it('refuses a symlink inside data/ that points outside', async () => {
    const dir = copyFixtureData();
    symlinkSync('/etc/passwd', join(dir, 'passwd.csv'));
    // The catalog refuses links in data/ outright; DuckDB would refuse the read as well.
    expect(() => loadCatalog(dir)).toThrow(/data\/passwd.csv: a symbolic link in data\/ is not allowed/);
  });

  it('still reads the data folder itself through file functions', async () => {
    const { rows } = await engine.query(`SELECT count(*) AS n FROM read_csv('${engine.catalog.dataDir}/mlperf-inference/*.csv')`);
    expect(rows[0]!.n).toBe(50);
  });
});

describe('catalog', () => {
  it('refuses a data file without a catalog entry', () => {
    const dir = copyFixtureData();
    writeFileSync(join(dir, 'extra.csv'), 'a\n1\n');
    expect(() => loadCatalog(dir)).toThrow(/these files in data\/ have no catalog entry: extra.csv/);
  });

  it('names the file and the value when a CSV does not match its declared types', async () => {
    const dir = copyFixtureData();
    const csv = join(dir, 'mlperf-inference/v4.1.csv');
    const { readFileSync } = await import('node:fs');
    const lines = readFileSync(csv, 'utf8').split('\n');
    lines[1] = lines[1]!.replace(/,1,(\d+),llama2/, ',one,$1,llama2');
    writeFileSync(csv, lines.join('\n'));
    await expect(createQueryEngine({ catalog: loadCatalog(dir) })).rejects.toThrow(/data\/mlperf-inference\/v4.1.csv: cannot load it into table "mlperf_inference"[\s\S]*"one"/);
  });
});
