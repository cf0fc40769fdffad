/**
 * Every file the site publishes as XML parses as XML whatever the labels hold (issue #14): the chart SVGs, the
 * social card, feed.xml and sitemap.xml, with titles, tags, chart labels and data values holding every kind of
 * character XML treats specially. Parsed by expat (Python's xml.parsers.expat), a conforming XML 1.0 parser that
 * refuses what XML forbids (control characters, U+FFFE, undefined entities, `]]>` in text, `<` in an attribute);
 * the JavaScript parsers at hand (linkedom's XML mode, sax, and the xmldom and fast-xml-parser packages, tried)
 * accept control characters and U+FFFE. A lone surrogate cannot reach a file (UTF-8 has no encoding of it: Node
 * writes U+FFFD), so the strings are also checked for one before they are written.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { normalizeChartSpec } from '../src/core/charts/chart-spec.ts';
import { renderChart } from '../src/core/charts/chart.ts';
import { svgToPng } from '../src/publish/raster.ts';
import { socialCardSvg } from '../src/publish/social-card.ts';
import { escapeXml, xmlChars } from '../src/core/render/xml.ts';
import { astroBuild, type BuildResult } from './site.ts';

/** One of each kind of character XML treats specially. */
const CLASSES: Record<string, string> = {
  NUL: 'a\u0000b',
  'C0 controls': 'a\u0001\u0008\u000B\u000C\u001B\u001Fb',
  'tab, line feed, carriage return': 'a\tb\nc\rd\r\ne',
  'DEL and C1 controls (allowed)': 'a\u007F\u0085\u009Fb',
  'lone high surrogate': 'a\uD800b',
  'lone low surrogate': 'a\uDFFFb',
  'a surrogate pair (allowed)': 'a😀b',
  'U+FFFE and U+FFFF': 'a\uFFFE\uFFFFb',
  'noncharacter U+FDD0 (allowed)': 'a\uFDD0b',
  'end of CDATA': 'a]]>b',
  markup: '<b>x</b> & < > " \' </svg>',
  'entity-like text': '&copy; &nbsp; &#1; &#x0; &#xFFFE; &amp;',
  'CDATA, comment, processing instruction': '<![CDATA[ x ]]> <!-- y --> <?xml z?>',
};
const ALL = Object.values(CLASSES).join(' | ');
/**
 * The published site draws its titles and chart labels into PNGs and cards, where a character no installed font
 * covers fails the build (glyph-check.ts): a noncharacter has no glyph in any font, so the site leaves it out.
 */
const { 'noncharacter U+FDD0 (allowed)': _noncharacter, ...SITE_CLASSES } = CLASSES;
const SITE_ALL = Object.values(SITE_CLASSES).join(' | ');

// Each test starts a Python process (expat) or rasterises; on a loaded CI machine that can take longer than the
// default 5 s.
vi.setConfig({ testTimeout: 60_000 });

interface Parsed {
  error?: string;
  /** All character data, in document order. */
  text: string;
  /** All attribute values, in document order. */
  attributes: string[];
}

/** Parses each document's bytes with expat (one Python process for them all): an error, or its text and attribute values. */
function expat(...documents: (string | Buffer)[]): Parsed[] {
  const script = [
    'import sys, json, base64, xml.parsers.expat',
    'out = []',
    'for doc in json.load(sys.stdin):',
    '    p = xml.parsers.expat.ParserCreate()',
    '    text, attrs = [], []',
    '    p.CharacterDataHandler = text.append',
    '    p.StartElementHandler = lambda name, a: attrs.extend(a.values())',
    '    try:',
    '        p.Parse(base64.b64decode(doc), True)',
    '        out.append({"text": "".join(text), "attributes": attrs})',
    '    except xml.parsers.expat.ExpatError as e:',
    '        out.append({"error": str(e), "text": "", "attributes": []})',
    'print(json.dumps(out))',
  ].join('\n');
  const input = JSON.stringify(documents.map((d) => (typeof d === 'string' ? Buffer.from(d, 'utf8') : d).toString('base64')));
  const run = spawnSync('python3', ['-c', script], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`python3 could not run expat: ${run.stderr}`);
  return JSON.parse(run.stdout) as Parsed[];
}

