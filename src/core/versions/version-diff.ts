/**
 * What changed between two published versions of a report, as data: the numbers that changed (each value of a query
 * both versions run, matched row by row, old → new with its unit; a one-row query is its one row, so a new leader
 * reads old → new), the figures whose charts changed (paired by the query they draw), the prose as readers read it
 * (the rendered text, block by block, section by section: prose-blocks.ts) and, for the folded-away detail, every
 * row added, removed or changed. `diffVersions` gives the data; version-diff-html.ts renders it. The prose is
 * compared in prose-diff.ts, the queries in query-diff.ts.
 */
import type { JsonValue } from '../data/json-values.ts';
import { proseSections } from '../article/prose-blocks.ts';
import { countStatuses, type DiffCounts } from './diff-status.ts';
import { diffSections, type SectionDiff } from './prose-diff.ts';
import { diffQueries, type QueryDiff, type QuerySnapshot } from './query-diff.ts';

export type { DiffCounts, DiffStatus } from './diff-status.ts';
export type { BlockDiff, SectionDiff, TextRun } from './prose-diff.ts';
export { isKeyType, type Column, type QueryDiff, type QuerySnapshot, type RowChange, type RowRef, type ValueChange } from './query-diff.ts';

/** A figure of a version, as its page numbers it and its files name it. */
export interface FigureSnapshot {
  /** "figure-2": its anchor on the version's page and the name of its files. */
  id: string;
  /** "Figure 2" or "Table 1". */
  number: string;
  kind: 'chart' | 'table';
  query: string;
  title?: string;
  /** The chart's SVG (to tell whether it changed). */
  svg?: string;
}

export interface VersionSnapshot {
  version: number;
  published: string;
  title: string;
  /** The rendered article (HTML), whose prose is compared as text. */
  html: string;
  queries: QuerySnapshot[];
  figures?: FigureSnapshot[];
}

/** One value that changed: where (query, and the row's key as text), old → new, and its unit. */
export interface NumberChange {
  query: string;
  /** The row's key values joined by " · " ("NVIDIA H100-SXM-80GB · Offline"); "" for a one-row query; "row 3" by position. */
  label: string;
  column: string;
  old: JsonValue;
  new: JsonValue;
  unit: string;
}

/** A chart of each version drawn from the same query, whose picture changed. */
export interface FigurePair {
  query: string;
  older: FigureSnapshot;
  newer: FigureSnapshot;
}

export interface VersionInfo {
  version: number;
  published: string;
  title: string;
}

export interface VersionDiff {
  older: VersionInfo;
  newer: VersionInfo;
  titleChanged: boolean;
  /** In the newer version's order, then the removed sections in the older version's order. */
  sections: SectionDiff[];
  /** In the newer version's order, then the removed queries in the older version's order. */
  queries: QueryDiff[];
  /** Charts of both versions on the same query whose SVG differs, in the newer version's order. */
  figures: FigurePair[];
  /** Charts only the newer version has, and only the older one. */
  figuresAdded: FigureSnapshot[];
  figuresRemoved: FigureSnapshot[];
  /**
   * Every value that changed in a query both versions run, old → new with its unit: first the one-row queries (the
   * facts the prose quotes), then the rows matched on their keys, each query in the newer version's order.
   */
  numbers: NumberChange[];
  counts: { sections: DiffCounts; queries: DiffCounts };
  /** One line, e.g. "2 sections changed, 1 added; 1 query changed, 3 unchanged." */
  summary: string;
}

export function diffVersions(older: VersionSnapshot, newer: VersionSnapshot): VersionDiff {
  const sections = diffSections(proseSections(older.html), proseSections(newer.html));
  const queries = diffQueries(older.queries, newer.queries);
  const counts = { sections: countStatuses(sections), queries: countStatuses(queries) };
  return {
    older: { version: older.version, published: older.published, title: older.title },
    newer: { version: newer.version, published: newer.published, title: newer.title },
    titleChanged: older.title !== newer.title,
    sections,
    queries,
    ...diffFigures(older.figures ?? [], newer.figures ?? [], queries),
    numbers: numberChanges(queries),
    counts,
    summary: summarize(counts),
  };
}

// ---------------------------------------------------------------------------------------------------
// Numbers and figures

function numberChanges(queries: QueryDiff[]): NumberChange[] {
  const changes = (q: QueryDiff): NumberChange[] =>
    q.valuesChanged.map((c) => ({
      query: q.name,
      label: q.match === 'key' ? q.keyColumns.map((k) => formatKey(c.key[k] ?? null)).join(' · ') : q.match === 'position' ? `row ${c.row}` : '',
      column: c.column,
      old: c.old,
      new: c.new,
      unit: c.unit,
    }));
  return [...queries.filter((q) => q.match === 'single').flatMap(changes), ...queries.filter((q) => q.match !== 'single').flatMap(changes)];
}

function formatKey(value: JsonValue): string {
  return value === null ? '—' : typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Charts paired by the query they draw (the n-th chart of a query in one version with the n-th in the other),
 * kept when the picture or the query's result changed; the charts left over were added or removed.
 */
function diffFigures(older: FigureSnapshot[], newer: FigureSnapshot[], queries: QueryDiff[]): Pick<VersionDiff, 'figures' | 'figuresAdded' | 'figuresRemoved'> {
  const charts = (figures: FigureSnapshot[]) => figures.filter((f) => f.kind === 'chart');
  const changedQueries = new Set(queries.filter((q) => q.status === 'changed').map((q) => q.name));
  const left = new Map<string, FigureSnapshot[]>();
  for (const f of charts(older)) left.set(f.query, [...(left.get(f.query) ?? []), f]);
  const figures: FigurePair[] = [];
  const figuresAdded: FigureSnapshot[] = [];
  for (const f of charts(newer)) {
    const before = left.get(f.query)?.shift();
    if (!before) figuresAdded.push(f);
    else if (changedQueries.has(f.query) || before.svg !== f.svg) figures.push({ query: f.query, older: before, newer: f });
  }
  const figuresRemoved = charts(older).filter((f) => left.get(f.query)?.includes(f));
  return { figures, figuresAdded, figuresRemoved };
}

// ---------------------------------------------------------------------------------------------------
// Summary

function countPhrase(counts: DiffCounts, singular: string, plural: string): string {
  const parts: [number, string][] = [
    [counts.changed, 'changed'],
    [counts.added, 'added'],
    [counts.removed, 'removed'],
    [counts.unchanged, 'unchanged'],
  ];
  const shown = parts.filter(([n]) => n > 0);
  if (shown.length === 0) return `no ${plural}`;
  return shown.map(([n, what], i) => (i === 0 ? `${n} ${n === 1 ? singular : plural} ${what}` : `${n} ${what}`)).join(', ');
}

function summarize(counts: { sections: DiffCounts; queries: DiffCounts }): string {
  return `${countPhrase(counts.sections, 'section', 'sections')}; ${countPhrase(counts.queries, 'query', 'queries')}.`;
}

