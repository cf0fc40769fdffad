import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryEngine } from '../src/core/sql/query-engine.ts';
import { LLAMA_SQL, expectBuildError, fence, fixtureEngine, renderBody, renderFile } from './helpers.ts';

let engine: QueryEngine;
beforeAll(async () => {
  engine = await fixtureEngine();
});
afterAll(() => engine.close());

const doc = (html: string) => parseHTML(`<!doctype html><html><body>${html}</body></html>`).document;

describe('blocks', () => {
  it('renders a plot block to an inline SVG with one bar per row, title and caption in HTML', async () => {
    const body = [
      fence('sql llama', LLAMA_SQL),
      fence('plot llama', 'title: Llama 2 70B per accelerator\ncaption: MLPerf Inference v5.1\nmarks:\n  - barX: { y: accelerator, x: per_accel, fill: scenario }\n  - ruleX: [0]'),
    ].join('\n\n');
    const { html, data } = await renderBody(engine, body);
    const { rows } = await engine.query(LLAMA_SQL);
    const page = doc(html);
    const figure = page.querySelector('figure.bw-chart')!;
    expect(figure.getAttribute('id')).toBe('figure-1');
    expect(figure.querySelector('figcaption')!.textContent).toContain('Figure 1. Llama 2 70B per accelerator');
    expect(figure.querySelector('.bw-figure-caption')!.textContent).toBe('MLPerf Inference v5.1');
    // Two drawings of the chart (as sized, and for phones: chart-layout.ts), each with every bar.
    for (const variant of ['wide', 'narrow']) expect(figure.querySelectorAll(`.bw-chart-${variant} g[aria-label="bar"] rect`).length).toBe(rows.length);
    const bars = figure.querySelectorAll('.bw-chart-wide g[aria-label="bar"] rect');
    expect(bars.length).toBe(rows.length);
    expect(rows.length).toBeGreaterThan(3);
    // Every accelerator the query returns is a tick label on the y axis.
    const ticks = [...figure.querySelectorAll('.bw-chart-wide g[aria-label="y-axis tick label"] text')].map((t) => t.textContent);
    expect(new Set(ticks)).toEqual(new Set(rows.map((r) => r.accelerator)));
    // Accessible description, the SQL, the rows and a CSV download.
    expect(page.getElementById(figure.getAttribute('aria-describedby')!)!.textContent).toMatch(/barX chart of per_accel by accelerator.*rows from query llama/);
    expect(figure.querySelector('details.bw-data pre code')!.textContent).toBe(LLAMA_SQL);
    expect(figure.querySelectorAll('details.bw-data tbody tr').length).toBe(rows.length);
    const csv = decodeURIComponent(figure.querySelector('a[download="llama.csv"]')!.getAttribute('href')!.replace('data:text/csv;charset=utf-8,', ''));
    expect(csv.split('\r\n')[0]).toBe('accelerator,scenario,per_accel');
    expect(csv.trim().split('\r\n').length).toBe(rows.length + 1);
    // The SQL block itself is not left in the page as a loose code block.
    expect([...page.querySelectorAll('pre')].filter((pre) => !pre.closest('figure, .bw-methods')).length).toBe(0);
    expect(page.querySelectorAll('figure pre').length).toBe(1);
    expect(data.figures).toEqual([{ id: 'figure-1', number: 'Figure 1', kind: 'chart', query: 'llama', title: 'Llama 2 70B per accelerator', svg: expect.stringMatching(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/) }]);
  });

  it('renders a table block with labels, units and d3 formats', async () => {
    const body = [
      fence('sql llama', LLAMA_SQL),
      fence('table llama', 'title: Per accelerator\ncolumns:\n  accelerator: Accelerator\n  per_accel: { label: Throughput, unit: tokens/s per accelerator, format: ",.0f" }'),
    ].join('\n\n');
    const { html } = await renderBody(engine, body);
    const { rows } = await engine.query(LLAMA_SQL);
    const table = doc(html).querySelector('figure.bw-table table')!;
    expect([...table.querySelectorAll('thead th')].map((th) => th.textContent)).toEqual(['Accelerator', 'Throughput (tokens/s per accelerator)']);
    const firstRow = [...table.querySelectorAll('tbody tr')[0]!.querySelectorAll('td')].map((td) => td.textContent);
    expect(firstRow).toEqual([rows[0]!.accelerator, Math.round(rows[0]!.per_accel as number).toLocaleString('en-US')]);
    expect(table.querySelectorAll('tbody tr').length).toBe(rows.length);
  });

  it('renders an inline value from a one-row query that reads another named query', async () => {
    const body = [
      fence('sql llama', LLAMA_SQL),
      fence('sql best', 'SELECT max(per_accel) AS top, count(*) AS n FROM llama'),
      'The best is :value[best.top]{format=",.1f"} tokens/s over :value[best.n] rows, at 16:9.',
    ].join('\n\n');
    const { html } = await renderBody(engine, body);
    const { rows } = await engine.query(LLAMA_SQL);
    const top = Math.max(...rows.map((r) => r.per_accel as number));
    const expected = top.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    expect(doc(html).querySelector('p')!.textContent).toBe(`The best is ${expected} tokens/s over ${rows.length} rows, at 16:9.`);
  });

  it('keeps an unnamed ```sql fence as a code sample and runs nothing', async () => {
    const before = engine.stats.executed;
    const { html } = await renderBody(engine, fence('sql', 'SELECT * FROM nowhere'));
    expect(doc(html).querySelector('pre code')!.textContent).toContain('SELECT * FROM nowhere');
    expect(engine.stats.executed).toBe(before);
  });

  it('gives headings ids for the table of contents', async () => {
    const { headings } = await renderBody(engine, '## Llama 2 70B\n\n### Per accelerator\n\n## Llama 2 70B');
    expect(headings).toEqual([
      { depth: 2, slug: 'llama-2-70b', text: 'Llama 2 70B' },
      { depth: 3, slug: 'per-accelerator', text: 'Per accelerator' },
      { depth: 2, slug: 'llama-2-70b-1', text: 'Llama 2 70B' },
    ]);
  });

  it('escapes data values in tables and charts', async () => {
    const body = [fence('sql evil', "SELECT '<script>alert(1)</script>' AS name, 1 AS v"), fence('table evil', ''), fence('plot evil', 'marks:\n  - barY: { x: name, y: v }')].join('\n\n');
    const { html } = await renderBody(engine, body);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });
});

