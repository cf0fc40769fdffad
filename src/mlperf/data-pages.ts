/**
 * Pages made from the data rather than written by an analyst: one page per accelerator, one per MLPerf
 * Inference model, index pages and a hardware × model matrix. Each page is generated as a Markdown article
 * body with the same blocks an analyst writes (```sql, ```plot, ```table, :value) and rendered by
 * `renderMarkdown`, so it gets the same unit checks, lineage, MLPerf footnotes and Data and methods section
 * as a report. Where a block cannot do what a page needs (links in a list or a matrix), the HTML is built
 * here from a query run on the same engine, and that query's SQL is a ```sql block of the page, so it is
 * listed in Data and methods. Knows nothing of Astro.
 *
 * What the data decides about a page is checked before it is made, and a page that cannot be made is an error that
 * names the data file and row it comes from (`data/accelerator-names.csv:12`), not the Markdown generated from it:
 * an accelerator id that is not an address segment, a model whose name gives no address or another model's, two
 * specification rows for one part, or anything a page's blocks refuse.
 */
import { join } from 'node:path';
import type { Catalog } from '../core/data/catalog.ts';
import { findDataRows, type DataRow } from '../core/data/data-rows.ts';
import { BuildError } from '../core/errors.ts';
import { formatValue } from '../core/render/format.ts';
import type { Heading } from '../core/article/headings.ts';
import { escapeHtml } from '../core/render/html.ts';
import { scrollBox } from '../core/render/scroll-box.ts';
import type { Row } from '../core/data/json-values.ts';
import { sqlString, type QueryEngine } from '../core/sql/query-engine.ts';
import { BuildFailedError, type Project } from '../core/versions/reports.ts';

export type DataPageKind = 'accelerator' | 'model' | 'index' | 'matrix';

export interface DataPage {
  kind: DataPageKind;
  /** accelerator_id, model slug, `accelerators`/`models` for the indexes, `latest` for the matrix. */
  id: string;
  title: string;
  summary: string;
  html: string;
  headings: Heading[];
  /** The page's CSV downloads, by path in the output folder (they are files, not data: URLs in the page). */
  files: { path: string; content: string }[];
}

export interface DataPagesOptions {
  /** The site's base path (`/` or `/reports/`); every internal link starts with it. */
  base: string;
  /** Called after each page, for a progress line. */
  onProgress?: (done: number, total: number) => void;
}

/** At most this many charts on an accelerator or model page; every result is in the page's table. */
export const MAX_CHARTS = 6;

/** Throughput results per accelerator that the pages show: closed division, available systems, one part. */
const SCOPE = "division = 'closed' AND availability = 'available' AND accelerator_id NOT LIKE 'mix-%'";
const SCOPE_TEXT = 'closed division, systems in the available category';
const SCOPE_SENTENCE = 'Closed division, systems in the available category';
const NO_V50 = 'Round v5.0 is not in the data (no machine-readable copy of the whole round could be obtained): nothing here is interpolated across it.';
/** The "best result" tables (accelerator, model and matrix pages): their caption and their last columns. */
const BEST_CAPTION = 'Each row has its own unit, per accelerator: never read a row against one in another unit. “Systems” is the number of results behind the row; the best system is named.';
const BEST_COLUMNS = { best_per_accelerator: 'Best', unit: 'Unit, per accelerator', systems: 'Systems', best_system: 'Best system (submitter: system)' };
const ROUND_COMPARE = 'Every round in the data; software, systems and submitters differ between rounds, and v5.0 is not in the data.';

/** Tables and columns the pages read; a data folder without them (e.g. a small test fixture) gets no data pages. */
const REQUIRED: Record<string, string[]> = {
  mlperf_inference: ['round', 'division', 'availability', 'model', 'scenario', 'unit', 'result', 'accelerator', 'accelerator_id', 'total_accelerators', 'result_location'],
  accelerator_names: ['name', 'accelerator_id', 'spec_name', 'note'],
  accelerators: ['accelerator', 'vendor', 'memory_bw_tbs', 'notes'],
  mlperf_inference_derived: ['result_per_accelerator', 'accelerator_id', 'submitter', 'system_name'],
};

