/**
 * The JSON Schemas for editors (src/core/editor-schemas.ts, public/schemas/): up to date with the code, accepting
 * everything the shipped content writes, and catching what the build's checks catch (a misspelt chart option), as
 * VS Code's YAML extension would show it (the same JSON Schema draft, validated here with Ajv).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { readArticleSource } from '../src/core/article/article-source.ts';
import { splitFrontMatter } from '../src/core/article/front-matter.ts';
import { parseArticle } from '../src/core/article/parse-article.ts';
import { ROOT } from './helpers.ts';

const schema = (name: string) => JSON.parse(readFileSync(join(ROOT, 'public/schemas', `${name}.schema.json`), 'utf8'));
const validator = (name: string) => new Ajv2020({ strict: false, allErrors: true }).compile(schema(name));

/** Every version of every shipped report: its source and its parsed blocks. */
function shippedVersions() {
  const reports = join(ROOT, 'content/reports');
  return readdirSync(reports).flatMap((slug) =>
    readdirSync(join(reports, slug))
      .filter((f) => /^v\d+\.md$/.test(f))
      .map((f) => {
        const path = join(reports, slug, f);
        const source = readFileSync(path, 'utf8');
        return { path, source, parsed: parseArticle(readArticleSource(source, path), path) };
      }),
  );
}

describe('the editor schemas', { timeout: 60_000 }, () => {
  it('are what `npm run schemas` generates from the code now', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts/editor-schemas.ts'), '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
  });

  it('accept every front matter, chart block and table block of the shipped reports, the catalog and the publication', () => {
    const versions = shippedVersions();
    expect(versions.length).toBeGreaterThanOrEqual(10);
    const [front, plot, table] = [validator('front-matter'), validator('plot-block'), validator('table-block')];
    let plots = 0;
    let tables = 0;
    for (const { path, source, parsed } of versions) {
      expect(front(YAML.parse(splitFrontMatter(source).yaml)), `${path}: ${JSON.stringify(front.errors)}`).toBe(true);
      for (const block of parsed.blocks.figures) {
        const value = YAML.parse(block.body);
        const check = block.kind === 'plot' ? plot : table;
        expect(check(value), `${path}:${block.bodyLine} ${JSON.stringify(check.errors?.slice(0, 3))}`).toBe(true);
        if (block.kind === 'plot') plots++;
        else tables++;
      }
    }
    expect(plots).toBeGreaterThan(50);
    expect(tables).toBeGreaterThan(30);
    const catalog = validator('catalog');
    expect(catalog(YAML.parse(readFileSync(join(ROOT, 'data/catalog.yaml'), 'utf8'))), JSON.stringify(catalog.errors?.slice(0, 3))).toBe(true);
    expect(validator('publication')(YAML.parse(readFileSync(join(ROOT, 'content/publication.yaml'), 'utf8')))).toBe(true);
  });

  it('catch a misspelt chart option, an unknown mark, a misspelt table option and an unknown front matter field', () => {
    const plot = validator('plot-block');
    expect(plot({ marks: [{ barX: { x: 'a', y: 'b', colour: 'red' } }] })).toBe(false);
    expect(JSON.stringify(plot.errors)).toContain('colour');
    expect(plot({ marks: [{ barz: { x: 'a' } }] })).toBe(false);
    expect(plot({ titel: 'x', marks: [] })).toBe(false);
    expect(plot({ title: 'x', marginLeft: 120, x: { label: 'tokens/s' }, marks: [{ barX: { x: 'a', y: 'b', sort: { y: '-x' } } }, { ruleX: [0] }] })).toBe(true);
    expect(plot({ title: 'no marks' })).toBe(false);
    // What the build takes, the schema takes: a mark without options, a mark's literal data, a number as a title, an empty column.
    expect(plot({ title: 2025, marks: ['frame', { ruleX: { data: [0], stroke: 'red' } }] }), JSON.stringify(plot.errors)).toBe(true);
    expect(validator('table-block')({ title: 2025, columns: { accelerator: null } })).toBe(true);
    expect(validator('table-block')({ columns: { a: { lable: 'A' } } })).toBe(false);
    expect(validator('front-matter')({ tittle: 'x', title: 'x', version: 1, published: '2026-01-01', summary: 's', authors: ['a'] })).toBe(false);
  });

  it('are wired for VS Code: the YAML extension is pointed at them', () => {
    const settings = JSON.parse(readFileSync(join(ROOT, '.vscode/settings.json'), 'utf8'));
    expect(settings['yaml.schemas']['./public/schemas/catalog.schema.json']).toBe('data/catalog.yaml');
    expect(settings['yaml.schemas']['./public/schemas/publication.schema.json']).toBe('content/publication.yaml');
  });
});
