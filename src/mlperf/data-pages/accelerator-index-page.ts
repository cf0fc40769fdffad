/**
 * The index of accelerators: every accelerator with its published names, specification row and result counts,
 * each linking to its page, and a chart of memory bandwidth.
 */
import { html, joinHtml } from '../../core/render/html.ts';
import { sqlString } from '../../core/sql/query-engine.ts';
import { colourScale, PALETTE } from './chart-style.ts';
import type { Context } from './context.ts';
import { link, listTable, num } from './list-table.ts';
import { fence, htmlBlock, yaml } from './markdown.ts';
import { NO_V50, SCOPE, SCOPE_TEXT } from './scope.ts';

export async function acceleratorIndexBody(ctx: Context): Promise<string> {
  const parts: string[] = [];
  parts.push(
    'One page per accelerator of the MLPerf Inference data (datacenter, rounds v3.1, v4.0, v4.1 and v5.1): its specification where the specification table has it, the names it is published under, and every throughput result per accelerator. ' +
      'Spelling variants of one part share an id (`data/accelerator-names.csv`); heterogeneous mixes and systems without an accelerator have no page. ' +
      `“On its page” counts the throughput results of the ${SCOPE_TEXT} that the page charts; “In the data” counts every result. ${NO_V50}`,
  );
  const listSql = `
SELECT n.accelerator_id,
       string_agg(DISTINCT n.name, chr(10) ORDER BY n.name) AS published_names,
       coalesce(any_value(n.spec_name), '') AS spec_name,
       coalesce(any_value(s.results), 0) AS results,
       coalesce(any_value(s.models), 0) AS models,
       coalesce(any_value(s.rounds), '') AS rounds,
       coalesce(any_value(e.all_results), 0) AS all_results
FROM accelerator_names n
LEFT JOIN (SELECT accelerator_id, count(DISTINCT (round, result_location)) AS results, count(DISTINCT model) AS models,
                  string_agg(DISTINCT round, ', ' ORDER BY round) AS rounds
           FROM mlperf_inference_derived WHERE ${SCOPE} GROUP BY accelerator_id) s ON s.accelerator_id = n.accelerator_id
LEFT JOIN (SELECT accelerator_id, count(*) AS all_results FROM mlperf_inference GROUP BY accelerator_id) e ON e.accelerator_id = n.accelerator_id
WHERE n.accelerator_id <> 'none' AND n.accelerator_id NOT LIKE 'mix-%' AND n.name IS NOT NULL
GROUP BY n.accelerator_id
ORDER BY results DESC, n.accelerator_id`;
  const { rows } = await ctx.engine.query(listSql.trim(), 'page');
  parts.push('## Every accelerator');
  parts.push(fence('sql accelerator_list', listSql));
  parts.push(htmlBlock(listTable(
    'Accelerators, most results first',
    ['Accelerator', 'Published names', 'Specification', 'On its page', 'Models', 'Rounds', 'In the data'],
    rows.map((r) => [
      link(ctx.urls.accelerator(String(r.accelerator_id)), String(r.accelerator_id)),
      joinHtml(String(r.published_names ?? '').split('\n').map((name) => html`${name}`), '<br>'),
      r.spec_name ? html`${r.spec_name}` : html`<span class="dp-none">none</span>`,
      num(r.results), num(r.models), html`${r.rounds}`, num(r.all_results),
    ]),
    [3, 4, 6],
    'accelerator_list',
    [1, 2],
  )));
  parts.push('## Memory bandwidth at a glance');
  parts.push(
    'From the specification table, for the accelerators it has a memory bandwidth for (a blank there means no source read stated it, or sources disagreed). ' +
      'Bandwidth bounds how fast a model\'s weights can be read, which matters most for large language models. Bars link to the accelerator pages.',
  );
  const bandwidthSql = `
SELECT DISTINCT n.accelerator_id AS accelerator, a.vendor, a.memory_bw_tbs,
       ${sqlString(ctx.urls.accelerators)} || n.accelerator_id || '/' AS page
FROM accelerator_names n
JOIN accelerators a ON a.accelerator = n.spec_name
WHERE a.memory_bw_tbs IS NOT NULL AND n.accelerator_id <> 'none' AND n.accelerator_id NOT LIKE 'mix-%'
ORDER BY memory_bw_tbs DESC, accelerator`;
  const bandwidthRows = (await ctx.engine.query(bandwidthSql.trim(), 'page')).rows;
  const vendors = [...new Set(bandwidthRows.map((r) => String(r.vendor)))].sort();
  parts.push(fence('sql memory_bandwidth', bandwidthSql));
  parts.push(fence('plot memory_bandwidth', yaml({
    title: 'Memory bandwidth per accelerator',
    subtitle: 'From the specification table (accelerators.csv), joined to the MLPerf accelerator ids through accelerator_names.spec_name.',
    caption: 'Mostly third-party figures restating vendor numbers; see each accelerator page for the sources.',
    marginLeft: 270,
    width: 880,
    height: 70 + 24 * bandwidthRows.length,
    x: { label: 'memory bandwidth (TB/s) →', grid: true },
    y: { label: null },
    color: colourScale(vendors, (v) => PALETTE[vendors.indexOf(v) % PALETTE.length]!),
    marks: [
      { barX: { x: 'memory_bw_tbs', y: 'accelerator', fill: 'vendor', href: 'page', title: 'accelerator', sort: { y: '-x' } } },
      { ruleX: [0] },
    ],
  })));
  return parts.join('\n\n');
}
