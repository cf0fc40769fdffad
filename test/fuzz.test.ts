/**
 * Property-based fuzzing (fast-check) of everything an article's author types: Markdown with blocks, the YAML
 * of chart and table blocks, and front matter. Whatever the input, the build either succeeds or fails with a
 * BuildError placed in the article (file:line:column) — never a TypeError, a RangeError, a DuckDB internal
 * error or a hang. Counterexamples that found real crashes are kept below as plain regression tests.
 */
import fc from 'fast-check';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeChartSpec, MARKS } from '../src/core/charts/chart-spec.ts';
import { renderChart } from '../src/core/charts/chart.ts';
import { BuildError, SpecError } from '../src/core/errors.ts';
import { FormatError, numberFormatter } from '../src/core/render/format.ts';
import { parseReportFrontMatter } from '../src/core/article/front-matter.ts';
import type { Row } from '../src/core/data/json-values.ts';
import type { QueryEngine } from '../src/core/sql/query-engine.ts';
import { defaultColumns, normalizeTableSpec, renderTable } from '../src/core/render/table.ts';
import { parseYamlBlock, YamlBlockError } from '../src/core/article/yaml-block.ts';
import { LLAMA_SQL, expectBuildError, fence, fixtureEngine, renderBody } from './helpers.ts';

/** A fixed seed by default, so a failure reproduces; FUZZ_SEED=random (or a number) explores further. */
const SEED = process.env.FUZZ_SEED === 'random' ? Date.now() : Number(process.env.FUZZ_SEED ?? 20261123);
const RUNS = Number(process.env.FUZZ_RUNS ?? 0) || undefined;
const params = (numRuns: number, extra: fc.Parameters<unknown> = {}) => ({ seed: SEED, numRuns: RUNS ?? numRuns, ...extra });

const FILE = 'content/reports/test-article/v1.md';
/**
 * The most characters one chart of a few rows may write (they write a few kB). The runaways the spec's limits now
 * refuse wrote 14 to 138 MB (one element per tick, per band, per padded character), drawing for seconds to minutes.
 */
const MAX_CHART_CHARS = 10_000_000;
const PLACE = /^content\/reports\/test-article\/v1\.md:(\d+):(\d+): /;

/** The error a call ends with, or undefined when it returns. */
function outcome(fn: () => unknown): unknown {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error;
  }
}

/** Rethrows anything that is not one of `allowed`, so fast-check reports it (and shrinks it) as a crash. */
function expectOnly(error: unknown, allowed: (abstract new (...args: never[]) => Error)[]): void {
  if (error === undefined) return;
  if (allowed.some((type) => error instanceof type)) return;
  throw new Error(`escaped: ${error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : String(error)}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Generators

/** Text with everything an editor can hold: unicode, astral characters, lone surrogates, NULs, control characters. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('\0', '\t', '\r', '\n', '\u2028', '\uFEFF', '\uD800', 'é', '😀', '\u202E', '`', ':', '{', '}', '[', ']', '"', '#'), maxLength: 20 }),
);
const longLine = fc.tuple(fc.constantFrom('x', 'é', '😀', 'a b ', ':value', '|', '`'), fc.integer({ min: 1000, max: 20000 })).map(([s, n]) => s.repeat(Math.ceil(n / s.length)));

const QUERY_NAMES = ['q', 'r', 'best', 'mlperf_inference'];
const queryName = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...QUERY_NAMES) }, { weight: 1, arbitrary: fc.constantFrom('', 'Q', '1q', 'q-r', 'q r', 'unknown_q', 'select') }, { weight: 1, arbitrary: anyText });

