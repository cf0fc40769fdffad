import { DuckDBInstance } from '@duckdb/node-api';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { copyFixtureData, expectBuildError, fence, fixtureEngine, renderBody } from './helpers.ts';

// Among the fixture's v5.1 Llama 2 70B Offline results, the best B200 system per accelerator is faster
// than the best H200 system per accelerator.
const ARTICLE = [
  fence('sql per_accel', "SELECT accelerator, max(result / total_accelerators) AS best\nFROM mlperf_inference\nWHERE model = 'llama2-70b-99' AND round = 'v5.1' AND scenario = 'Offline'\nGROUP BY accelerator"),
  fence('sql ratio', "SELECT max(best) FILTER (WHERE accelerator LIKE '%B200%') / max(best) FILTER (WHERE accelerator LIKE '%H200%') AS ratio\nFROM per_accel"),
  'B200 delivers :value[ratio.ratio]{format=".1f"}× the H200 per accelerator.',
  fence('check ratio', 'ratio BETWEEN 2 AND 4'),
].join('\n\n');
const CHECK_LINE = 15;

describe('claim checks', () => {
  it('of one query run in one statement; an invalid condition among them is named on its own block, and a trailing comment is harmless', async () => {
    const engine = await fixtureEngine();
    try {
      const checks = [fence('check per_accel', 'best > 0 -- every best is positive'), fence('check per_accel', 'accelerator IS NOT NULL'), fence('check ratio', 'ratio > 1')];
      const before = engine.stats.kinds.claim?.run ?? 0;
      const { data } = await renderBody(engine, [ARTICLE, ...checks].join('\n\n'));
      expect(data.checks.map((c) => c.condition)).toEqual(['ratio BETWEEN 2 AND 4', 'best > 0 -- every best is positive', 'accelerator IS NOT NULL', 'ratio > 1']);
      // Two queries checked: two statements, whatever the number of conditions.
      expect((engine.stats.kinds.claim?.run ?? 0) - before).toBe(2);
      const bad = [ARTICLE, fence('check per_accel', 'best > 0'), fence('check per_accel', 'no_such_column > 1')].join('\n\n');
      // Placed on the fence of the invalid check (1-based: the line before its condition's 0-based index + 1).
      await expectBuildError(renderBody(engine, bad), { line: bad.split('\n').findIndex((l) => l.includes('no_such_column')), contains: ['not valid SQL for query "per_accel"', 'no_such_column'] });
    } finally {
      engine.close();
    }
  });

  it('pass on today\'s data, and the sentence links to its check', async () => {
    const engine = await fixtureEngine();
    const { html, data } = await renderBody(engine, ARTICLE);
    engine.close();
    const doc = parseHTML(`<body>${html}</body>`).document;
    const sentence = doc.querySelector('p')!;
    expect(sentence.textContent).toMatch(/^B200 delivers \d\.\d× the H200 per accelerator\.✓1$/);
    expect(sentence.querySelector('a.bw-claim-mark')!.getAttribute('href')).toBe('#claim-1');
    expect(doc.getElementById('claim-1')!.textContent).toContain('ratio BETWEEN 2 AND 4 holds for the row of query ratio');
    expect(data.checks).toEqual([{ id: 'claim-1', query: 'ratio', condition: 'ratio BETWEEN 2 AND 4', rows: 1 }]);
    expect(doc.querySelector('.bw-methods')!.textContent).toContain('Checked claims');
  });

  it('fail, with file:line, the claim and the actual value, when a value in a copy of the data changes', async () => {
    const dir = copyFixtureData();
    const csv = join(dir, 'mlperf-inference/v5.1.csv');
    // Lower every v5.1 B200 Offline result to a tenth (with DuckDB, outside the build's sandbox): the data
    // no longer supports the sentence.
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    const changed = `round = 'v5.1' AND scenario = 'Offline' AND accelerator LIKE '%B200%'`;
    const count = await connection.runAndReadAll(`SELECT count(*) AS n FROM read_csv('${csv}', all_varchar = true) WHERE ${changed}`);
    expect(Number(count.getRowObjectsJS()[0]!.n)).toBeGreaterThan(0);
    await connection.run(`CREATE TABLE edited AS SELECT * REPLACE (CASE WHEN ${changed} THEN CAST(CAST(result AS DOUBLE) / 10 AS VARCHAR) ELSE result END AS result) FROM read_csv('${csv}', all_varchar = true)`);
    await connection.run(`COPY edited TO '${csv}' (HEADER, DELIMITER ',')`);
    connection.closeSync();
    db.closeSync();
    const engine = await fixtureEngine(dir);
    await expectBuildError(renderBody(engine, ARTICLE), {
      line: CHECK_LINE,
      contains: ['claim check failed: "ratio BETWEEN 2 AND 4" is false for 1 of 1 row of query "ratio"', 'backing "B200 delivers', 'actual: ratio=0.'],
    });
    engine.close();
  });

  it("a failed claim quotes its sentence as a reader sees it: an inline value as its number, emphasis and links as their words", async () => {
    const engine = await fixtureEngine();
    const body = [
      fence('sql t', "SELECT max(result) AS top FROM mlperf_inference WHERE model = 'llama2-70b-99' AND round = 'v5.1' AND unit = 'tokens/s'"),
      'The top is :value[t.top]{format=",.0f"} tokens/s, **well** over [the bar](https://example.com/bar) & `1` more.',
      fence('check t', 'top < 0'),
    ].join('\n\n');
    const error = await expectBuildError(renderBody(engine, body), { line: 7, contains: ['backing "The top is '] });
    expect(error.message).toMatch(/backing "The top is [\d,]+ tokens\/s, well over the bar & 1 more\."/);
    engine.close();
  });

  it('a condition that is not valid SQL, and a check of an unknown query', async () => {
    const engine = await fixtureEngine();
    const base = ARTICLE.replace('ratio BETWEEN 2 AND 4', 'ratio BETWEN 2 AND 4');
    await expectBuildError(renderBody(engine, base), { line: CHECK_LINE, contains: ['the condition of this check is not valid SQL for query "ratio"', 'syntax error'] });
    await expectBuildError(renderBody(engine, ARTICLE.replace('```check ratio', '```check ratios')), { line: CHECK_LINE, contains: ['unknown query "ratios"'] });
    engine.close();
  });
});
