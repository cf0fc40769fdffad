/**
 * The what-changed page's body, from a VersionDiff: the numbers that changed first (old → new, with units and the
 * change), then the charts that changed, each version's beside the other's, then the prose diff on the rendered
 * text, and last, folded away, every row added, removed or changed per query, a few shown and all in a CSV. Built
 * with `html`, so every value is escaped; no script, `bw-diff-` classes; wide tables scroll inside their own box.
 */
import { formatValue } from '../render/format.ts';
import { html, joinHtml, type Html } from '../render/html.ts';
import type { JsonValue, Row } from '../data/json-values.ts';
import { isKeyType, type BlockDiff, type Column, type DiffStatus, type FigureSnapshot, type NumberChange, type QueryDiff, type RowRef, type SectionDiff, type TextRun, type VersionDiff } from './version-diff.ts';

export interface DiffLinks {
  /** A version's page. */
  page: (version: number) => string;
  /** A chart's SVG file of a version. */
  chart: (version: number, figureId: string) => string;
  /** The CSV of a query's row changes. */
  csv: (query: string) => string;
}

export interface RenderOptions {
  /** Level of the fragment's top headings (default 2); section and query names are one level below. */
  headingLevel?: 2 | 3 | 4 | 5;
  /** Links to pages and files; without them, no chart is shown and no CSV linked. */
  links?: DiffLinks;
  /** Values shown per query in "Numbers that changed" before the rest are left to the row changes (default 12). */
  numbersPerQuery?: number;
  /** Rows shown per table of a query's row changes before the rest are left to its CSV (default 20). */
  rowsPerTable?: number;
}

/** The file name of a query's row-change CSV, beside the what-changed page. */
export function rowDiffFile(query: string): string {
  return `${query}.csv`;
}

export function renderVersionDiff(diff: VersionDiff, options: RenderOptions = {}): string {
  const h = options.headingLevel ?? 2;
  const links = options.links;
  const out: Html[] = [html`<div class="bw-diff">`];
  if (diff.titleChanged) {
    out.push(html`<p class="bw-diff-title">Title: <del>${diff.older.title}</del> <ins>${diff.newer.title}</ins></p>`);
  }
  const contents: [string, string][] = [
    ['numbers', 'Numbers that changed'],
    ...(links ? ([['figures', 'Charts that changed']] as [string, string][]) : []),
    ['text', 'Text that changed'],
    ['rows', 'Rows that changed'],
  ];
  out.push(html`<nav class="bw-diff-contents" aria-label="On this page"><ol>${contents.map(([id, text]) => html`<li><a href="#${id}">${text}</a></li>`)}</ol></nav>`);
  out.push(renderNumbers(diff, h, options.numbersPerQuery ?? 12));
  if (links) out.push(renderFigures(diff, h, links));
  out.push(renderText(diff, h));
  out.push(renderRows(diff, h, links, options.rowsPerTable ?? 20));
  out.push(html`</div>`);
  return String(lines(out));
}

/** Pieces of HTML one a line. */
const lines = (parts: readonly Html[]) => joinHtml(parts, '\n');
/** A heading of `content`: text, or HTML made with `html`. */
const heading = (level: number, id: string | null, content: Html | string) => html`<h${level}${id ? html` id="${id}"` : ''}>${content}</h${level}>`;
const code = (text: string) => html`<code>${text}</code>`;
/** A wide table scrolls inside this box, never the page. */
// A box that scrolls on its own is a Tab stop, so a keyboard can scroll it (axe: scrollable-region-focusable; scroll-box.ts).
// Each named for what it holds: regions with one shared name are indistinguishable landmarks (axe: landmark-unique).
const scroll = (table: Html, label: string) => html`<div class="bw-diff-scroll" role="region" tabindex="0" aria-label="${label}">${table}</div>`;

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

// ---------------------------------------------------------------------------------------------------
// Numbers

