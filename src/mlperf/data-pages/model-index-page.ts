/**
 * The index of models: every MLPerf Inference model with its rounds, units and result counts, each linking to its
 * page, and a chart of which model ran in which round.
 */
import { html } from '../../core/render/html.ts';
import { modelSlug } from './addresses.ts';
import type { Context } from './context.ts';
import { link, listTable, num } from './list-table.ts';
import { fence, htmlBlock, yaml } from './markdown.ts';
import { NO_V50, SCOPE, SCOPE_SENTENCE, SCOPE_TEXT } from './scope.ts';

export async function modelIndexBody(ctx: Context, models: Map<string, string>): Promise<string> {
  const parts: string[] = [];
  parts.push(
    'One page per MLPerf Inference benchmark model of the data (datacenter), with every accelerator that ran it, by round, scenario and unit. ' +
      'Model names are as published: some changed between rounds (resnet50 in v3.1 and v4.0, resnet from v4.1), and -99 / -99.9 are two accuracy targets of one benchmark. ' +
      `“On its page” counts the throughput results of the ${SCOPE_TEXT} from systems of one kind of accelerator. ${NO_V50}`,
  );
  const listSql = `
SELECT r.model,
       count(*) AS all_results,
       string_agg(DISTINCT r.round, ', ' ORDER BY r.round) AS rounds,
       string_agg(DISTINCT r.unit, ', ' ORDER BY r.unit) AS units,
       coalesce(any_value(s.results), 0) AS results,
       coalesce(any_value(s.accelerator_ids), 0) AS accelerator_ids
FROM mlperf_inference r
LEFT JOIN (SELECT model, count(DISTINCT (round, result_location)) AS results, count(DISTINCT accelerator_id) AS accelerator_ids
           FROM mlperf_inference_derived WHERE ${SCOPE} GROUP BY model) s ON s.model = r.model
GROUP BY r.model
ORDER BY r.model`;
  const { rows } = await ctx.engine.query(listSql.trim(), 'page');
  parts.push('## Every model');
  parts.push(fence('sql model_list', listSql));
  parts.push(htmlBlock(listTable(
    'Models',
    ['Model', 'Rounds', 'Units', 'On its page', 'Accelerators', 'In the data'],
    rows.map((r) => [
      link(ctx.urls.model(models.get(String(r.model)) ?? modelSlug(String(r.model))), String(r.model)),
      html`${r.rounds}`, html`${r.units}`, num(r.results), num(r.accelerator_ids), num(r.all_results),
    ]),
    [3, 4, 5],
    'model_list',
    [1, 2],
  )));
  parts.push('## Which model ran in which round');
  parts.push(fence('sql coverage', `
SELECT model, round, count(DISTINCT result_location) AS results, count(DISTINCT accelerator_id) AS accelerator_ids
FROM mlperf_inference_derived
WHERE ${SCOPE}
GROUP BY model, round
ORDER BY model, round`));
  parts.push(fence('plot coverage', yaml({
    title: 'Throughput results per model and round',
    subtitle: `${SCOPE_SENTENCE}; the number in each cell is the count of results, its shade the number of accelerator ids.`,
    caption: 'Round v5.0 is not in the data, so it has no column. A count of results, not a measure of performance.',
    compare: 'Counts of results in every round in the data, not a comparison of performance.',
    marginLeft: 150,
    height: 60 + 24 * models.size,
    width: 520,
    x: { label: null, axis: 'top' },
    y: { label: null },
    color: { type: 'linear', zero: true, range: ['#f4f7fc', '#6f96d6'] },
    marks: [
      { cell: { x: 'round', y: 'model', fill: 'accelerator_ids', inset: 1 } },
      { text: { x: 'round', y: 'model', text: 'results', fill: 'black' } },
    ],
  })));
  return parts.join('\n\n');
}