/** A lone surrogate (a paired one is one code point to a `u` regex). */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function expectWellFormed(xml: string, what: string): Parsed {
  expect(LONE_SURROGATE.test(xml), `${what} holds a lone surrogate`).toBe(false);
  const [parsed] = expat(xml);
  expect(parsed!.error, `${what} must be well-formed XML`).toBeUndefined();
  return parsed!;
}

describe('the XML escaper (src/core/render/xml.ts)', () => {
  it('the expat used here is strict: it refuses what XML forbids', () => {
    const bad = ['<a>\u0001</a>', '<a>\uFFFE</a>', '<a>&nbsp;</a>', '<a>]]></a>', '<a b="<"/>', '<a>&#1;</a>', '<a>&</a>'];
    const results = expat(...bad, '<a b="&quot;">&amp;&#x10000;</a>');
    expect(results).toHaveLength(bad.length + 1);
    // expat's own complaint, with its place (e.g. "not well-formed (invalid token): line 1, column 3").
    bad.forEach((doc, i) => expect(results[i]!.error, JSON.stringify(doc)).toMatch(/: line 1, column \d+$/));
    expect(results.at(-1)!.error).toBeUndefined();
  });

  it('makes every kind of character safe in text and in attributes, keeping all that XML allows', () => {
    const cases = [...Object.entries(CLASSES), ['all together', ALL] as const];
    const docs = cases.map(([, value]) => `<r a="${escapeXml(value)}" b='${escapeXml(value)}'>${escapeXml(value)}</r>`);
    for (const doc of docs) expect(LONE_SURROGATE.test(doc)).toBe(false);
    const results = expat(...docs);
    for (const [i, [name, value]] of cases.entries()) {
      const parsed = results[i]!;
      expect(parsed.error, name).toBeUndefined();
      const kept = xmlChars(value);
      expect(parsed.text, name).toBe(kept);
      // A parser turns tabs and line feeds in an attribute into spaces; a carriage return, escaped, is kept.
      expect(parsed.attributes, name).toEqual([kept.replace(/[\t\n]/g, ' '), kept.replace(/[\t\n]/g, ' ')]);
    }
    expect(xmlChars(CLASSES.NUL!)).toBe('ab');
    expect(xmlChars(CLASSES['lone high surrogate']!)).toBe('ab');
    expect(xmlChars(CLASSES['U+FFFE and U+FFFF']!)).toBe('ab');
    expect(xmlChars(CLASSES['a surrogate pair (allowed)']!)).toBe('a😀b');
    expect(xmlChars(CLASSES['DEL and C1 controls (allowed)']!)).toBe(CLASSES['DEL and C1 controls (allowed)']);
  });
});

describe("a chart's standalone SVG and the social card", () => {
  const rows = Object.entries(CLASSES).map(([name, value], i) => ({ label: `${i}: ${value}`, kind: name, group: value, v: i + 1 }));
  let svg: string;
  beforeAll(() => {
    const spec = normalizeChartSpec(
      {
        title: ALL,
        description: ALL,
        y: { label: ALL },
        x: { label: ALL },
        color: { legend: true },
        marks: [{ barX: { x: 'v', y: 'label', fill: 'group', title: 'label' } }, { text: { x: 'v', y: 'label', text: 'label' } }],
      },
      ['label', 'kind', 'group', 'v'],
    );
    svg = renderChart(spec, rows, 'q').svg;
  });

  it('is well-formed XML with labels, tooltips, legend and aria text holding every kind of character', async () => {
    const parsed = expectWellFormed(svg, 'the chart SVG');
    // What XML allows is there as text: the labels as written, entities and markup as the characters they are.
    expect(parsed.text).toContain('&copy; &nbsp; &#1; &#x0; &#xFFFE; &amp;');
    expect(parsed.text).toContain('a]]>b');
    expect(parsed.text).toContain('<b>x</b> & < > " \' </svg>');
    expect(parsed.attributes.join('\n')).toContain('<![CDATA[ x ]]> <!-- y --> <?xml z?>');
    // And librsvg, which makes the PNGs, reads it.
    await expect(svgToPng(svg, 1)).resolves.toBeInstanceOf(Buffer);
  });

  it('the social card, with such a title and the chart, is well-formed XML', async () => {
    const card = socialCardSvg({ title: ALL, version: 1, published: `2025-01-01${CLASSES['C0 controls']}`, chart: svg });
    expectWellFormed(card, 'the social card');
    await expect(svgToPng(card, 1)).resolves.toBeInstanceOf(Buffer);
  });
});

