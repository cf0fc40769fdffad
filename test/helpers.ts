/** Shared test helpers: the real engine over the small real fixture data, and article rendering. */
import { mkdtempSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import { renderArticle, renderMarkdown } from '../src/core/article/article.ts';
import { loadCatalog } from '../src/core/data/catalog.ts';
import { BuildError } from '../src/core/errors.ts';
import { createQueryEngine, type QueryEngine } from '../src/core/sql/query-engine.ts';
import { mlperfContent } from '../src/mlperf/content.ts';

export const ROOT = resolve(import.meta.dirname, '..');
export const FIXTURE_DATA = join(ROOT, 'test/fixtures/data');
export const ARTICLE = join(ROOT, 'content/reports/test-article/v1.md');

export function fixtureEngine(dataDir = FIXTURE_DATA): Promise<QueryEngine> {
  return createQueryEngine({ catalog: loadCatalog(dataDir, mlperfContent) });
}

/**
 * The environment of a child process (a build, a check, a dev server): this process's without the import.meta.env
 * values Vitest puts into process.env (BASE_URL=/ would override a build's base path), with `extra` on top; with
 * `clean`, also without the machine's BENCHWRIGHT_* settings (the child gets only those the test gives).
 */
export function childEnv(extra: NodeJS.ProcessEnv = {}, { clean = false } = {}): NodeJS.ProcessEnv {
  const { BASE_URL, MODE, DEV, PROD, SSR, ...inherited } = process.env;
  if (clean) for (const key of Object.keys(inherited)) if (key.startsWith('BENCHWRIGHT_')) delete inherited[key];
  return { ...inherited, ...extra };
}

/**
 * Asks `find` every `everyMs` until it gives a value (not undefined or false), for a child process to get somewhere:
 * the value, or undefined once `limitMs` have passed. The limit is a cap against a hang, never a measure of speed.
 */
export async function waitFor<T>(find: () => T | undefined | false | Promise<T | undefined | false>, { limitMs, everyMs = 100 }: { limitMs: number; everyMs?: number }): Promise<T | undefined> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const found = await find();
    if (found !== undefined && found !== false) return found;
    if (Date.now() >= deadline) return undefined;
    await new Promise((done) => setTimeout(done, everyMs));
  }
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
