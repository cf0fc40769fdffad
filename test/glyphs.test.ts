/**
 * Any script: the missing-glyph check of the publish build (chart PNGs, social cards, PDFs), PNG and card caches
 * keyed by the installed fonts, and a Chinese report printed and drawn with CJK fonts. Real fontconfig, sharp,
 * Astro and Chromium; needs fonts-noto-cjk (`bash scripts/setup.sh --browser`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';
import { textUnits } from '../src/core/charts/font-stacks.ts';
import { splitFrontMatter } from '../src/core/article/front-matter.ts';
import { missingGlyphs, pageTexts, svgTexts } from '../src/publish/fonts/glyph-check.ts';
import { cachedPngFile } from '../src/publish/image-cache.ts';
import { fileStore } from '../src/publish/file-store.ts';
import { WORD_TABLES as CORE_WORDS, type ReportWords } from '../src/core/render/report-words.ts';
import { MLPERF_WORD_TABLES } from '../src/mlperf/mlperf-words.ts';
import { installedFonts } from '../src/publish/fonts/installed-fonts.ts';
import { socialCardSvg, wrap } from '../src/publish/social-card.ts';
import { ROOT, childEnv } from './helpers.ts';

/** The toolkit's words and MLPerf content's (mlperf-words.ts), per language. */
const WORD_TABLES: Record<string, ReportWords> = Object.fromEntries(Object.keys(CORE_WORDS).map((lang) => [lang, { ...CORE_WORDS[lang]!, ...MLPERF_WORD_TABLES[lang]! }]));
const OLD_HUNGARIAN = '\u{10C80}'; // no installed font covers it, Noto CJK included (TOOLCHAIN §4.8)
const FIXTURE = readFileSync(join(ROOT, 'test/fixtures/site/content/reports/fixture-report/v1.md'), 'utf8');
mkdirSync(join(ROOT, '.tmp'), { recursive: true });

/** `node scripts/build.ts --publish` of one fixture report, in folders of its own under .tmp/. */
function publish(name: string, article: string): { code: number | null; output: string; out: string } {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const work = mkdtempSync(join(ROOT, '.tmp', `bw-glyphs-${name}-`));
  mkdirSync(join(work, 'content/reports', name), { recursive: true });
  writeFileSync(join(work, 'content/reports', name, 'v1.md'), article);
  const out = join(work, 'site');
  const run = spawnSync(process.execPath, [join(ROOT, 'scripts/build.ts'), '--publish', '--quiet'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: childEnv({ ASTRO_TELEMETRY_DISABLED: '1', BENCHWRIGHT_CONTENT_DIR: join(work, 'content'), BENCHWRIGHT_DATA_DIR: 'test/fixtures/data', BENCHWRIGHT_OUT_DIR: out, BENCHWRIGHT_CACHE_DIR: join(work, 'cache') }),
  });
  return { code: run.status, output: `${run.stdout}\n${run.stderr}`, out };
}