function renderNumbers(diff: VersionDiff, h: number, perQuery: number): Html {
  const v = `v${diff.older.version}`;
  const w = `v${diff.newer.version}`;
  const out: Html[] = [heading(h, 'numbers', 'Numbers that changed')];
  const byQuery = new Map<string, NumberChange[]>();
  for (const n of diff.numbers) byQuery.set(n.query, [...(byQuery.get(n.query) ?? []), n]);
  const counts = diff.queries.filter((q) => q.status === 'changed' && q.match !== 'single' && q.olderRowCount !== q.newerRowCount);
  if (byQuery.size === 0 && counts.length === 0) {
    out.push(html`<p class="bw-diff-none">No query both versions run returned a different value.</p>`);
    return lines(out);
  }
  out.push(html`<p class="bw-diff-lead">Each value of a query both versions run, ${v} → ${w}, with its unit. One-row queries (the facts the text quotes) come first, then rows matched on their names.</p>`);
  for (const [query, changes] of byQuery) {
    const q = diff.queries.find((x) => x.name === query)!;
    const shown = changes.slice(0, perQuery);
    const labelled = shown.some((c) => c.label !== '');
    const rows = shown.map((c) => {
      const [oldText, newText] = formatPair(c.old, c.new);
      const unit = c.unit ? html`<span class="bw-diff-unit">${c.unit}</span>` : '';
      return html`<tr>${labelled ? html`<td class="bw-diff-label">${c.label}</td>` : ''}<td>${code(c.column)}${unit}</td><td class="${cls(c.old)}bw-diff-old">${oldText}</td><td class="${cls(c.new)}bw-diff-new">${newText}</td><td class="bw-diff-change">${change(c.old, c.new)}</td></tr>`;
    });
    const heads = html`${labelled ? html`<th scope="col">Row</th>` : ''}<th scope="col">Value</th><th scope="col" class="bw-diff-num">${v}</th><th scope="col" class="bw-diff-num">${w}</th><th scope="col" class="bw-diff-change">Change</th>`;
    const rowCount = q.match !== 'single' && q.olderRowCount !== q.newerRowCount ? ` · ${q.olderRowCount.toLocaleString('en-US')} → ${plural(q.newerRowCount, 'row')}` : '';
    const more = changes.length > shown.length ? html`<p class="bw-diff-more">${plural(changes.length - shown.length, 'more value')}: under <a href="#rows-${query}">Rows that changed</a>.</p>` : '';
    const table = html`<table class="bw-diff-table bw-diff-numbers"><thead><tr>${heads}</tr></thead><tbody>\n${lines(rows)}\n</tbody></table>`;
    out.push(html`<section class="bw-diff-numbers-query">${heading(h + 1, null, html`${code(query)}<span class="bw-diff-query-meta">${rowCount}</span>`)}${scroll(table, `Values of ${query} that changed`)}${more}</section>`);
  }
  const onlyCounts = counts.filter((q) => !byQuery.has(q.name));
  if (onlyCounts.length) {
    const rows = onlyCounts.map(
      (q) => html`<tr><td>${code(q.name)}</td><td class="bw-diff-num bw-diff-old">${q.olderRowCount.toLocaleString('en-US')}</td><td class="bw-diff-num bw-diff-new">${q.newerRowCount.toLocaleString('en-US')}</td><td class="bw-diff-change">${change(q.olderRowCount, q.newerRowCount)}</td></tr>`,
    );
    const table = html`<table class="bw-diff-table bw-diff-numbers bw-diff-counts"><thead><tr><th scope="col">Query</th><th scope="col" class="bw-diff-num">${v} rows</th><th scope="col" class="bw-diff-num">${w} rows</th><th scope="col" class="bw-diff-change">Change</th></tr></thead><tbody>\n${lines(rows)}\n</tbody></table>`;
    out.push(html`<section class="bw-diff-numbers-query">${heading(h + 1, null, 'Row counts')}${scroll(table, 'Row counts that changed')}</section>`);
  }
  return lines(out);
}

/** Numbers align right and never break; text (a leader's name) wraps. */
const cls = (value: JsonValue) => (typeof value === 'number' ? 'bw-diff-num ' : '');

/** "+8,528 (+190%)" between two numbers; "" otherwise. */
function change(a: JsonValue, b: JsonValue): string {
  if (typeof a !== 'number' || typeof b !== 'number') return '';
  const delta = b - a;
  const [, d] = formatPair(0, Math.abs(delta));
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
  const percent = Math.abs(delta / a) * 100;
  // Whole percent from 10 %, one decimal from 1 %, and two significant digits below, so a small change never reads "0.0%".
  const pct = a !== 0 ? ` (${delta >= 0 ? '+' : '−'}${formatValue(percent, percent >= 10 ? ',.0f' : percent >= 1 ? '.1f' : '.2~r')}%)` : '';
  return `${sign}${d}${pct}`;
}