const INFERENCE_COLUMNS = ['accelerator', 'scenario', 'model', 'round', 'division', 'availability', 'unit', 'result', 'total_accelerators', 'nodes', 'accelerators_per_node'];
const column = fc.constantFrom(...INFERENCE_COLUMNS);
const measure = fc.constantFrom('result', 'total_accelerators', 'nodes', 'accelerators_per_node');
const scalar: fc.Arbitrary<string> = fc.oneof(
  column,
  fc.integer({ min: -5, max: 100 }).map(String),
  fc.constantFrom("'tokens/s'", 'NULL', '1.5', "'llama2-70b-99'", 'true'),
  fc.tuple(measure, fc.constantFrom('/', '*', '+', '-'), fc.oneof(measure, fc.constantFrom('2', '0', '1000'))).map(([a, op, b]) => `${a} ${op} ${b}`),
  measure.map((m) => `round(${m}, 1)`),
  measure.map((m) => `CAST(${m} AS DOUBLE)`),
  fc.tuple(measure, measure).map(([a, b]) => `coalesce(${a}, ${b})`),
  fc.tuple(column, measure).map(([c, m]) => `CASE WHEN ${c} IS NULL THEN 0 ELSE ${m} END`),
);
const aggregate = fc.tuple(fc.constantFrom('max', 'min', 'avg', 'sum', 'median', 'count', 'any_value', 'count(DISTINCT'), scalar).map(([f, e]) => (f.endsWith('DISTINCT') ? `${f} ${e})` : `${f}(${e})`));
const selectItem = fc.tuple(fc.oneof(scalar, aggregate), fc.option(fc.constantFrom('a', 'b', 'per_accel', 'top', 'accelerator', '"odd name"', 'n'), { nil: undefined }));
const source = fc.oneof(
  { weight: 4, arbitrary: fc.constant('mlperf_inference') },
  fc.constantFrom('accelerators', 'q', 'r', 'mlperf_inference_per_accelerator', 'range(3)', '(SELECT * FROM mlperf_inference LIMIT 3)', "read_csv('/etc/passwd')", 'mlperf_inference JOIN accelerators ON true', 'nope'),
);
/** Mostly valid SQL over the fixture tables and the article's other queries, with some garbage. */
const sqlText: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .record({
        distinct: fc.boolean(),
        items: fc.array(selectItem, { minLength: 1, maxLength: 4 }),
        from: source,
        where: fc.option(fc.tuple(column, fc.constantFrom("= 'v5.1'", 'IS NOT NULL', "LIKE '%a%'", '> 100', 'IN (1, 2)')), { nil: undefined }),
        group: fc.boolean(),
        order: fc.boolean(),
        limit: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
        union: fc.boolean(),
        unit: fc.option(fc.tuple(fc.constantFrom('a', 'b', 'per_accel'), fc.constantFrom('GB/s', '{result} per accelerator', '{nope}', '', '{')), { nil: undefined }),
        tail: fc.constantFrom('', ';', '; SELECT 1', '-- comment', '\n-- @unit', ' garbage', ')', "'"),
      })
      .map((s) => {
        const items = s.items.map(([e, a]) => (a ? `${e} AS ${a}` : e)).join(', ');
        let sql = `${s.unit ? `-- @unit ${s.unit[0]}: ${s.unit[1]}\n` : ''}SELECT ${s.distinct ? 'DISTINCT ' : ''}${items}\nFROM ${s.from}`;
        if (s.where) sql += `\nWHERE ${s.where[0]} ${s.where[1]}`;
        if (s.group) sql += '\nGROUP BY ALL';
        if (s.union) sql += `\nUNION ALL SELECT ${s.items.map(() => 'NULL').join(', ')}`;
        if (s.order) sql += '\nORDER BY 1';
        if (s.limit !== undefined) sql += `\nLIMIT ${s.limit}`;
        return sql + s.tail;
      }),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      LLAMA_SQL,
      'SELECT max(per_accel) AS top FROM q',
      'SELECT 1 AS one',
      'SELECT count(*) AS n FROM r',
      "SELECT 'a' AS accelerator, 1.5 AS per_accel",
      'FROM mlperf_inference SELECT count(*) AS n',
      'WITH t AS (SELECT * FROM mlperf_inference) SELECT accelerator, max(result) AS m FROM t GROUP BY ALL',
      'SELECT * FROM (VALUES (1, 2)) AS v(a, b)',
      'SELECT accelerator, sum(result) OVER (PARTITION BY unit) AS s FROM mlperf_inference',
      'DROP TABLE mlperf_inference',
      'INSTALL httpfs',
      "ATTACH 'x.db'",
      'SELECT * FROM mlperf_inference',
      'SELECT unnest(range(200000)) AS i',
      'SELECT 1 AS a, 2 AS a',
      'SELECT [1, 2] AS l, {a: 1} AS s, DATE \'2024-01-01\' AS d, 1::DECIMAL(4,2) AS dec, \'\\x00\'::BLOB AS b',
      'SELECT NULL AS per_accel, NULL AS accelerator',
      'SELECT 1e308 * 10 AS inf, \'nan\'::DOUBLE AS nan',
    ),
  },
  { weight: 1, arbitrary: anyText },
);