describe('which characters the installed fonts cover (one fontconfig query)', () => {
  it('finds every uncovered character once, with its text, and nothing else', () => {
    const texts = ['tokens/s per accelerator', '每加速器 tokens/s（Offline）→', `Old Hungarian ${OLD_HUNGARIAN}𐲁 ${OLD_HUNGARIAN}`, 'zero\u200bwidth\ufe0f'];
    expect(missingGlyphs(texts)).toEqual([
      { char: OLD_HUNGARIAN, codePoint: 'U+10C80', text: `Old Hungarian ${OLD_HUNGARIAN}𐲁 ${OLD_HUNGARIAN}` },
      { char: '𐲁', codePoint: 'U+10C81', text: `Old Hungarian ${OLD_HUNGARIAN}𐲁 ${OLD_HUNGARIAN}` },
    ]);
    // fontconfig agrees, character by character.
    expect(execFileSync('fc-list', [':charset=10c80'], { encoding: 'utf8' })).toBe('');
    expect(execFileSync('fc-list', [':charset=6bcf'], { encoding: 'utf8' })).toContain('Noto Sans CJK');
  });

  it('reads every drawn text of an SVG and every printed text of a page', () => {
    expect(svgTexts('<svg><title>not drawn 𐲀</title><text x="1">A &amp; 每</text><g><text>&#x10C80;</text></g></svg>')).toEqual(['A & 每', OLD_HUNGARIAN]);
    expect(pageTexts(`<html><head><title>标题</title><style>p{}</style></head><body><p>正文 <b>粗</b></p><script>var x = "𐲀"</script><a href="https://example.org/𐲀">x</a></body></html>`)).toEqual(['标题', '正文 ', '粗', 'x', 'https://example.org/𐲀']);
  });

  it('fingerprints the installed fonts: another font set, another fingerprint and coverage', () => {
    const dejavuOnly = mkdtempSync(join(ROOT, '.tmp', 'bw-fc-'));
    writeFileSync(join(dejavuOnly, 'fonts.conf'), `<?xml version="1.0"?>\n<fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>${join(dejavuOnly, 'cache')}</cachedir></fontconfig>\n`);
    const all = installedFonts();
    const before = process.env.FONTCONFIG_FILE;
    process.env.FONTCONFIG_FILE = join(dejavuOnly, 'fonts.conf');
    try {
      const fewer = installedFonts();
      expect(fewer.fingerprint).not.toBe(all.fingerprint);
      expect(fewer.faces).toBeLessThan(all.faces);
      // With DejaVu only (what the PNGs were pinned to before), every Chinese character is missing.
      expect(missingGlyphs(['每加速器'], fewer).map((m) => m.char)).toEqual(['每', '加', '速', '器']);
      expect(missingGlyphs(['每加速器'], all)).toEqual([]);
    } finally {
      if (before === undefined) delete process.env.FONTCONFIG_FILE;
      else process.env.FONTCONFIG_FILE = before;
    }
  });
});

describe('PNG and card caches keyed by the installed fonts', () => {
  it('draws an image again when the fonts change, and reuses it while they do not', async () => {
    const dir = { store: fileStore(mkdtempSync(join(ROOT, '.tmp', 'bw-png-cache-'))), root: ROOT };
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="80" height="30"><text x="4" y="20">每加速器</text></svg>';
    const before = await cachedPngFile(svg, 1, dir, 'fonts before fonts-noto-cjk');
    expect(await cachedPngFile(svg, 1, dir, 'fonts before fonts-noto-cjk')).toBe(before);
    const after = await cachedPngFile(svg, 1, dir, 'fonts after fonts-noto-cjk');
    expect(after).not.toBe(before);
    expect(existsSync(before) && existsSync(after)).toBe(true);
    // By default the key is the machine's own fonts.
    expect(await cachedPngFile(svg, 1, dir)).toBe(await cachedPngFile(svg, 1, dir, installedFonts().fingerprint));
  });
});

describe('social card in Chinese', () => {
  it('wraps a title without spaces between CJK characters, never starting a line with closing punctuation', () => {
    const lines = wrap('MLPerf Inference：每加速器吞吐量，v3.1 至 v6.0', 22, 4);
    expect(lines.join('').replace(/ /g, '')).toBe('MLPerfInference：每加速器吞吐量，v3.1至v6.0');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line).not.toMatch(/^[，。：]/);
    // A title with no space at all still wraps, each line fitting the left half of the card (22 Latin widths).
    const chinese = wrap('每加速器吞吐量：数据中心结果按加速器数量相除后的比较与分析', 22, 4);
    expect(chinese.join('')).toBe('每加速器吞吐量：数据中心结果按加速器数量相除后的比较与分析');
    expect(chinese.length).toBe(3);
    for (const line of chinese) expect(textUnits(line)).toBeLessThanOrEqual(22);
    expect(wrap('Fixture: Llama 2 70B per accelerator', 22, 4)).toEqual(['Fixture: Llama 2 70B', 'per accelerator']);
  });

  it('writes its fixed words in the version language', () => {
    const texts = svgTexts(socialCardSvg({ title: '中文标题', version: 2, published: '2026-12-04', lang: 'zh' }));
    expect(texts).toContain('第 2 版 · 2026-12-04');
    expect(texts).toContain('根据 MLCommons 公布的 MLPerf 结果计算');
  });
});

