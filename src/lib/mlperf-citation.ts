/**
 * MLCommons' results messaging guidelines, enforced: every figure that shows MLPerf results carries a
 * footnote, as text, naming suite, version, division, category, benchmark, scenario, result IDs, where
 * and when the results were retrieved, and whether MLCommons verified them; a comparison names its
 * differences; derived metrics say so. Incompatible comparisons need a stated reason.
 */
import type { CatalogTable } from './catalog.ts';
import { escapeHtml } from './html.ts';
import type { Row } from './json-values.ts';

export const MLPERF_TRADEMARK =
  'The MLPerf name and logo are registered and unregistered trademarks of MLCommons Association in the United States and other countries. All rights reserved. Unauthorized use strictly prohibited. See www.mlcommons.org for more information.';

const distinct = (rows: Row[], column: string | undefined): string[] =>
  column ? [...new Set(rows.map((r) => r[column]).filter((v) => v !== null && v !== undefined && v !== '').map(String))].sort() : [];

const list = (values: string[]) => (values.length <= 2 ? values.join(' and ') : `${values.slice(0, -1).join(', ')} and ${values.at(-1)}`);

export interface Differences {
  rounds: string[];
  divisions: string[];
  categories: string[];
  scenarios: string[];
  accelerators: number[];
}

export function differences(table: CatalogTable, rows: Row[]): Differences {
  const c = table.mlperf!.columns;
  const counts = distinct(rows, c.accelerators).map(Number).filter((n) => Number.isFinite(n)).sort((a, b) => a - b);
  return {
    rounds: distinct(rows, c.round),
    divisions: distinct(rows, c.division),
    categories: distinct(rows, c.category),
    scenarios: distinct(rows, c.scenario),
    accelerators: counts,
  };
}

/** What makes results incompatible to compare (MLPerf rules): more than one division, category or round. */
export function incompatibilities(d: Differences): string[] {
  const out: string[] = [];
  if (d.divisions.length > 1) out.push(`divisions ${list(d.divisions)}`);
  if (d.categories.length > 1) out.push(`categories ${list(d.categories)}`);
  if (d.rounds.length > 1) out.push(`rounds ${list(d.rounds)}`);
  return out;
}

export interface CitationOptions {
  /** Where and when the table's rows were read, per repository (catalog.ts `retrievals`); the table's date otherwise. */
  retrieved: { repo: string; commit?: string; retrieved: string; copy_of?: string }[];
  /** The table's retrieval date, for rows whose repository the catalog does not list. */
  retrievedDefault: string;
  /** Columns shown that are derived metrics, with their units. */
  derived: { column: string; unit: string }[];
  /** The author's reason for comparing across divisions, categories or rounds. */
  compareReason?: string;
}