describe('a published site whose titles, summaries, tags and chart data hold every kind of character', () => {
  let build: BuildResult;
  let content: string;
  /** YAML double-quoted escapes for every kind of character (YAML text itself may not hold control characters). */
  const yamlText = JSON.stringify(SITE_ALL).replace(/[\u0000-\u001F\u007F-\u009F\uD800-\uDFFF\uFDD0\uFFFE\uFFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  // SQL string of every kind of character DuckDB's UTF-8 strings can hold (no lone surrogates there).
  const sqlLabels = Object.values(SITE_CLASSES)
    .map((v, i) => `(${[...v].map((c) => (/[\u0000\uD800-\uDFFF]/u.test(c) ? "'?'" : `chr(${c.codePointAt(0)})`)).join(' || ')}, ${i + 1})`)
    .join(',\n  ');

  beforeAll(() => {
    content = mkdtempSync(join(tmpdir(), 'bw-xml-content-'));
    const dir = join(content, 'reports', 'xml-hostile');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'v1.md'),
      [
        '---',
        `title: ${yamlText}`,
        'version: 1',
        'published: 2025-10-01',
        `summary: ${yamlText}`,
        `tags: ["ok \\u0001 tag \\uFFFE", "x ]]> & < y", "é \\uD800"]`,
        'authors: [Benchwright tests]',
        '---',
        '',
        '## Labels',
        '',
        '```sql labels',
        `SELECT label, v FROM (VALUES\n  ${sqlLabels}) t(label, v)`,
        '```',
        '',
        '```plot labels',
        `title: ${yamlText}`,
        'marks:',
        '  - barX: { x: v, y: label, fill: label, title: label }',
        '```',
        '',
      ].join('\n'),
    );
    build = astroBuild({ content, data: 'test/fixtures/data', env: { BENCHWRIGHT_PUBLISH: '1' } });
  }, 180_000);
  afterAll(() => {
    rmSync(content, { recursive: true, force: true });
    if (build) rmSync(dirname(build.outDir), { recursive: true, force: true });
  });

  it('builds (the chart PNGs and the social card, from their SVGs, included)', () => {
    expect(build.code, build.output).toBe(0);
    expect(readdirSync(join(build.outDir, 'social'))).toEqual(['xml-hostile-v1.png']);
  });

  it('writes feed.xml, sitemap.xml and the chart SVGs as well-formed XML, the text kept', () => {
    expect(build.code, build.output).toBe(0);
    const feed = expectWellFormed(readFileSync(join(build.outDir, 'feed.xml'), 'utf8'), 'feed.xml');
    expect(feed.text).toContain('&copy; &nbsp; &#1; &#x0; &#xFFFE; &amp;');
    expect(feed.text).toContain('x ]]> & < y');
    expectWellFormed(readFileSync(join(build.outDir, 'sitemap.xml'), 'utf8'), 'sitemap.xml');
    const charts = join(build.outDir, 'charts', 'xml-hostile', 'v1');
    const svgs = readdirSync(charts).filter((f) => f.endsWith('.svg'));
    expect(svgs.length).toBeGreaterThan(0);
    const parsed = expat(...svgs.map((file) => readFileSync(join(charts, file))));
    svgs.forEach((file, i) => expect(parsed[i]!.error, file).toBeUndefined());
  });
});
