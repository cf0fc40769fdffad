/**
 * An accelerator's page: its specification where the specification table has it, the names it is published
 * under, a chart per model and unit with the most results, and every result, best per model.
 */
import { sqlString } from '../../core/sql/query-engine.ts';
import { modelSlug } from './addresses.ts';
import { bestTableBlocks } from './best-per-accelerator.ts';
import { chartHeight, colourScale, SCENARIO_COLOURS, sortScenarios } from './chart-style.ts';
import type { Context } from './context.ts';
import { elsewhereBlocks } from './elsewhere.ts';
import { code, fence, figureBlocks, md, yaml } from './markdown.ts';
import { MAX_CHARTS, NO_V50, ROUND_COMPARE, SCOPE, SCOPE_TEXT } from './scope.ts';
import { benchmarkFamily, type AcceleratorInfo, type Combo } from './subjects.ts';

export async function acceleratorBody(ctx: Context, a: AcceleratorInfo, combos: Combo[]): Promise<string> {
  const id = sqlString(a.id);
  const parts: string[] = [];

  if (combos.length > 0) {
    parts.push(fence('sql facts', ctx.sliced({
      select: `count(DISTINCT (round, result_location)) AS results,
       count(DISTINCT model) AS models,
       string_agg(DISTINCT round, ', ' ORDER BY round) AS round_list`,
      from: 'mlperf_inference_derived',
      subject: [['accelerator_id', a.id]],
      where: SCOPE,
      aggregate: true,
    })));
  }
  parts.push(fence('sql all_rows', ctx.sliced({
    select: `count(*) AS results,
       count(*) FILTER (WHERE unit = 'latency_ms') AS latency,
       count(*) FILTER (WHERE division <> 'closed' OR availability <> 'available') AS outside_scope,
       count(*) FILTER (WHERE total_accelerators IS NULL OR total_accelerators = 0) AS no_count`,
    from: 'mlperf_inference',
    subject: [['accelerator_id', a.id]],
    aggregate: true,
  })));

  const nameList = a.names.map((n) => `“${md(n)}”`).join(', ');
  parts.push(
    `Accelerator id ${code(a.id)}, published in MLPerf Inference results as ${nameList}. ` +
      'Results of systems with this accelerator in the data: :value[all_rows.results]. ' +
      (combos.length > 0
        ? `Shown on this page: its throughput results of the ${SCOPE_TEXT}, each divided by its system's accelerator count ` +
          '(results: :value[facts.results]; models: :value[facts.models]; rounds: :value[facts.round_list]). '
        : `None of them is a throughput result of the ${SCOPE_TEXT} with an accelerator count, so this page has no results per accelerator. `) +
      'Not shown (the counts overlap): latency results in ms, which accelerators do not share (:value[all_rows.latency]); ' +
      'results of the open division or of preview or RDI systems (:value[all_rows.outside_scope]); results without an accelerator count (:value[all_rows.no_count]).',
  );
  parts.push(
    'Throughput per accelerator is the system\'s result divided by its accelerator count (nodes × accelerators per node): a metric derived by Benchwright that assumes the accelerators share the work evenly, not an official MLPerf result. ' +
      `Units differ by model and scenario (tokens/s, samples/s, queries/s), so each chart shows one model in one unit. ${NO_V50}`,
  );

  parts.push('## Specification');
  if (a.specName) {
    parts.push(fence('sql spec', ctx.sliced({
      select: `accelerator, vendor, form_factor, architecture, launch_year, memory_type, source_quality,
       memory_gb, memory_bw_tbs, bf16_dense_tflops, fp8_dense_tflops, tdp_w, notes`,
      from: 'accelerators',
      subject: [['accelerator', a.specName]],
    })));
    parts.push(
      `The specification table (\`accelerators\`) has this part as “${md(a.specName)}”, joined through \`accelerator_names.spec_name\`. ` +
        'A dash is a value no source read stated, or where sources disagreed.',
    );
    // Long texts (form factor, source) wrap in this table: it is wrapped in a class that allows it.
    parts.push('<div class="dp-text-table">');
    parts.push(fence('table spec', yaml({
      title: `${a.specName}: the part`,
      columns: { accelerator: 'Part', vendor: 'Vendor', form_factor: 'Form factor', architecture: 'Architecture', launch_year: { label: 'Launch year', format: 'd' }, memory_type: 'Memory type', source_quality: 'Source' },
    })));
    parts.push('</div>');
    parts.push(fence('table spec', yaml({
      title: `${a.specName}: memory, compute and power`,
      caption: 'Dense means without 2:4 sparsity. TDP is a rated maximum, not measured power.',
      columns: {
        memory_gb: { label: 'Memory' },
        memory_bw_tbs: { label: 'Memory bandwidth', format: ',.3~f' },
        bf16_dense_tflops: { label: 'BF16 dense', format: ',.1~f' },
        fp8_dense_tflops: { label: 'FP8 dense', format: ',.1~f' },
        tdp_w: { label: 'TDP', format: ',.0f' },
      },
    })));
    parts.push('How the values were read, as the specification table records it: :value[spec.notes]');
  } else {
    parts.push(
      'The specification table (`accelerators`) has no row for this part: none of its published names is mapped to one in `accelerator_names.spec_name`. ' +
        'This page therefore shows no memory, compute or power figures; nothing is filled in from elsewhere.',
    );
  }

  parts.push('## Published names');
  parts.push(fence('sql names', ctx.sliced({
    select: "name AS published_name, coalesce(spec_name, '') AS spec_name, coalesce(note, '') AS note",
    from: 'accelerator_names',
    subject: [['accelerator_id', a.id]],
    orderBy: 'name',
  })));
  parts.push(fence('table names', yaml({
    title: 'Names under which results of this part are published',
    caption: 'From data/accelerator-names.csv: spelling variants of one part share an id; a judgment, not an MLCommons classification.',
    columns: { published_name: 'Published name', spec_name: 'Specification row', note: 'Why they share an id' },
  })));

  parts.push('## Results by model');
  if (combos.length === 0) {
    parts.push(`No result of this accelerator is in scope (${SCOPE_TEXT}, throughput with an accelerator count). The results the data does hold:`);
    const sql = `
SELECT division, availability, round, model, scenario, unit, count(*) AS results,
       model || ' · ' || scenario AS benchmark, division || ', ' || availability AS category
FROM mlperf_inference
WHERE accelerator_id = ${id}
GROUP BY ALL
ORDER BY round, model, scenario, division, availability`;
    parts.push(...(await elsewhereBlocks(ctx, sql, 'A count of results per model and scenario; bars are stacked over rounds.', {
      title: 'Results of this accelerator outside the scope of these pages',
      caption: 'Counts only: results of different divisions, categories or units are not compared here.',
      columns: { round: 'Round', division: 'Division', availability: 'Category', model: 'Model', scenario: 'Scenario', unit: 'Unit', results: 'Results' },
    })));
    return parts.join('\n\n');
  }

  // One chart per (model, unit), the most results first; one accuracy target per benchmark.
  const picked: Combo[] = [];
  const families = new Set<string>();
  for (const c of [...combos].sort((x, y) => y.results - x.results || x.model.localeCompare(y.model) || x.unit.localeCompare(y.unit))) {
    const family = `${benchmarkFamily(c.model)}|${c.unit}`;
    if (families.has(family)) continue;
    families.add(family);
    picked.push(c);
    if (picked.length === MAX_CHARTS) break;
  }
  const modelNames = [...new Set(combos.map((c) => c.model))].sort();
  parts.push(`Models with results here: ${modelNames.map((m) => `[${md(m)}](${ctx.urls.model(modelSlug(m))})`).join(', ')}.`);
  parts.push(
    `${picked.length === 1 ? 'The chart below shows every result of the model' : `The ${picked.length} charts below show every result of the ${picked.length} models and units`} with the most results here, one dot per system; ` +
      'the table at the end summarises all :value[facts.models] models and :value[facts.results] results (best result per model, scenario, round and unit). ' +
      'Where a benchmark has two accuracy targets (-99 and -99.9), which usually carry the same run, only one is charted. ' +
      'Hovering over a dot names its system; each chart\'s data part lists every system.',
  );
  picked.forEach((c, i) => {
    const name = `results_${i + 1}`;
    parts.push(`### ${md(c.model)}, ${md(c.unit)}`);
    parts.push(...figureBlocks(name, ctx.sliced({
      select: `scenario || ' · ' || round AS scenario_round, scenario, round, submitter, system_name,
       total_accelerators, max(result_per_accelerator) AS per_accelerator,
       submitter || ': ' || system_name || ' (' || total_accelerators || ' accelerators)' AS system`,
      from: 'mlperf_inference_derived',
      subject: [['accelerator_id', a.id], ['model', c.model], ['unit', c.unit]],
      where: SCOPE,
      groupBy: 'round, result_location, scenario, submitter, system_name, total_accelerators',
      orderBy: 'scenario, round, per_accelerator DESC, system',
    }), 'plot', {
      title: `${c.model}: ${c.unit} per accelerator, every result`,
      subtitle: `${a.name}; ${SCOPE_TEXT}; one dot per system, by scenario and round.`,
      caption: 'Result ÷ the system\'s accelerator count: derived by Benchwright, not an official MLPerf result. Compare rows of one scenario; the rounds in between differ in software and systems.',
      compare: c.rounds > 1 ? ROUND_COMPARE : undefined,
      marginLeft: 150,
      width: 880,
      height: chartHeight(c.series),
      x: { label: `${c.unit} per accelerator →`, grid: true },
      y: { label: null, grid: true },
      color: colourScale(sortScenarios(c.scenarios), (v) => SCENARIO_COLOURS[v] ?? '#9498a0'),
      marks: [
        { ruleX: [0] },
        { dot: { x: 'per_accelerator', y: 'scenario_round', fill: 'scenario', r: 4.5, fillOpacity: 0.75, title: 'system' } },
      ],
    }));
  });

  parts.push('## Every result, best per model');
  parts.push(...bestTableBlocks(ctx, {
    select: 'model, scenario, round, unit',
    subject: [['accelerator_id', a.id]],
    groupBy: 'model, scenario, round, unit',
    orderBy: 'model, scenario, round, unit',
    title: 'Best result per accelerator by model, scenario, round and unit',
    columns: { model: 'Model', scenario: 'Scenario', round: 'Round' },
  }));
  return parts.join('\n\n');
}
