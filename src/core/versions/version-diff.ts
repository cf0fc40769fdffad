/**
 * What changed between two published versions of a report, as data: the numbers that changed (each value of a query
 * both versions run, matched row by row, old → new with its unit; a one-row query is its one row, so a new leader
 * reads old → new), the figures whose charts changed (paired by the query they draw), the prose as readers read it
 * (the rendered text, block by block, section by section: prose-blocks.ts) and, for the folded-away detail, every
 * row added, removed or changed. `diffVersions` gives the data; version-diff-html.ts renders it.
 */
import type { JsonValue, Row } from '../data/json-values.ts';
import { proseSections, type BlockKind, type ProseSection } from '../article/prose-blocks.ts';
import { diffWords, type DiffOp } from './text-diff.ts';

export interface QuerySnapshot {
  name: string;
  columns: { name: string; type: string }[];
  rows: Row[];
  /** Distinct units of each column over the rows (empty or absent: no unit), as traceUnits gives them. */
  units: Record<string, string[]>;
}

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

export type DiffStatus = 'added' | 'removed' | 'changed' | 'unchanged';

export interface TextRun {
  op: DiffOp;
  /** Words joined by single spaces. */
  text: string;
}

/** One block of prose (a paragraph, list item, sub-heading…) as it reads after the change, with what changed in it. */
export interface BlockDiff {
  kind: BlockKind;
  status: DiffStatus;
  runs: TextRun[];
}

export interface SectionDiff {
  /** The `<h2>` heading's text ("Introduction" for the text before the first one; " (2)" on a repeated heading). */
  heading: string;
  status: DiffStatus;
  /** Every block of the section: changed, added and removed ones with their word runs, unchanged ones as one equal run. */
  blocks: BlockDiff[];
  wordsInserted: number;
  wordsDeleted: number;
}

export interface Column {
  name: string;
  type: string;
}

/** A row of one version: its key values (or its 1-based position), all its values, and the unit of each measure. */
export interface RowRef {
  key: Row;
  /** 1-based row number when rows are matched by position, else null. */
  row: number | null;
  values: Row;
  /** The unit of each column of this row that has one. */
  units: Record<string, string>;
}

export interface ValueChange {
  key: Row;
  /** 1-based row number when rows are matched by position, else null. */
  row: number | null;
  column: string;
  old: JsonValue;
  new: JsonValue;
  /** The column's unit for this row ("" when none; "a → b" when the unit itself changed). */
  unit: string;
}

/** A row both versions have (matched on its key, or the one row of a one-row query) whose values differ. */
export interface RowChange {
  key: Row;
  row: number | null;
  older: RowRef;
  newer: RowRef;
  /** The shared columns whose values differ, in the newer version's column order. */
  columns: string[];
}

