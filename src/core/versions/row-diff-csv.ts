/**
 * A query's row changes between two versions as one CSV, every row of them (the what-changed page shows only the
 * first few): one line per row added, removed or changed, its key, then each column's value in the older and the
 * newer version and, where the column has one, its unit in each.
 */
import { toCsv } from '../data/csv.ts';
import type { Row } from '../data/json-values.ts';
import type { QueryDiff, RowRef } from './version-diff.ts';

export function rowDiffCsv(q: QueryDiff, olderVersion: number, newerVersion: number): string {
  const v = `v${olderVersion}`;
  const w = `v${newerVersion}`;
  const keys = q.match === 'key' ? q.keyColumns : q.match === 'position' ? ['row'] : [];
  // Every column either version has, the newer version's order first.
  const names = [...new Set([...q.newerColumns, ...q.olderColumns].map((c) => c.name))].filter((n) => !(q.match === 'key' && keys.includes(n)));
  const refs = [...q.rowsAdded, ...q.rowsRemoved, ...q.rowsChanged.flatMap((r) => [r.older, r.newer])];
  const withUnit = names.filter((n) => refs.some((r) => r.units[n]));
  const header: string[] = ['change', ...keys];
  for (const n of names) {
    header.push(`${n} (${v})`, `${n} (${w})`);
    if (withUnit.includes(n)) header.push(`${n} unit (${v})`, `${n} unit (${w})`);
  }
  const line = (change: string, keyed: Pick<RowRef, 'key' | 'row'>, older: RowRef | null, newer: RowRef | null): Row => {
    const row: Row = { change };
    for (const k of keys) row[k] = k === 'row' && q.match === 'position' ? keyed.row : (keyed.key[k] ?? null);
    for (const n of names) {
      row[`${n} (${v})`] = older?.values[n] ?? null;
      row[`${n} (${w})`] = newer?.values[n] ?? null;
      if (withUnit.includes(n)) {
        row[`${n} unit (${v})`] = older && older.values[n] !== null && older.values[n] !== undefined ? (older.units[n] ?? null) : null;
        row[`${n} unit (${w})`] = newer && newer.values[n] !== null && newer.values[n] !== undefined ? (newer.units[n] ?? null) : null;
      }
    }
    return row;
  };
  const rows: Row[] = [
    ...q.rowsChanged.map((r) => line('changed', r, r.older, r.newer)),
    ...q.rowsAdded.map((r) => line('added', r, null, r)),
    ...q.rowsRemoved.map((r) => line('removed', r, r, null)),
  ];
  return toCsv(header, rows);
}