/** Why the catalog cannot have data pages (the tables or columns it lacks), or undefined when it can. */
export function dataPagesUnavailable(catalog: Catalog): string | undefined {
  const missing: string[] = [];
  for (const [name, columns] of Object.entries(REQUIRED)) {
    const table = catalog.tables.find((t) => t.name === name);
    if (!table) missing.push(`table ${name}`);
    else for (const c of columns) if (!table.columns.some((col) => col.name === c)) missing.push(`column ${name}.${c}`);
  }
  return missing.length ? `the data catalog has no ${missing.join(', ')}` : undefined;
}

/**
 * The tables the pages need that the catalog does not have at all, if any: known from the catalog alone, before
 * DuckDB starts (a view's columns are known only once it is created, so columns are checked after).
 */
export function dataPagesMissingTables(catalog: Catalog): string | undefined {
  const missing = Object.keys(REQUIRED).filter((name) => !catalog.tables.some((t) => t.name === name));
  return missing.length ? `the data catalog has no ${missing.map((name) => `table ${name}`).join(', ')}` : undefined;
}

/** An accelerator id that can be a page's address segment (the importer writes ids of this form). */
const PAGE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A BuildError placed on the first data row whose `column` of `table` holds `value` (the table's first file if none). */
function dataError(catalog: Catalog, [table, column, value]: [string, string, unknown], reason: string, hint: string, nth = 0): BuildError {
  const rows = findDataRows(catalog, table, column, value);
  const row: DataRow = rows[nth] ?? rows[0] ?? { file: `data/${catalog.tables.find((t) => t.name === table)?.files[0] ?? CATALOG_NAME}`, line: 1 };
  return new BuildError(reason, { place: { file: row.file, line: row.line, column: 1 }, hint });
}
const CATALOG_NAME = 'catalog.yaml';

/** A model name as a URL segment: lower-case letters, digits and hyphens (`llama3.1-405b` → `llama3-1-405b`). */
export function modelSlug(model: string): string {
  return model.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/** Accelerator ids that get a page: every id of accelerator_names but `none` and the heterogeneous `mix-*`. */
export function hasAcceleratorPage(id: string): boolean {
  return id !== 'none' && !id.startsWith('mix-');
}

export function dataPageUrls(base: string) {
  const b = base.endsWith('/') ? base : `${base}/`;
  return {
    base: b,
    accelerator: (id: string) => `${b}accelerators/${id}/`,
    model: (slug: string) => `${b}models/${slug}/`,
    accelerators: `${b}accelerators/`,
    models: `${b}models/`,
    matrix: `${b}matrix/`,
  };
}
type Urls = ReturnType<typeof dataPageUrls>;

interface AcceleratorInfo {
  id: string;
  /** The published name with the most results (the page title). */
  name: string;
  names: string[];
  specName: string | null;
}

interface Combo {
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

interface Context {
  engine: QueryEngine;
  root: string;
  urls: Urls;
  /** Every round in the data, in order: a round keeps its colour on every chart. */
  rounds: string[];
}

export async function buildDataPages(project: Project, options: DataPagesOptions): Promise<DataPage[]> {
  const { engine, paths } = project;
  if (dataPagesUnavailable(project.catalog)) return [];
  const rounds = (await rowsOf(engine, 'SELECT DISTINCT round FROM mlperf_inference ORDER BY round')).map((r) => String(r.round));
  const ctx: Context = { engine, root: paths.root, urls: dataPageUrls(options.base), rounds };
  const accelerators = await loadAccelerators(engine, project.catalog);
  const models = await loadModels(engine, project.catalog);
  await checkResultIds(engine, project.catalog);
  await checkSpecifications(engine, project.catalog);
  const perAccelerator = groupBy(
    await rowsOf(engine, `SELECT accelerator_id, model, unit, count(DISTINCT (round, result_location)) AS results, count(DISTINCT round) AS rounds,
        count(DISTINCT (scenario, round)) AS series, list(DISTINCT scenario ORDER BY scenario) AS scenarios,
        list(DISTINCT round ORDER BY round) AS round_list
      FROM mlperf_inference_derived WHERE ${SCOPE} GROUP BY ALL`),
    (r) => String(r.accelerator_id),
  );
  const perModel = groupBy(
    await rowsOf(engine, `SELECT model, scenario, unit, count(DISTINCT accelerator_id) AS results, count(DISTINCT round) AS rounds,
        list(DISTINCT round ORDER BY round) AS round_list
      FROM mlperf_inference_derived WHERE ${SCOPE} GROUP BY ALL`),
    (r) => String(r.model),
  );

  /** `rows`: the data rows a page is made from, which an error in the page names. */
  const jobs: { kind: DataPageKind; id: string; title: string; summary: string; file: string; body: () => Promise<string>; what?: string; rows?: () => DataRow[] }[] = [];
  jobs.push({
    kind: 'index', id: 'accelerators', title: 'Accelerators', file: 'accelerators/index.md',
    summary: 'Every accelerator in the MLPerf Inference data, with how many results it has and a page of its own.',
    body: () => acceleratorIndexBody(ctx),
  });
  jobs.push({
    kind: 'index', id: 'models', title: 'Models', file: 'models/index.md',
    summary: 'Every MLPerf Inference benchmark model in the data, with the rounds it ran in and a page of its own.',
    body: () => modelIndexBody(ctx, models),
  });
  jobs.push({
    kind: 'matrix', id: 'latest', title: 'Accelerators × models: the latest round', file: 'matrix.md',
    summary: 'Best Offline result per accelerator for each model and accelerator in the latest round in the data, closed division, available systems.',
    body: () => matrixBody(ctx, models),
  });
  for (const a of accelerators) {
    jobs.push({
      kind: 'accelerator', id: a.id, title: a.name, file: `accelerators/${a.id}.md`,
      summary: `Specification and every MLPerf Inference throughput result per accelerator of ${a.name} (${a.id}), ${SCOPE_TEXT}.`,
      body: () => acceleratorBody(ctx, a, combosOf(perAccelerator.get(a.id) ?? [])),
      what: `the page of accelerator id "${a.id}"`,
      rows: () => findDataRows(project.catalog, 'accelerator_names', 'accelerator_id', a.id),
    });
  }
  for (const [model, slug] of models) {
    jobs.push({
      kind: 'model', id: slug, title: `MLPerf Inference ${model}`, file: `models/${slug}.md`,
      summary: `Every accelerator with an MLPerf Inference ${model} result, by round, scenario and unit: best result per accelerator, ${SCOPE_TEXT}.`,
      body: () => modelBody(ctx, model, combosOf(perModel.get(model) ?? [])),
      what: `the page of model "${model}"`,
      rows: () => findDataRows(project.catalog, 'mlperf_inference', 'model', model),
    });
  }

  const pages: DataPage[] = [];
  const errors: Error[] = [];
  for (const [i, job] of jobs.entries()) {
    options.onProgress?.(i, jobs.length);
    const path = join(paths.root, '<generated>', job.file);
    try {
      const body = await job.body();
      // The page's own folder (accelerators/<id>/, matrix/…) holds its CSV downloads.
      const folder = job.file.replace(/(\/index)?\.md$/, '/');
      const { renderMarkdown } = await import('../core/article/article.ts');
      // The lists and tables this module writes into the body are HTML of its own; the sanitizer checks the page.
      const { html, headings, data } = await renderMarkdown({ path, body, engine, cache: project.cache, root: paths.root, downloadBase: `${ctx.urls.base}${folder}`, generatedHtml: true });
      const files = data.figures.flatMap((f) => [
        ...(f.csv !== undefined ? [{ path: `${folder}${f.id}.csv`, content: f.csv }] : []),
        ...(f.citedCsv !== undefined ? [{ path: `${folder}${f.id}-cited.csv`, content: f.citedCsv }] : []),
      ]);
      pages.push({ kind: job.kind, id: job.id, title: job.title, summary: job.summary, html, headings, files });
    } catch (error) {
      if (!(error instanceof BuildError)) throw error;
      // Placed on the data row the page is made from: its generated Markdown is in no file anyone can open.
      const rows = job.rows?.() ?? [];
      const row = rows[0];
      const page = job.file.replace(/(\/index)?\.md$/, '/');
      errors.push(
        row
          ? new BuildError(`${job.what} (${page}), made from ${madeFrom(rows)}, cannot be built: ${error.reason} (line ${error.place.line} of the page's generated Markdown)`, {
              place: { file: row.file, line: row.line, column: 1 },
              ...(error.block ? { block: error.block } : {}),
              hint: error.advice ?? 'correct the row, or what the message names',
            })
          : error,
      );
    }
  }
  if (errors.length > 0) throw new BuildFailedError(errors);
  return pages;
}

// ---------------------------------------------------------------------------------------------------
// What exists in the data (plain queries that decide which blocks a page gets)

async function rowsOf(engine: QueryEngine, sql: string): Promise<Row[]> {
  return (await engine.query(sql)).rows;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}

async function loadAccelerators(engine: QueryEngine, catalog: Catalog): Promise<AcceleratorInfo[]> {
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
async function loadModels(engine: QueryEngine, catalog: Catalog): Promise<Map<string, string>> {
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

/** "this row", or "these rows: data/x.csv lines 2, 5; data/y.csv line 9" (the first few). */
function madeFrom(rows: DataRow[]): string {
  if (rows.length === 1) return 'this row';
  const byFile = groupBy(rows.slice(0, 10), (r) => r.file);
  const listed = [...byFile].map(([file, of]) => `${file} line${of.length === 1 ? '' : 's'} ${of.map((r) => r.line).join(', ')}`).join('; ');
  return `these rows: ${listed}${rows.length > 10 ? ` and ${rows.length - 10} more` : ''}`;
}

/** The accelerator ids of the results, which the index, model and matrix pages link to: each must be an address. */
async function checkResultIds(engine: QueryEngine, catalog: Catalog): Promise<void> {
  const rows = await rowsOf(engine, 'SELECT DISTINCT accelerator_id FROM mlperf_inference WHERE accelerator_id IS NOT NULL ORDER BY 1');
  for (const { accelerator_id: id } of rows) {
    if (hasAcceleratorPage(String(id)) && !PAGE_ID.test(String(id))) {
      throw dataError(catalog, ['mlperf_inference', 'accelerator_id', id], `accelerator_id ${JSON.stringify(id)} cannot be a page address (accelerators/<id>/)`, 'write ids in lower-case letters, digits and single hyphens, as in accelerator-names.csv');
    }
  }
}

/** One specification row per part an accelerator page shows: with two, its values would be one row's or the other's. */
async function checkSpecifications(engine: QueryEngine, catalog: Catalog): Promise<void> {
  const rows = await rowsOf(engine, `SELECT accelerator, count(*) AS n FROM accelerators
    WHERE accelerator IN (SELECT spec_name FROM accelerator_names) GROUP BY accelerator HAVING count(*) > 1 ORDER BY accelerator`);
  const twice = rows[0];
  if (twice) {
    const lines = findDataRows(catalog, 'accelerators', 'accelerator', twice.accelerator).map((r) => r.line);
    throw dataError(catalog, ['accelerators', 'accelerator', twice.accelerator], `the specification table has ${Number(twice.n)} rows for "${String(twice.accelerator)}" (lines ${lines.join(', ')}), which accelerator_names.spec_name maps a part to`, 'keep one row per part (merge them, or rename one and map its names to it)', 1);
  }
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
function benchmarkFamily(model: string): string {
  return model.replace(/-99(\.9)?$/, '');
}

// ---------------------------------------------------------------------------------------------------
// Markdown helpers

function fence(info: string, body: string): string {
  return '```' + info + '\n' + body.trim() + '\n```';
}

/** YAML for a block body (JSON is YAML; one key a line reads better in messages). */
function yaml(spec: Record<string, unknown>): string {
  return Object.entries(spec)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => (k === 'marks' ? `marks:\n${(v as unknown[]).map((m) => `  - ${JSON.stringify(m)}`).join('\n')}` : `${k}: ${JSON.stringify(v)}`))
    .join('\n');
}

/** A query and the chart or table drawn from it: the two fenced blocks of a generated article. */
function figureBlocks(name: string, sql: string, kind: 'plot' | 'table', spec: Record<string, unknown>): string[] {
  return [fence(`sql ${name}`, sql), fence(`${kind} ${name}`, yaml(spec))];
}

/** Text from the data in Markdown prose: one line (a line break could start a block), escaping what Markdown or directives would read. */
function md(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/[\\`*_[\]{}<>#|:!~&]/g, (c) => `\\${c}`);
}

/** Text from the data as a code span (no escapes apply inside one). */
function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${fence.length > 1 ? ' ' : ''}${text}${fence.length > 1 ? ' ' : ''}${fence}`;
}

/** A raw HTML block: one line, so no blank line ends it early. */
function htmlBlock(html: string): string {
  return html.replace(/\n\s*\n/g, '\n');
}

/** Plot's default categorical palette (observable10), fixed per value so colours agree across pages. */
const PALETTE = ['#4269d0', '#efb118', '#ff725c', '#6cc5b0', '#3ca951', '#ff8ab7', '#a463f2', '#97bbf5', '#9c6b4e', '#9498a0'];
const SCENARIO_COLOURS: Record<string, string> = { Offline: '#4269d0', Server: '#efb118', Interactive: '#ff725c', SingleStream: '#6cc5b0', MultiStream: '#3ca951' };

/** A colour scale over `values` whose colours do not depend on which values a chart happens to have. */
function colourScale(values: string[], colourOf: (value: string) => string) {
  return { legend: true, type: 'categorical', domain: values, range: values.map(colourOf) };
}


// ---------------------------------------------------------------------------------------------------
// Accelerator pages

async function acceleratorBody(ctx: Context, a: AcceleratorInfo, combos: Combo[]): Promise<string> {
  const id = sqlString(a.id);
  const parts: string[] = [];

  if (combos.length > 0) {
    parts.push(fence('sql facts', `
SELECT count(DISTINCT (round, result_location)) AS results,
       count(DISTINCT model) AS models,
       string_agg(DISTINCT round, ', ' ORDER BY round) AS round_list
FROM mlperf_inference_derived
WHERE accelerator_id = ${id} AND ${SCOPE}`));
  }
  parts.push(fence('sql all_rows', `
SELECT count(*) AS results,
       count(*) FILTER (WHERE unit = 'latency_ms') AS latency,
       count(*) FILTER (WHERE division <> 'closed' OR availability <> 'available') AS outside_scope,
       count(*) FILTER (WHERE total_accelerators IS NULL OR total_accelerators = 0) AS no_count
FROM mlperf_inference
WHERE accelerator_id = ${id}`));

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
    const spec = sqlString(a.specName);
    parts.push(fence('sql spec', `
SELECT accelerator, vendor, form_factor, architecture, launch_year, memory_type, source_quality,
       memory_gb, memory_bw_tbs, bf16_dense_tflops, fp8_dense_tflops, tdp_w, notes
FROM accelerators
WHERE accelerator = ${spec}`));
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
  parts.push(fence('sql names', `
SELECT name AS published_name, coalesce(spec_name, '') AS spec_name, coalesce(note, '') AS note
FROM accelerator_names
WHERE accelerator_id = ${id}
ORDER BY name`));
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
    parts.push(...figureBlocks(name, `
SELECT scenario || ' · ' || round AS scenario_round, scenario, round, submitter, system_name,
       total_accelerators, max(result_per_accelerator) AS per_accelerator,
       submitter || ': ' || system_name || ' (' || total_accelerators || ' accelerators)' AS system
FROM mlperf_inference_derived
WHERE accelerator_id = ${id} AND model = ${sqlString(c.model)} AND unit = ${sqlString(c.unit)} AND ${SCOPE}
GROUP BY round, result_location, scenario, submitter, system_name, total_accelerators
ORDER BY scenario, round, per_accelerator DESC`, 'plot', {
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
  parts.push(...figureBlocks('best', `
SELECT model, scenario, round, unit,
       max(result_per_accelerator) AS best_per_accelerator,
       arg_max(submitter || ': ' || system_name, result_per_accelerator) AS best_system,
       count(DISTINCT result_location) AS systems
FROM mlperf_inference_derived
WHERE accelerator_id = ${id} AND ${SCOPE}
GROUP BY model, scenario, round, unit
ORDER BY model, scenario, round`, 'table', {
    title: 'Best result per accelerator by model, scenario, round and unit',
    caption: BEST_CAPTION,
    compare: ROUND_COMPARE,
    columns: {
      model: 'Model', scenario: 'Scenario', round: 'Round',
      ...BEST_COLUMNS,
    },
  }));
  return parts.join('\n\n');
}

/** A chart of how many results a page's subject has outside the pages' scope: counts, not performance. */
/** Counts of a subject's results outside the pages' scope: the query, a stacked bar chart of it and its table. */
async function elsewhereBlocks(ctx: Context, sql: string, subtitle: string, table: Record<string, unknown>): Promise<string[]> {
  return [fence('sql elsewhere', sql), elsewhereChart(await ctx.engine.query(sql.trim()), subtitle), fence('table elsewhere', yaml(table))];
}

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

/** Height of a dot chart with `rows` rows on y (an upper bound is fine; Plot spaces them evenly). */
function chartHeight(rows: number): number {
  return Math.max(140, Math.min(560, 60 + rows * 26));
}

// ---------------------------------------------------------------------------------------------------
// Model pages

const SCENARIO_ORDER = ['Offline', 'Server', 'Interactive', 'SingleStream', 'MultiStream'];

async function modelBody(ctx: Context, model: string, combos: Combo[]): Promise<string> {
  const m = sqlString(model);
  const parts: string[] = [];
  if (combos.length > 0) {
    parts.push(fence('sql facts', `
SELECT count(DISTINCT accelerator_id) AS accelerator_ids,
       count(DISTINCT (round, result_location)) AS results,
       string_agg(DISTINCT round, ', ' ORDER BY round) AS round_list
FROM mlperf_inference_derived
WHERE model = ${m} AND ${SCOPE}`));
  }
  parts.push(fence('sql all_rows', `
SELECT count(*) AS results,
       count(DISTINCT round) AS rounds,
       string_agg(DISTINCT round, ', ' ORDER BY round) AS round_list,
       count(*) FILTER (WHERE unit = 'latency_ms') AS latency,
       count(*) FILTER (WHERE division <> 'closed' OR availability <> 'available') AS outside_scope,
       count(*) FILTER (WHERE accelerator_id = 'none' OR accelerator_id LIKE 'mix-%' OR total_accelerators IS NULL OR total_accelerators = 0) AS no_single_part
FROM mlperf_inference
WHERE model = ${m}`));
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
    parts.push(...figureBlocks(name, `
SELECT accelerator_id AS accelerator, round, max(result_per_accelerator) AS best_per_accelerator,
       count(DISTINCT result_location) AS systems,
       ${sqlString(ctx.urls.accelerators)} || accelerator_id || '/' AS page
FROM mlperf_inference_derived
WHERE model = ${m} AND scenario = ${sqlString(c.scenario)} AND unit = ${sqlString(c.unit)} AND ${SCOPE}
GROUP BY accelerator_id, round
ORDER BY accelerator_id, round`, 'plot', {
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
  parts.push(...figureBlocks('best', `
SELECT accelerator_id AS accelerator, scenario, round, unit,
       max(result_per_accelerator) AS best_per_accelerator,
       arg_max(submitter || ': ' || system_name, result_per_accelerator) AS best_system,
       count(DISTINCT result_location) AS systems
FROM mlperf_inference_derived
WHERE model = ${m} AND ${SCOPE}
GROUP BY accelerator_id, scenario, round, unit
ORDER BY scenario, unit, round DESC, best_per_accelerator DESC`, 'table', {
    title: 'Best result per accelerator by scenario, round and unit',
    caption: BEST_CAPTION,
    compare: ROUND_COMPARE,
    columns: {
      accelerator: 'Accelerator', scenario: 'Scenario', round: 'Round',
      ...BEST_COLUMNS,
    },
  }));
  return parts.join('\n\n');
}

function sortScenarios(list: string[]): string[] {
  return [...list].sort((a, b) => scenarioRank(a) - scenarioRank(b) || a.localeCompare(b));
}

function scenarioRank(s: string): number {
  const i = SCENARIO_ORDER.indexOf(s);
  return i === -1 ? SCENARIO_ORDER.length : i;
}

// ---------------------------------------------------------------------------------------------------
// Index pages

async function acceleratorIndexBody(ctx: Context): Promise<string> {
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
  const { rows } = await ctx.engine.query(listSql.trim());
  parts.push('## Every accelerator');
  parts.push(fence('sql accelerator_list', listSql));
  parts.push(htmlBlock(listTable(
    'Accelerators, most results first',
    ['Accelerator', 'Published names', 'Specification', 'On its page', 'Models', 'Rounds', 'In the data'],
    rows.map((r) => [
      link(ctx.urls.accelerator(String(r.accelerator_id)), String(r.accelerator_id)),
      String(r.published_names ?? '').split('\n').map(escapeHtml).join('<br>'),
      r.spec_name ? escapeHtml(r.spec_name) : '<span class="dp-none">none</span>',
      num(r.results), num(r.models), escapeHtml(r.rounds), num(r.all_results),
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
  const bandwidthRows = (await ctx.engine.query(bandwidthSql.trim())).rows;
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

async function modelIndexBody(ctx: Context, models: Map<string, string>): Promise<string> {
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
  const { rows } = await ctx.engine.query(listSql.trim());
  parts.push('## Every model');
  parts.push(fence('sql model_list', listSql));
  parts.push(htmlBlock(listTable(
    'Models',
    ['Model', 'Rounds', 'Units', 'On its page', 'Accelerators', 'In the data'],
    rows.map((r) => [
      link(ctx.urls.model(models.get(String(r.model)) ?? modelSlug(String(r.model))), String(r.model)),
      escapeHtml(r.rounds), escapeHtml(r.units), num(r.results), num(r.accelerator_ids), num(r.all_results),
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

// ---------------------------------------------------------------------------------------------------
// The matrix

async function matrixBody(ctx: Context, models: Map<string, string>): Promise<string> {
  const parts: string[] = [];
  parts.push(fence('sql latest', 'SELECT max(round) AS round, count(DISTINCT round) AS rounds FROM mlperf_inference'));
  const matrixSql = `
SELECT model, accelerator_id, unit,
       max(result_per_accelerator) AS best_per_accelerator,
       arg_max(submitter || ': ' || system_name, result_per_accelerator) AS best_system,
       count(DISTINCT result_location) AS systems
FROM mlperf_inference_derived
WHERE round = (SELECT max(round) FROM mlperf_inference)
  AND scenario = 'Offline' AND ${SCOPE}
GROUP BY model, accelerator_id, unit
ORDER BY model, unit, accelerator_id`;
  parts.push(fence('sql matrix', matrixSql));
  parts.push(
    'The best Offline result per accelerator of each accelerator on each model, in the latest round in the data, :value[latest.round] ' +
      '(the greatest round label, `max(round)`, of the :value[latest.rounds] rounds in the data): ' +
      `${SCOPE_TEXT}, one kind of accelerator per system. Each cell is the highest result ÷ accelerator count among that accelerator's systems, ` +
      'in the unit of its row, and links to the accelerator\'s page; each model links to its page. An empty cell means no such result was submitted. ' +
      'Throughput per accelerator is a metric derived by Benchwright, not an official MLPerf result.',
  );
  parts.push('Read across a row only: rows are different benchmarks, in different units. The -99 and -99.9 rows of one benchmark usually carry the same runs.');

  const { rows } = await ctx.engine.query(matrixSql.trim());
  parts.push('## The matrix');
  parts.push(htmlBlock(renderMatrix(ctx.urls, rows, models)));

  parts.push('## Share of the best in each row');
  parts.push(fence('sql share', `
SELECT model, accelerator_id AS accelerator, best_per_accelerator,
       best_per_accelerator / max(best_per_accelerator) OVER (PARTITION BY model, unit) AS share_of_best,
       printf('%.0f%%', 100 * best_per_accelerator / max(best_per_accelerator) OVER (PARTITION BY model, unit)) AS percent
FROM matrix
ORDER BY model, accelerator`));
  const accelerators = new Set(rows.map((r) => String(r.accelerator_id))).size;
  const rowCount = new Set(rows.map((r) => `${r.model}|${r.unit}`)).size;
  parts.push(fence('plot share', yaml({
    title: 'Each accelerator\'s best Offline result as a share of the best in its row',
    subtitle: 'The same cells as the matrix, as a ratio to the row\'s highest value, so rows in different units share one colour scale.',
    caption: 'Darker is closer to the best in the row; the number is the share in percent. A ratio of two results in the same unit; derived by Benchwright, not an official MLPerf result.',
    marginLeft: 150,
    marginBottom: 170,
    width: Math.max(480, 150 + 44 * accelerators),
    height: 170 + 26 * rowCount,
    x: { label: null, tickRotate: -45 },
    y: { label: null },
    color: { type: 'linear', domain: [0, 1], range: ['#f4f7fc', '#6f96d6'] },
    marks: [
      { cell: { x: 'accelerator', y: 'model', fill: 'share_of_best', inset: 1 } },
      { text: { x: 'accelerator', y: 'model', text: 'percent', fill: 'black', fontSize: 10 } },
    ],
  })));

  parts.push('## The matrix as a list');
  parts.push(fence('table matrix', yaml({
    title: 'Every cell of the matrix, with the system behind it',
    caption: 'Each row has its own unit, per accelerator. “Systems” counts the results behind the cell.',
    columns: {
      model: 'Model', accelerator_id: 'Accelerator',
      ...BEST_COLUMNS,
    },
  })));
  return parts.join('\n\n');
}

function renderMatrix(urls: Urls, rows: Row[], models: Map<string, string>): string {
  const accelerators = [...new Set(rows.map((r) => String(r.accelerator_id)))].sort();
  const byRow = groupBy(rows, (r) => `${r.model}\u0000${r.unit}`);
  const head = accelerators
    .map((a) => `<th scope="col" class="dp-col"><a href="${escapeHtml(urls.accelerator(a))}"><span>${escapeHtml(a)}</span></a></th>`)
    .join('');
  const body = [...byRow.entries()].map(([key, cells]) => {
    const [model, unit] = key.split('\u0000') as [string, string];
    const byAccelerator = new Map(cells.map((c) => [String(c.accelerator_id), c]));
    const slug = models.get(model) ?? modelSlug(model);
    const tds = accelerators.map((a) => {
      const c = byAccelerator.get(a);
      if (!c) return '<td class="dp-empty"></td>';
      const value = c.best_per_accelerator ?? null;
      const title = `${model} on ${a}: ${formatValue(value)} ${unit} per accelerator; best of ${formatValue(c.systems ?? null)}, ${c.best_system}`;
      return `<td class="bw-num" data-model="${escapeHtml(model)}" data-accelerator="${escapeHtml(a)}" data-value="${escapeHtml(value)}"><a href="${escapeHtml(urls.accelerator(a))}" title="${escapeHtml(title)}">${escapeHtml(formatValue(value))}</a></td>`;
    }).join('');
    return `<tr><th scope="row"><a href="${escapeHtml(urls.model(slug))}">${escapeHtml(model)}</a><span class="dp-unit">${escapeHtml(unit)} per accelerator</span></th>${tds}</tr>`;
  }).join('');
  return [
    '<figure class="bw-figure dp-matrix" id="matrix" aria-labelledby="matrix-title">',
    '<figcaption><span class="bw-figure-title" id="matrix-title">Best Offline result per accelerator, latest round</span>',
    '<span class="bw-figure-caption">Rows: models, each in its own unit (under its name). Columns: accelerators. Numbers link to the accelerator page, models to the model page. The SQL is query <code>matrix</code> in Data and methods; the MLPerf citation of every cell is under the list below.</span></figcaption>',
    scrollBox(`<table class="dp-matrix-table"><thead><tr><th scope="col" class="dp-corner">Model and unit</th>${head}</tr></thead><tbody>${body}</tbody></table>`, 'Best Offline result per accelerator, latest round'),
    '</figure>',
  ].join('');
}

// ---------------------------------------------------------------------------------------------------
// HTML lists with links

function link(href: string, text: string): string {
  return `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>`;
}

function num(value: unknown): string {
  return escapeHtml(formatValue(typeof value === 'number' ? value : value === null || value === undefined ? null : Number(value)));
}

function listTable(title: string, headers: string[], rows: string[][], numeric: number[], query: string, wrap: number[] = []): string {
  const cls = (i: number) => (numeric.includes(i) ? ' class="bw-num"' : wrap.includes(i) ? ' class="dp-wrap"' : '');
  const head = headers.map((h, i) => `<th scope="col"${cls(i)}>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((cells) => `<tr>${cells.map((c, i) => (i === 0 ? `<th scope="row">${c}</th>` : `<td${cls(i)}>${c}</td>`)).join('')}</tr>`).join('');
  return [
    `<figure class="bw-figure dp-list" data-query="${escapeHtml(query)}">`,
    `<figcaption><span class="bw-figure-title">${escapeHtml(title)}</span><span class="bw-figure-caption">From query <code>${escapeHtml(query)}</code> (its SQL is in Data and methods).</span></figcaption>`,
    scrollBox(`<table class="dp-list-table"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`, title),
    '</figure>',
  ].join('');
}