const MARK_NAMES = [...MARKS];
const CHART_COLUMNS = ['accelerator', 'scenario', 'per_accel', 'top', 'a', 'n'];
const yamlScalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...CHART_COLUMNS, 'steelblue', 'none', 'red', '#fff', 'circle', '12px', '-x', 'x', 'y', 'nope'),
  fc.integer({ min: -1000, max: 10000 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  anyText,
);
/** Scale options (x: { … }), with counts and sizes from sensible to absurd (an extra zero or six). */
const SCALE_KEYS = ['label', 'grid', 'ticks', 'tickSpacing', 'tickFormat', 'type', 'domain', 'range', 'nice', 'zero', 'reverse', 'scheme', 'legend', 'interval', 'padding', 'percent', 'inset', 'tickRotate', 'line', 'axis'];
const countLike = fc.oneof(fc.integer({ min: -10, max: 20 }), fc.integer({ min: 0, max: 10_000_000 }), fc.constantFrom(0.001, 1e-9, 1e300, Number.NaN, Infinity));
const scaleOptions: fc.Arbitrary<Record<string, unknown>> = fc.dictionary(
  fc.constantFrom(...SCALE_KEYS),
  fc.oneof(yamlScalar, countLike, fc.constantFrom('log', 'band', 'point', 'utc', 'sqrt', 'symlog', 'ordinal', 'threshold', 'day', 'month', ',.0f', 'nope'), fc.array(fc.oneof(fc.integer({ min: -5, max: 5000 }), yamlScalar), { maxLength: 3 })),
  { maxKeys: 4 },
);
const OPTION_KEYS = ['x', 'y', 'x1', 'x2', 'y1', 'y2', 'z', 'fill', 'stroke', 'r', 'text', 'title', 'symbol', 'fx', 'fy', 'sort', 'tip', 'data', 'channels', 'fontSize', 'interval', 'reduce', 'label', 'grid', 'ticks', 'tickFormat', 'type', 'domain', 'range', 'scheme', 'legend', 'nice', 'zero', 'fillOpacity'];
const optionKey = fc.oneof({ weight: 10, arbitrary: fc.constantFrom(...OPTION_KEYS) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) });
const markOptions: fc.Arbitrary<Record<string, unknown>> = fc.dictionary(
  optionKey,
  fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...CHART_COLUMNS) }, { weight: 4, arbitrary: yamlScalar }, countLike, fc.array(yamlScalar, { maxLength: 3 }), fc.dictionary(optionKey, yamlScalar, { maxKeys: 3 })),
  { maxKeys: 5 },
);
const markName = fc.oneof({ weight: 20, arbitrary: fc.constantFrom(...MARK_NAMES) }, { weight: 1, arbitrary: fc.constantFrom('plot', 'pointer', 'tip', 'raster', 'constructor', '__proto__', 'toString') }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) });
const markEntry: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(markName, fc.oneof({ weight: 4, arbitrary: markOptions }, fc.array(yamlScalar, { maxLength: 4 }), fc.constant(null), yamlScalar)).map(([name, value]) => ({ [name]: value })) },
  { weight: 1, arbitrary: markName },
  { weight: 1, arbitrary: fc.anything() },
);
const PLOT_KEYS = ['title', 'subtitle', 'caption', 'description', 'allowEmpty', 'compare', 'label', 'x', 'y', 'fx', 'fy', 'color', 'r', 'width', 'height', 'margin', 'marginLeft', 'inset', 'grid', 'style', 'clip', 'aspectRatio', 'round', 'nice', 'padding', 'align', 'facet', 'symbol', 'projection', 'axis'];
/** Chart specs shaped like what YAML gives: a mapping with marks and Plot options. */
const chartSpecLike: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    fc.array(markEntry, { minLength: 1, maxLength: 4 }),
    fc.dictionary(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...PLOT_KEYS) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }), fc.oneof({ weight: 3, arbitrary: yamlScalar }, { weight: 3, arbitrary: scaleOptions }, countLike, markOptions), { maxKeys: 4 }),
    fc.boolean(),
  )
  .map(([marks, options, withMarks]) => (withMarks ? { ...options, marks } : options));
/** Mostly-valid plot options only: the shape that gets past normalisation and into Plot. */
const sizeLike = fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 2000 }) }, countLike);
const plotOptionsLike = fc.record(
  { x: scaleOptions, y: scaleOptions, color: scaleOptions, width: sizeLike, height: sizeLike, marginLeft: sizeLike, grid: fc.boolean(), inset: countLike, aspectRatio: countLike },
  { requiredKeys: [] },
);
const likelyMarkOptions = fc.dictionary(
  fc.constantFrom('x', 'y', 'x1', 'x2', 'y1', 'y2', 'z', 'fill', 'stroke', 'r', 'text', 'fx', 'fy', 'sort', 'interval', 'ticks', 'tickSpacing', 'label', 'anchor', 'dx', 'dy', 'fontSize', 'symbol'),
  fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...CHART_COLUMNS) }, countLike, yamlScalar),
  { maxKeys: 5 },
);
const chartSpecLikely: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(fc.array(fc.tuple(fc.constantFrom(...MARK_NAMES), likelyMarkOptions).map(([name, options]) => ({ [name]: options })), { minLength: 1, maxLength: 3 }), plotOptionsLike)
  .map(([marks, options]) => ({ ...options, marks }));

