/** The blocks of an accelerator or model page with no result in scope: counts of its results outside the scope. */
import type { Row } from '../../core/data/json-values.ts';
import type { Context } from './context.ts';
import { fence, yaml } from './markdown.ts';

/** Counts of a subject's results outside the pages' scope: the query, a stacked bar chart of it and its table. */
export async function elsewhereBlocks(ctx: Context, sql: string, subtitle: string, table: Record<string, unknown>): Promise<string[]> {
  return [fence('sql elsewhere', sql), elsewhereChart(await ctx.engine.query(sql.trim(), 'page'), subtitle), fence('table elsewhere', yaml(table))];
}

/** A chart of how many results a page's subject has outside the pages' scope: counts, not performance. */
function elsewhereChart({ rows }: { rows: Row[] }, subtitle: string): string {
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(String(r.benchmark), (totals.get(String(r.benchmark)) ?? 0) + Number(r.results));
  const most = Math.max(1, ...totals.values());
  return fence('plot elsewhere', yaml({
    title: 'Results outside the scope of these pages, by division and category',
    subtitle,
    caption: 'Counts only: results of different divisions, categories or units are not compared here.',
    compare: 'Counts of results, not a comparison of their values.',
    marginLeft: 260,
    width: 880,
    height: 70 + 26 * totals.size,
    x: { label: 'results →', grid: true, tickFormat: 'd', ticks: Math.min(most, 10) },
    y: { label: null },
    color: { legend: true, type: 'categorical' },
    marks: [
      { barX: { x: 'results', y: 'benchmark', fill: 'category' } },
      { ruleX: [0] },
    ],
  }));
}