describe('errors name the file, the line and what to do', () => {
  const sql = fence('sql llama', LLAMA_SQL); // lines 1–6

  it('a SQL typo points at the line of the typo', async () => {
    const body = fence('sql llama', 'SELECT accelerator\nFROM mlperf_inferenc\nWHERE round = \'v5.1\'');
    await expectBuildError(renderBody(engine, body), { line: 3, contains: ['SQL error in query "llama"', 'mlperf_inferenc does not exist', 'in block: ```sql llama'] });
  });

  it('a SQL error in a query that reads another query is placed in its own block', async () => {
    const body = `${sql}\n\n${fence('sql best', 'SELECT max(per_acel) AS top\nFROM llama')}`;
    await expectBuildError(renderBody(engine, body), { line: 9, contains: ['"per_acel" not found', 'queries it reads (llama)'] });
  });

  it('an unknown query', async () => {
    await expectBuildError(renderBody(engine, `${sql}\n\n${fence('plot lama', 'marks: [ { barY: { x: accelerator, y: per_accel } } ]')}`), {
      line: 8, column: 1, contains: ['unknown query "lama"', "this article's queries are: llama"],
    });
  });

  it('bad YAML in a chart, at its own line', async () => {
    await expectBuildError(renderBody(engine, `${sql}\n\n${fence('plot llama', 'title: ok\nmarks:\n  - barY: { x: accelerator, y: per_accel\n')}`), {
      line: 11, contains: ['invalid YAML'],
    });
  });

  it('an unknown column in a chart channel, at the channel', async () => {
    const error = await expectBuildError(renderBody(engine, `${sql}\n\n${fence('plot llama', 'marks:\n  - barY:\n      x: accelerator\n      y: per_acc')}`), {
      line: 12, contains: ['unknown column "per_acc" in channel y', 'the query returns: accelerator, scenario, per_accel'],
    });
    expect(error.block).toBe('```plot llama');
  });

  it('an unknown mark', async () => {
    await expectBuildError(renderBody(engine, `${sql}\n\n${fence('plot llama', 'marks:\n  - bars: { x: accelerator }')}`), {
      line: 10, contains: ['unknown mark "bars"', "use one of Plot's marks"],
    });
    // A Plot function that is not a mark is named as such; a transform gets its own message (author-errors.test.ts).
    await expectBuildError(renderBody(engine, `${sql}\n\n${fence('plot llama', 'marks:\n  - legend: { x: accelerator }')}`), {
      line: 10, contains: ['unknown mark "legend" (it is not a mark, or it needs a browser)'],
    });
    await expectBuildError(renderBody(engine, `${sql}\n\n${fence('plot llama', 'marks:\n  - binX: { x: accelerator }')}`), {
      line: 10, contains: ['"binX" is a Plot transform; transforms are not available in blocks'],
    });
  });

  it('an unknown Plot option', async () => {
    await expectBuildError(renderBody(engine, `${sql}\n\n${fence('plot llama', 'colour: { legend: true }\nmarks: [ { dot: { x: per_accel } } ]')}`), {
      line: 9, contains: [`unknown chart option "colour" (did you mean "color"?)`],
    });
  });

  it('a misspelt option inside a mark, with the nearest name Plot knows for that mark', async () => {
    await expectBuildError(renderBody(engine, `${sql}\n\n${fence('plot llama', 'marks:\n  - dot:\n      x: per_accel\n      strokeWidht: 2')}`), {
      line: 12, contains: ['unknown option "strokeWidht" in mark dot', 'did you mean "strokeWidth"?'],
    });
    // An option real for one mark is still refused on a mark that does not take it.
    await expectBuildError(renderBody(engine, `${sql}\n\n${fence('plot llama', 'marks:\n  - barY: { x: accelerator, y: per_accel, symbol: square }')}`), {
      line: 10, contains: ['unknown option "symbol" in mark barY'],
    });
  });

  it('the list of each mark\'s options matches the installed Plot\'s type declarations', async () => {
    const { markOptionNames } = await import('../scripts/plot-mark-options.ts');
    const { MARK_OPTIONS } = await import('../src/core/charts/plot-mark-options.ts');
    const fromTypes = markOptionNames();
    expect(fromTypes).toEqual(MARK_OPTIONS);
    expect(fromTypes.barY).toContain('fill');
    expect(fromTypes.barY).not.toContain('colour');
  });

  it("the list of Plot's functions (for the not-a-mark hint) matches the installed Plot, by its types and at run time", async () => {
    const { plotFunctionNames } = await import('../scripts/plot-mark-options.ts');
    const { PLOT_FUNCTIONS } = await import('../src/core/charts/plot-mark-options.ts');
    const Plot = await import('@observablehq/plot');
    const atRunTime = Object.entries(Plot).filter(([, v]) => typeof v === 'function').map(([k]) => k);
    expect(plotFunctionNames()).toEqual([...PLOT_FUNCTIONS]);
    for (const name of ['barY', 'selectFirst', 'pointer']) expect(PLOT_FUNCTIONS.has(name) && atRunTime.includes(name)).toBe(true);
    expect([...PLOT_FUNCTIONS].filter((name) => !atRunTime.includes(name))).toEqual([]);
  });

  it("Plot's own message when Plot rejects an option", async () => {
    await expectBuildError(renderBody(engine, `${sql}\n\n${fence('plot llama', 'x: { type: logarithmic }\nmarks: [ { dot: { x: per_accel } } ]')}`), {
      line: 8, contains: ['Plot could not draw this chart', 'unknown scale type: logarithmic'],
    });
  });

  it('no rows where a chart needs them, unless the block allows it', async () => {
    const empty = fence('sql none', "SELECT accelerator, result FROM mlperf_inference WHERE round = 'v9.9'");
    await expectBuildError(renderBody(engine, `${empty}\n\n${fence('plot none', 'marks: [ { barY: { x: accelerator, y: result } } ]')}`), {
      line: 5, contains: ['query "none" returned no rows', 'allowEmpty'],
    });
    await expectBuildError(renderBody(engine, `${empty}\n\n${fence('table none', '')}`), { line: 5, contains: ['returned no rows, so the table would be empty'] });
    const allowed = await renderBody(engine, `${empty}\n\n${fence('plot none', 'allowEmpty: true\nmarks: [ { barY: { x: accelerator, y: result } } ]')}`);
    expect(allowed.html).toContain('<svg');
  });

  it('a column that is NULL in every row, which would draw a blank chart', async () => {
    const q = fence('sql q', 'SELECT accelerator, NULL::DOUBLE AS v FROM mlperf_inference');
    await expectBuildError(renderBody(engine, `${q}\n\n${fence('plot q', 'marks:\n  - barY: { x: accelerator, y: v }')}`), { line: 7, contains: ['column "v" is empty'] });
  });

  it('an unknown column, a bad format and a many-row query in :value', async () => {
    const body = `${sql}\n\n${fence('sql one', 'SELECT 1.5 AS x')}\n\n`;
    await expectBuildError(renderBody(engine, `${body}Text :value[one.y] here.`), { line: 12, column: 6, contains: ['query "one" has no column "y"', 'its columns are: x'] });
    await expectBuildError(renderBody(engine, `${body}Text :value[one.x]{format="q"}.`), { line: 12, contains: ['invalid format: q (unknown type "q")'] });
    await expectBuildError(renderBody(engine, `${body}Text :value[llama.per_accel].`), { line: 12, contains: ['exactly one row; "llama" returned'] });
    await expectBuildError(renderBody(engine, `${body}Text :vlue[one.x].`), { line: 12, contains: ['unknown directive ":vlue"'] });
  });

  it('an unknown table column', async () => {
    await expectBuildError(renderBody(engine, `${sql}\n\n${fence('table llama', 'columns:\n  accel: Accelerator')}`), { line: 10, contains: ['unknown column "accel"'] });
  });

  it('duplicate query names, a name that hides a table, and a cycle naming both blocks', async () => {
    await expectBuildError(renderBody(engine, `${sql}\n\n${sql}`), { line: 8, contains: ['query "llama" is defined twice (first at line 1)'] });
    await expectBuildError(renderBody(engine, fence('sql accelerators', 'SELECT 1')), { line: 1, contains: ['also the name of a data table'] });
    const cycle = `${fence('sql a', 'SELECT * FROM b')}\n\n${fence('sql b', 'SELECT * FROM a')}`;
    await expectBuildError(renderBody(engine, cycle), { line: 1, contains: ['a (line 1) and b (line 5) read from each other'] });
  });

  it('a plot block without a query name', async () => {
    await expectBuildError(renderBody(engine, fence('plot', 'marks: []')), { line: 1, contains: ['a plot block needs the name of the query'] });
  });
});