const tableSpecLike: fc.Arbitrary<unknown> = fc.dictionary(
  fc.oneof({ weight: 5, arbitrary: fc.constantFrom('title', 'caption', 'allowEmpty', 'compare', 'label', 'columns') }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }),
  fc.oneof(
    yamlScalar,
    fc.dictionary(
      fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...CHART_COLUMNS) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }),
      fc.oneof(
        yamlScalar,
        fc.dictionary(fc.constantFrom('label', 'unit', 'format', 'width'), fc.oneof(yamlScalar, fc.constantFrom(',.0f', '.1%', '.3~s', 'z', '.f', ',.-1f', '~~', '$,.2f', '0>10d', '.1000f', '.21f')), { maxKeys: 3 }),
      ),
      { maxKeys: 4 },
    ),
  ),
  { maxKeys: 4 },
);

/** YAML text: dumped from the shapes above, or built from YAML's own punctuation and arbitrary text. */
const YAML_TOKENS = [
  'a', 'marks', 'x', 'title', ':', ': ', ' ', '  ', '\n', '\n  ', '- ', '-', '[', ']', '{', '}', ',', '"', "'", '#', '|', '>', '? ', '&a ', '*a', '&b ', '*b',
  '!!str ', '!!int ', '!!binary ', '!!timestamp ', '!!set ', '!!omap ', '!!map ', '!!seq ', '!foo ', '!<tag:x> ', '%YAML 1.2\n', '%TAG ! tag:x:\n', '---\n', '...\n', '<<: ', '\t',
  '\0', '\uFEFF', '😀', 'é', '1e999', '0x1F', '.nan', '-.inf', '2024-02-30', '~', 'null', 'true', '@', '`', '\\', '\\u0000', '"\\x"', '\r\n',
];
const yamlTokens = fc.array(fc.constantFrom(...YAML_TOKENS), { maxLength: 40 }).map((t) => t.join(''));
const yamlText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: chartSpecLike.map((s) => YAML.stringify(s)) },
  { weight: 1, arbitrary: tableSpecLike.map((s) => YAML.stringify(s)) },
  { weight: 3, arbitrary: yamlTokens },
  { weight: 1, arbitrary: anyText },
);

const plotBody = fc.oneof(
  fc.constantFrom(
    'marks:\n  - barX: { y: accelerator, x: per_accel, fill: scenario, sort: { y: "-x" } }\n  - ruleX: [0]',
    'title: T\nlabel: fig-one\nmarks: [dot]',
    'marks:\n  - dot: { x: a, y: b }',
    'allowEmpty: true\nmarks:\n  - barY: { x: accelerator, y: per_accel }',
    'label: fig-one\nmarks:\n  - text: { x: top, text: top }',
  ),
  yamlText,
);
const tableBody = fc.oneof(fc.constantFrom('', 'title: T\ncolumns:\n  accelerator: Accelerator\n  per_accel: { label: P, unit: tokens/s, format: ",.0f" }', 'label: tbl-one', 'columns:\n  top: { format: "z" }'), yamlText);
const checkBody = fc.oneof(fc.constantFrom('per_accel > 0', 'top BETWEEN 1 AND 1e9', 'one = 1', 'true', 'false', ') OR (1=1', 'n IS NOT NULL', "1; DROP TABLE x"), anyText, sqlText);

const fenceChars = fc.constantFrom('```', '~~~', '````', '``');
const blockFence = fc
  .tuple(fenceChars, fc.constantFrom('sql', 'plot', 'table', 'check', 'SQL', 'sql{', 'js'), queryName, fc.constantFrom('', ' extra', '\t'), fc.nat(3), fc.boolean(), fc.constantFrom('', '  ', '> '))
  .chain(([ticks, lang, name, meta, which, closed, indent]) => {
    const body = lang === 'sql' || lang === 'SQL' ? sqlText : lang === 'plot' ? plotBody : lang === 'table' ? tableBody : lang === 'check' ? checkBody : anyText;
    return (which === 0 ? anyText : body).map((b) => {
      const lines = `${ticks}${lang} ${name}${meta}\n${b}${closed ? `\n${ticks}` : ''}`.split('\n');
      return lines.map((l) => indent + l).join('\n');
    });
  });
