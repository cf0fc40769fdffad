/** `npm run new`: a first version that builds at once over the real data, and the next version of a published one. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { renderArticle } from '../src/core/article/article.ts';
import { loadCatalog } from '../src/core/data/catalog.ts';
import { createQueryEngine } from '../src/core/sql/query-engine.ts';
import { parseReportFrontMatter } from '../src/core/article/front-matter.ts';
import { nextVersionSource } from '../src/core/versions/new-report.ts';
import { writePins } from '../src/core/versions/pins.ts';
import { reportTemplate } from '../src/mlperf/report-template.ts';
import { mlperfContent } from '../src/mlperf/content.ts';
import { childEnv, ROOT } from './helpers.ts';

function runNew(content: string, ...args: string[]) {
  const run = spawnSync(process.execPath, [join(ROOT, 'scripts/new-report.ts'), ...args], { cwd: ROOT, encoding: 'utf8', env: childEnv({ BENCHWRIGHT_CONTENT_DIR: content }) });
  return { code: run.status, out: `${run.stdout}${run.stderr}` };
}

describe('npm run new', { timeout: 60_000 }, () => {
  it('writes a first version whose query, chart, table, value and claim build on the real data', async () => {
    const source = reportTemplate({ title: 'H200: against "H100"', date: '2026-12-04' });
    const engine = await createQueryEngine({ catalog: loadCatalog(join(ROOT, 'data'), mlperfContent) });
    try {
      const { html, data, frontMatter } = await renderArticle({ path: join(ROOT, 'content/reports/demo/v1.md'), source, engine, root: ROOT });
      expect(frontMatter.title).toBe('H200: against "H100"');
      expect(data.figures.map((f) => f.kind)).toEqual(['chart', 'table']);
      expect(data.checks).toHaveLength(1);
      const doc = parseHTML(`<body>${html}</body>`).document;
      expect(Number(doc.querySelector('.bw-value[data-column="parts"]')!.textContent)).toBeGreaterThanOrEqual(2);
    } finally {
      engine.close();
    }
  });

  it('makes a report folder from the command line, refuses one that exists and a name that is not a slug, and answers --help', () => {
    const content = mkdtempSync(join(tmpdir(), 'bw-new-'));
    expect(runNew(content, 'demo', '--title', 'A demo')).toMatchObject({ code: 0 });
    expect(readFileSync(join(content, 'reports/demo/v1.md'), 'utf8')).toContain('title: "A demo"');
    const again = runNew(content, 'demo');
    expect(again.code).toBe(1);
    expect(again.out).toContain('already exists: to start its next version, npm run new -- demo --next-version');
    expect(runNew(content, 'Demo_2').code).toBe(2);
    expect(existsSync(join(content, 'reports/Demo_2'))).toBe(false);
    const help = runNew(content, '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('npm run new -- <slug> [--title "…"] [--next-version]');
    // A draft has no next version yet.
    const draft = runNew(content, 'demo', '--next-version');
    expect(draft.code).toBe(1);
    expect(draft.out).toContain('is a draft (it has no data: pins)');
  });

  it('starts the next version from the latest published one: renumbered, dated, without pins, its body unchanged', () => {
    const v1 = readFileSync(join(ROOT, 'content/reports/mlperf-inference-per-accelerator/v3.md'), 'utf8');
    const v2 = nextVersionSource(v1, 'v3.md', 4, '2027-01-02');
    expect(v2).toMatch(/^---\ntitle: .*\nversion: 4\npublished: 2027-01-02\n/);
    expect(v2).not.toContain('sha256:');
    expect(v2).not.toMatch(/^data:/m);
    const body = (s: string) => s.slice(s.indexOf('\n---\n', 4));
    expect(body(v2)).toBe(body(v1));
    // Pins written with a blank line and a comment among them, or under a quoted key, are still all left out.
    const odd = v1.replace(/^data:\n/m, '"data":\n  # the files\n\n');
    expect(odd).toContain('"data":');
    const next = nextVersionSource(odd, 'v3.md', 4, '2027-01-02');
    expect(next).not.toContain('sha256:');
    expect(next).toMatch(/\nversion: 4\n/);
  });
});

describe('npm run pin writes the pins', () => {
  const pins = { 'b.csv': `sha256:${'2'.repeat(64)}`, 'a.csv': `sha256:${'1'.repeat(64)}` };
  const block = `data:\n  "a.csv": "sha256:${'1'.repeat(64)}"\n  "b.csv": "sha256:${'2'.repeat(64)}"`;

  it('as the last field, sorted, replacing earlier pins wherever they were and however they were written', () => {
    for (const data of [
      'data:\n  "x.csv": "sha256:00"\n  "y.csv": "sha256:00"',
      // A blank line and a comment among the pins were kept as fields by a line-based edit.
      'data:\n  "x.csv": "sha256:00"\n\n  # the second round\n  "y.csv": "sha256:00"',
      '"data":\n  "x.csv": "sha256:00"',
      'data: { "x.csv": "sha256:00" }',
    ]) {
      expect(writePins(`---\ntitle: T\n${data}\nauthors: [A]\n---\nBody\n`, pins), data).toBe(`---\ntitle: T\nauthors: [A]\n${block}\n---\nBody\n`);
    }
    expect(writePins('---\ntitle: T\n---\nBody\n', pins)).toBe(`---\ntitle: T\n${block}\n---\nBody\n`);
  });

  it('changing nothing else: every pinned version of the shipped reports is written back byte for byte', () => {
    const files = readdirSync(join(ROOT, 'content/reports'), { recursive: true, encoding: 'utf8' }).filter((f) => /\/v\d+\.md$/.test(f));
    let pinned = 0;
    for (const f of files) {
      const source = readFileSync(join(ROOT, 'content/reports', f), 'utf8');
      const data = parseReportFrontMatter(source, f).data;
      if (!data) continue;
      pinned++;
      expect(writePins(source, data), f).toBe(source);
    }
    expect(pinned).toBeGreaterThan(5);
  });
});
