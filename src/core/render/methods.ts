/**
 * The generated "Data and methods" section at the end of every report: each query with its SQL, the
 * tables and files it read, their units, the data files with content hashes, every source with its
 * extraction method and caveats, the checked claims, and MLCommons' trademark legend.
 */
import { retrievals } from '../data/catalog.ts';
import { escapeHtml } from './html.ts';
import { sqlListing } from './scroll-box.ts';
import type { TableRowsRead } from './provenance.ts';
import type { QueryEngine, QueryResult } from '../sql/query-engine.ts';
import type { ResultUnits } from '../units/query-units.ts';
import { count, fill, reportWords, type ReportWords } from './report-words.ts';
import type { ArticleData } from './remark-benchwright.ts';

export interface MethodsQuery {
  name: string;
  sql: string;
  result: QueryResult;
  units: ResultUnits;
  reads: TableRowsRead[];
}

export function renderMethods(queries: MethodsQuery[], data: ArticleData, engine: QueryEngine, w: ReportWords = reportWords()): string {
  const { catalog } = engine;
  const shownIn = (name: string) =>
    data.figures.filter((f) => f.query === name).map((f) => `<a href="#${escapeHtml(f.id)}">${escapeHtml(f.number)}</a>`)
      .concat(data.checks.filter((c) => c.query === name).map((c) => `<a href="#${c.id}">${escapeHtml(fill(w.claimLink, { n: c.id.split('-')[1]! }))}</a>`));
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
      ? fill(w.sqlInFigureHtml, { figure: `<a href="#${escapeHtml(figure.id)}">${escapeHtml(figure.number)}</a>` })
      : `<details><summary>${escapeHtml(w.sqlOnly)}</summary>${sqlListing(q.sql, fill(w.sqlOfQuery, { query: q.name }))}</details>`;
    const item = fill(w.queryItemHtml, {
      query: `<code>${escapeHtml(q.name)}</code>`,
      rows: escapeHtml(count(w, 'row', 'rows', q.result.rows.length, String(q.result.rows.length))),
      tables: q.result.tables.map((t) => `<code>${escapeHtml(t)}</code>`).join(escapeHtml(w.listSeparator)) || escapeHtml(w.noTable),
      units: units.length ? fill(w.unitsHtml, { units: units.join(escapeHtml(w.unitsSeparator)) }) : '',
      uses: uses.length ? fill(w.usedInHtml, { uses: uses.join(escapeHtml(w.listSeparator)) }) : '',
      sql,
    });
    return `<li id="query-${escapeHtml(q.name)}">${item}</li>`;
  });
  const fileItems = [...files.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([f, table]) => `<li>${fill(w.fileItemHtml, { file: `<code>data/${escapeHtml(f)}</code>`, table: `<code>${escapeHtml(table)}</code>`, hash: `<code class="bw-hash">${escapeHtml(engine.fileHashes.get(f) ?? '')}</code>` })}</li>`);
  const sourceItems = [...tablesRead].sort().map((name) => {
    const t = catalog.tables.find((x) => x.name === name)!;
    const perRepo = new Set(retrievals(t).map((r) => r.retrieved)).size > 1;
    const repos = retrievals(t).map((r) => `<code>${escapeHtml(r.repo)}</code>${r.commit ? fill(w.atHtml, { commit: `<code>${escapeHtml(r.commit.slice(0, 12))}</code>` }) : ''}${r.rounds ? `${escapeHtml(w.roundsOpen)}${escapeHtml(r.rounds.join(w.roundsSeparator))}${escapeHtml(w.roundsClose)}` : ''}${r.copy_of ? `${escapeHtml(w.copyOf)}<code>${escapeHtml(r.copy_of)}</code>` : ''}${perRepo ? escapeHtml(fill(w.repositoryRetrieved, { date: r.retrieved })) : ''}`);
    const urls = t.source.urls?.length ? [escapeHtml(count(w, 'webPage', 'webPages', t.source.urls.length, String(t.source.urls.length)))] : [];
    const caveats = t.caveats.length ? `<ul class="bw-caveats">${t.caveats.map((c) => `<li>${escapeHtml(c)}</li>`).join('')}</ul>` : '';
    const item = fill(w.sourceItemHtml, {
      title: `<strong>${escapeHtml(t.title)}</strong>`,
      table: `<code>${escapeHtml(name)}</code>`,
      publisher: escapeHtml(t.source.publisher),
      where: [...repos, ...urls].join(escapeHtml(w.unitsSeparator)),
      retrieved: perRepo ? '' : fill(w.sourceRetrievedHtml, { date: escapeHtml(t.source.retrieved) }),
      extraction: escapeHtml(t.extraction),
    });
    return `<li>${item}${caveats}</li>`;
  });
  const usesMlperf = [...tablesRead].some((name) => catalog.tables.find((t) => t.name === name)?.mlperf);
  const checks = data.checks.length
    ? `<h3>${escapeHtml(w.checkedClaims)}</h3><ol>${data.checks.map((c) => `<li>${fill(w.checkItemHtml, { claim: `<a href="#${c.id}">${escapeHtml(fill(w.claimNumber, { n: c.id.split('-')[1]! }))}</a>`, condition: `<code>${escapeHtml(c.condition)}</code>`, query: `<code>${escapeHtml(c.query)}</code>`, rows: escapeHtml(count(w, 'row', 'rows', c.rows, String(c.rows))) })}</li>`).join('')}</ol>`
    : '';
  return [
    '<div class="bw-methods">',
    `<p>${escapeHtml(w.methodsIntro)}</p>`,
    `<h3>${escapeHtml(w.queries)}</h3><ol class="bw-queries">${queryItems.join('')}</ol>`,
    checks,
    `<h3>${escapeHtml(w.dataFiles)}</h3><ul>${fileItems.join('')}</ul>`,
    `<h3>${escapeHtml(w.sources)}</h3><ul class="bw-source-list">${sourceItems.join('')}</ul>`,
    usesMlperf ? `<p class="bw-trademark">${escapeHtml(w.trademark)}</p>` : '',
    '</div>',
  ].join('');
}
