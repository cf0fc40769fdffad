/**
 * Helpers for the tests of the shipped reports (issue #18): a version rendered on the data it is pinned to, as its
 * page shows it; the raw CSV files read without the query engine, to recompute a key number independently; and a
 * version's claims evaluated over an edited copy of data/, to show that a claim fails when its data changes.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import { parseHTML } from 'linkedom';
import { renderArticle } from '../src/core/article/article.ts';
import { parseReportFrontMatter } from '../src/core/article/front-matter.ts';
import { loadCatalog } from '../src/core/data/catalog.ts';
import { createQueryEngine } from '../src/core/sql/query-engine.ts';
import { pinnedCatalog } from '../src/core/versions/pinned-data.ts';
import { mlperfContent } from '../src/mlperf/content.ts';
import { ROOT } from './helpers.ts';

export const DATA = join(ROOT, 'data');

export function versionPath(slug: string, version: number): string {
  return join(ROOT, 'content', 'reports', slug, `v${version}.md`);
}

/**
 * Renders a report version as the build does, over `dataDir` (default data/) restricted to the files the version
 * pins (all of them for a draft). The pins' hashes are not compared here: with an edited copy, the claims must
 * fail by themselves.
 */
export async function renderVersion(slug: string, version: number, dataDir = DATA): Promise<Document> {
  const path = versionPath(slug, version);
  const source = readFileSync(path, 'utf8');
  const pins = parseReportFrontMatter(source, path).data;
  const catalog = loadCatalog(dataDir, mlperfContent);
  const engine = await createQueryEngine({ catalog: pins ? pinnedCatalog(catalog, Object.keys(pins)) : catalog });
  try {
    const { html } = await renderArticle({ path, source, engine, root: ROOT });
    return parseHTML(`<!doctype html><html><body>${html}</body></html>`).document as unknown as Document;
  } finally {
    engine.close();
  }
}

/** The text of the inline value `:value[query.column]` as the page shows it (the first one, if repeated). */
export function shownValue(doc: Document, query: string, column: string): string {
  const span = doc.querySelector(`.bw-value[data-query="${query}"][data-column="${column}"]`);
  if (!span) throw new Error(`no inline value ${query}.${column} on the page`);
  return span.textContent!.trim();
}

/** A CSV file of data/ (or of `dataDir`) as objects of strings, read with csv-parse, not with DuckDB. */
export function readRows(file: string, dataDir = DATA): Record<string, string>[] {
  return parseCsv(readFileSync(join(dataDir, file), 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

/** The rows of every per-round MLPerf Inference file up to and including `lastRound` (rounds sort as text). */
export function inferenceRows(rounds: string[], dataDir = DATA): Record<string, string>[] {
  return rounds.flatMap((round) => readRows(join('mlperf-inference', `${round}.csv`), dataDir));
}

/** A number formatted as the page formats `,.0f`, `,.1f`, … (d3-format; en-US grouping). */
export function formatFixed(value: number, digits: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: true });
}

/**
 * A copy of data/ in a temporary folder with one CSV file edited row by row (`edit` returns the row to write, or
 * undefined to drop it); returns the folder and how many rows the edit changed or dropped, which a test asserts is
 * more than zero (an edit that touches nothing would make the failing claim a claim that cannot fail).
 */
export function editedDataCopy(file: string, edit: (row: Record<string, string>) => Record<string, string> | undefined): { dir: string; changed: number } {
  const dir = mkdtempSync(join(tmpdir(), 'bw-report-data-'));
  cpSync(DATA, dir, { recursive: true });
  const rows = readRows(file, dir);
  const columns = Object.keys(rows[0] ?? {});
  let changed = 0;
  const out: Record<string, string>[] = [];
  for (const row of rows) {
    const next = edit({ ...row });
    if (!next || JSON.stringify(next) !== JSON.stringify(row)) changed++;
    if (next) out.push(next);
  }
  writeFileSync(join(dir, file), stringifyCsv(out, { header: true, columns }));
  return { dir, changed };
}