describe('figure numbers and cross-references', () => {
  const blocks = [
    fence('sql llama', LLAMA_SQL),
    'As @fig-llama shows (and @tbl-llama lists), mail me@fig-x.org is not a reference.',
    fence('plot llama', 'label: fig-llama\nmarks:\n  - barX: { y: accelerator, x: per_accel }'),
    fence('table llama', 'label: tbl-llama'),
  ];

  it('a label becomes the figure\'s id and a reference becomes a link with its number', async () => {
    const { html } = await renderBody(engine, blocks.join('\n\n'));
    const doc = parseHTML(`<body>${html}</body>`).document;
    const links = [...doc.querySelectorAll('p a.bw-xref')].map((a) => [a.textContent, a.getAttribute('href')]);
    expect(links).toEqual([['Figure 1', '#fig-llama'], ['Table 1', '#tbl-llama']]);
    expect(doc.querySelector('p')!.textContent).toBe('As Figure 1 shows (and Table 1 lists), mail me@fig-x.org is not a reference.');
    expect(doc.getElementById('fig-llama')!.tagName.toLowerCase()).toBe('figure');
    expect(doc.getElementById('tbl-llama')!.querySelector('figcaption')!.textContent).toContain('Table 1.');
    // The methods section names figures by their numbers, and points to the figure's SQL rather than repeating it.
    const query = doc.getElementById('query-llama')!;
    expect([...query.querySelectorAll('a')].map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['Figure 1', '#fig-llama'], ['Table 1', '#tbl-llama'], ['Figure 1', '#fig-llama'],
    ]);
    expect(query.textContent).toContain('Its SQL is in the data part of Figure 1.');
    expect(query.querySelector('pre')).toBeNull();
    expect(doc.querySelectorAll('pre.bw-sql').length).toBe(2);
  });

  it('an unknown label, a label of the wrong kind and a duplicate label fail', async () => {
    await expectBuildError(renderBody(engine, blocks.join('\n\n').replace('@tbl-llama', '@tbl-lama')), { line: 8, column: 26, contains: ['unknown figure or table label "@tbl-lama"', 'this article\'s labels are: fig-llama, tbl-llama'] });
    await expectBuildError(renderBody(engine, blocks.join('\n\n').replace('label: tbl-llama', 'label: fig-table')), { line: 17, contains: ['a table label must look like tbl-name'] });
    await expectBuildError(renderBody(engine, [...blocks, fence('plot llama', 'label: fig-llama\nmarks: [ { dot: { x: per_accel } } ]')].join('\n\n')), { line: 21, contains: ['label "fig-llama" is used twice'] });
  });
});