/** Formats old and new with formatValue; when two different numbers would read the same, with enough decimals to differ. */
function formatPair(a: JsonValue, b: JsonValue): [string, string] {
  const fa = formatValue(a);
  const fb = formatValue(b);
  if (fa !== fb || typeof a !== 'number' || typeof b !== 'number') return [fa, fb];
  for (let digits = 1; digits <= 12; digits++) {
    const spec = `,.${digits}~f`;
    const [x, y] = [formatValue(a, spec), formatValue(b, spec)];
    if (x !== y) return [x, y];
  }
  return [String(a), String(b)];
}

// ---------------------------------------------------------------------------------------------------
// Charts

function renderFigures(diff: VersionDiff, h: number, links: DiffLinks): Html {
  const v = diff.older.version;
  const w = diff.newer.version;
  const out: Html[] = [heading(h, 'figures', 'Charts that changed')];
  if (diff.figures.length === 0) out.push(html`<p class="bw-diff-none">No chart of both versions changed.</p>`);
  else out.push(html`<p class="bw-diff-lead">Each chart as version ${v} drew it, beside the same chart in version ${w}.</p>`);
  const side = (version: number, f: FigureSnapshot) => {
    const size = svgSize(f.svg);
    const alt = `${f.number} of version ${version}${f.title ? `: ${f.title}` : ''}`;
    return html`<figure class="bw-diff-side"><figcaption>v${version} · <a href="${links.page(version)}#${f.id}">${f.number}</a></figcaption><img src="${links.chart(version, f.id)}" alt="${alt}"${size ? html` width="${size[0]}" height="${size[1]}"` : ''} loading="lazy" decoding="async"></figure>`;
  };
  for (const pair of diff.figures) {
    const title = pair.newer.title ?? pair.older.title ?? '';
    out.push(
      html`<section class="bw-diff-figure">${heading(h + 1, null, html`${title || pair.newer.number} <span class="bw-diff-query-meta">${code(pair.query)}</span>`)}<div class="bw-diff-pair">${side(v, pair.older)}${side(w, pair.newer)}</div></section>`,
    );
  }
  const list = (figures: FigureSnapshot[], version: number, label: string) => {
    if (!figures.length) return;
    const items = figures.map((f) => html`<a href="${links.page(version)}#${f.id}">${f.number}</a>${f.title ? html` (${f.title})` : ''}`);
    out.push(html`<p class="bw-diff-figures-${label === 'New charts' ? 'added' : 'removed'}">${label}: ${joinHtml(items, '; ')}.</p>`);
  };
  list(diff.figuresAdded, w, 'New charts');
  list(diff.figuresRemoved, v, 'Charts no longer drawn');
  return lines(out);
}

function svgSize(svg: string | undefined): [number, number] | null {
  const open = svg ? /<svg\b[^>]*>/.exec(svg)?.[0] : undefined;
  const width = open && /\swidth="(\d+(?:\.\d+)?)"/.exec(open)?.[1];
  const height = open && /\sheight="(\d+(?:\.\d+)?)"/.exec(open)?.[1];
  return width && height ? [Math.round(Number(width)), Math.round(Number(height))] : null;
}

// ---------------------------------------------------------------------------------------------------
// Text

function renderText(diff: VersionDiff, h: number): Html {
  const out: Html[] = [heading(h, 'text', 'Text that changed')];
  const shown = diff.sections.filter((s) => s.status !== 'unchanged');
  if (shown.length) out.push(html`<p class="bw-diff-lead">The text as readers read it, section by section: each changed paragraph whole, its removed words struck through and its new words marked; unchanged paragraphs folded.</p>`);
  for (const s of shown) out.push(renderSection(s, h + 1));
  const unchanged = diff.sections.filter((s) => s.status === 'unchanged');
  if (unchanged.length) out.push(html`<p class="bw-diff-unchanged">Unchanged sections: ${joinHtml(unchanged.map((s) => html`${s.heading}`), ', ')}.</p>`);
  if (diff.sections.length === 0) out.push(html`<p class="bw-diff-unchanged">Neither version has text.</p>`);
  return lines(out);
}

function renderSection(s: SectionDiff, level: number): Html {
  const badge = s.status === 'changed' ? '' : html` <span class="bw-diff-badge">${s.status}</span>`;
  const out: Html[] = [html`<section class="bw-diff-section bw-diff-${s.status}">`, heading(level, null, html`${s.heading}${badge}`)];
  let skipped = 0;
  const flush = () => {
    if (skipped) out.push(html`<p class="bw-diff-skip">⋯ ${plural(skipped, 'unchanged paragraph')}</p>`);
    skipped = 0;
  };
  for (const block of s.blocks) {
    // An unchanged sub-heading stays, so a changed paragraph is read under its heading.
    if (block.status === 'unchanged' && block.kind !== 'h') {
      skipped++;
      continue;
    }
    flush();
    out.push(renderBlock(block));
  }
  flush();
  out.push(html`</section>`);
  return lines(out);
}

