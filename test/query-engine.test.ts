import { appendFileSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/core/data/catalog.ts';
import { createQueryEngine, lockToFiles, QueryError, type QueryEngine } from '../src/core/sql/query-engine.ts';
import { closeProject, openProject } from '../src/core/versions/reports.ts';
import { ALLOWED_FUNCTIONS, ALLOWED_TABLE_FUNCTIONS, refusalKind } from '../src/core/sql/sql-functions.ts';
import { copyFixtureData, expectBuildError, fence, FIXTURE_DATA, fixtureEngine, renderBody, ROOT } from './helpers.ts';
import { mlperfContent } from '../src/mlperf/content.ts';

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
    // Through JSON and back unchanged (a bigint would throw, a Date would come back a string).
    expect(JSON.parse(JSON.stringify(rows))).toEqual(rows);
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
    const first = await createQueryEngine({ catalog: loadCatalog(dir, mlperfContent) });
    const before = await first.query(sql);
    const unrelated = await first.query('SELECT count(*) AS n FROM accelerators');
    first.close();
    // Append a copy of a real row: the inference table's hash changes, the accelerators table's does not.
    const csv = join(dir, 'mlperf-inference/v5.1.csv');
    const { readFileSync } = await import('node:fs');
    appendFileSync(csv, readFileSync(csv, 'utf8').split('\n')[1] + '\n');
    const second = await createQueryEngine({ catalog: loadCatalog(dir, mlperfContent) });
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

  it('unparses trees asked for together in one statement; a tree DuckDB cannot unparse fails alone', async () => {
    const fresh = await fixtureEngine();
    try {
      const one = await fresh.parse('SELECT 1 AS one');
      const two = await fresh.parse('SELECT 2 AS two');
      const broken = { ...one, statements: [{ node: { type: 'NO_SUCH_NODE' } }] };
      const before = fresh.stats.kinds.unparse?.run ?? 0;
      const [a, b] = await Promise.all([fresh.unparse(one), fresh.unparse(two)]);
      expect([a, b]).toEqual(['SELECT 1 AS one', 'SELECT 2 AS two']);
      expect((fresh.stats.kinds.unparse?.run ?? 0) - before).toBe(1);
      // Asked together with the broken one (not unparsed before, so not answered from the cache).
      const three = await fresh.parse('SELECT 3 AS three');
      const [good, bad] = await Promise.allSettled([fresh.unparse(three), fresh.unparse(broken)]);
      expect(good).toEqual({ status: 'fulfilled', value: 'SELECT 3 AS three' });
      expect(bad!.status).toBe('rejected');
    } finally {
      fresh.close();
    }
  });

  it('closed while a statement runs, closes once it has finished (DuckDB crashes the process otherwise)', async () => {
    const own = await fixtureEngine();
    const sql = 'SELECT count(*) AS n FROM range(20000000) t(i) WHERE i % 7 = 0';
    // Parsed first, as an article's queries are (for their unit probes), so the statement goes to DuckDB at once.
    await own.parse(sql);
    const running = own.query(sql);
    // The statement is on DuckDB's thread once this turn of the event loop is over.
    await new Promise((resolve) => setImmediate(resolve));
    own.close();
    expect((await running).rows).toEqual([{ n: 2857143 }]);
    await expect(own.query('SELECT 1 AS x')).rejects.toThrow('the query engine was closed before this statement could run');
  });
});

describe('sandbox: SQL reads only the catalogued tables', () => {
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
      await expect(engine.query(sql!.replace('FIXTURE', dir))).rejects.toThrow(/Permission Error|only SELECT|reads a table or file named by a string/i);
    });
  }

  it('refuses a symlink inside data/ that points outside', async () => {
    const dir = copyFixtureData();
    symlinkSync('/etc/passwd', join(dir, 'passwd.csv'));
    // The catalog refuses links in data/ outright; DuckDB would refuse the read as well.
    expect(() => loadCatalog(dir, mlperfContent)).toThrow(/data\/passwd.csv: a symbolic link in data\/ is not allowed/);
  });

  it('refuses file functions even on the catalogued files: the tables are the way to the data', async () => {
    await expect(engine.query(`SELECT count(*) AS n FROM read_csv('${engine.catalog.dataDir}/mlperf-inference/*.csv')`)).rejects.toThrow(
      /^read_csv\(\) reads a table or file named by a string[^]*the tables of data\/catalog.yaml are the only data a query may read/,
    );
    await expect(engine.query(`SELECT count(*) AS n FROM '${engine.catalog.dataDir}/accelerators.csv'`)).rejects.toThrow(/reads a file by its path/);
  });
});

