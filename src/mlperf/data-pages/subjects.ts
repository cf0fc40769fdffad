/**
 * What exists in the data: the accelerators and models that get a page, and what results each has (plain queries
 * that decide which blocks a page gets). What the data decides about a page is checked here, before it is made.
 */
import type { Catalog } from '../../core/data/catalog.ts';
import { findDataRows } from '../../core/data/data-rows.ts';
import type { Row } from '../../core/data/json-values.ts';
import type { QueryEngine } from '../../core/sql/query-engine.ts';
import { hasAcceleratorPage, modelSlug, PAGE_ID } from './addresses.ts';
import { dataError } from './data-errors.ts';
import { groupBy, rowsOf } from './rows.ts';
import { SCOPE } from './scope.ts';

export interface AcceleratorInfo {
  id: string;
  /** The published name with the most results (the page title). */
  name: string;
  names: string[];
  specName: string | null;
}

export interface Combo {
  key: string;
  model: string;
  unit: string;
  scenario: string;
  /** Accelerator pages: results; model pages: accelerators. */
  results: number;
  rounds: number;
  /** Distinct (scenario, round) pairs: the rows of an accelerator page's chart. */
  series: number;
  scenarios: string[];
  roundList: string[];
}

export async function loadAccelerators(engine: QueryEngine, catalog: Catalog): Promise<AcceleratorInfo[]> {
  const rows = await rowsOf(engine, `SELECT n.accelerator_id, n.name, n.spec_name, count(r.result) AS results
    FROM accelerator_names n LEFT JOIN mlperf_inference r ON r.accelerator = n.name
    WHERE n.name IS NOT NULL GROUP BY ALL ORDER BY n.accelerator_id, results DESC, n.name`);
  const unmapped = rows.find((r) => r.accelerator_id === null || r.accelerator_id === undefined);
  if (unmapped) {
    throw dataError(catalog, ['accelerator_names', 'name', unmapped.name], `the published name "${String(unmapped.name)}" has no accelerator_id, so it belongs to no accelerator page`, 'give it the id of the part it names (none for a system without an accelerator)');
  }
  const out: AcceleratorInfo[] = [];
  for (const [id, names] of groupBy(rows, (r) => String(r.accelerator_id))) {
    if (!hasAcceleratorPage(id)) continue;
    if (!PAGE_ID.test(id)) {
      throw dataError(catalog, ['accelerator_names', 'accelerator_id', id], `accelerator_id ${JSON.stringify(id)} cannot be a page address (accelerators/<id>/)`, 'write ids in lower-case letters, digits and single hyphens, e.g. nvidia-h100-sxm-80gb');
    }
    const spec = names.find((n) => typeof n.spec_name === 'string' && n.spec_name !== '')?.spec_name;
    out.push({ id, name: String(names[0]!.name), names: names.map((n) => String(n.name)), specName: typeof spec === 'string' ? spec : null });
  }
  return out;
}

/** Model name → slug, refusing a model whose name gives no address and two models with one. */
export async function loadModels(engine: QueryEngine, catalog: Catalog): Promise<Map<string, string>> {
  const rows = await rowsOf(engine, 'SELECT DISTINCT model FROM mlperf_inference WHERE model IS NOT NULL ORDER BY model');
  const out = new Map<string, string>();
  const bySlug = new Map<string, string>();
  for (const { model } of rows) {
    const slug = modelSlug(String(model));
    const other = bySlug.get(slug);
    if (slug === '') {
      throw dataError(catalog, ['mlperf_inference', 'model', model], `model ${JSON.stringify(model)} has no letter or digit, so its page would have no address (models/<name>/)`, 'name the model as MLPerf publishes it');
    }
    if (other !== undefined) {
      throw dataError(catalog, ['mlperf_inference', 'model', model], `models "${other}" and "${model}" would share the page address models/${slug}/`, 'models are told apart by their letters and digits: spell one model the same way in every row');
    }
    bySlug.set(slug, String(model));
    out.set(String(model), slug);
  }
  return out;
}

