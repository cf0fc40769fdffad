/** What happened to an item between two versions (a section, a block, a query), and how many items had each fate. */

export type DiffStatus = 'added' | 'removed' | 'changed' | 'unchanged';

export interface DiffCounts {
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
}

export function countStatuses(items: { status: DiffStatus }[]): DiffCounts {
  const counts: DiffCounts = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  for (const item of items) counts[item.status]++;
  return counts;
}