function renderBlock(block: BlockDiff): Html {
  return html`<p class="bw-diff-block bw-diff-block-${block.kind}">${joinHtml(block.runs.map(renderRun), ' ')}</p>`;
}

function renderRun(run: TextRun): Html {
  return run.op === 'insert' ? html`<ins>${run.text}</ins>` : run.op === 'delete' ? html`<del>${run.text}</del>` : html`${run.text}`;
}

// ---------------------------------------------------------------------------------------------------
// Rows

function renderRows(diff: VersionDiff, h: number, links: DiffLinks | undefined, perTable: number): Html {
  const out: Html[] = [heading(h, 'rows', 'Rows that changed')];
  const changed = diff.queries.filter((q) => q.status === 'changed');
  if (changed.length) {
    out.push(html`<p class="bw-diff-lead">Per query both versions run: rows added, removed and changed, folded; the first ${perTable} of each kind are shown${links ? html`, and every one is in the query's CSV` : ''}.</p>`);
  }
  for (const q of changed) out.push(renderQuery(q, diff, links, perTable));
  const listed = (status: DiffStatus, label: string, withRows: (q: QueryDiff) => number) => {
    const items = diff.queries.filter((q) => q.status === status);
    if (!items.length) return;
    const names = items.map((q) => html`${code(q.name)}${status === 'unchanged' ? '' : ` (${plural(withRows(q), 'row')})`}`);
    out.push(html`<p class="bw-diff-queries-${status}">${label}: ${joinHtml(names, ', ')}.</p>`);
  };
  listed('added', 'Queries added', (q) => q.newerRowCount);
  listed('removed', 'Queries removed', (q) => q.olderRowCount);
  listed('unchanged', 'Unchanged queries', () => 0);
  if (diff.queries.length === 0) out.push(html`<p class="bw-diff-unchanged">Neither version has queries.</p>`);
  return lines(out);
}

function renderQuery(q: QueryDiff, diff: VersionDiff, links: DiffLinks | undefined, perTable: number): Html {
  const v = `v${diff.older.version}`;
  const w = `v${diff.newer.version}`;
  const counts = [
    q.rowsAdded.length ? `${q.rowsAdded.length.toLocaleString('en-US')} added` : '',
    q.rowsRemoved.length ? `${q.rowsRemoved.length.toLocaleString('en-US')} removed` : '',
    q.rowsChanged.length ? `${q.rowsChanged.length.toLocaleString('en-US')} changed` : '',
    q.columnsAdded.length || q.columnsRemoved.length || q.typesChanged.length ? 'columns changed' : '',
    q.unitsChanged.length ? 'units changed' : '',
  ].filter(Boolean);
  const summary = html`${code(q.name)}: ${q.olderRowCount.toLocaleString('en-US')} → ${plural(q.newerRowCount, 'row')}${counts.length ? `; ${counts.join(', ')}` : ''}`;
  const out: Html[] = [html`<details class="bw-diff-query" id="rows-${q.name}"><summary>${summary}</summary>`];
  const facts: Html[] = [
    q.match === 'key'
      ? html`Rows matched on ${joinHtml(q.keyColumns.map((c) => code(c)), ', ')}`
      : q.match === 'single' ? html`One row in each version, compared as one` : html`No text, date or boolean columns: rows compared in order`,
  ];
  if (q.duplicateKeys) facts.push(html`some keys have several rows, compared in order`);
  const csv = links ? html` <a class="bw-download" href="${links.csv(q.name)}" download>Every changed row (CSV)</a>` : '';
  out.push(html`<p class="bw-diff-query-facts">${joinHtml(facts, '; ')}.${csv}</p>`);
  const notes: Html[] = [];
  const codes = (columns: Column[]) => joinHtml(columns.map((c) => code(c.name)), ', ');
  if (q.columnsAdded.length) notes.push(html`Columns added: ${codes(q.columnsAdded)}.`);
  if (q.columnsRemoved.length) notes.push(html`Columns removed: ${codes(q.columnsRemoved)}.`);
  for (const t of q.typesChanged) notes.push(html`Type of ${code(t.column)}: ${t.old} → ${t.new}.`);
  for (const u of q.unitsChanged) notes.push(html`Unit of ${code(u.column)}: ${u.old.join(', ') || 'none'} → ${u.new.join(', ') || 'none'}.`);
  if (notes.length) out.push(html`<ul class="bw-diff-notes">${notes.map((n) => html`<li>${n}</li>`)}</ul>`);

  const keyHeads = q.match === 'key' ? q.keyColumns : q.match === 'position' ? ['row'] : [];
  const keyCells = (key: Row, row: number | null): Html[] =>
    q.match === 'key' ? q.keyColumns.map((name) => html`<td>${formatValue(key[name] ?? null)}</td>`) : q.match === 'position' ? [html`<td class="bw-diff-num">${String(row)}</td>`] : [];
  const th = (text: string, num = false) => html`<th scope="col"${num ? html` class="bw-diff-num"` : ''}>${text}</th>`;
  const more = (total: number, shown: number) =>
    total > shown ? html`<p class="bw-diff-more">${plural(total - shown, 'more row')}${links ? html`: <a href="${links.csv(q.name)}" download>all of them in the CSV</a>` : ''}.</p>` : undefined;
  const table = (cls: string, caption: string, heads: Html[], rows: Html[]) =>
    scroll(html`<table class="bw-diff-table ${cls}"><caption>${caption}</caption><thead><tr>${heads}</tr></thead><tbody>\n${lines(rows)}\n</tbody></table>`, `${q.name}: ${caption}`);
  const push = (part: Html | undefined) => {
    if (part) out.push(part);
  };

  if (q.rowsChanged.length) {
    const shown = q.rowsChanged.slice(0, perTable).flatMap((r) =>
      r.columns.map((column) => {
        const [oldUnit, newUnit] = [r.older.units[column] ?? '', r.newer.units[column] ?? ''];
        const unit = oldUnit && newUnit && oldUnit !== newUnit ? `${oldUnit} → ${newUnit}` : newUnit || oldUnit;
        return { key: r.key, row: r.row, column, old: r.older.values[column] ?? null, new: r.newer.values[column] ?? null, unit };
      }),
    );
    const rows = shown.map((c) => {
      const [oldText, newText] = formatPair(c.old, c.new);
      return html`<tr>${keyCells(c.key, c.row)}<td>${code(c.column)}</td><td class="bw-diff-num bw-diff-old"><del>${oldText}</del></td><td class="bw-diff-num bw-diff-new"><ins>${newText}</ins></td><td class="bw-diff-unit">${c.unit}</td></tr>`;
    });
    out.push(table('bw-diff-values', `Rows changed (${q.rowsChanged.length.toLocaleString('en-US')})`, [...keyHeads.map((k) => th(k)), th('column'), th(v, true), th(w, true), th('unit')], rows));
    push(more(q.rowsChanged.length, Math.min(perTable, q.rowsChanged.length)));
  }
  const rowTable = (refs: RowRef[], columns: Column[], label: string, cls: string, wrap: 'ins' | 'del') => {
    if (!refs.length) return;
    const others = columns.filter((c) => !(q.match === 'key' && q.keyColumns.includes(c.name)));
    const heads = [...keyHeads.map((k) => th(k)), ...others.map((c) => th(c.name, !isKeyType(c.type)))];
    const rows = refs.slice(0, perTable).map((r) => {
      const cells = others.map((c) => {
        const value = r.values[c.name] ?? null;
        const unit = r.units[c.name];
        const text = `${formatValue(value)}${unit && value !== null ? ` ${unit}` : ''}`;
        return html`<td${isKeyType(c.type) ? '' : html` class="bw-diff-num"`}>${wrap === 'ins' ? html`<ins>${text}</ins>` : html`<del>${text}</del>`}</td>`;
      });
      return html`<tr>${keyCells(r.key, r.row)}${cells}</tr>`;
    });
    out.push(table(cls, `${label} (${refs.length.toLocaleString('en-US')})`, heads, rows));
    push(more(refs.length, rows.length));
  };
  rowTable(q.rowsAdded, q.newerColumns, 'Rows added', 'bw-diff-rows-added', 'ins');
  rowTable(q.rowsRemoved, q.olderColumns, 'Rows removed', 'bw-diff-rows-removed', 'del');
  out.push(html`</details>`);
  return lines(out);
}