describe('catalog', () => {
  it('refuses a data file without a catalog entry', () => {
    const dir = copyFixtureData();
    writeFileSync(join(dir, 'extra.csv'), 'a\n1\n');
    expect(() => loadCatalog(dir, mlperfContent)).toThrow(/these files in data\/ have no catalog entry: extra.csv/);
  });

  it('names the file and the value when a CSV does not match its declared types', async () => {
    const dir = copyFixtureData();
    const csv = join(dir, 'mlperf-inference/v4.1.csv');
    const { readFileSync } = await import('node:fs');
    const lines = readFileSync(csv, 'utf8').split('\n');
    lines[1] = lines[1]!.replace(/,1,(\d+),llama2/, ',one,$1,llama2');
    writeFileSync(csv, lines.join('\n'));
    await expect(createQueryEngine({ catalog: loadCatalog(dir, mlperfContent) })).rejects.toThrow(/data\/mlperf-inference\/v4.1.csv: cannot load it into table "mlperf_inference"[\s\S]*"one"/);
  });
});

describe('what a query reads comes from DuckDB\'s parse tree of it, not from names in its text', () => {
  const readsAccelerators = [
    'SELECT max(memory_bw_tbs) AS v FROM accelerators',
    'SELECT max(memory_bw_tbs) AS v FROM "ACCELERATORS"',
    'SELECT max(memory_bw_tbs) AS v FROM memory.main."Accelerators"',
    'WITH a AS (SELECT * FROM main.accelerators) SELECT max(memory_bw_tbs) AS v FROM (SELECT * FROM a) s',
    'SELECT (SELECT max(memory_bw_tbs) FROM accelerators) AS v',
    'SELECT max(x) AS v FROM (VALUES (1.0)) t(x) WHERE EXISTS (SELECT 1 FROM accelerators WHERE memory_bw_tbs > 3.35)',
    'SELECT v FROM (VALUES (1)) t(x), LATERAL (SELECT max(memory_bw_tbs) AS v FROM accelerators)',
    "SELECT max(memory_bw_tbs) AS v FROM accelerators UNION ALL SELECT 0 WHERE 'accelerators' = ''",
    "SELECT \"AMD\" AS v FROM (PIVOT (SELECT vendor, memory_bw_tbs FROM accelerators) ON vendor IN ('NVIDIA', 'AMD') USING max(memory_bw_tbs))",
  ];

  it('lists the catalogued tables a query reads however it names them, and no table it only names in a string', async () => {
    for (const sql of readsAccelerators) expect((await engine.query(sql)).tables, sql).toEqual(['accelerators']);
    expect((await engine.query("SELECT 'accelerators' AS name, 'mlperf_inference' AS other")).tables).toEqual([]);
    expect((await engine.query('SELECT accelerator AS mlperf_inference FROM accelerators LIMIT 1')).tables).toEqual(['accelerators']);
    expect((await engine.query('SELECT count(*) AS n FROM mlperf_inference_per_accelerator')).tables).toEqual(['mlperf_inference_per_accelerator']);
  });

  it('refuses query_table and every other function that reads a table or a file named by a string, naming it', async () => {
    const dir = engine.catalog.dataDir;
    const reading: [string, string][] = [
      ["SELECT * FROM query_table('accelerators')", 'query_table'],
      ["SELECT * FROM query_table(['accelerators', 'mlperf_inference'])", 'query_table'],
      ["SELECT * FROM query('SELECT * FROM accelerators')", 'query'],
      [`SELECT * FROM read_csv('${dir}/accelerators.csv')`, 'read_csv'],
      [`SELECT * FROM read_csv_auto('${dir}/accelerators.csv')`, 'read_csv_auto'],
      [`SELECT * FROM read_text('${dir}/catalog.yaml')`, 'read_text'],
      [`SELECT * FROM read_blob('${dir}/catalog.yaml')`, 'read_blob'],
      [`SELECT * FROM read_json('${dir}/x.json')`, 'read_json'],
      [`SELECT * FROM read_parquet('${dir}/x.parquet')`, 'read_parquet'],
      [`SELECT * FROM parquet_metadata('${dir}/x.parquet')`, 'parquet_metadata'],
      [`SELECT * FROM sniff_csv('${dir}/accelerators.csv')`, 'sniff_csv'],
      [`SELECT * FROM glob('${dir}/*')`, 'glob'],
      ['SELECT * FROM histogram(accelerators, memory_bw_tbs)', 'histogram'],
    ];
    for (const [sql, fn] of reading) {
      await expect(engine.query(sql), sql).rejects.toThrow(new RegExp(`^${fn}\\(\\) reads a table or file named by a string, which Benchwright cannot follow`));
    }
    await expect(engine.query(`SELECT * FROM '${dir}/accelerators.csv'`)).rejects.toThrow(/^FROM '.*accelerators.csv' reads a file by its path/);
  });

  it('keys each result on the content of every table it reads: a changed table re-runs every query that reads it, however it is named', async () => {
    const dir = copyFixtureData();
    const others = 'SELECT count(*) AS n FROM mlperf_inference';
    const run = async () => {
      const own = await createQueryEngine({ catalog: loadCatalog(dir, mlperfContent) });
      try {
        return { reads: await Promise.all(readsAccelerators.map((sql) => own.query(sql))), other: await own.query(others) };
      } finally {
        own.close();
      }
    };
    const before = await run();
    for (const [i, r] of before.reads.entries()) expect(r.rows[0]!.v, readsAccelerators[i]).toBeCloseTo(i === 5 ? 1 : 8, 5);
    // The fastest part's bandwidth changes from 8 to 9.5 TB/s in accelerators.csv.
    const csv = join(dir, 'accelerators.csv');
    const text = readFileSync(csv, 'utf8');
    expect(text.match(/,8(\.0)?,/g)).toHaveLength(1);
    writeFileSync(csv, text.replace(/,8(\.0)?,/, ',9.5,'));
    const after = await run();
    for (const [i, r] of after.reads.entries()) {
      expect(r.key, readsAccelerators[i]).not.toBe(before.reads[i]!.key);
      if (i !== 5) expect(r.rows[0]!.v, readsAccelerators[i]).toBe(9.5);
    }
    expect(after.other.key).toBe(before.other.key);
  });
});