describe('the publish build and characters with no glyph', () => {
  it('fails on a chart label no installed font covers, naming the article, line, text, image and what to install', () => {
    const article = FIXTURE.replace('x: { label: tokens/s per accelerator, grid: true }', `x: { label: "tokens/s ${OLD_HUNGARIAN} per accelerator", grid: true }`);
    const run = publish('glyph-chart', article);
    expect(run.code).not.toBe(0);
    const line = article.split('\n').findIndex((l) => l.includes(OLD_HUNGARIAN)) + 1;
    expect(run.output).toContain(`content/reports/glyph-chart/v1.md:${line}:`);
    // Plot appends the axis arrow to the label: the text is the chart's, as drawn.
    expect(run.output).toContain(`U+10C80 "${OLD_HUNGARIAN}" in "tokens/s ${OLD_HUNGARIAN} per accelerator →"`);
    expect(run.output).toContain('charts/glyph-chart/v1/');
    expect(run.output).toContain('social/glyph-chart-v1.png');
    expect(run.output).toContain('fonts-noto');
    expect(existsSync(run.out)).toBe(false);
  }, 240_000);

  it('fails on prose no installed font covers, before printing, naming the article, line, text and the PDFs', () => {
    const article = FIXTURE.replace('The fastest accelerator here', `Old Hungarian ${OLD_HUNGARIAN}: the fastest accelerator here`);
    const run = publish('glyph-prose', article);
    expect(run.code).not.toBe(0);
    const line = article.split('\n').findIndex((l) => l.includes(OLD_HUNGARIAN)) + 1;
    expect(run.output).toContain(`content/reports/glyph-prose/v1.md:${line}:15:`);
    expect(run.output).toContain(`U+10C80 "${OLD_HUNGARIAN}" in "Old Hungarian ${OLD_HUNGARIAN}: the fastest accelerator here`);
    expect(run.output).toContain('pdf/glyph-prose-v1.pdf');
    expect(run.output).toContain('fonts-noto');
  }, 240_000);
});

describe('a Chinese report (lang: zh) published', () => {
  let run: ReturnType<typeof publish>;
  beforeAll(() => {
    const article = FIXTURE.replace('title: "Fixture: Llama 2 70B per accelerator"', 'title: "测试：Llama 2 70B 每加速器吞吐量"')
      .replace('authors: [Benchwright tests]', 'authors: [Benchwright tests]\nlang: zh')
      .replace('x: { label: tokens/s per accelerator, grid: true }', 'x: { label: "每加速器 tokens/s →", grid: true }')
      .replace('## Summary', '## 小结\n\n见 @fig-per-accel。')
      .replace('```plot per_accel\n', '```plot per_accel\nlabel: fig-per-accel\n')
      .replace(/(The fastest accelerator here is .*)\n/, '$1\n\n```check top\nper_accel > 0\n```\n');
    run = publish('zh-report', article);
    expect(run.code, run.output).toBe(0);
  }, 300_000);

  it('marks its page lang="zh" and numbers its figures in Chinese', () => {
    const html = readFileSync(join(run.out, 'reports/zh-report/v1/index.html'), 'utf8');
    expect(html).toMatch(/<html lang="zh"[ >]/);
    expect(html).toContain('>图 1</a>');
    expect(html).toContain('<title>测试：Llama 2 70B 每加速器吞吐量（第 1 版） · Benchwright</title>');
    expect(html).toContain('第 1 版 · 发布于 2025-09-10');
    expect(html).toContain('>目录</h2>');
  });

  it('prints its PDF with a CJK font: the Chinese text comes back out, and every footer is in Chinese', () => {
    const file = join(run.out, 'pdf/zh-report-v1.pdf');
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    // Skia embeds Noto CJK's CFF outlines as unnamed Type 3 fonts (TOOLCHAIN §4.8), beside the DejaVu subsets.
    expect(fonts).toMatch(/Type 3/);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text).toContain('测试：Llama 2 70B 每加速器吞吐量');
    expect(text).toContain('每加速器 tokens/s');
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
    for (let n = 1; n <= pages; n++) expect(text).toContain(`第 ${n} 页，共 ${pages} 页`);
  });

  // What Benchwright writes in English, from the English word table (a new entry is covered without editing this
  // test): each run of text between a template's {places} and tags that has a word of 3+ letters, unless the Chinese
  // entry keeps it on purpose (MLCommons' own wording, in parentheses after the Chinese).
  const englishWords = () =>
    Object.entries(WORD_TABLES.en!).flatMap(([key, template]) =>
      template.split(/\{\w+\}|<[^>]*>/).map((s) => s.replace(/^[\s,.;:()·]+|[\s,.;:()·]+$/g, '')).filter((s) => /[A-Za-z]{3,}/.test(s) && !WORD_TABLES.zh![key as keyof ReportWords]!.includes(s)),
    );
  // A phrase anywhere in the text; a single word (a heading, a link, a label) only as a whole text of its own, since
  // the data's own English (catalog caveats, the fixture's prose) holds words such as "results" or "division".
  const englishIn = (texts: string[]) => {
    const flat = texts.join('\n').replace(/\s+/g, ' ');
    const whole = new Set(texts.map((t) => t.trim().replace(/[\s,.;:()·]+$/, '')));
    return [...new Set(englishWords())].filter((s) => (s.includes(' ') ? flat.includes(s) : whole.has(s)));
  };

  it('has the same words in its Chinese table as in the English one', () => {
    expect(Object.keys(WORD_TABLES.zh!).sort()).toEqual(Object.keys(WORD_TABLES.en!).sort());
    expect(englishWords().length).toBeGreaterThan(80);
  });

  it('writes none of Benchwright\'s English words on its page or in its PDF', () => {
    const html = readFileSync(join(run.out, 'reports/zh-report/v1/index.html'), 'utf8');
    // The page's text and the text of its labels, without SQL, code and data (the article's own words).
    const { document } = parseHTML(html.replace(/<pre[\s\S]*?<\/pre>|<code[\s\S]*?<\/code>|<table[\s\S]*?<\/table>/g, ''));
    const labels = [...document.querySelectorAll('[aria-label], [title]')].flatMap((el) => [el.getAttribute('aria-label') ?? '', el.getAttribute('title') ?? '']);
    expect(englishIn([...pageTexts(document.toString()), ...labels])).toEqual([]);
    expect(html).toContain('数据与方法');
    expect(html).toContain('已核对的论断 1');
    const pdf = execFileSync('pdftotext', [join(run.out, 'pdf/zh-report-v1.pdf'), '-'], { encoding: 'utf8' });
    expect(englishIn(pdf.split('\n'))).toEqual([]);
    expect(pdf).toContain('引用的 MLPerf 结果');
  });

  it('draws its chart PNG and social card with every character covered', () => {
    expect(existsSync(join(run.out, 'charts/zh-report/v1/fig-per-accel.png'))).toBe(true);
    expect(existsSync(join(run.out, 'social/zh-report-v1.png'))).toBe(true);
    const svg = readFileSync(join(run.out, 'charts/zh-report/v1/fig-per-accel.svg'), 'utf8');
    expect(svgTexts(svg)).toContain('每加速器 tokens/s →');
    expect(missingGlyphs(svgTexts(svg))).toEqual([]);
  });
});

