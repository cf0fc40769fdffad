/**
 * The best result per accelerator of a group of results: the query the accelerator, model and matrix pages share,
 * and the table of it, over every round, that ends an accelerator or model page.
 */
import type { SlicedQuery } from '../../core/render/shared-query.ts';
import type { Context } from './context.ts';
import { figureBlocks } from './markdown.ts';
import { ROUND_COMPARE, SCOPE } from './scope.ts';

/** The "best result" tables (accelerator, model and matrix pages): their caption and their last columns. */
export const BEST_CAPTION = 'Each row has its own unit, per accelerator: never read a row against one in another unit. “Systems” is the number of results behind the row; the best system is named.';
export const BEST_COLUMNS = { best_per_accelerator: 'Best', unit: 'Unit, per accelerator', systems: 'Systems', best_system: 'Best system (submitter: system)' };
/** The columns of each group's best result per accelerator, after the group's own (`select`). */
function bestSelect(select: string): string {
  return `${select},
       max(result_per_accelerator) AS best_per_accelerator,
       arg_max(submitter || ': ' || system_name, result_per_accelerator) AS best_system,
       count(DISTINCT result_location) AS systems`;
}

/**
 * The best result per accelerator of each group, the system that made it and how many results are behind it.
 * `select` and `groupBy` name the group's columns, `where` the results (the pages' scope is the caller's to add).
 */
export function bestPerAcceleratorSql({ select, where, groupBy, orderBy }: { select: string; where: string; groupBy: string; orderBy: string }): string {
  return `
SELECT ${bestSelect(select)}
FROM mlperf_inference_derived
WHERE ${where}
GROUP BY ${groupBy}
ORDER BY ${orderBy}`;
}

/**
 * The table of each group's best result per accelerator in the pages' scope, of one page's subject (an accelerator,
 * a model): `columns` label the group's columns.
 */
export function bestTableBlocks(ctx: Pick<Context, 'sliced'>, spec: { select: string; subject: SlicedQuery['subject']; groupBy: string; orderBy: string; title: string; columns: Record<string, string> }): string[] {
  const sql = ctx.sliced({ select: bestSelect(spec.select), from: 'mlperf_inference_derived', subject: spec.subject, where: SCOPE, groupBy: spec.groupBy, orderBy: spec.orderBy });
  return figureBlocks('best', sql, 'table', {
    title: spec.title,
    caption: BEST_CAPTION,
    compare: ROUND_COMPARE,
    columns: { ...spec.columns, ...BEST_COLUMNS },
  });
}