export interface QueryDiff {
  name: string;
  status: DiffStatus;
  /**
   * How rows were matched: on the key columns; as the one row of each side (a one-row query, whatever its text
   * columns say: its leader changing is a changed value, not a row removed and one added); or in order, when
   * there are no key columns.
   */
  match: 'key' | 'single' | 'position';
  keyColumns: string[];
  /** True when some key matched several rows; those rows were compared in their order. */
  duplicateKeys: boolean;
  olderColumns: Column[];
  newerColumns: Column[];
  olderRowCount: number;
  newerRowCount: number;
  columnsAdded: Column[];
  columnsRemoved: Column[];
  typesChanged: { column: string; old: string; new: string }[];
  unitsChanged: { column: string; old: string[]; new: string[] }[];
  rowsAdded: RowRef[];
  rowsRemoved: RowRef[];
  rowsChanged: RowChange[];
  valuesChanged: ValueChange[];
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

export interface DiffCounts {
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
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
// Sections

/**
 * A word that cannot occur in text split at whitespace: the start of a block, with its kind (so a removed paragraph
 * before a sub-heading is not matched with the sub-heading's start).
 */
const BREAK = (kind: BlockKind) => `\n${kind}`;
const isBreak = (word: string) => word.startsWith('\n');

function words(section: ProseSection): string[] {
  return section.blocks.flatMap((b) => [BREAK(b.kind), ...b.text.split(' ')]);
}

function diffSections(older: ProseSection[], newer: ProseSection[]): SectionDiff[] {
  const olderByHeading = new Map(older.map((s) => [s.heading, s]));
  const newerHeadings = new Set(newer.map((s) => s.heading));
  const whole = (section: ProseSection, status: 'added' | 'removed'): SectionDiff => {
    const op: DiffOp = status === 'added' ? 'insert' : 'delete';
    const blocks = section.blocks.map((b) => ({ kind: b.kind, status, runs: [{ op, text: b.text }] }));
    const count = section.blocks.reduce((n, b) => n + b.text.split(' ').length, 0);
    return { heading: section.heading, status, blocks, wordsInserted: status === 'added' ? count : 0, wordsDeleted: status === 'removed' ? count : 0 };
  };
  const out: SectionDiff[] = [];
  for (const section of newer) {
    const before = olderByHeading.get(section.heading);
    out.push(before ? diffSection(before, section) : whole(section, 'added'));
  }
  for (const section of older) if (!newerHeadings.has(section.heading)) out.push(whole(section, 'removed'));
  return out;
}

interface Cut {
  kind: BlockKind;
  /** How the block's start came about: kept, new in the newer version, or only in the older. */
  start: DiffOp;
  runs: { op: DiffOp; words: string[] }[];
}

/**
 * The word diff of a section, cut back into blocks as the newer version has them: a changed paragraph is shown
 * whole, with its deleted and inserted words, and an unchanged one can be folded. A paragraph break only the older
 * version had starts a block of its own only for a paragraph removed whole; otherwise the two merged paragraphs
 * read as one.
 */
function diffSection(older: ProseSection, newer: ProseSection): SectionDiff {
  const runs = diffWords(words(older), words(newer));
  const cuts: Cut[] = [];
  let wordsInserted = 0;
  let wordsDeleted = 0;
  for (const run of runs) {
    for (const word of run.words) {
      if (isBreak(word)) {
        cuts.push({ kind: word.slice(1) as BlockKind, start: run.op, runs: [] });
        continue;
      }
      if (run.op === 'insert') wordsInserted++;
      if (run.op === 'delete') wordsDeleted++;
      const cut = cuts[cuts.length - 1]!;
      const last = cut.runs[cut.runs.length - 1];
      if (last && last.op === run.op) last.words.push(word);
      else cut.runs.push({ op: run.op, words: [word] });
    }
  }
  const merged: Cut[] = [];
  for (const cut of cuts) {
    const previous = merged[merged.length - 1];
    if (cut.start === 'delete' && previous && cut.runs.some((r) => r.op !== 'delete')) {
      for (const run of cut.runs) {
        const last = previous.runs[previous.runs.length - 1];
        if (last && last.op === run.op) last.words.push(...run.words);
        else previous.runs.push({ op: run.op, words: [...run.words] });
      }
    } else merged.push(cut);
  }
  const blocks: BlockDiff[] = merged
    .filter((b) => b.runs.length > 0)
    .map((b) => {
      const ops = new Set(b.runs.map((r) => r.op));
      const only = ops.size === 1 ? [...ops][0] : null;
      const status: DiffStatus = only === 'equal' ? 'unchanged' : only === 'insert' ? 'added' : only === 'delete' ? 'removed' : 'changed';
      return { kind: b.kind, status, runs: b.runs.map((r) => ({ op: r.op, text: r.words.join(' ') })) };
    });
  // Blocks that were only split or joined have no changed word: the section is unchanged.
  const status: DiffStatus = wordsInserted + wordsDeleted === 0 ? 'unchanged' : 'changed';
  return { heading: newer.heading, status, blocks, wordsInserted, wordsDeleted };
}

// ---------------------------------------------------------------------------------------------------
// Queries

/** Types whose values identify a row (text, dates, booleans); numbers are measures. */
export function isKeyType(type: string): boolean {
  return /^(VARCHAR|TEXT|STRING|DATE|BOOLEAN|BOOL|TIMESTAMP.*|TIME|UUID|ENUM.*)$/i.test(type.trim());
}

function byName(queries: QuerySnapshot[], which: string): Map<string, QuerySnapshot> {
  const map = new Map<string, QuerySnapshot>();
  for (const q of queries) {
    if (map.has(q.name)) throw new Error(`the ${which} version has two queries named "${q.name}"`);
    map.set(q.name, q);
  }
  return map;
}

function diffQueries(older: QuerySnapshot[], newer: QuerySnapshot[]): QueryDiff[] {
  const olderByName = byName(older, 'older');
  const newerByName = byName(newer, 'newer');
  const out: QueryDiff[] = [];
  for (const q of newer) {
    const before = olderByName.get(q.name);
    out.push(before ? diffQuery(before, q) : onlyIn(q, 'added'));
  }
  for (const q of older) if (!newerByName.has(q.name)) out.push(onlyIn(q, 'removed'));
  return out;
}

function onlyIn(q: QuerySnapshot, status: 'added' | 'removed'): QueryDiff {
  const columns = q.columns.map(({ name, type }) => ({ name, type }));
  return {
    name: q.name,
    status,
    match: 'key',
    keyColumns: [],
    duplicateKeys: false,
    olderColumns: status === 'removed' ? columns : [],
    newerColumns: status === 'added' ? columns : [],
    olderRowCount: status === 'removed' ? q.rows.length : 0,
    newerRowCount: status === 'added' ? q.rows.length : 0,
    columnsAdded: [],
    columnsRemoved: [],
    typesChanged: [],
    unitsChanged: [],
    rowsAdded: [],
    rowsRemoved: [],
    rowsChanged: [],
    valuesChanged: [],
  };
}

interface Keyed {
  key: Row;
  tuple: JsonValue[];
  row: number | null;
  /** Position in its version's rows. */
  index: number;
  values: Row;
}

function diffQuery(older: QuerySnapshot, newer: QuerySnapshot): QueryDiff {
  const olderTypes = new Map(older.columns.map((c) => [c.name, c.type]));
  const newerTypes = new Map(newer.columns.map((c) => [c.name, c.type]));
  const shared = newer.columns.filter((c) => olderTypes.has(c.name)).map((c) => c.name);
  // A one-row query (the facts a paragraph quotes) has one row on each side, whatever its text says: the row is
  // compared as a whole, so "offline_leader: H200 → GB200" is a changed value, not a row removed and one added.
  const single = older.rows.length === 1 && newer.rows.length === 1;
  const keyColumns = single ? [] : shared.filter((name) => isKeyType(olderTypes.get(name)!) && isKeyType(newerTypes.get(name)!));
  const compared = shared.filter((name) => !keyColumns.includes(name));
  const match: QueryDiff['match'] = single ? 'single' : keyColumns.length ? 'key' : 'position';

  const keyed = (rows: Row[]): Keyed[] =>
    rows.map((values, i) => {
      const key: Row = {};
      for (const name of keyColumns) key[name] = values[name] ?? null;
      return { key, tuple: keyColumns.map((name) => values[name] ?? null), row: match === 'key' ? null : i + 1, index: i, values };
    });
  const before = keyed(older.rows);
  const after = keyed(newer.rows);

  const pairs: [Keyed, Keyed][] = [];
  const removed: Keyed[] = [];
  const added: Keyed[] = [];
  let duplicateKeys = false;
  if (match !== 'key') {
    for (let i = 0; i < Math.max(before.length, after.length); i++) {
      if (before[i] && after[i]) pairs.push([before[i]!, after[i]!]);
      else if (before[i]) removed.push(before[i]!);
      else added.push(after[i]!);
    }
  } else {
    const groups = new Map<string, { tuple: JsonValue[]; before: Keyed[]; after: Keyed[] }>();
    const group = (k: Keyed) => {
      const id = JSON.stringify(k.tuple);
      let g = groups.get(id);
      if (!g) groups.set(id, (g = { tuple: k.tuple, before: [], after: [] }));
      return g;
    };
    for (const k of before) group(k).before.push(k);
    for (const k of after) group(k).after.push(k);
    const sorted = [...groups.values()].sort((x, y) => compareTuples(x.tuple, y.tuple));
    for (const g of sorted) {
      if (g.before.length > 1 || g.after.length > 1) duplicateKeys = true;
      // Rows identical in both versions pair first; the rest pair in their order.
      const rest = [...g.after];
      const unpaired: Keyed[] = [];
      for (const b of g.before) {
        const same = rest.findIndex((a) => compared.every((name) => sameValue(b.values[name] ?? null, a.values[name] ?? null)));
        if (same >= 0) pairs.push([b, rest.splice(same, 1)[0]!]);
        else unpaired.push(b);
      }
      for (let i = 0; i < Math.max(unpaired.length, rest.length); i++) {
        if (unpaired[i] && rest[i]) pairs.push([unpaired[i]!, rest[i]!]);
        else if (unpaired[i]) removed.push(unpaired[i]!);
        else added.push(rest[i]!);
      }
    }
    const order = new Map(sorted.map((g, i) => [JSON.stringify(g.tuple), i]));
    const rank = (k: Keyed) => order.get(JSON.stringify(k.tuple))!;
    pairs.sort((x, y) => rank(x[1]) - rank(y[1]) || x[1].index - y[1].index);
  }

  const ref = (k: Keyed, snapshot: QuerySnapshot): RowRef => {
    const units: Record<string, string> = {};
    for (const { name } of snapshot.columns) {
      const unit = unitOf(snapshot.units[name], k.values);
      if (unit) units[name] = unit;
    }
    return { key: k.key, row: k.row, values: k.values, units };
  };
  const valuesChanged: ValueChange[] = [];
  const rowsChanged: RowChange[] = [];
  for (const [b, a] of pairs) {
    const columns: string[] = [];
    for (const name of compared) {
      const oldValue = b.values[name] ?? null;
      const newValue = a.values[name] ?? null;
      if (sameValue(oldValue, newValue)) continue;
      columns.push(name);
      const oldUnit = unitOf(older.units[name], b.values);
      const newUnit = unitOf(newer.units[name], a.values);
      const unit = oldUnit && newUnit && oldUnit !== newUnit ? `${oldUnit} → ${newUnit}` : newUnit || oldUnit;
      valuesChanged.push({ key: a.key, row: a.row, column: name, old: oldValue, new: newValue, unit });
    }
    if (columns.length) rowsChanged.push({ key: a.key, row: a.row, older: ref(b, older), newer: ref(a, newer), columns });
  }
  const columnsAdded = newer.columns.filter((c) => !olderTypes.has(c.name)).map(({ name, type }) => ({ name, type }));
  const columnsRemoved = older.columns.filter((c) => !newerTypes.has(c.name)).map(({ name, type }) => ({ name, type }));
  const typesChanged = shared.filter((name) => olderTypes.get(name) !== newerTypes.get(name)).map((name) => ({ column: name, old: olderTypes.get(name)!, new: newerTypes.get(name)! }));
  const unitsChanged = shared
    .map((name) => ({ column: name, old: [...(older.units[name] ?? [])].sort(), new: [...(newer.units[name] ?? [])].sort() }))
    .filter((u) => JSON.stringify(u.old) !== JSON.stringify(u.new));
  const diff: QueryDiff = {
    name: newer.name,
    status: 'unchanged',
    match,
    keyColumns,
    duplicateKeys,
    olderColumns: older.columns.map(({ name, type }) => ({ name, type })),
    newerColumns: newer.columns.map(({ name, type }) => ({ name, type })),
    olderRowCount: older.rows.length,
    newerRowCount: newer.rows.length,
    columnsAdded,
    columnsRemoved,
    typesChanged,
    unitsChanged,
    rowsAdded: added.map((k) => ref(k, newer)),
    rowsRemoved: removed.map((k) => ref(k, older)),
    rowsChanged,
    valuesChanged,
  };
  const changed = [columnsAdded, columnsRemoved, typesChanged, unitsChanged, diff.rowsAdded, diff.rowsRemoved, valuesChanged].some((list) => list.length > 0);
  diff.status = changed ? 'changed' : 'unchanged';
  return diff;
}

/** Equal values; numbers within a relative 1e-12 (so a re-ordered floating-point sum is not a change). */
function sameValue(a: JsonValue, b: JsonValue): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
  return JSON.stringify(a) === JSON.stringify(b);
}

const TYPE_RANK = { null: 0, boolean: 1, number: 2, string: 3, object: 4 } as const;

function compareValues(a: JsonValue, b: JsonValue): number {
  const ta = a === null ? 'null' : (typeof a as keyof typeof TYPE_RANK);
  const tb = b === null ? 'null' : (typeof b as keyof typeof TYPE_RANK);
  if (ta !== tb) return TYPE_RANK[ta] - TYPE_RANK[tb];
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = typeof a === 'string' ? a : JSON.stringify(a);
  const sb = typeof b === 'string' ? b : JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function compareTuples(a: JsonValue[], b: JsonValue[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareValues(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/**
 * The unit of a column in one row. With several units, a text value of the row that names one of them
 * (a `unit` column: "tokens/s" picks "tokens/s" or "tokens/s per accelerator") decides; otherwise the list.
 */
function unitOf(units: string[] | undefined, row: Row): string {
  if (!units || units.length === 0) return '';
  if (units.length === 1) return units[0]!;
  const sorted = [...units].sort();
  for (const value of Object.values(row)) {
    if (typeof value !== 'string' || value === '') continue;
    const exact = sorted.filter((u) => u === value);
    if (exact.length === 1) return exact[0]!;
    const prefixed = sorted.filter((u) => u.startsWith(`${value} `));
    if (prefixed.length === 1) return prefixed[0]!;
  }
  return sorted.join(', ');
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

function countStatuses(items: { status: DiffStatus }[]): DiffCounts {
  const counts: DiffCounts = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  for (const item of items) counts[item.status]++;
  return counts;
}

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