describe('front matter', () => {
  const good = ['---', 'title: A report', 'version: 1', 'published: 2025-09-10', 'summary: One line.', 'tags: [mlperf]', 'authors: [Benchwright]', '---', '', 'Text.'];

  it('parses the fields, dates as YYYY-MM-DD', async () => {
    const { frontMatter } = await renderFile(engine, good.join('\n'));
    expect(frontMatter).toEqual({ title: 'A report', version: 1, published: '2025-09-10', summary: 'One line.', tags: ['mlperf'], authors: ['Benchwright'] });
  });

  it('names the field and its line when a field has the wrong type', async () => {
    const bad = good.map((l) => (l.startsWith('version') ? 'version: two' : l));
    await expectBuildError(renderFile(engine, bad.join('\n')), { line: 3, contains: ['front matter field "version"', 'expected number'] });
  });

  it('names a missing field, an unknown field and broken YAML', async () => {
    await expectBuildError(renderFile(engine, good.filter((l) => !l.startsWith('summary')).join('\n')), { line: 1, contains: ['field "summary"'] });
    await expectBuildError(renderFile(engine, good.map((l) => (l.startsWith('tags') ? 'tgas: [x]' : l)).join('\n')), { line: 6, contains: ['unknown front matter field "tgas"', 'the fields are: title'] });
    await expectBuildError(renderFile(engine, good.map((l) => (l.startsWith('title') ? 'title: [unclosed' : l)).join('\n')), { line: 4, contains: ['invalid YAML in the front matter', 'missed comma between flow collection entries'] });
  });

  it('places errors in the body on the file\'s own lines, after the front matter', async () => {
    const source = [...good, '', fence('sql q', 'SELECT nope FROM mlperf_inference')].join('\n');
    await expectBuildError(renderFile(engine, source), { line: 13, contains: ['"nope" not found'] });
  });
});

