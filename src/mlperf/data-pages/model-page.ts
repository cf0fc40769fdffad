/**
 * A model's page: every accelerator with a result of it, a chart per scenario and unit with the most
 * accelerators (dots link to the accelerator pages), and every accelerator, best per round.
 */
import { sqlString } from '../../core/sql/query-engine.ts';
import { bestTableBlocks } from './best-per-accelerator.ts';
import { chartHeight, colourScale, PALETTE, scenarioRank } from './chart-style.ts';
import type { Context } from './context.ts';
import { elsewhereBlocks } from './elsewhere.ts';
import { code, fence, figureBlocks, md } from './markdown.ts';
import { MAX_CHARTS, NO_V50, ROUND_COMPARE, SCOPE, SCOPE_SENTENCE, SCOPE_TEXT } from './scope.ts';
import { benchmarkFamily, type Combo } from './subjects.ts';

export async function modelBody(ctx: Context, model: string, combos: Combo[]): Promise<string> {
  const m = sqlString(model);
  const parts: string[] = [];
  if (combos.length > 0) {
    parts.push(fence('sql facts', ctx.sliced({
      select: `count(DISTINCT accelerator_id) AS accelerator_ids,
       count(DISTINCT (round, result_location)) AS results,
       string_agg(DISTINCT round, ', ' ORDER BY round) AS round_list`,
      from: 'mlperf_inference_derived',
      subject: [['model', model]],
      where: SCOPE,
      aggregate: true,
    })));
  }
  parts.push(fence('sql all_rows', ctx.sliced({
    select: `count(*) AS results,
       count(DISTINCT round) AS rounds,
       string_agg(DISTINCT round, ', ' ORDER BY round) AS round_list,
       count(*) FILTER (WHERE unit = 'latency_ms') AS latency,
       count(*) FILTER (WHERE division <> 'closed' OR availability <> 'available') AS outside_scope,
       count(*) FILTER (WHERE accelerator_id = 'none' OR accelerator_id LIKE 'mix-%' OR total_accelerators IS NULL OR total_accelerators = 0) AS no_single_part`,
    from: 'mlperf_inference',
    subject: [['model', model]],
    aggregate: true,
  })));
  parts.push(
    `MLPerf Inference benchmark ${code(model)}. Results in the data: :value[all_rows.results] (rounds :value[all_rows.round_list]). ` +
      (combos.length > 0
        ? `Shown on this page: for each accelerator, round, scenario and unit, the best throughput result of the ${SCOPE_TEXT}, divided by its system's accelerator count ` +
          '(results: :value[facts.results]; accelerators: :value[facts.accelerator_ids]; rounds: :value[facts.round_list]). '
        : `None of them is a throughput result of the ${SCOPE_TEXT} from systems of one kind of accelerator with a count, so this page has no results per accelerator. `) +
      'Not shown (the counts overlap): latency results in ms (:value[all_rows.latency]); results of the open division or of preview or RDI systems (:value[all_rows.outside_scope]); ' +
      'results of systems without an accelerator, with a mix of parts, or without an accelerator count (:value[all_rows.no_single_part]).',
  );
  parts.push(
    'Throughput per accelerator is a metric derived by Benchwright (it assumes a system\'s accelerators share the work evenly), not an official MLPerf result. ' +
      `Each chart shows one scenario in one unit; a model that changed unit between rounds (GPT-J, from samples/s to tokens/s in v4.1) gets one chart per unit. ${NO_V50}`,
  );
  if (/-99(\.9)?$/.test(model)) {
    parts.push(`${code(benchmarkFamily(model))} is published at two accuracy targets (-99 and -99.9); a system usually reports one run for both, so the two model pages often show the same numbers.`);
  }
  if (combos.length === 0) {
    parts.push('## Results');
    parts.push(`No result of this model is in scope (${SCOPE_TEXT}, throughput, one kind of accelerator with a count). The results the data does hold:`);
    const sql = `
SELECT division, availability, round, scenario, unit, count(*) AS results, count(DISTINCT accelerator_id) AS accelerator_ids,
       round || ' · ' || scenario AS benchmark, division || ', ' || availability AS category
FROM mlperf_inference
WHERE model = ${m}
GROUP BY ALL
ORDER BY round, scenario, division, availability`;
    parts.push(...(await elsewhereBlocks(ctx, sql, 'A count of results per round and scenario.', {
      title: 'Results of this model outside the scope of these pages',
      caption: 'Counts only: results of different divisions, categories or units are not compared here.',
      columns: { round: 'Round', division: 'Division', availability: 'Category', scenario: 'Scenario', unit: 'Unit', results: 'Results', accelerator_ids: 'Accelerator ids' },
    })));
    return parts.join('\n\n');
  }

  parts.push('## Accelerators by round');
  const ordered = [...combos].sort((x, y) => scenarioRank(x.scenario) - scenarioRank(y.scenario) || y.results - x.results || x.unit.localeCompare(y.unit));
  const picked = ordered.slice(0, MAX_CHARTS);
  if (picked.length < ordered.length) {
    parts.push(`The ${picked.length} charts show the scenarios and units with the most accelerators; the table at the end has every one.`);
  }
  parts.push('Each dot is the best result per accelerator of one accelerator in one round; dots link to the accelerator\'s page.');
  picked.forEach((c, i) => {
    const name = `by_round_${i + 1}`;
    parts.push(`### ${md(c.scenario)}, ${md(c.unit)}`);
    parts.push(...figureBlocks(name, ctx.sliced({
      select: `accelerator_id AS accelerator, round, max(result_per_accelerator) AS best_per_accelerator,
       count(DISTINCT result_location) AS systems,
       ${sqlString(ctx.urls.accelerators)} || accelerator_id || '/' AS page`,
      from: 'mlperf_inference_derived',
      subject: [['model', model], ['scenario', c.scenario], ['unit', c.unit]],
      where: SCOPE,
      groupBy: 'accelerator_id, round',
      orderBy: 'accelerator_id, round',
    }), 'plot', {
      title: `${model}, ${c.scenario}: best ${c.unit} per accelerator, by round`,
      subtitle: `${SCOPE_SENTENCE}; one dot per accelerator and round, coloured by round.`,
      caption: 'Best result ÷ accelerator count among the systems with that accelerator in that round: derived by Benchwright, not an official MLPerf result.',
      compare: c.rounds > 1 ? ROUND_COMPARE : undefined,
      marginLeft: 270,
      width: 880,
      height: chartHeight(c.results),
      x: { label: `${c.unit} per accelerator →`, grid: true },
      y: { label: null, grid: true },
      color: colourScale(c.roundList, (v) => PALETTE[Math.max(0, ctx.rounds.indexOf(v)) % PALETTE.length]!),
      marks: [
        { ruleX: [0] },
        { dot: { x: 'best_per_accelerator', y: 'accelerator', fill: 'round', r: 5, href: 'page', title: 'accelerator', sort: { y: '-x' } } },
      ],
    }));
  });

  parts.push('## Every accelerator, best per round');
  parts.push(...bestTableBlocks(ctx, {
    select: 'accelerator_id AS accelerator, scenario, round, unit',
    subject: [['model', model]],
    groupBy: 'accelerator_id, scenario, round, unit',
    orderBy: 'scenario, unit, round DESC, best_per_accelerator DESC, accelerator',
    title: 'Best result per accelerator by scenario, round and unit',
    columns: { accelerator: 'Accelerator', scenario: 'Scenario', round: 'Round' },
  }));
  return parts.join('\n\n');
}