describe('the Chinese edition of the shipped report', () => {
  const en = readFileSync(join(ROOT, 'content/reports/mlperf-inference-per-accelerator/v3.md'), 'utf8');
  const zh = readFileSync(join(ROOT, 'content/reports/mlperf-inference-per-accelerator-zh/v1.md'), 'utf8');
  const blocks = (source: string) => [...splitFrontMatter(source).body.matchAll(/^ *```(sql|check)[^\n]*\n[\s\S]*?^ *```$/gm)].map((m) => m[0].trim());
  const pins = (source: string) => /^data:\n((?: {2}.*\n)+)/m.exec(source)?.[1];

  it('has the same SQL and claim checks as the English v3, pinned to the same data, with lang zh', () => {
    expect(blocks(zh)).toEqual(blocks(en));
    expect(blocks(zh).length).toBeGreaterThan(40);
    expect(pins(zh)).toBe(pins(en));
    expect(zh).toMatch(/^lang: zh$/m);
  });

  it('has every character of its text covered by the installed fonts, and no English prose left', () => {
    expect(missingGlyphs(zh.split('\n'))).toEqual([]);
    // Outside code blocks, every paragraph and spec title holds Chinese.
    const prose = splitFrontMatter(zh).body.replace(/^ *```(sql|check)[\s\S]*?^ *```$/gm, '').split('\n').filter((l) => /^(#|-|[A-Za-z]|title:|caption:|subtitle:)/.test(l) && !/^(label|marks|columns|marginLeft|marginRight|height|color|fy|[xy]: \{ label: null)/.test(l));
    const checked = prose.filter((line) => !/^## (Llama|Stable|DeepSeek|gpt-oss|GPT-J)/.test(line));
    expect(checked.length, 'the lines of prose checked').toBeGreaterThan(10);
    for (const line of checked) expect(line, line).toMatch(/\p{Script=Han}/u);
  });
});