/** The footnote for the MLPerf results a figure reads, as HTML text. */
export function mlperfFootnote(table: CatalogTable, rows: Row[], options: CitationOptions): string {
  const m = table.mlperf!;
  const c = m.columns;
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = [row[c.round], row[c.division], row[c.category], row[c.benchmark], c.scenario ? row[c.scenario] : ''].map(String).join('\u0000');
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const parts: string[] = [];
  for (const [key, group] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const [round, division, category, benchmark, scenario] = key.split('\u0000');
    const ids = distinct(group, c.result_id);
    const cited = ids.length === group.length
      ? `result${ids.length === 1 ? '' : 's'} ${compressIds(ids)}`
      : `${group.length} result${group.length === 1 ? '' : 's'}${ids.length ? ` (IDs ${compressIds(ids)}; others have no ID in the source data and are listed by location in the cited-results CSV)` : ' (no result IDs in the source data; listed by location in the cited-results CSV)'}`;
    parts.push(`${m.suite} ${round}, ${division} division, ${category} category, ${benchmark}${scenario ? `, ${scenario}` : ''}: ${cited}`);
  }
  const d = differences(table, rows);
  const notes: string[] = [retrievalNote(rows, c, options)];
  notes.push(m.verified ? 'Verified by MLCommons Association.' : 'Result not verified by MLCommons Association.');
  const span: string[] = [];
  if (d.rounds.length > 1) span.push(`versions ${list(d.rounds)}`);
  if (d.divisions.length > 1) span.push(`divisions ${list(d.divisions)}`);
  if (d.categories.length > 1) span.push(`categories ${list(d.categories)}`);
  if (d.scenarios.length > 1) span.push(`scenarios ${list(d.scenarios)}`);
  if (d.accelerators.length > 1) span.push(`systems of ${d.accelerators[0]} to ${d.accelerators.at(-1)} accelerators`);
  if (span.length) notes.push(`Compares results of different ${span.join('; ')}.${options.compareReason ? ` Why: ${options.compareReason}` : ''}`);
  for (const { column, unit } of options.derived) {
    notes.push(`${column} (${unit}) is a metric derived by Benchwright from MLPerf results, not an official MLPerf result.`);
  }
  const items = parts.map((p) => `<li>${escapeHtml(p)}.</li>`).join('');
  return `<div class="bw-mlperf-note"><p><span class="bw-note-label">MLPerf results cited:</span></p><ul>${items}</ul><p>${escapeHtml(notes.join(' '))}</p></div>`;
}

/**
 * "Retrieved 2026-11-23 from github.com/mlcommons/inference_results_v5.1 at commit 965182b03376." — each repository
 * and commit the cited rows name, with the date the catalog records for it (rounds read on different days keep
 * their own dates), grouped by date.
 */
function retrievalNote(rows: Row[], c: { repo: string; commit: string }, options: CitationOptions): string {
  const byDate = new Map<string, Set<string>>();
  for (const row of rows) {
    const repo = String(row[c.repo]);
    const commit = String(row[c.commit]);
    const known = options.retrieved.find((r) => r.repo === repo && (!r.commit || r.commit === commit));
    const date = known?.retrieved ?? options.retrievedDefault;
    const copy = known?.copy_of ? ` (a copy of github.com/${known.copy_of})` : '';
    byDate.set(date, (byDate.get(date) ?? new Set()).add(`github.com/${repo} at commit ${commit.slice(0, 12)}${copy}`));
  }
  const parts = [...byDate.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([date, sources]) => `${date} from ${[...sources].sort().join(', ')}`);
  return `Retrieved ${parts.join('; ')}.`;
}

/** "5.1-0001, 5.1-0002, 5.1-0003, 5.1-0007" → "5.1-0001–0003, 5.1-0007": runs of consecutive IDs as ranges. */
export function compressIds(ids: string[]): string {
  const parsed = ids.map((id) => /^(.*-)(\d+)$/.exec(id)).map((m, i) => (m ? { prefix: m[1]!, n: Number(m[2]), width: m[2]!.length } : { prefix: ids[i]!, n: NaN, width: 0 }));
  parsed.sort((a, b) => a.prefix.localeCompare(b.prefix) || a.n - b.n);
  const out: string[] = [];
  for (let i = 0; i < parsed.length; i++) {
    const start = parsed[i]!;
    if (Number.isNaN(start.n)) {
      out.push(start.prefix);
      continue;
    }
    let end = start;
    while (i + 1 < parsed.length && parsed[i + 1]!.prefix === start.prefix && parsed[i + 1]!.n === end.n + 1) end = parsed[++i]!;
    const pad = (n: number) => String(n).padStart(start.width, '0');
    out.push(end === start ? `${start.prefix}${pad(start.n)}` : `${start.prefix}${pad(start.n)}–${pad(end.n)}`);
  }
  return out.join(', ');
}

/** A unit is derived when it divides or multiplies: "tokens/s per accelerator", "ratio", "W × h". */
export function isDerivedUnit(unit: string): boolean {
  return / per |×|^ratio$/.test(unit);
}