describe('non-deterministic functions are refused, so a build from the cache and a fresh one are the same', () => {
  const refused: [string, string][] = [
    ['SELECT random() AS r', 'random()'],
    ['SELECT setseed(0.5) AS s', 'setseed()'],
    ['SELECT accelerator FROM accelerators ORDER BY random()', 'random()'],
    ['SELECT uuid() AS u', 'uuid()'],
    ['SELECT gen_random_uuid() AS u', 'gen_random_uuid()'],
    ["SELECT nextval('s') AS n", 'nextval()'],
    ['SELECT now() AS t', 'now()'],
    ['SELECT today() AS d', 'today()'],
    ['SELECT get_current_time() AS t', 'get_current_time()'],
    ['SELECT get_current_timestamp() AS t', 'get_current_timestamp()'],
    ['SELECT transaction_timestamp() AS t', 'transaction_timestamp()'],
    ['SELECT current_date AS d', 'current_date'],
    ['SELECT CURRENT_TIME AS t', 'CURRENT_TIME'],
    ['SELECT current_timestamp AS t', 'current_timestamp'],
    ['SELECT localtimestamp AS t', 'localtimestamp'],
    ['SELECT current_localtime() AS t', 'current_localtime()'],
    ["SELECT age(TIMESTAMP '2020-01-01') AS a", "age() of one argument (the age at today's date)"],
  ];
  for (const [sql, fn] of refused) {
    it(`refuses ${fn}`, async () => {
      await expect(engine.query(sql)).rejects.toThrow(`${fn} is not deterministic`);
    });
  }

  it('refuses a sample without a seed, and runs the deterministic neighbours', async () => {
    await expect(engine.query('SELECT * FROM accelerators USING SAMPLE 50%')).rejects.toThrow('USING SAMPLE (or TABLESAMPLE) without a seed draws different rows on every run');
    await expect(engine.query('SELECT * FROM accelerators TABLESAMPLE 3 ROWS')).rejects.toThrow('without a seed');
    const seeded = 'SELECT accelerator FROM accelerators USING SAMPLE 3 ROWS (reservoir, 42) ORDER BY accelerator';
    expect((await engine.query(seeded)).rows).toHaveLength(3);
    const { rows } = await engine.query("SELECT age(TIMESTAMP '2021-03-01', TIMESTAMP '2020-01-01') AS a, DATE '2025-09-10' + 1 AS d");
    expect(rows[0]!.d).toBe('2025-09-11');
  });

  it('places the refusal on the line of the function, in the query it names', async () => {
    const body = fence('sql q', 'SELECT accelerator,\n       random() AS r\nFROM accelerators') + '\n\n' + fence('table q', 'allowEmpty: true');
    // The column of random(), and the author's line with a caret under it (not DuckDB's LINE excerpt).
    const error = await expectBuildError(renderBody(engine, body), { line: 3, column: 8, contains: ['SQL error in query "q": random() is not deterministic', '  3 |        random() AS r\n    |        ^'] });
    expect(error.message).not.toContain('LINE 2:');
  });
});