describe('raw HTML, links and the sanitizer (safe-html.ts)', () => {
  it('keeps the allowed formatting elements, drops comments, and shows code as text', async () => {
    const body = 'H<sub>2</sub>O, <kbd>Ctrl</kbd>, <abbr title="World Health Organization" lang="en">WHO</abbr>, `<script>alert(1)</script>` and \\<b>.\n\n<!-- a note: <script>alert(2)</script> -->\n\n<details open>\n<summary>More</summary>\n\nInside.\n\n</details>';
    const { html, sanitized } = await renderBody(engine, body);
    expect(html).toBe('<p>H<sub>2</sub>O, <kbd>Ctrl</kbd>, <abbr title="World Health Organization" lang="en">WHO</abbr>, <code>&#x3C;script>alert(1)&#x3C;/script></code> and &#x3C;b>.</p>\n<details open>\n<summary>More</summary>\n<p>Inside.</p>\n</details>');
    expect(sanitized).toEqual([]);
  });

  it('refuses any other raw HTML element or attribute, at its line and column, saying what to write instead', async () => {
    await expectBuildError(renderBody(engine, 'Text.\n\n<script>alert(1)</script>'), { line: 3, column: 1, contains: ['raw HTML <script> is not allowed in an article', 'a report runs no script of its own'] });
    await expectBuildError(renderBody(engine, 'A picture <img src=x onerror=alert(1)> here.'), { line: 1, column: 11, contains: ['raw HTML <img> is not allowed', 'write an image in Markdown: ![what it shows]'] });
    await expectBuildError(renderBody(engine, 'Text\n\n<div>\n  <iframe src="https://example.org"></iframe>\n</div>'), { line: 3, column: 1, contains: ['raw HTML <div> is not allowed'] });
    await expectBuildError(renderBody(engine, 'Text\n\n<p>\n  <iframe src="https://example.org"></iframe>\n</p>'), { line: 3, contains: ['raw HTML <p> is not allowed'] });
    await expectBuildError(renderBody(engine, 'Hover <b onmouseover="alert(1)">here</b>.'), { line: 1, column: 7, contains: ['the attribute onmouseover of raw HTML <b> is not allowed', 'event handlers run script and are never published'] });
    await expectBuildError(renderBody(engine, 'Red <span style="color: red">here</span>.'), { line: 1, column: 5, contains: ['the attribute style of raw HTML <span>'] });
    await expectBuildError(renderBody(engine, 'x\n\n<details>\n<summary onclick="alert(1)">More</summary>\n</details>'), { line: 4, column: 1, contains: ['the attribute onclick of raw HTML <summary>'] });
  });

  it('refuses Markdown links, images and link definitions whose address is not allowed, as the browser would read it', async () => {
    await expectBuildError(renderBody(engine, 'A [link](javascript:alert(1)).'), { line: 1, column: 3, contains: ['the link "javascript:alert(1)" uses the javascript: scheme, which is not allowed', 'links may be http(s), mailto, relative or #fragment addresses'] });
    await expectBuildError(renderBody(engine, 'A [link](javascript&colon;alert(1)).'), { line: 1, column: 3, contains: ['the link "javascript:alert(1)"'] });
    await expectBuildError(renderBody(engine, 'Text\n\n![chart](data:image/svg+xml;base64,PHN2Zz4=)'), { line: 3, column: 1, contains: ['the image "data:image/svg+xml;base64,PHN2Zz4=" uses the data: scheme'] });
    await expectBuildError(renderBody(engine, 'See <vbscript:msgbox(1)>.'), { line: 1, column: 5, contains: ['the link "vbscript:msgbox(1)" uses the vbscript: scheme'] });
    await expectBuildError(renderBody(engine, 'See [the note][n].\n\n[n]: JAVA%0aSCRIPT:alert(1)\n[m]: <java\tscript:alert(1)>'), { line: 4, contains: ['the link definition [m]'] });
    const { html } = await renderBody(engine, '[web](https://example.org/?a=1&b=2), [mail](mailto:a@example.org), [here](#x), [there](../other/), ![img](/img/x.png)');
    expect(html).toContain('<a href="https://example.org/?a=1&#x26;b=2">web</a>');
  });

  it("leaves everything Benchwright writes as it is: figures, Plot's SVG and legends, tables, values, claims, Markdown", async () => {
    const body = [
      fence('sql llama', LLAMA_SQL),
      'Text with a footnote[^1], a [link](https://example.org "title") and an ![image](/img/x.png "title").',
      fence('plot llama', 'label: fig-llama\ntitle: Per accelerator\ncolor: { legend: true }\nmarginLeft: 200\nmarks:\n  - barX: { y: accelerator, x: per_accel, fill: scenario, title: accelerator, className: bars }\n  - ruleX: [0]'),
      'As @fig-llama shows.',
      fence('sql best', 'SELECT max(per_accel) AS top, count(*) AS n FROM llama'),
      'The best is :value[best.top]{format=",.0f"} tokens/s.',
      fence('check best', 'n > 3'),
      fence('table llama', 'columns:\n  accelerator: Accelerator\n  per_accel: { label: Per accelerator, format: ",.0f" }'),
      '- [x] done\n- [ ] to do\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n> quoted\n\n```js\ncode()\n```\n\n---\n\n~~old~~ *new*\n\n[^1]: The note.',
    ].join('\n\n');
    const { html, sanitized } = await renderBody(engine, body);
    expect(sanitized).toEqual([]);
    const { inspectHtml } = await import('../src/core/render/safe-html.ts');
    expect(inspectHtml(html)).toMatchObject({ clean: true, removed: [] });
    // It did look at all of it: the chart's legend, the claim and the footnotes are there.
    expect(html).toContain('-swatches');
    expect(html).toContain('class="bw-claim-mark"');
    expect(html).toContain('data-footnote-ref');
  });

  it('cleans what only the joined article makes dangerous: a tag left open swallowing the next paragraphs', async () => {
    // Each piece alone is harmless (an unfinished tag, then text); joined, the text would be the tag's attributes.
    const body = 'Before.\n\n<details title="\n\n" open ontoggle="alert(1)" x="';
    const { html, sanitized } = await renderBody(engine, body);
    expect(html).toBe('<p>Before.</p>\n');
    expect(sanitized[0]).toContain('the HTML does not end where it began');
  });
});

