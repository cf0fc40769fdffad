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
 *
 * This module makes the pages; data-pages/ holds one module per page kind and the parts they share.
 */
import { join } from 'node:path';
import { limiter } from '../core/concurrency.ts';
import { findDataRows, type DataRow } from '../core/data/data-rows.ts';
import { BuildError } from '../core/errors.ts';
import { hashParts } from '../core/hash.ts';
import { TOOLKIT_VERSION } from '../core/version.ts';
import { figureDownloads } from '../core/render/figure.ts';
import { sharedQueries, type SharedQueries } from '../core/render/shared-query.ts';
import type { Heading } from '../core/article/headings.ts';
import { BuildFailedError, countCachedArticle, type Project } from '../core/versions/reports.ts';
import { acceleratorIndexBody } from './data-pages/accelerator-index-page.ts';
import { acceleratorBody } from './data-pages/accelerator-page.ts';
import { dataPageUrls } from './data-pages/addresses.ts';
import { dataPagesUnavailable } from './data-pages/availability.ts';
import type { Context } from './data-pages/context.ts';
import { pageError } from './data-pages/data-errors.ts';
import { matrixBody } from './data-pages/matrix-page.ts';
import { modelIndexBody } from './data-pages/model-index-page.ts';
import { modelBody } from './data-pages/model-page.ts';
import { rowsOf } from './data-pages/rows.ts';
import { SCOPE_TEXT } from './data-pages/scope.ts';
import { checkResultIds, checkSpecifications, combosPerAccelerator, combosPerModel, loadAccelerators, loadModels } from './data-pages/subjects.ts';

export { dataPageUrls, hasAcceleratorPage, modelSlug } from './data-pages/addresses.ts';
export { dataPagesMissingTables, dataPagesUnavailable } from './data-pages/availability.ts';
export { MAX_CHARTS } from './data-pages/scope.ts';

/** Data pages made at once. */
const PAGES_AT_ONCE = 2;

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

/** A page to make: what it is, and its Markdown body, made on demand. */
export interface DataPageJob {
  kind: DataPageKind;
  id: string;
  title: string;
  summary: string;
  file: string;
  body: () => Promise<string>;
  /** What an error in the page names, and the data rows the page is made from. */
  what?: string;
  rows?: () => DataRow[];
}

/**
 * The pages to make, and the queries they share: every page's query over one accelerator or model is answered
 * from one query over all of them (core/render/shared-query.ts), registered as the bodies are made.
 */
export async function planDataPages(project: Project, options: Pick<DataPagesOptions, 'base'>): Promise<{ jobs: DataPageJob[]; shared: SharedQueries; ctx: Context }> {
  const { engine, paths } = project;
  const rounds = (await rowsOf(engine, 'SELECT DISTINCT round FROM mlperf_inference ORDER BY round')).map((r) => String(r.round));
  const shared = sharedQueries(engine);
  const ctx: Context = { engine, root: paths.root, urls: dataPageUrls(options.base), rounds, sliced: shared.sql };
  const accelerators = await loadAccelerators(engine, project.catalog);
  const models = await loadModels(engine, project.catalog);
  await checkResultIds(engine, project.catalog);
  await checkSpecifications(engine, project.catalog);
  const perAccelerator = await combosPerAccelerator(engine);
  const perModel = await combosPerModel(engine);

  const jobs: DataPageJob[] = [];
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
      body: () => acceleratorBody(ctx, a, perAccelerator.get(a.id) ?? []),
      what: `the page of accelerator id "${a.id}"`,
      rows: () => findDataRows(project.catalog, 'accelerator_names', 'accelerator_id', a.id),
    });
  }
  for (const [model, slug] of models) {
    jobs.push({
      kind: 'model', id: slug, title: `MLPerf Inference ${model}`, file: `models/${slug}.md`,
      summary: `Every accelerator with an MLPerf Inference ${model} result, by round, scenario and unit: best result per accelerator, ${SCOPE_TEXT}.`,
      body: () => modelBody(ctx, model, perModel.get(model) ?? []),
      what: `the page of model "${model}"`,
      rows: () => findDataRows(project.catalog, 'mlperf_inference', 'model', model),
    });
  }
  return { jobs, shared, ctx };
}

export async function buildDataPages(project: Project, options: DataPagesOptions): Promise<DataPage[]> {
  if (dataPagesUnavailable(project.catalog)) return [];
  const { paths, engine } = project;
  const { jobs, shared, ctx } = await planDataPages(project, options);

  // Two pages at a time: while one page waits for DuckDB (its shared queries, the first time they are asked, or its
  // own), the other's Markdown and charts are made. Pages and errors are kept in the jobs' order, whatever order they finish in.
  const limited = limiter(PAGES_AT_ONCE);
  let done = 0;
  const outcomes = await Promise.all(
    jobs.map((job) =>
      limited(async (): Promise<DataPage | Error> => {
        const path = join(paths.root, '<generated>', job.file);
        // The page's own folder (accelerators/<id>/, matrix/…) holds its CSV downloads.
        const folder = job.file.replace(/(\/index)?\.md$/, '/');
        try {
          const body = await job.body();
          const downloadBase = `${ctx.urls.base}${folder}`;
          // A whole page is kept under its Markdown, its addresses and the content of all the data, as a report's
          // article is (versions/reports.ts): a warm build does not run the Markdown pipeline, Plot or DuckDB for it.
          let hit = true;
          const page = await project.cache.memoTracked('data-page', hashParts(TOOLKIT_VERSION, job.file, downloadBase, body, engine.contentKey), async () => {
            hit = false;
            const { renderMarkdown } = await import('../core/article/article.ts');
            // The lists and tables this module writes into the body are HTML of its own; the sanitizer checks the page.
            const { html, headings, data } = await renderMarkdown({ path, body, engine, cache: project.cache, root: paths.root, downloadBase, generatedHtml: true, answers: shared.answers });
            return { html, headings, files: figureDownloads(data.figures, folder), queries: data.queries.length, charts: data.figures.filter((f) => f.svg).length };
          });
          if (hit) countCachedArticle(engine, project.cache, page.queries, page.charts);
          return { kind: job.kind, id: job.id, title: job.title, summary: job.summary, html: page.html, headings: page.headings, files: page.files };
        } catch (error) {
          if (!(error instanceof BuildError)) throw error;
          // Placed on the data row the page is made from: its generated Markdown is in no file anyone can open.
          return pageError(error, job.what, folder, job.rows?.() ?? []);
        } finally {
          options.onProgress?.(++done, jobs.length);
        }
      }),
    ),
  );
  const pages = outcomes.filter((o): o is DataPage => !(o instanceof Error));
  const errors = outcomes.filter((o): o is Error => o instanceof Error);
  if (errors.length > 0) throw new BuildFailedError(errors);
  return pages;
}