describe('nothing leaks: no settings, paths, environment or uncatalogued file', () => {
  const revealing: [string, string][] = [
    ["SELECT current_setting('allowed_paths') AS p", "current_setting() reveals DuckDB's settings"],
    ['SELECT * FROM duckdb_settings()', 'duckdb_settings() reveals'],
    ['SELECT * FROM duckdb_extensions()', 'duckdb_extensions() reveals'],
    ['SELECT * FROM duckdb_databases()', 'duckdb_databases() reveals'],
    ['SELECT * FROM duckdb_temporary_files()', 'duckdb_temporary_files() reveals'],
    ['SELECT * FROM duckdb_secrets()', 'duckdb_secrets() reveals'],
    ['SELECT * FROM duckdb_functions()', 'duckdb_functions() reveals'],
    ["SELECT * FROM which_secret('s3://bucket/x', 's3')", 'which_secret() reveals'],
    ['SELECT * FROM pragma_version()', 'pragma_version() reveals'],
    ["SELECT * FROM pragma_table_info('accelerators')", 'pragma_table_info() reveals'],
    ["SELECT getenv('HOME') AS h", 'getenv() reveals'],
    ["SELECT getvariable('x') AS v", 'getvariable() reveals'],
    ['SELECT version() AS v', 'version() reveals'],
    ['SELECT current_database() AS d', 'current_database() reveals'],
    ['SELECT current_user AS u', 'current_user reveals'],
    ["SELECT json_serialize_plan('SELECT 1') AS p", 'json_serialize_plan() reveals'],
    ['SELECT * FROM duckdb_tables', 'Table with name duckdb_tables does not exist'],
    ['SELECT * FROM information_schema.tables', 'information_schema.tables is not a catalogued table'],
    ['SELECT * FROM pg_catalog.pg_settings', 'pg_catalog.pg_settings is not a catalogued table'],
    ['SELECT * FROM system.main.accelerators', 'system.main.accelerators is not a catalogued table'],
    // A WITH query's own name inside it, or a later one's, is DuckDB's system view of that name.
    ['WITH a AS (SELECT * FROM duckdb_tables), duckdb_tables AS (SELECT 1 AS x) SELECT * FROM a', 'Table with name duckdb_tables does not exist'],
    ['WITH duckdb_views AS (SELECT * FROM duckdb_views) SELECT * FROM duckdb_views', 'Table with name duckdb_views does not exist'],
    ['SHOW TABLES', 'reveals'],
    ['PRAGMA version', 'only SELECT queries may run in an article; this one is a PRAGMA'],
    ["PRAGMA table_info('accelerators')", 'only SELECT queries may run in an article; this one is a PRAGMA'],
    ["CALL pragma_version()", 'only SELECT queries may run in an article'],
    ['SELECT sleep_ms(100000) AS s', 'sleep_ms() is not one of the functions a query may call'],
  ];
  for (const [sql, fragment] of revealing) {
    it(`refuses ${sql}`, async () => {
      await expect(engine.query(sql)).rejects.toThrow(fragment);
    });
  }

  it('still runs what looks alike: a recursive CTE, a WITH query named like a system view, DESCRIBE of a table', async () => {
    expect((await engine.query('WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT sum(n) AS s FROM r')).rows).toEqual([{ s: 15 }]);
    expect((await engine.query('WITH duckdb_tables AS (SELECT 1 AS x) SELECT x FROM duckdb_tables')).rows).toEqual([{ x: 1 }]);
    expect((await engine.query('DESCRIBE accelerators')).rows.length).toBe(14);
  });

  it("DuckDB itself may read exactly the catalogued files: not data/.env, nor anything else in data/", async () => {
    const dir = copyFixtureData();
    writeFileSync(join(dir, '.env'), 'SECRET=hunter2\n');
    const catalog = loadCatalog(dir, mlperfContent);
    const own = await createQueryEngine({ catalog });
    try {
      await expect(own.query(`SELECT * FROM read_text('${dir}/.env')`)).rejects.toThrow('read_text() reads a table or file named by a string');
    } finally {
      own.close();
    }
    // Beneath the SQL check, DuckDB's own lock, as the engine sets it: a second line of defence.
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
    const connection = await instance.connect();
    try {
      const files = catalog.tables.flatMap((t) => t.files.map((f) => join(dir, f)));
      await lockToFiles(connection, files, '1GB');
      const read = (sql: string) => connection.runAndReadAll(sql).then((r) => r.getRowObjectsJS());
      expect(await read(`SELECT count(*) AS n FROM read_csv('${dir}/accelerators.csv')`)).toEqual([{ n: 18n }]);
      for (const sql of [`SELECT * FROM read_text('${dir}/.env')`, `SELECT * FROM read_text('${dir}/catalog.yaml')`, `SELECT * FROM glob('${dir}/*')`, "SELECT * FROM read_text('/etc/passwd')"]) {
        await expect(read(sql), sql).rejects.toThrow(/Permission Error: Cannot access file .* file system operations are disabled by configuration/);
      }
      await expect(read("SET allowed_paths=['/etc/passwd']")).rejects.toThrow(/configuration has been locked/);
      expect(await read("SELECT current_setting('memory_limit') AS m, current_setting('TimeZone') AS tz, current_setting('threads') AS t")).toEqual([{ m: '953.6 MiB', tz: 'UTC', t: 1n }]);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('calls only reviewed functions: each allowed one is deterministic and DuckDB has it; every DuckDB function is allowed or refused for a stated reason', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
    const connection = await instance.connect();
    try {
      // PRAGMA functions are for PRAGMA statements, which are refused as a whole.
      const rows = (await connection.runAndReadAll("SELECT lower(function_name) AS name, function_type AS type, stability FROM duckdb_functions() WHERE function_type <> 'pragma'")).getRowObjectsJS() as { name: string; type: string; stability: string | null }[];
      const duck = new Map<string, typeof rows>();
      for (const r of rows) duck.set(r.name, [...(duck.get(r.name) ?? []), r]);
      // unnest and unlist are DuckDB's special forms in a select list, not catalog functions.
      expect([...ALLOWED_FUNCTIONS].filter((f) => !duck.has(f) && f !== 'unnest' && f !== 'unlist'), 'allowed but not a DuckDB function').toEqual([]);
      expect([...ALLOWED_TABLE_FUNCTIONS].filter((f) => !duck.get(f)?.some((r) => r.type === 'table')), 'allowed table functions DuckDB lacks').toEqual([]);
      const varying = [...ALLOWED_FUNCTIONS].filter((f) => duck.get(f)?.some((r) => r.stability !== null && r.stability !== 'CONSISTENT'));
      expect(varying, 'allowed functions DuckDB says are not deterministic').toEqual([]);
      const unreviewed = [...duck.keys()].filter((f) => !ALLOWED_FUNCTIONS.has(f) && !ALLOWED_TABLE_FUNCTIONS.has(f) && refusalKind(f) === undefined && f !== 'histogram');
      expect(unreviewed, 'DuckDB functions neither allowed nor refused for a reason (src/core/sql/sql-functions.ts): review each').toEqual([]);
      for (const name of ['random', 'now', 'query_table', 'read_csv', 'current_setting', 'duckdb_settings', 'getenv']) expect(ALLOWED_FUNCTIONS.has(name) || ALLOWED_TABLE_FUNCTIONS.has(name), name).toBe(false);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});

describe('nothing hangs: a time limit per query and a memory limit', () => {
  let real: QueryEngine;
  beforeAll(async () => {
    // The real data (about 3,400 MLPerf Inference rows), with a 1 s limit so the test is quick; the default is 30 s.
    real = await createQueryEngine({ catalog: loadCatalog(join(ROOT, 'data'), mlperfContent), timeoutMs: 1000 });
  }, 60_000);
  afterAll(() => real.close());

  it('stops a join without a condition over the real tables, naming the query and the limit', async () => {
    const body = fence('sql everything', 'SELECT count(*) AS n\nFROM mlperf_inference a, mlperf_inference b, mlperf_inference c') + '\n\n' + fence('table everything', '');
    await expectBuildError(renderBody(real, body), {
      line: 1,
      contains: ['SQL error in query "everything": the query was stopped after 1 s, the time limit of one query (BENCHWRIGHT_QUERY_TIMEOUT)', 'Join on a condition'],
    });
    // The connection it ran on is not broken.
    expect((await real.query('SELECT count(*) AS n FROM accelerators')).rows[0]!.n).toBeGreaterThan(0);
  });

  it('stops a recursive CTE without a stop', async () => {
    const sql = 'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r)\nSELECT max(n) AS n FROM r';
    await expectBuildError(renderBody(real, fence('sql forever', sql) + '\n\n' + fence('table forever', '')), {
      line: 1,
      contains: ['SQL error in query "forever": the query was stopped after 1 s', 'end the recursion with a WHERE'],
    });
  });

  it('stops a query that needs more memory than the limit, naming the limit', async () => {
    const small = await createQueryEngine({ catalog: loadCatalog(FIXTURE_DATA, mlperfContent), memoryLimit: '100MB' });
    try {
      await expect(small.query('SELECT count(DISTINCT i) AS n FROM range(100000000) t(i)')).rejects.toThrow(
        /^the query needs more memory than the limit of 100MB \(BENCHWRIGHT_MEMORY_LIMIT, for the tables and every query\)[^]*raise BENCHWRIGHT_MEMORY_LIMIT[^]*DuckDB said: Out of Memory Error/,
      );
    } finally {
      small.close();
    }
  });

  it('takes both limits from the environment, and says what to do with a value that is not one', async () => {
    const paths = { root: ROOT, contentDir: join(ROOT, 'content'), dataDir: FIXTURE_DATA };
    await expect(openProject(paths, { BENCHWRIGHT_QUERY_TIMEOUT: 'soon' }, undefined, mlperfContent)).rejects.toThrow(/BENCHWRIGHT_QUERY_TIMEOUT is "soon", which is not a positive number of seconds\n  what to do: /);
    await expect(openProject(paths, { BENCHWRIGHT_QUERY_TIMEOUT: '0' }, undefined, mlperfContent)).rejects.toThrow(/BENCHWRIGHT_QUERY_TIMEOUT is "0"/);
    await expect(openProject(paths, { BENCHWRIGHT_MEMORY_LIMIT: 'lots' }, undefined, mlperfContent)).rejects.toThrow(/BENCHWRIGHT_MEMORY_LIMIT is "lots", which is not a memory size\n  what to do: /);
    const project = await openProject(paths, { BENCHWRIGHT_QUERY_TIMEOUT: '0.5', BENCHWRIGHT_MEMORY_LIMIT: '512MB' }, undefined, mlperfContent);
    try {
      await expect(project.engine.query('SELECT count(*) AS n FROM range(1000000) a, range(1000000) b')).rejects.toThrow('the query was stopped after 0.5 s');
    } finally {
      closeProject(project);
    }
  });
});

describe('PIVOT', () => {
  it('without an IN list (two statements to DuckDB) is refused with what to write instead', async () => {
    await expect(engine.query('PIVOT accelerators ON vendor USING count(*)')).rejects.toThrow(
      "a PIVOT without an IN list is more than one statement to DuckDB (it first queries the values to make columns of, then pivots), so it cannot run as one query: list the values, PIVOT t ON col IN ('a', 'b') USING sum(x)",
    );
    await expect(engine.query('SELECT * FROM (PIVOT accelerators ON vendor USING count(*))')).rejects.toThrow('a PIVOT without an IN list');
    // Two statements as written are still two.
    await expect(engine.query('PIVOT accelerators ON vendor USING count(*); SELECT 1')).rejects.toThrow('exactly one statement; this one has');
  });

  it('with an IN list is one query, the same as GROUP BY with FILTER', async () => {
    const pivot = await engine.query("PIVOT (SELECT vendor, form_factor FROM accelerators) ON vendor IN ('NVIDIA', 'AMD') USING count(*) ORDER BY form_factor");
    const grouped = await engine.query("SELECT form_factor, count(*) FILTER (WHERE vendor = 'NVIDIA') AS NVIDIA, count(*) FILTER (WHERE vendor = 'AMD') AS AMD FROM accelerators GROUP BY form_factor ORDER BY form_factor");
    expect(pivot.rows).toEqual(grouped.rows);
    expect(pivot.tables).toEqual(['accelerators']);
  });
});
