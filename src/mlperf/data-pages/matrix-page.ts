/**
 * The matrix: the best Offline result per accelerator of each accelerator on each model in the latest round, as
 * an HTML table whose cells link to the accelerator pages (no ```table block links its cells), then the same
 * cells as shares of each row's best and as a list.
 */
import type { Row } from '../../core/data/json-values.ts';
import { formatValue } from '../../core/render/format.ts';
import { html, joinHtml, trusted, type Html } from '../../core/render/html.ts';
import { scrollBox } from '../../core/render/scroll-box.ts';
import { modelSlug, type Urls } from './addresses.ts';
import { BEST_COLUMNS, bestPerAcceleratorSql } from './best-per-accelerator.ts';
import type { Context } from './context.ts';
import { fence, htmlBlock, yaml } from './markdown.ts';
import { groupBy } from './rows.ts';
import { SCOPE, SCOPE_TEXT } from './scope.ts';

export async function matrixBody(ctx: Context, models: Map<string, string>): Promise<string> {
  const parts: string[] = [];
  parts.push(fence('sql latest', 'SELECT max(round) AS round, count(DISTINCT round) AS rounds FROM mlperf_inference'));
  const matrixSql = bestPerAcceleratorSql({
    select: 'model, accelerator_id, unit',
    where: `round = (SELECT max(round) FROM mlperf_inference)\n  AND scenario = 'Offline' AND ${SCOPE}`,
    groupBy: 'model, accelerator_id, unit',
    orderBy: 'model, unit, accelerator_id',
  });
  parts.push(fence('sql matrix', matrixSql));
  parts.push(
    'The best Offline result per accelerator of each accelerator on each model, in the latest round in the data, :value[latest.round] ' +
      '(the greatest round label, `max(round)`, of the :value[latest.rounds] rounds in the data): ' +
      `${SCOPE_TEXT}, one kind of accelerator per system. Each cell is the highest result ÷ accelerator count among that accelerator's systems, ` +
      'in the unit of its row, and links to the accelerator\'s page; each model links to its page. An empty cell means no such result was submitted. ' +
      'Throughput per accelerator is a metric derived by Benchwright, not an official MLPerf result.',
  );
  parts.push('Read across a row only: rows are different benchmarks, in different units. The -99 and -99.9 rows of one benchmark usually carry the same runs.');

  const { rows } = await ctx.engine.query(matrixSql.trim(), 'page');
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

function renderMatrix(urls: Urls, rows: Row[], models: Map<string, string>): Html {
  const accelerators = [...new Set(rows.map((r) => String(r.accelerator_id)))].sort();
  const byRow = groupBy(rows, (r) => `${r.model}\u0000${r.unit}`);
  const head = accelerators.map((a) => html`<th scope="col" class="dp-col"><a href="${urls.accelerator(a)}"><span>${a}</span></a></th>`);
  const body = [...byRow.entries()].map(([key, cells]) => {
    const [model, unit] = key.split('\u0000') as [string, string];
    const byAccelerator = new Map(cells.map((c) => [String(c.accelerator_id), c]));
    const slug = models.get(model) ?? modelSlug(model);
    const tds = accelerators.map((a) => {
      const c = byAccelerator.get(a);
      if (!c) return html`<td class="dp-empty"></td>`;
      const value = c.best_per_accelerator ?? null;
      const title = `${model} on ${a}: ${formatValue(value)} ${unit} per accelerator; best of ${formatValue(c.systems ?? null)}, ${c.best_system}`;
      return html`<td class="bw-num" data-model="${model}" data-accelerator="${a}" data-value="${value}"><a href="${urls.accelerator(a)}" title="${title}">${formatValue(value)}</a></td>`;
    });
    return html`<tr><th scope="row"><a href="${urls.model(slug)}">${model}</a><span class="dp-unit">${unit} per accelerator</span></th>${tds}</tr>`;
  });
  const table = html`<table class="dp-matrix-table"><thead><tr><th scope="col" class="dp-corner">Model and unit</th>${head}</tr></thead><tbody>${body}</tbody></table>`;
  return joinHtml([
    html`<figure class="bw-figure dp-matrix" id="matrix" aria-labelledby="matrix-title">`,
    html`<figcaption><span class="bw-figure-title" id="matrix-title">Best Offline result per accelerator, latest round</span>`,
    html`<span class="bw-figure-caption">Rows: models, each in its own unit (under its name). Columns: accelerators. Numbers link to the accelerator page, models to the model page. The SQL is query <code>matrix</code> in Data and methods; the MLPerf citation of every cell is under the list below.</span></figcaption>`,
    trusted(String(scrollBox(String(table), 'Best Offline result per accelerator, latest round'))),
    html`</figure>`,
  ]);
}