describe('the sanitizer on HTML as the browser parses it (safeHtml)', async () => {
  const { safeHtml, inspectHtml } = await import('../src/core/render/safe-html.ts');
  const cases: [string, string, string][] = [
    ['a script', '<p>x</p><script>alert(1)</script>', '<p>x</p>'],
    ['an event handler', '<p onclick="alert(1)">x</p>', '<p>x</p>'],
    ['attributes for the page itself', '<p>x</p><body onload="alert(1)">', '<p>x</p>'],
    ['a closing tag of the page around it', '<p>x</p></div><img src=x onerror=alert(1)>', '<p>x</p><img src="x">'],
    ['a link with a character reference', '<a href="javascript&colon;alert(1)">x</a>', '<a>x</a>'],
    ['a link in SVG', '<svg><a href="javascript:alert(1)"><text>x</text></a></svg>', '<svg><a><text>x</text></a></svg>'],
    ['an image in SVG', '<svg><image href="data:image/svg+xml,x"></image></svg>', '<svg><image></image></svg>'],
    ['CSS that loads a refused address', '<svg style="background: url(javascript:alert(1))"><rect fill="url(data:x)"></rect></svg>', '<svg><rect></rect></svg>'],
    ['a style element that loads one', '<div><style>.x { background: url(javascript:alert(1)) }</style></div>', '<div></div>'],
    ['a data: link that is not a CSV download', '<a class="bw-download" download href="data:text/html,x">x</a>', '<a class="bw-download" download>x</a>'],
    ['a class that is not Benchwright\'s', '<p class="bw-claim x-y">x</p>', '<p class="bw-claim">x</p>'],
    ['an SVG element outside an SVG', '<path d="M0"></path><title>t</title>', ''],
    ['markup that changes meaning when parsed again', '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">', '<svg></svg><p></p><img src="1">">'],
    ['a style sheet for more than a chart', '<div><style>:where(.plot-d6a7b5) { display: block; } body { display: none; }</style></div>', '<div></div>'],
    ['an unfinished tag at the end', '<p>x</p><b title="', '<p>x</p>'],
    ['an unclosed comment', '<p>x</p><!-- <p>y</p>', '<p>x</p>'],
  ];
  it.each(cases)('removes %s', (_, input, output) => {
    const { html, removed } = safeHtml(input);
    expect(html).toBe(output);
    expect(removed.length).toBeGreaterThan(0);
    expect(inspectHtml(html).clean).toBe(true);
  });

  it('publishes clean HTML byte for byte, however it is written', () => {
    const html = `<figure class="bw-figure bw-chart" id="figure-1"><p class='bw-note'>It&#39;s "quoted" &amp; <b>bold</b> &gt; x</p><a class="bw-download" download="q.csv" href="data:text/csv;charset=utf-8,a%2Cb">CSV</a><svg viewBox="0 0 1 1"><path d="M0,0" /></svg></figure>`;
    expect(safeHtml(html)).toEqual({ html, removed: [] });
  });
});
