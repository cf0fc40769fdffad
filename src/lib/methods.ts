/**
 * The generated "Data and methods" section at the end of every report: each query with its SQL, the
 * tables and files it read, their units, the data files with content hashes, every source with its
 * extraction method and caveats, the checked claims, and MLCommons' trademark legend.
 */
import { retrievals } from './catalog.ts';
import { escapeHtml } from './html.ts';
import { sqlListing } from './scroll-box.ts';
import { MLPERF_TRADEMARK } from './mlperf-citation.ts';
import type { TableRowsRead } from './provenance.ts';
import type { QueryEngine, QueryResult } from './query-engine.ts';
import type { ResultUnits } from './query-units.ts';
import type { ArticleData } from './remark-benchwright.ts';

export interface MethodsQuery {
  name: string;
  sql: string;
  result: QueryResult;
  units: ResultUnits;
  reads: TableRowsRead[];
}

export function renderMethods(queries: MethodsQuery[], data: ArticleData, engine: QueryEngine): string {
  const { catalog } = engine;
  const shownIn = (name: string) =>
    data.figures.filter((f) => f.query === name).map((f) => `<a href="#${escapeHtml(f.id)}">${escapeHtml(f.number)}</a>`)
      .concat(data.checks.filter((c) => c.query === name).map((c) => `<a href="#${c.id}">claim ${c.id.split('-')[1]}</a>`));
  const files = new Map<string, string>();
  const tablesRead = new Set<string>();
  for (const q of queries) {
    for (const read of q.reads) {
      tablesRead.add(read.table);
      for (const f of read.files) files.set(f, read.table);
    }
    // Lineage reaches through a view to its base rows; the view itself is a source too (its derivation).
    for (const name of q.result.tables) if (catalog.tables.find((t) => t.name === name)?.view) tablesRead.add(name);
  }
  const queryItems = queries.map((q) => {
    const units = Object.entries(q.units.columns).filter(([, u]) => u.length > 0).map(([c, u]) => `${escapeHtml(c)}: ${escapeHtml(u.join(' / '))}`);
    const uses = shownIn(q.name);
    // A figure's data part already shows its query's SQL: link there rather than print it twice.
    const figure = data.figures.find((f) => f.query === q.name);
    const sql = figure
      ? ` Its SQL is in the data part of <a href="#${escapeHtml(figure.id)}">${escapeHtml(figure.number)}</a>.`
      : `<details><summary>SQL</summary>${sqlListing(q.sql, `SQL of query ${q.name}`)}</details>`;
    return `<li id="query-${escapeHtml(q.name)}"><code>${escapeHtml(q.name)}</code>: ${q.result.rows.length} row${q.result.rows.length === 1 ? '' : 's'} from ${q.result.tables.map((t) => `<code>${escapeHtml(t)}</code>`).join(', ') || 'no table'}${units.length ? `; units ${units.join('; ')}` : ''}${uses.length ? `; used in ${uses.join(', ')}` : ''}.${sql}</li>`;
  });
  const fileItems = [...files.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([f, table]) => `<li><code>data/${escapeHtml(f)}</code> (table <code>${escapeHtml(table)}</code>), <code class="bw-hash">${escapeHtml(engine.fileHashes.get(f) ?? '')}</code></li>`);
  const sourceItems = [...tablesRead].sort().map((name) => {
    const t = catalog.tables.find((x) => x.name === name)!;
    const perRepo = new Set(retrievals(t).map((r) => r.retrieved)).size > 1;
    const repos = retrievals(t).map((r) => `<code>${escapeHtml(r.repo)}</code>${r.commit ? ` at <code>${escapeHtml(r.commit.slice(0, 12))}</code>` : ''}${r.rounds ? ` (${escapeHtml(r.rounds.join(', '))})` : ''}${r.copy_of ? `, a copy of <code>${escapeHtml(r.copy_of)}</code>` : ''}${perRepo ? `, retrieved ${escapeHtml(r.retrieved)}` : ''}`);
    const urls = t.source.urls?.length ? [`${t.source.urls.length} web page${t.source.urls.length === 1 ? '' : 's'}, named per row`] : [];
    const caveats = t.caveats.length ? `<ul class="bw-caveats">${t.caveats.map((c) => `<li>${escapeHtml(c)}</li>`).join('')}</ul>` : '';
    return `<li><strong>${escapeHtml(t.title)}</strong> (<code>${escapeHtml(name)}</code>): ${escapeHtml(t.source.publisher)}; ${[...repos, ...urls].join('; ')}${perRepo ? '' : `; retrieved ${escapeHtml(t.source.retrieved)}`}. ${escapeHtml(t.extraction)}${caveats}</li>`;
  });
  const usesMlperf = [...tablesRead].some((name) => catalog.tables.find((t) => t.name === name)?.mlperf);
  const checks = data.checks.length
    ? `<h3>Checked claims</h3><ol>${data.checks.map((c) => `<li><a href="#${c.id}">Claim ${c.id.split('-')[1]}</a>: <code>${escapeHtml(c.condition)}</code> on query <code>${escapeHtml(c.query)}</code> (${c.rows} row${c.rows === 1 ? '' : 's'}).</li>`).join('')}</ol>`
    : '';
  return [
    '<div class="bw-methods">',
    '<p>Every number, chart and table above was computed when this page was built, by the queries below, from the data files listed with their content hashes. Units are traced from the data catalog through each query; a query or chart that mixed units, or a claim the data did not support, would have stopped the build.</p>',
    `<h3>Queries</h3><ol class="bw-queries">${queryItems.join('')}</ol>`,
    checks,
    `<h3>Data files</h3><ul>${fileItems.join('')}</ul>`,
    `<h3>Sources</h3><ul class="bw-source-list">${sourceItems.join('')}</ul>`,
    usesMlperf ? `<p class="bw-trademark">${escapeHtml(MLPERF_TRADEMARK)}</p>` : '',
    '</div>',
  ].join('');
}
