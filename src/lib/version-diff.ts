/**
 * What changed between two published versions of a report: the prose, section by section (a word-level
 * diff of the Markdown outside code fences), and the result of every query both versions run (rows added
 * and removed, matched on the text/date/boolean columns, and each value that changed, with its unit).
 * `diffVersions` gives the data, `renderVersionDiff` an HTML fragment that reads without JavaScript.
 */
import { formatValue } from './format.ts';
import { escapeHtml } from './html.ts';
import type { JsonValue, Row } from './json-values.ts';
import { diffWords, splitWords, type DiffOp } from './text-diff.ts';

export interface QuerySnapshot {
  name: string;
  columns: { name: string; type: string }[];
  rows: Row[];
  /** Distinct units of each column over the rows (empty or absent: no unit), as traceUnits gives them. */
  units: Record<string, string[]>;
}

export interface VersionSnapshot {
  version: number;
  published: string;
  title: string;
  /** The Markdown body, front matter removed. */
  body: string;
  queries: QuerySnapshot[];
}

export type DiffStatus = 'added' | 'removed' | 'changed' | 'unchanged';

export interface TextRun {
  op: DiffOp;
  /** Words joined by single spaces; a long unchanged run is shortened around "…". */
  text: string;
}

export interface SectionDiff {
  /** The `##` heading's text ("Introduction" for the text before the first one; " (2)" on a repeated heading). */
  heading: string;
  status: DiffStatus;
  /** Changed: the word diff. Added: one insert run of the whole text; removed: one delete run. Unchanged: none. */
  runs: TextRun[];
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

export interface QueryDiff {
  name: string;
  status: DiffStatus;
  /** How rows were matched: on the key columns, or row by row in order when there are none. */
  match: 'key' | 'position';
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
  valuesChanged: ValueChange[];
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
  counts: { sections: DiffCounts; queries: DiffCounts };
  /** One line, e.g. "2 sections changed, 1 added; 1 query changed, 3 unchanged." */
  summary: string;
}

export function diffVersions(older: VersionSnapshot, newer: VersionSnapshot): VersionDiff {
  const sections = diffSections(splitSections(older.body), splitSections(newer.body));
  const queries = diffQueries(older.queries, newer.queries);
  const counts = { sections: countStatuses(sections), queries: countStatuses(queries) };
  return {
    older: { version: older.version, published: older.published, title: older.title },
    newer: { version: newer.version, published: newer.published, title: newer.title },
    titleChanged: older.title !== newer.title,
    sections,
    queries,
    counts,
    summary: summarize(counts),
  };
}

// ---------------------------------------------------------------------------------------------------
// Sections

export interface Section {
  heading: string;
  words: string[];
}

const INTRODUCTION = 'Introduction';

/**
 * Splits a Markdown body at its `##` headings, outside code fences. Fenced blocks (```sql, ```plot, ~~~ …)
 * are left out of the prose; everything else, inline directives included, is kept word for word. The text
 * before the first heading is "Introduction" (left out when empty).
 */
export function splitSections(body: string): Section[] {
  const raw: { heading: string; lines: string[] }[] = [{ heading: INTRODUCTION, lines: [] }];
  let fence: { char: string; length: number } | null = null;
  for (const line of body.split(/\r?\n/)) {
    if (fence) {
      const close = /^\s*(`{3,}|~{3,})\s*$/.exec(line);
      if (close && close[1]![0] === fence.char && close[1]!.length >= fence.length) fence = null;
      continue;
    }
    const open = /^\s*(`{3,}|~{3,})(.*)$/.exec(line);
    if (open && !(open[1]![0] === '`' && open[2]!.includes('`'))) {
      fence = { char: open[1]![0]!, length: open[1]!.length };
      continue;
    }
    const heading = /^ {0,3}##(?:[ \t]+(.*?))?[ \t]*$/.exec(line);
    if (heading) {
      const text = (heading[1] ?? '').replace(/(?:^|[ \t]+)#+$/, '').replace(/\s+/g, ' ').trim();
      raw.push({ heading: text || '(untitled)', lines: [] });
      continue;
    }
    raw[raw.length - 1]!.lines.push(line);
  }
  const seen = new Map<string, number>();
  const sections: Section[] = [];
  raw.forEach(({ heading, lines }, i) => {
    const words = splitWords(lines.join('\n'));
    if (i === 0 && words.length === 0) return;
    const n = (seen.get(heading) ?? 0) + 1;
    seen.set(heading, n);
    sections.push({ heading: n === 1 ? heading : `${heading} (${n})`, words });
  });
  return sections;
}

/** Unchanged words kept on each side of a change; longer unchanged runs are shortened around "…". */
const CONTEXT = 8;

function diffSections(older: Section[], newer: Section[]): SectionDiff[] {
  const olderByHeading = new Map(older.map((s) => [s.heading, s]));
  const newerHeadings = new Set(newer.map((s) => s.heading));
  const out: SectionDiff[] = [];
  for (const section of newer) {
    const before = olderByHeading.get(section.heading);
    if (!before) {
      out.push({ heading: section.heading, status: 'added', runs: [{ op: 'insert', text: section.words.join(' ') }], wordsInserted: section.words.length, wordsDeleted: 0 });
      continue;
    }
    const runs = diffWords(before.words, section.words);
    if (runs.every((r) => r.op === 'equal')) {
      out.push({ heading: section.heading, status: 'unchanged', runs: [], wordsInserted: 0, wordsDeleted: 0 });
      continue;
    }
    const count = (op: DiffOp) => runs.filter((r) => r.op === op).reduce((n, r) => n + r.words.length, 0);
    out.push({
      heading: section.heading,
      status: 'changed',
      runs: runs.map((run, i) => ({ op: run.op, text: run.op === 'equal' ? elide(run.words, i === 0, i === runs.length - 1) : run.words.join(' ') })),
      wordsInserted: count('insert'),
      wordsDeleted: count('delete'),
    });
  }
  for (const section of older) {
    if (!newerHeadings.has(section.heading)) {
      out.push({ heading: section.heading, status: 'removed', runs: [{ op: 'delete', text: section.words.join(' ') }], wordsInserted: 0, wordsDeleted: section.words.length });
    }
  }
  return out;
}

function elide(words: string[], first: boolean, last: boolean): string {
  const keepBefore = first ? 0 : CONTEXT;
  const keepAfter = last ? 0 : CONTEXT;
  if (words.length <= keepBefore + keepAfter + 1) return words.join(' ');
  return [...words.slice(0, keepBefore), '…', ...words.slice(words.length - keepAfter)].join(' ');
}

// ---------------------------------------------------------------------------------------------------
// Queries

/** Types whose values identify a row (text, dates, booleans); numbers are measures. */
function isKeyType(type: string): boolean {
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
  const keyColumns = shared.filter((name) => isKeyType(olderTypes.get(name)!) && isKeyType(newerTypes.get(name)!));
  const compared = shared.filter((name) => !keyColumns.includes(name));
  const match: 'key' | 'position' = keyColumns.length ? 'key' : 'position';

  const keyed = (rows: Row[]): Keyed[] =>
    rows.map((values, i) => {
      const key: Row = {};
      for (const name of keyColumns) key[name] = values[name] ?? null;
      return { key, tuple: keyColumns.map((name) => values[name] ?? null), row: match === 'position' ? i + 1 : null, index: i, values };
    });
  const before = keyed(older.rows);
  const after = keyed(newer.rows);

  const pairs: [Keyed, Keyed][] = [];
  const removed: Keyed[] = [];
  const added: Keyed[] = [];
  let duplicateKeys = false;
  if (match === 'position') {
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

  const valuesChanged: ValueChange[] = [];
  for (const [b, a] of pairs) {
    for (const name of compared) {
      const oldValue = b.values[name] ?? null;
      const newValue = a.values[name] ?? null;
      if (sameValue(oldValue, newValue)) continue;
      const oldUnit = unitOf(older.units[name], b.values);
      const newUnit = unitOf(newer.units[name], a.values);
      const unit = oldUnit && newUnit && oldUnit !== newUnit ? `${oldUnit} → ${newUnit}` : newUnit || oldUnit;
      valuesChanged.push({ key: a.key, row: a.row, column: name, old: oldValue, new: newValue, unit });
    }
  }

  const ref = (k: Keyed, snapshot: QuerySnapshot): RowRef => {
    const units: Record<string, string> = {};
    for (const { name } of snapshot.columns) {
      const unit = unitOf(snapshot.units[name], k.values);
      if (unit) units[name] = unit;
    }
    return { key: k.key, row: k.row, values: k.values, units };
  };
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

// ---------------------------------------------------------------------------------------------------
// HTML

export interface RenderOptions {
  /** Level of the fragment's top headings (default 2); section and query names are one level below. */
  headingLevel?: 2 | 3 | 4 | 5;
}

/** The diff as an HTML fragment: every value escaped, no script, `bw-diff-` classes. */
export function renderVersionDiff(diff: VersionDiff, options: RenderOptions = {}): string {
  const h = options.headingLevel ?? 2;
  const h2 = (text: string) => `<h${h} class="bw-diff-heading">${text}</h${h}>`;
  const h3 = (text: string) => `<h${h + 1}>${text}</h${h + 1}>`;
  const v = (info: VersionInfo) => `v${escapeHtml(info.version)} (<time datetime="${escapeHtml(info.published)}">${escapeHtml(info.published)}</time>)`;
  const out: string[] = ['<div class="bw-diff">'];
  out.push(`<p class="bw-diff-versions">Changes from ${v(diff.older)} to ${v(diff.newer)}</p>`);
  out.push(`<p class="bw-diff-summary">${escapeHtml(diff.summary)}</p>`);
  if (diff.titleChanged) {
    out.push(`<p class="bw-diff-title">Title: <del>${escapeHtml(diff.older.title)}</del> <ins>${escapeHtml(diff.newer.title)}</ins></p>`);
  }

  out.push(h2('Text'));
  const shownSections = diff.sections.filter((s) => s.status !== 'unchanged');
  for (const s of shownSections) {
    const badge = s.status === 'changed' ? '' : ` <span class="bw-diff-badge">${s.status}</span>`;
    out.push(`<section class="bw-diff-section bw-diff-${s.status}">`);
    out.push(h3(`${escapeHtml(s.heading)}${badge}`));
    out.push(`<p class="bw-diff-words">${s.runs.map(renderRun).join(' ')}</p>`);
    out.push('</section>');
  }
  const unchangedSections = diff.sections.filter((s) => s.status === 'unchanged');
  if (unchangedSections.length) {
    out.push(`<p class="bw-diff-unchanged">Unchanged sections: ${unchangedSections.map((s) => escapeHtml(s.heading)).join(', ')}.</p>`);
  }
  if (diff.sections.length === 0) out.push('<p class="bw-diff-unchanged">Neither version has text.</p>');

  out.push(h2('Query results'));
  for (const q of diff.queries.filter((q) => q.status === 'changed')) out.push(renderQuery(q, h + 1));
  const listed = (status: DiffStatus, label: string, withRows: (q: QueryDiff) => number) => {
    const items = diff.queries.filter((q) => q.status === status);
    if (!items.length) return;
    const names = items.map((q) => `<code>${escapeHtml(q.name)}</code>${status === 'unchanged' ? '' : ` (${plural(withRows(q), 'row')})`}`);
    out.push(`<p class="bw-diff-queries-${status}">${label}: ${names.join(', ')}.</p>`);
  };
  listed('added', 'Queries added', (q) => q.newerRowCount);
  listed('removed', 'Queries removed', (q) => q.olderRowCount);
  listed('unchanged', 'Unchanged queries', () => 0);
  if (diff.queries.length === 0) out.push('<p class="bw-diff-unchanged">Neither version has queries.</p>');
  out.push('</div>');
  return out.join('\n');
}

function renderRun(run: TextRun): string {
  const text = escapeHtml(run.text);
  return run.op === 'insert' ? `<ins>${text}</ins>` : run.op === 'delete' ? `<del>${text}</del>` : text;
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

function renderQuery(q: QueryDiff, level: number): string {
  const out: string[] = [`<section class="bw-diff-query">`, `<h${level}><code>${escapeHtml(q.name)}</code></h${level}>`];
  const codes = (names: string[]) => names.map((n) => `<code>${escapeHtml(n)}</code>`).join(', ');
  const facts: string[] = [`${plural(q.olderRowCount, 'row')} → ${plural(q.newerRowCount, 'row')}`];
  facts.push(q.match === 'key' ? `rows matched on ${codes(q.keyColumns)}` : 'no text, date or boolean columns: rows compared in order');
  if (q.duplicateKeys) facts.push('some keys have several rows, compared in order');
  out.push(`<p class="bw-diff-query-facts">${facts.join('; ')}.</p>`);
  const notes: string[] = [];
  if (q.columnsAdded.length) notes.push(`Columns added: ${codes(q.columnsAdded.map((c) => c.name))}.`);
  if (q.columnsRemoved.length) notes.push(`Columns removed: ${codes(q.columnsRemoved.map((c) => c.name))}.`);
  for (const t of q.typesChanged) notes.push(`Type of <code>${escapeHtml(t.column)}</code>: ${escapeHtml(t.old)} → ${escapeHtml(t.new)}.`);
  for (const u of q.unitsChanged) notes.push(`Unit of <code>${escapeHtml(u.column)}</code>: ${escapeHtml(u.old.join(', ') || 'none')} → ${escapeHtml(u.new.join(', ') || 'none')}.`);
  if (notes.length) out.push(`<ul class="bw-diff-notes">${notes.map((n) => `<li>${n}</li>`).join('')}</ul>`);

  const keyHeads = q.match === 'key' ? q.keyColumns : ['row'];
  const keyCells = (key: Row, row: number | null) =>
    q.match === 'key' ? q.keyColumns.map((name) => `<td>${escapeHtml(formatValue(key[name] ?? null))}</td>`) : [`<td class="bw-diff-num">${row}</td>`];
  const th = (text: string, cls = '') => `<th scope="col"${cls ? ` class="${cls}"` : ''}>${escapeHtml(text)}</th>`;

  if (q.valuesChanged.length) {
    const rows = q.valuesChanged.map((c) => {
      const [oldText, newText] = formatPair(c.old, c.new);
      return (
        `<tr>${keyCells(c.key, c.row).join('')}<td><code>${escapeHtml(c.column)}</code></td>` +
        `<td class="bw-diff-num bw-diff-old"><del>${escapeHtml(oldText)}</del></td>` +
        `<td class="bw-diff-num bw-diff-new"><ins>${escapeHtml(newText)}</ins></td>` +
        `<td class="bw-diff-unit">${escapeHtml(c.unit)}</td></tr>`
      );
    });
    out.push(
      `<table class="bw-diff-table bw-diff-values"><caption>Values changed (${q.valuesChanged.length})</caption>` +
        `<thead><tr>${keyHeads.map((k) => th(k)).join('')}${th('column')}${th('old', 'bw-diff-num')}${th('new', 'bw-diff-num')}${th('unit')}</tr></thead>` +
        `<tbody>\n${rows.join('\n')}\n</tbody></table>`,
    );
  }
  const rowTable = (refs: RowRef[], columns: Column[], label: string, cls: string, wrap: 'ins' | 'del') => {
    if (!refs.length) return;
    const others = columns.filter((c) => !(q.match === 'key' && q.keyColumns.includes(c.name)));
    const heads = [...keyHeads.map((k) => th(k)), ...others.map((c) => th(c.name, isKeyType(c.type) ? '' : 'bw-diff-num'))];
    const rows = refs.map((r) => {
      const cells = others.map((c) => {
        const value = r.values[c.name] ?? null;
        const unit = r.units[c.name];
        const text = `${formatValue(value)}${unit && value !== null ? ` ${unit}` : ''}`;
        return `<td${isKeyType(c.type) ? '' : ' class="bw-diff-num"'}><${wrap}>${escapeHtml(text)}</${wrap}></td>`;
      });
      return `<tr>${keyCells(r.key, r.row).join('')}${cells.join('')}</tr>`;
    });
    out.push(`<table class="bw-diff-table ${cls}"><caption>${label} (${refs.length})</caption><thead><tr>${heads.join('')}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`);
  };
  rowTable(q.rowsAdded, q.newerColumns, 'Rows added', 'bw-diff-rows-added', 'ins');
  rowTable(q.rowsRemoved, q.olderColumns, 'Rows removed', 'bw-diff-rows-removed', 'del');
  out.push('</section>');
  return out.join('\n');
}

/** Formats old and new with formatValue; when two different numbers would read the same, with enough decimals to differ. */
function formatPair(a: JsonValue, b: JsonValue): [string, string] {
  const fa = formatValue(a);
  const fb = formatValue(b);
  if (fa !== fb || typeof a !== 'number' || typeof b !== 'number') return [fa, fb];
  for (let digits = 1; digits <= 12; digits++) {
    const spec = `,.${digits}~f`;
    const [x, y] = [formatValue(a, spec), formatValue(b, spec)];
    if (x !== y) return [x, y];
  }
  return [String(a), String(b)];
}