const FORMATS = [',.0f', '.1%', '.3~s', '', 'z', '.f', '"', '}', ',.2r', '$', '.1e', '%', '09', '.21f'];
const valueDirective = fc
  .tuple(fc.constantFrom(':value', '::value', ':::value', ':valu', ':Value', ':note'), fc.oneof(fc.constantFrom('q.a', 'q.per_accel', 'best.top', 'r.n', 'q.accelerator', 'q', 'q.', '.a', 'q.a.b', 'best.nope', 'nope.top'), anyText), fc.option(fc.oneof(fc.constantFrom(...FORMATS), anyText), { nil: undefined }), fc.constantFrom('', '{x=1}', '{format=",.0f" width=2}', '{#id .cls}', '{'))
  .map(([d, label, format, extra]) => `${d}[${label}]${format !== undefined ? `{format="${format.replaceAll('"', '')}"}` : extra}`);
const prose = fc.oneof(
  anyText,
  fc.constantFrom('ratio 16:9', 'Note:see', 'see @fig-one and @tbl-one', '@fig-nope', '**bold** _em_ `code`', '<div>raw html</div>', '| a | b |\n|---|---|\n| 1 | 2 |', '> quote', '- item\n- item', '[link](http://example.com)', '\\:value[q.a]'),
  valueDirective,
);
const heading = fc.tuple(fc.constantFrom('#', '##', '###', '####', '######', '#######'), fc.oneof(anyText, valueDirective)).map(([h, t]) => `${h} ${t}`);
const chunk = fc.oneof({ weight: 4, arbitrary: blockFence }, { weight: 3, arbitrary: prose }, { weight: 1, arbitrary: heading }, { weight: 1, arbitrary: fc.constantFrom('---', '', '\n\n\n', '\0') }, { weight: 1, arbitrary: longLine });
/** Markdown articles: chunks joined by blank lines or single newlines. */
const markdown = fc.tuple(fc.array(chunk, { minLength: 1, maxLength: 7 }), fc.constantFrom('\n\n', '\n', '\r\n\r\n')).map(([chunks, sep]) => chunks.join(sep));

/** A few rows that look like the fixture's results. */
const ROWS: Row[] = [
  { accelerator: 'NVIDIA H100-SXM-80GB', scenario: 'Offline', per_accel: 3000.5, top: 3000.5, a: 1, n: 4 },
  { accelerator: 'AMD Instinct MI300X', scenario: 'Server', per_accel: 2520.27, top: null, a: 2, n: 1 },
  { accelerator: 'NVIDIA B200', scenario: 'Offline', per_accel: 11264, top: 11264, a: 3, n: 8 },
];

// ---------------------------------------------------------------------------------------------------------------
// Properties

describe('fuzz: articles through the whole block pipeline', () => {
  let engine: QueryEngine;
  beforeAll(async () => {
    engine = await fixtureEngine();
  });
  afterAll(() => engine.close());

  /** Renders and checks the outcome: success, or a BuildError placed in the article. */
  async function check(body: string): Promise<void> {
    const error = await renderBody(engine, body).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (error === undefined) return;
    if (!(error instanceof BuildError)) throw new Error(`escaped: ${error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : String(error)}`);
    const match = PLACE.exec(error.message);
    if (!match) throw new Error(`BuildError without file:line:col: ${JSON.stringify(error.message.slice(0, 300))}`);
    expect(Number(match[1])).toBeGreaterThanOrEqual(1);
    expect(Number(match[2])).toBeGreaterThanOrEqual(1);
    expect(error.place.file).toBe(FILE);
    // DuckDB's own assertion failures invalidate the database: a BuildError carrying one is still a crash.
    expect(error.message).not.toMatch(/INTERNAL Error|FATAL Error|database has been invalidated/);
  }

  it('resolves, or rejects with a BuildError at content/reports/test-article/v1.md:<line>:<col>', async () => {
    await fc.assert(
      fc.asyncProperty(markdown, async (body) => {
        await check(body);
      }),
      params(200, { timeout: 10_000, interruptAfterTimeLimit: 40_000 }),
    );
    // The engine still answers after everything it was fed.
    expect((await engine.query('SELECT 42 AS n')).rows).toEqual([{ n: 42 }]);
  }, 90_000);

  it('articles of well-formed blocks with random YAML and SQL', async () => {
    const article = fc
      .tuple(fc.oneof({ weight: 2, arbitrary: fc.constant(LLAMA_SQL) }, sqlText), sqlText, fc.array(fc.tuple(fc.constantFrom('plot', 'table', 'check'), fc.constantFrom('q', 'r'), fc.string({ maxLength: 1 })), { maxLength: 3 }))
      .chain(([q, r, figures]) =>
        fc.tuple(...figures.map(([kind, name]) => (kind === 'plot' ? plotBody : kind === 'table' ? tableBody : checkBody).map((b) => fence(`${kind} ${name}`, b)))).map((blocks) =>
          [fence('sql q', q), 'Some prose with :value[q.a]{format=",.1f"}.', fence('sql r', r), ...blocks].join('\n\n'),
        ),
      );
    await fc.assert(
      fc.asyncProperty(article, async (body) => {
        await check(body);
      }),
      params(120, { timeout: 10_000, interruptAfterTimeLimit: 30_000 }),
    );
  }, 90_000);
});

describe('fuzz: chart and table specs', () => {
  const columns = Object.keys(ROWS[0]!);

  function chartOutcome(raw: unknown, rows: Row[]): void {
    let spec;
    try {
      spec = normalizeChartSpec(raw, columns);
    } catch (error) {
      expectOnly(error, [SpecError]);
      return;
    }
    if (process.env.FUZZ_TRACE) (globalThis as any).process.getBuiltinModule('node:fs').writeFileSync(process.env.FUZZ_TRACE, JSON.stringify(raw) + '\n' + JSON.stringify(rows.length));
    const error = outcome(() => {
      const chart = renderChart(spec, rows, 'q');
      if (typeof chart.html !== 'string' || !/<svg[\s>]/.test(chart.html)) throw new Error(`no SVG: ${chart.html.slice(0, 200)}`);
      // The work Plot did, counted in what it wrote rather than timed: a runaway drawing is a runaway SVG.
      if (chart.html.length > MAX_CHART_CHARS) throw new Error(`renderChart wrote ${chart.html.length} characters`);
    });
    expectOnly(error, [SpecError]);
  }

  it('normalizeChartSpec and renderChart on anything: a result and an SVG, or a SpecError', () => {
    fc.assert(
      fc.property(fc.anything(), fc.constantFrom(ROWS, ROWS.slice(0, 1), []), (raw, rows) => chartOutcome(raw, rows)),
      params(300),
    );
  });

  it('normalizeChartSpec and renderChart on YAML-shaped specs with real and made-up marks', () => {
    fc.assert(
      fc.property(fc.oneof({ weight: 1, arbitrary: chartSpecLike }, { weight: 3, arbitrary: chartSpecLikely }), fc.constantFrom(ROWS, ROWS, ROWS.slice(0, 1), []), (raw, rows) => chartOutcome(raw, rows)),
      params(400, { interruptAfterTimeLimit: 20_000 }),
    );
  });

  it('normalizeTableSpec on anything and on table-shaped specs: a result, or a SpecError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), tableSpecLike), (raw) => {
        let spec;
        try {
          spec = normalizeTableSpec(raw, columns);
        } catch (error) {
          expectOnly(error, [SpecError]);
          return;
        }
        // A format given to a text column is refused when the value is formatted (in a FormatError).
        expectOnly(
          outcome(() => renderTable(spec.columns ?? defaultColumns(columns), ROWS)),
          [FormatError],
        );
      }),
      params(300),
    );
  });
});

