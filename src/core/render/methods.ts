/**
 * The generated "Data and methods" section at the end of every report: each query with its SQL, the
 * tables and files it read, their units, the data files with content hashes, every source with its
 * extraction method and caveats, the checked claims, and the legend of each citation formatter the sources declare.
 */
import { retrievals } from '../data/catalog.ts';
import { formattersOf } from '../data/citation-formatter.ts';
import { fillHtml } from './fill-html.ts';
import { html, joinHtml, trusted } from './html.ts';
import { sqlListing } from './scroll-box.ts';
import type { TableRowsRead } from './provenance.ts';
import type { QueryEngine, QueryResult } from '../sql/query-engine.ts';
import type { ResultUnits } from '../units/query-units.ts';
import { count, fill, reportWords, type ReportWords } from './report-words.ts';
import type { ArticleData } from './plugins/article-state.ts';

export interface MethodsQuery {
  name: string;
  sql: string;
  result: QueryResult;
  units: ResultUnits;
  reads: TableRowsRead[];
}

export function renderMethods(queries: MethodsQuery[], data: ArticleData, engine: QueryEngine, w: ReportWords = reportWords()): string {
  const { catalog } = engine;
  const link = (id: string, text: string) => html`<a href="#${id}">${text}</a>`;
  const claimNumber = (id: string) => id.split('-')[1]!;
  const shownIn = (name: string) =>
    data.figures.filter((f) => f.query === name).map((f) => link(f.id, f.number))
      .concat(data.checks.filter((c) => c.query === name).map((c) => link(c.id, fill(w.claimLink, { n: claimNumber(c.id) }))));
  const listSeparator = String(html`${w.listSeparator}`);
  const unitsSeparator = String(html`${w.unitsSeparator}`);
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
    const units = Object.entries(q.units.columns).filter(([, u]) => u.length > 0).map(([c, u]) => html`${c}: ${u.join(' / ')}`);
    const uses = shownIn(q.name);
    // A figure's data part already shows its query's SQL: link there rather than print it twice.
    const figure = data.figures.find((f) => f.query === q.name);
    const sql = figure
      ? fillHtml(w.sqlInFigureHtml, { figure: link(figure.id, figure.number) })
      : html`<details><summary>${w.sqlOnly}</summary>${trusted(sqlListing(q.sql, fill(w.sqlOfQuery, { query: q.name })))}</details>`;
    const item = fillHtml(w.queryItemHtml, {
      query: html`<code>${q.name}</code>`,
      rows: count(w, 'row', 'rows', q.result.rows.length, String(q.result.rows.length)),
      tables: q.result.tables.length ? joinHtml(q.result.tables.map((t) => html`<code>${t}</code>`), listSeparator) : w.noTable,
      units: units.length ? fillHtml(w.unitsHtml, { units: joinHtml(units, unitsSeparator) }) : '',
      uses: uses.length ? fillHtml(w.usedInHtml, { uses: joinHtml(uses, listSeparator) }) : '',
      sql,
    });
    return html`<li id="query-${q.name}">${item}</li>`;
  });
  const fileItems = [...files.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([f, table]) =>
    html`<li>${fillHtml(w.fileItemHtml, { file: html`<code>data/${f}</code>`, table: html`<code>${table}</code>`, hash: html`<code class="bw-hash">${engine.fileHashes.get(f) ?? ''}</code>` })}</li>`);
  const sourceItems = [...tablesRead].sort().map((name) => {
    const t = catalog.tables.find((x) => x.name === name)!;
    const perRepo = new Set(retrievals(t).map((r) => r.retrieved)).size > 1;
    const repos = retrievals(t).map((r) => html`<code>${r.repo}</code>${r.commit ? fillHtml(w.atHtml, { commit: html`<code>${r.commit.slice(0, 12)}</code>` }) : ''}${r.rounds ? html`${w.roundsOpen}${r.rounds.join(w.roundsSeparator)}${w.roundsClose}` : ''}${r.copy_of ? html`${w.copyOf}<code>${r.copy_of}</code>` : ''}${perRepo ? fill(w.repositoryRetrieved, { date: r.retrieved }) : ''}`);
    const urls = t.source.urls?.length ? [html`${count(w, 'webPage', 'webPages', t.source.urls.length, String(t.source.urls.length))}`] : [];
    const caveats = t.caveats.length ? html`<ul class="bw-caveats">${t.caveats.map((c) => html`<li>${c}</li>`)}</ul>` : '';
    const item = fillHtml(w.sourceItemHtml, {
      title: html`<strong>${t.title}</strong>`,
      table: html`<code>${name}</code>`,
      publisher: t.source.publisher,
      where: joinHtml([...repos, ...urls], unitsSeparator),
      retrieved: perRepo ? '' : fillHtml(w.sourceRetrievedHtml, { date: t.source.retrieved }),
      extraction: t.extraction,
    });
    return html`<li>${item}${caveats}</li>`;
  });
  // The legend of each citation formatter the tables read declare (MLPerf: MLCommons' trademark legend).
  const legends = formattersOf(catalog, [...tablesRead].sort()).map((f) => html`<p class="bw-trademark">${f.notes(w).legend}</p>`);
  const checks = data.checks.length
    ? html`<h3>${w.checkedClaims}</h3><ol>${data.checks.map((c) => html`<li>${fillHtml(w.checkItemHtml, { claim: link(c.id, fill(w.claimNumber, { n: claimNumber(c.id) })), condition: html`<code>${c.condition}</code>`, query: html`<code>${c.query}</code>`, rows: count(w, 'row', 'rows', c.rows, String(c.rows)) })}</li>`)}</ol>`
    : '';
  return String(html`${[
    html`<div class="bw-methods">`,
    html`<p>${w.methodsIntro}</p>`,
    html`<h3>${w.queries}</h3><ol class="bw-queries">${queryItems}</ol>`,
    checks,
    html`<h3>${w.dataFiles}</h3><ul>${fileItems}</ul>`,
    html`<h3>${w.sources}</h3><ul class="bw-source-list">${sourceItems}</ul>`,
    legends,
    html`</div>`,
  ]}`);
}
