/** Shared test helpers: the real engine over the small real fixture data, and article rendering. */
import { mkdtempSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import { renderArticle, renderMarkdown } from '../src/core/article/article.ts';
import { loadCatalog } from '../src/core/data/catalog.ts';
import { BuildError } from '../src/core/errors.ts';
import { createQueryEngine, type QueryEngine } from '../src/core/sql/query-engine.ts';

export const ROOT = resolve(import.meta.dirname, '..');
export const FIXTURE_DATA = join(ROOT, 'test/fixtures/data');
export const ARTICLE = join(ROOT, 'content/reports/test-article/v1.md');

export function fixtureEngine(dataDir = FIXTURE_DATA): Promise<QueryEngine> {
  return createQueryEngine({ catalog: loadCatalog(dataDir) });
}

/** A writable copy of the fixture data, for tests that change data. */
export function copyFixtureData(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bw-data-'));
  cpSync(FIXTURE_DATA, dir, { recursive: true });
  return dir;
}

/** Renders a Markdown body (no front matter) as if it were content/reports/test-article/v1.md. */
export function renderBody(engine: QueryEngine, body: string) {
  return renderMarkdown({ path: ARTICLE, body, engine, root: ROOT });
}

export function renderFile(engine: QueryEngine, source: string) {
  return renderArticle({ path: ARTICLE, source, engine, root: ROOT });
}

/** Expects a BuildError at `line` (and `column` when given) whose message contains every fragment. */
export async function expectBuildError(
  promise: Promise<unknown>,
  { line, column, contains }: { line: number; column?: number; contains: string[] },
): Promise<BuildError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'expected the build to fail').toBeInstanceOf(BuildError);
  const buildError = error as BuildError;
  expect(buildError.place.file).toBe('content/reports/test-article/v1.md');
  expect(buildError.place.line).toBe(line);
  if (column !== undefined) expect(buildError.place.column).toBe(column);
  expect(buildError.message.startsWith(`content/reports/test-article/v1.md:${line}:`)).toBe(true);
  for (const fragment of contains) expect(buildError.message).toContain(fragment);
  return buildError;
}

export const LLAMA_SQL = `SELECT accelerator, scenario, max(result / total_accelerators) AS per_accel
FROM mlperf_inference
WHERE model = 'llama2-70b-99' AND round = 'v5.1' AND unit = 'tokens/s'
GROUP BY ALL ORDER BY accelerator, scenario`;

/** A fenced block, so tests read like articles. */
export function fence(info: string, body: string): string {
  return '```' + info + '\n' + body + '\n```';
}