/** The accelerator ids of the results, which the index, model and matrix pages link to: each must be an address. */
export async function checkResultIds(engine: QueryEngine, catalog: Catalog): Promise<void> {
  const rows = await rowsOf(engine, 'SELECT DISTINCT accelerator_id FROM mlperf_inference WHERE accelerator_id IS NOT NULL ORDER BY 1');
  for (const { accelerator_id: id } of rows) {
    if (hasAcceleratorPage(String(id)) && !PAGE_ID.test(String(id))) {
      throw dataError(catalog, ['mlperf_inference', 'accelerator_id', id], `accelerator_id ${JSON.stringify(id)} cannot be a page address (accelerators/<id>/)`, 'write ids in lower-case letters, digits and single hyphens, as in accelerator-names.csv');
    }
  }
}

/** One specification row per part an accelerator page shows: with two, its values would be one row's or the other's. */
export async function checkSpecifications(engine: QueryEngine, catalog: Catalog): Promise<void> {
  const rows = await rowsOf(engine, `SELECT accelerator, count(*) AS n FROM accelerators
    WHERE accelerator IN (SELECT spec_name FROM accelerator_names) GROUP BY accelerator HAVING count(*) > 1 ORDER BY accelerator`);
  const twice = rows[0];
  if (twice) {
    const lines = findDataRows(catalog, 'accelerators', 'accelerator', twice.accelerator).map((r) => r.line);
    throw dataError(catalog, ['accelerators', 'accelerator', twice.accelerator], `the specification table has ${Number(twice.n)} rows for "${String(twice.accelerator)}" (lines ${lines.join(', ')}), which accelerator_names.spec_name maps a part to`, 'keep one row per part (merge them, or rename one and map its names to it)', 1);
  }
}

/** Each accelerator's (model, unit) pairs in scope, by accelerator id: which charts its page gets. */
export async function combosPerAccelerator(engine: QueryEngine): Promise<Map<string, Combo[]>> {
  return combosBy(
    await rowsOf(engine, `SELECT accelerator_id, model, unit, count(DISTINCT (round, result_location)) AS results, count(DISTINCT round) AS rounds,
        count(DISTINCT (scenario, round)) AS series, list(DISTINCT scenario ORDER BY scenario) AS scenarios,
        list(DISTINCT round ORDER BY round) AS round_list
      FROM mlperf_inference_derived WHERE ${SCOPE} GROUP BY ALL`),
    (r) => String(r.accelerator_id),
  );
}

/** Each model's (scenario, unit) pairs in scope, by model: which charts its page gets. */
export async function combosPerModel(engine: QueryEngine): Promise<Map<string, Combo[]>> {
  return combosBy(
    await rowsOf(engine, `SELECT model, scenario, unit, count(DISTINCT accelerator_id) AS results, count(DISTINCT round) AS rounds,
        list(DISTINCT round ORDER BY round) AS round_list
      FROM mlperf_inference_derived WHERE ${SCOPE} GROUP BY ALL`),
    (r) => String(r.model),
  );
}

function combosBy(rows: Row[], key: (row: Row) => string): Map<string, Combo[]> {
  return new Map([...groupBy(rows, key)].map(([k, of]) => [k, combosOf(of)]));
}

function combosOf(rows: Row[]): Combo[] {
  return rows.map((r) => ({
    key: `${r.model ?? ''}|${r.scenario ?? ''}|${r.unit}`,
    model: String(r.model ?? ''),
    scenario: String(r.scenario ?? ''),
    unit: String(r.unit),
    results: Number(r.results),
    rounds: Number(r.rounds),
    series: Number(r.series ?? 0),
    scenarios: Array.isArray(r.scenarios) ? r.scenarios.map(String) : [],
    roundList: Array.isArray(r.round_list) ? r.round_list.map(String) : [],
  }));
}

/** llama2-70b-99 and -99.9 are one benchmark at two accuracy targets, usually with the same run. */
export function benchmarkFamily(model: string): string {
  return model.replace(/-99(\.9)?$/, '');
}