describe('fuzz: YAML and front matter', () => {
  it('parseYamlBlock returns, or throws a YamlBlockError with a line ≥ 1', () => {
    fc.assert(
      fc.property(fc.oneof(yamlText, anyText, longLine), (source) => {
        const error = outcome(() => parseYamlBlock(source));
        expectOnly(error, [YamlBlockError]);
        if (error instanceof YamlBlockError) {
          expect(error.place.line).toBeGreaterThanOrEqual(1);
          expect(error.place.column).toBeGreaterThanOrEqual(1);
        }
      }),
      params(400),
    );
  });

  /** Front matter that is mostly valid, so that later checks (unknown fields, their lines) are reached too. */
  const DROP = Symbol('drop');
  const field = (valid: fc.Arbitrary<unknown>) => fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: yamlScalar }, { weight: 1, arbitrary: fc.constant(DROP) });
  const frontMatterYaml = fc.oneof(
    yamlText,
    fc
      .record({
        title: field(fc.constant('A title')),
        version: field(fc.integer({ min: -2, max: 3 })),
        published: field(fc.constantFrom('2026-11-23', '2026-02-30', '26-1-1', '2026-11-23T10:00:00Z')),
        summary: field(fc.constant('One sentence.')),
        tags: field(fc.array(yamlScalar, { maxLength: 3 })),
        authors: field(fc.constant(['Benchwright'])),
        data: fc.oneof(fc.constant(DROP), fc.dictionary(fc.string({ maxLength: 10 }), fc.oneof(fc.constant(`sha256:${'a'.repeat(64)}`), yamlScalar), { maxKeys: 2 }), yamlScalar),
        extra: fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('tittle', 'a(', '*', '[x', 'a+', '\\', '$', '^', 'a\nb', '"q"', "'")), yamlScalar, { maxKeys: 2 }),
      })
      .map(({ extra, ...fm }) => YAML.stringify({ ...Object.fromEntries(Object.entries(fm).filter(([, v]) => v !== DROP)), ...extra })),
  );

  it('parseReportFrontMatter returns, or throws a BuildError placed in the file', () => {
    fc.assert(
      fc.property(frontMatterYaml, fc.constantFrom('---', '...'), (yaml, end) => {
        const source = `---\n${yaml}\n${end}\nBody.\n`;
        const error = outcome(() => parseReportFrontMatter(source, FILE));
        expectOnly(error, [BuildError]);
        if (error instanceof BuildError) {
          const match = PLACE.exec(error.message);
          expect(match, error.message).not.toBeNull();
          expect(Number(match![1])).toBeGreaterThanOrEqual(1);
          expect(Number(match![2])).toBeGreaterThanOrEqual(1);
        }
      }),
      params(400),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Regressions: the minimal counterexamples fuzzing found.

describe('fuzz regressions', () => {
  it('a bad number format in a table column is a SpecError at columns.<name>.format (was a FormatError)', () => {
    const error = outcome(() => normalizeTableSpec({ columns: { accelerator: { format: '.f' } } }, ['accelerator']));
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).path).toBe('columns.accelerator.format');
    expect((error as SpecError).message).toContain('invalid format: .f');
  });

  it('…and in an article it is placed on the format line of the table block', async () => {
    const engine = await fixtureEngine();
    try {
      const body = [fence('sql q', LLAMA_SQL), fence('table q', 'title: T\ncolumns:\n  per_accel:\n    label: P\n    format: ".f"')].join('\n\n');
      await expectBuildError(renderBody(engine, body), { line: 13, column: 5, contains: ['invalid format: .f', '```table q'] });
    } finally {
      engine.close();
    }
  });

  it('an alias with no anchor in a block is a YamlBlockError at the alias (was a ReferenceError from yaml)', () => {
    for (const [source, line, column] of [['*a', 1, 1], ['x: 1\ny: *b', 2, 4]] as const) {
      const error = outcome(() => parseYamlBlock(source));
      expect(error).toBeInstanceOf(YamlBlockError);
      expect((error as YamlBlockError).message).toContain('Unresolved alias');
      expect((error as YamlBlockError).place).toEqual({ line, column });
    }
  });

  it('an alias bomb in a block is a YamlBlockError, not a ReferenceError', () => {
    const bomb = ['a: &a [1,2,3,4,5,6,7,8,9]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]', 'd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]'].join('\n');
    const error = outcome(() => parseYamlBlock(bomb));
    expect(error).toBeInstanceOf(YamlBlockError);
    expect((error as YamlBlockError).message).toContain('Excessive alias count');
  });

  it('an unknown front matter field whose name has regex characters is a BuildError on its line (was a SyntaxError)', () => {
    const base = 'title: T\nversion: 1\npublished: 2026-11-23\nsummary: S\nauthors: [A]\n';
    for (const key of ['a(', '[x', '*', 'a+']) {
      const error = outcome(() => parseReportFrontMatter(`---\n${base}${JSON.stringify(key)}: 1\n---\nBody.\n`, FILE));
      expect(error).toBeInstanceOf(BuildError);
      expect((error as BuildError).message).toContain(`unknown front matter field ${JSON.stringify(key)}`);
      expect((error as BuildError).place.line).toBe(7);
    }
  });

  /**
   * Normalises and draws a chart over ROWS: the error it ends with (or undefined), and where: 'spec' while the spec
   * is read (Plot has drawn nothing), 'draw' in renderChart.
   */
  function drawChart(raw: Record<string, unknown>): { error: unknown; stage?: 'spec' | 'draw' } {
    let spec;
    try {
      spec = normalizeChartSpec(raw, Object.keys(ROWS[0]!));
    } catch (error) {
      return { error, stage: 'spec' };
    }
    const error = outcome(() => renderChart(spec, ROWS, 'q'));
    return error === undefined ? { error } : { error, stage: 'draw' };
  }
  const dot = { dot: { x: 'a', y: 'per_accel' } };

  // Each of these drew for seconds to minutes (or ran out of memory) before: one tick per 80 pixels of a huge axis,
  // as many ticks or grid lines as asked, or tick labels padded to millions of characters (a d3-format width).
  it.each([
    ['ticks: 1000000 (was 47 s and a 138 MB SVG)', { x: { ticks: 1_000_000 }, marks: [dot] }, 'x.ticks', '"ticks: 1000000" asks for 1000000 ticks'],
    ['grid: 7749204 (was out of memory)', { y: { grid: 7_749_204 }, marks: [dot] }, 'y.grid', 'grid lines; at most 1000'],
    ['width: 10000000 (was a 14 MB SVG)', { width: 10_000_000, marks: [dot] }, 'width', '"width" is 10000000 pixels'],
    ['inset: 9999998 (was 12.6 s)', { inset: 9_999_998, marks: [dot] }, 'inset', '"inset" is 9999998 pixels'],
    ['x.insetLeft: -1000000', { x: { insetLeft: -1_000_000 }, marks: [dot] }, 'x.insetLeft', 'pixels'],
    ['x.range: [0, 1000000]', { x: { range: [0, 1_000_000] }, marks: [dot] }, 'x.range[1]', 'pixels'],
    ['tickSpacing: 0.01', { x: { tickSpacing: 0.01 }, marks: [dot] }, 'x.tickSpacing', 'the pixels between ticks'],
    ["an axis mark's ticks", { marks: [dot, { axisX: { ticks: 100_000 } }] }, 'marks[1].axisX.ticks', 'at most 1000'],
    ['tickFormat: 9158482 (was an 82 MB SVG)', { y: { tickFormat: 9_158_482 }, marks: [dot] }, 'y.tickFormat', 'pads each tick label to 9158482 characters'],
  ])('refuses %s with a SpecError at that option', (_, raw, path, message) => {
    const { error, stage } = drawChart(raw);
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).path).toBe(path);
    expect((error as SpecError).message).toContain(message);
    // Fast because refused while the spec is read, before Plot draws a single tick (was: under 1000 ms).
    expect(stage).toBe('spec');
  });

  it('refuses a numeric interval that gives more than 10,000 bands (interval 0.001 was 72 s)', () => {
    const { error, stage } = drawChart({ x: { interval: 0.001 }, marks: [{ barY: { x: 'per_accel', y: 'n' } }] });
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).path).toBe('x.interval');
    // Fast because the bands are counted ((hi − lo) ÷ step, in the message) by the range() Plot asks first, never made.
    expect((error as SpecError).message).toMatch(/^"interval: 0.001" would give [\d,]+ bands or ticks over 2520.27 to 11264(\.\d+)?; at most 10,000$/);
    expect(stage).toBe('draw');
    // A sensible interval still draws.
    expect(drawChart({ x: { interval: 1 }, marks: [{ barY: { x: 'a', y: 'n' } }] }).error).toBeUndefined();
  });

  it('refuses an aspectRatio that makes the chart millions of pixels high (aspectRatio: 1 was 3.2 s and a 22 MB SVG)', () => {
    const { error, stage } = drawChart({ aspectRatio: 1, marks: [dot] });
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).path).toBe('aspectRatio');
    // Fast because the height comes from a probe without axes (one element per row), before the axis is drawn.
    expect((error as SpecError).message).toMatch(/^with "aspectRatio: 1" the chart would be [\d,]+ pixels high; at most 10,000$/);
    expect(stage).toBe('draw');
    // An aspect ratio that fits still draws, and so does an explicit height.
    expect(drawChart({ aspectRatio: 1e4, marks: [dot] }).error).toBeUndefined();
    expect(drawChart({ aspectRatio: 1, height: 400, marks: [dot] }).error).toBeUndefined();
  });

  it('…and in an article that error is on the line of the option', async () => {
    const engine = await fixtureEngine();
    try {
      const plot = 'title: T\nmarks:\n  - dot: { x: accelerator, y: per_accel }\naspectRatio: 1';
      await expectBuildError(renderBody(engine, [fence('sql q', LLAMA_SQL), fence('plot q', plot)].join('\n\n')), { line: 12, column: 1, contains: ['pixels high', '```plot q'] });
    } finally {
      engine.close();
    }
  });

  it('a number format may not pad to more than 100 characters ("1000000" was a megabyte per number)', () => {
    expect(() => numberFormatter('1000000')).toThrow(FormatError);
    expect(() => numberFormatter('101,.0f')).toThrow(/pads each number to 101 characters; at most 100/);
    expect(numberFormatter('10.1f')(3.14159)).toBe('       3.1');
    const error = outcome(() => normalizeTableSpec({ columns: { a: { format: '1000000' } } }, ['a']));
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).path).toBe('columns.a.format');
  });

  describe('query shapes the unit probe cannot rewrite are placed BuildErrors, not crashes', () => {
    let engine: QueryEngine;
    beforeAll(async () => {
      engine = await fixtureEngine();
    });
    afterAll(() => engine.close());
    const placed = (sql: string) => expectBuildError(renderBody(engine, fence('sql q', sql)), { line: 1, contains: ['query "q"'] });

    it('UNION ALL of a table and a constant', () => placed('SELECT result FROM mlperf_inference UNION ALL SELECT 1'));
    // (One subquery in FROM without an alias is traced now: test/units.test.ts.)
    it('two subqueries in FROM, one without an alias', () => placed('SELECT x.result FROM (SELECT * FROM mlperf_inference), (SELECT * FROM mlperf_inference) x'));
    it('a non-ASCII character after the statement', () => placed('SELECT 1 AS a\né'));
    it('a long run of 4-byte characters after the statement', () => placed(`SELECT 1 AS a\n${'😀'.repeat(2042)}`));
  });
});
