/**
 * The results of the queries of two versions, compared: rows matched on their key columns (text, dates, booleans),
 * as the one row of a one-row query, or in order; every row added, removed or changed, and each changed value with
 * its unit.
 */
import type { JsonValue, Row } from '../data/json-values.ts';
import type { DiffStatus } from './diff-status.ts';

export interface QuerySnapshot {
  name: string;
  columns: { name: string; type: string }[];
  rows: Row[];
  /** Distinct units of each column over the rows (empty or absent: no unit), as traceUnits gives them. */
  units: Record<string, string[]>;
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

export function diffQueries(older: QuerySnapshot[], newer: QuerySnapshot[]): QueryDiff[] {
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
