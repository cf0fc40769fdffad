/**
 * A data page that cannot be made is an error naming the data file and row it comes from (issue #14), not the
 * Markdown generated from it or a stack trace: an accelerator id that is not an address, a model whose name gives no
 * address, two specification rows for one part, a name that a page's blocks refuse. And a line break in a name
 * cannot start a block in the generated page. On a small copy of the real data: one accelerator (H100 SXM) and one
 * model (Llama 2 70B), so five pages.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDataPages, type DataPage } from '../src/mlperf/data-pages.ts';
import { BuildError } from '../src/core/errors.ts';
import { projectPaths } from '../src/core/project.ts';
import { closeProject, openProject } from '../src/core/versions/reports.ts';
import { mlperfContent } from '../src/mlperf/content.ts';

const ROOT = resolve(import.meta.dirname, '..');
const ID = 'nvidia-h100-sxm-80gb';
const folders: string[] = [];
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

/** A copy of data/ with only the H100 SXM's Llama 2 70B results and its published names; `edit` changes it further. */
function smallData(edit: (dir: string) => void = () => {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'bw-data-pages-'));
  folders.push(dir);
  cpSync(join(ROOT, 'data'), dir, { recursive: true });
  for (const name of readdirSync(join(dir, 'mlperf-inference'))) {
    const path = join(dir, 'mlperf-inference', name);
    const [header, ...rows] = readFileSync(path, 'utf8').split('\n');
    writeFileSync(path, [header, ...rows.filter((r) => r.includes(`,${ID},`) && r.includes(',llama2-70b-99,')).slice(0, 5), ''].join('\n'));
  }
  const names = join(dir, 'accelerator-names.csv');
  const [header, ...rows] = readFileSync(names, 'utf8').split('\n');
  writeFileSync(names, [header, ...rows.filter((r) => r.includes(`,${ID},`)), ''].join('\n'));
  edit(dir);
  return dir;
}

function replaceIn(path: string, from: string, to: string): void {
  const text = readFileSync(path, 'utf8');
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
}

async function pagesOf(dataDir: string): Promise<DataPage[] | BuildError> {
  const project = await openProject(projectPaths({ BENCHWRIGHT_DATA_DIR: dataDir }, ROOT), process.env, undefined, mlperfContent);
  try {
    return await buildDataPages(project, { base: '/' });
  } catch (error) {
    // Several pages' errors come as one BuildFailedError; each is a BuildError.
    const failures = (error as { failures?: unknown[] }).failures;
    const first = failures ? failures[0] : error;
    if (first instanceof BuildError) return first;
    throw error;
  } finally {
    closeProject(project);
  }
}

async function errorOf(dataDir: string): Promise<BuildError> {
  const result = await pagesOf(dataDir);
  expect(result, 'the data pages should not build').toBeInstanceOf(BuildError);
  return result as BuildError;
}

describe('data pages that cannot be made name the data file and row', () => {
  it('the small copy builds: five pages', async () => {
    const pages = await pagesOf(smallData());
    expect(pages).not.toBeInstanceOf(BuildError);
    expect((pages as DataPage[]).map((p) => `${p.kind}/${p.id}`).sort()).toEqual(['accelerator/nvidia-h100-sxm-80gb', 'index/accelerators', 'index/models', 'matrix/latest', 'model/llama2-70b-99']);
  }, 120_000);

  it('an accelerator id that is not an address segment (../evil)', async () => {
    const error = await errorOf(smallData((dir) => {
      const path = join(dir, 'accelerator-names.csv');
      writeFileSync(path, readFileSync(path, 'utf8').replaceAll(`,${ID},`, ',../evil,'));
    }));
    expect(error.place).toEqual({ file: 'data/accelerator-names.csv', line: 2, column: 1 });
    expect(error.message).toContain('data/accelerator-names.csv:2:1: accelerator_id "../evil" cannot be a page address (accelerators/<id>/)');
    expect(error.advice).toContain('lower-case letters, digits and single hyphens');
  }, 60_000);

  it('an accelerator id of the results that is not an address segment', async () => {
    const error = await errorOf(smallData((dir) => replaceIn(join(dir, 'mlperf-inference', 'v5.1.csv'), `,${ID},`, ',H100 SXM/80,')));
    expect(error.message).toContain('data/mlperf-inference/v5.1.csv:2:1: accelerator_id "H100 SXM/80" cannot be a page address');
  }, 60_000);

  it('a model whose name has no letter or digit', async () => {
    const error = await errorOf(smallData((dir) => replaceIn(join(dir, 'mlperf-inference', 'v5.1.csv'), ',llama2-70b-99,', ',!!!,')));
    expect(error.message).toContain('data/mlperf-inference/v5.1.csv:2:1: model "!!!" has no letter or digit, so its page would have no address');
  }, 60_000);

  it('two models whose names give one address', async () => {
    const error = await errorOf(smallData((dir) => replaceIn(join(dir, 'mlperf-inference', 'v5.1.csv'), ',llama2-70b-99,', ',Llama2 70b 99,')));
    expect(error.message).toMatch(/data\/mlperf-inference\/v[\d.]+\.csv:\d+:1: models "[^"]+" and "[^"]+" would share the page address models\/llama2-70b-99\//);
  }, 60_000);

  it('two specification rows for one part', async () => {
    const error = await errorOf(smallData((dir) => {
      const path = join(dir, 'accelerators.csv');
      const lines = readFileSync(path, 'utf8').split('\n');
      const h100 = lines.findIndex((l) => l.startsWith('H100 SXM 80GB,'));
      writeFileSync(path, [...lines.slice(0, -1), lines[h100], ''].join('\n'));
    }));
    expect(error.message).toMatch(/^data\/accelerators\.csv:\d+:1: the specification table has 2 rows for "H100 SXM 80GB" \(lines \d+, \d+\)/);
    const [first, second] = /\(lines (\d+), (\d+)\)/.exec(error.message)!.slice(1).map(Number);
    expect(error.place.line).toBe(second);
    expect(second).toBeGreaterThan(first!);
  }, 60_000);

  it('a name that the page refuses (a cross-reference to no figure): the page and the rows it is made from', async () => {
    const error = await errorOf(smallData((dir) => replaceIn(join(dir, 'accelerator-names.csv'), 'Virtualized NVIDIA H100-SXM-80GB,', 'H100 see @fig-nope,')));
    expect(error.message).toContain(`data/accelerator-names.csv:2:1: the page of accelerator id "${ID}" (accelerators/${ID}/), made from these rows: data/accelerator-names.csv lines 2, 3, 4, cannot be built: unknown figure or table label "@fig-nope"`);
    expect(error.message).not.toContain('<generated>');
  }, 60_000);

  it('a line break in a published name does not start a block of the generated page', async () => {
    const pages = await pagesOf(smallData((dir) => replaceIn(join(dir, 'accelerator-names.csv'), 'Virtualized NVIDIA H100-SXM-80GB,', '"Virtualized\n\n```sql injected\nSELECT 1 AS x\n```\n\n## Heading",')));
    expect(pages).not.toBeInstanceOf(BuildError);
    const page = (pages as DataPage[]).find((p) => p.kind === 'accelerator')!;
    expect(page.html).toContain('Virtualized ```sql injected SELECT 1 AS x ``` ## Heading');
    expect(page.html).not.toContain('injected</');
    expect(page.headings.map((h) => h.text)).not.toContain('Heading');
  }, 120_000);
});
