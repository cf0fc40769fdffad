/**
 * The what-changed page's body, from a VersionDiff: the numbers that changed first (old → new, with units and the
 * change), then the charts that changed, each version's beside the other's, then the prose diff on the rendered
 * text, and last, folded away, every row added, removed or changed per query, a few shown and all in a CSV. Every
 * value escaped, no script, `bw-diff-` classes; wide tables scroll inside their own box.
 */
import { formatValue } from '../render/format.ts';
import { escapeHtml } from '../render/html.ts';
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
  const out: string[] = ['<div class="bw-diff">'];
  if (diff.titleChanged) {
    out.push(`<p class="bw-diff-title">Title: <del>${escapeHtml(diff.older.title)}</del> <ins>${escapeHtml(diff.newer.title)}</ins></p>`);
  }
  const contents: [string, string][] = [
    ['numbers', 'Numbers that changed'],
    ...(links ? ([['figures', 'Charts that changed']] as [string, string][]) : []),
    ['text', 'Text that changed'],
    ['rows', 'Rows that changed'],
  ];
  out.push(`<nav class="bw-diff-contents" aria-label="On this page"><ol>${contents.map(([id, text]) => `<li><a href="#${id}">${text}</a></li>`).join('')}</ol></nav>`);
  out.push(renderNumbers(diff, h, options.numbersPerQuery ?? 12));
  if (links) out.push(renderFigures(diff, h, links));
  out.push(renderText(diff, h));
  out.push(renderRows(diff, h, links, options.rowsPerTable ?? 20));
  out.push('</div>');
  return out.join('\n');
}

const heading = (level: number, id: string | null, html: string) => `<h${level}${id ? ` id="${id}"` : ''}>${html}</h${level}>`;
const code = (text: string) => `<code>${escapeHtml(text)}</code>`;
/** A wide table scrolls inside this box, never the page. */
// A box that scrolls on its own is a Tab stop, so a keyboard can scroll it (axe: scrollable-region-focusable; scroll-box.ts).
// Each named for what it holds: regions with one shared name are indistinguishable landmarks (axe: landmark-unique).
const scroll = (table: string, label: string) => `<div class="bw-diff-scroll" role="region" tabindex="0" aria-label="${escapeHtml(label)}">${table}</div>`;

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

// ---------------------------------------------------------------------------------------------------
// Numbers

function renderNumbers(diff: VersionDiff, h: number, perQuery: number): string {
  const v = `v${diff.older.version}`;
  const w = `v${diff.newer.version}`;
  const out: string[] = [heading(h, 'numbers', 'Numbers that changed')];
  const byQuery = new Map<string, NumberChange[]>();
  for (const n of diff.numbers) byQuery.set(n.query, [...(byQuery.get(n.query) ?? []), n]);
  const counts = diff.queries.filter((q) => q.status === 'changed' && q.match !== 'single' && q.olderRowCount !== q.newerRowCount);
  if (byQuery.size === 0 && counts.length === 0) {
    out.push('<p class="bw-diff-none">No query both versions run returned a different value.</p>');
    return out.join('\n');
  }
  out.push(`<p class="bw-diff-lead">Each value of a query both versions run, ${v} → ${w}, with its unit. One-row queries (the facts the text quotes) come first, then rows matched on their names.</p>`);
  for (const [query, changes] of byQuery) {
    const q = diff.queries.find((x) => x.name === query)!;
    const shown = changes.slice(0, perQuery);
    const labelled = shown.some((c) => c.label !== '');
    const rows = shown.map((c) => {
      const [oldText, newText] = formatPair(c.old, c.new);
      const unit = c.unit ? `<span class="bw-diff-unit">${escapeHtml(c.unit)}</span>` : '';
      return (
        `<tr>${labelled ? `<td class="bw-diff-label">${escapeHtml(c.label)}</td>` : ''}<td>${code(c.column)}${unit}</td>` +
        `<td class="${cls(c.old)}bw-diff-old">${escapeHtml(oldText)}</td><td class="${cls(c.new)}bw-diff-new">${escapeHtml(newText)}</td>` +
        `<td class="bw-diff-change">${escapeHtml(change(c.old, c.new))}</td></tr>`
      );
    });
    const heads = `${labelled ? '<th scope="col">Row</th>' : ''}<th scope="col">Value</th><th scope="col" class="bw-diff-num">${v}</th><th scope="col" class="bw-diff-num">${w}</th><th scope="col" class="bw-diff-change">Change</th>`;
    const rowCount = q.match !== 'single' && q.olderRowCount !== q.newerRowCount ? ` · ${q.olderRowCount.toLocaleString('en-US')} → ${plural(q.newerRowCount, 'row')}` : '';
    out.push(
      `<section class="bw-diff-numbers-query">${heading(h + 1, null, `${code(query)}<span class="bw-diff-query-meta">${escapeHtml(rowCount)}</span>`)}` +
        scroll(`<table class="bw-diff-table bw-diff-numbers"><thead><tr>${heads}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`, `Values of ${query} that changed`) +
        (changes.length > shown.length ? `<p class="bw-diff-more">${plural(changes.length - shown.length, 'more value')}: under <a href="#rows-${escapeHtml(query)}">Rows that changed</a>.</p>` : '') +
        '</section>',
    );
  }
  const onlyCounts = counts.filter((q) => !byQuery.has(q.name));
  if (onlyCounts.length) {
    const rows = onlyCounts.map(
      (q) => `<tr><td>${code(q.name)}</td><td class="bw-diff-num bw-diff-old">${q.olderRowCount.toLocaleString('en-US')}</td><td class="bw-diff-num bw-diff-new">${q.newerRowCount.toLocaleString('en-US')}</td><td class="bw-diff-change">${escapeHtml(change(q.olderRowCount, q.newerRowCount))}</td></tr>`,
    );
    out.push(
      `<section class="bw-diff-numbers-query">${heading(h + 1, null, 'Row counts')}` +
        scroll(`<table class="bw-diff-table bw-diff-numbers bw-diff-counts"><thead><tr><th scope="col">Query</th><th scope="col" class="bw-diff-num">${v} rows</th><th scope="col" class="bw-diff-num">${w} rows</th><th scope="col" class="bw-diff-change">Change</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`, 'Row counts that changed') +
        '</section>',
    );
  }
  return out.join('\n');
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

function renderFigures(diff: VersionDiff, h: number, links: DiffLinks): string {
  const v = diff.older.version;
  const w = diff.newer.version;
  const out: string[] = [heading(h, 'figures', 'Charts that changed')];
  if (diff.figures.length === 0) out.push('<p class="bw-diff-none">No chart of both versions changed.</p>');
  else out.push(`<p class="bw-diff-lead">Each chart as version ${v} drew it, beside the same chart in version ${w}.</p>`);
  const side = (version: number, f: FigureSnapshot) => {
    const size = svgSize(f.svg);
    const alt = `${f.number} of version ${version}${f.title ? `: ${f.title}` : ''}`;
    return (
      `<figure class="bw-diff-side"><figcaption>v${version} · <a href="${escapeHtml(links.page(version))}#${escapeHtml(f.id)}">${escapeHtml(f.number)}</a></figcaption>` +
      `<img src="${escapeHtml(links.chart(version, f.id))}" alt="${escapeHtml(alt)}"${size ? ` width="${size[0]}" height="${size[1]}"` : ''} loading="lazy" decoding="async"></figure>`
    );
  };
  for (const pair of diff.figures) {
    const title = pair.newer.title ?? pair.older.title ?? '';
    out.push(
      `<section class="bw-diff-figure">${heading(h + 1, null, `${escapeHtml(title || pair.newer.number)} <span class="bw-diff-query-meta">${code(pair.query)}</span>`)}` +
        `<div class="bw-diff-pair">${side(v, pair.older)}${side(w, pair.newer)}</div></section>`,
    );
  }
  const list = (figures: FigureSnapshot[], version: number, label: string) => {
    if (!figures.length) return;
    const items = figures.map((f) => `<a href="${escapeHtml(links.page(version))}#${escapeHtml(f.id)}">${escapeHtml(f.number)}</a>${f.title ? ` (${escapeHtml(f.title)})` : ''}`);
    out.push(`<p class="bw-diff-figures-${label === 'New charts' ? 'added' : 'removed'}">${label}: ${items.join('; ')}.</p>`);
  };
  list(diff.figuresAdded, w, 'New charts');
  list(diff.figuresRemoved, v, 'Charts no longer drawn');
  return out.join('\n');
}

function svgSize(svg: string | undefined): [number, number] | null {
  const open = svg ? /<svg\b[^>]*>/.exec(svg)?.[0] : undefined;
  const width = open && /\swidth="(\d+(?:\.\d+)?)"/.exec(open)?.[1];
  const height = open && /\sheight="(\d+(?:\.\d+)?)"/.exec(open)?.[1];
  return width && height ? [Math.round(Number(width)), Math.round(Number(height))] : null;
}

// ---------------------------------------------------------------------------------------------------
// Text

function renderText(diff: VersionDiff, h: number): string {
  const out: string[] = [heading(h, 'text', 'Text that changed')];
  const shown = diff.sections.filter((s) => s.status !== 'unchanged');
  if (shown.length) out.push('<p class="bw-diff-lead">The text as readers read it, section by section: each changed paragraph whole, its removed words struck through and its new words marked; unchanged paragraphs folded.</p>');
  for (const s of shown) out.push(renderSection(s, h + 1));
  const unchanged = diff.sections.filter((s) => s.status === 'unchanged');
  if (unchanged.length) out.push(`<p class="bw-diff-unchanged">Unchanged sections: ${unchanged.map((s) => escapeHtml(s.heading)).join(', ')}.</p>`);
  if (diff.sections.length === 0) out.push('<p class="bw-diff-unchanged">Neither version has text.</p>');
  return out.join('\n');
}

function renderSection(s: SectionDiff, level: number): string {
  const badge = s.status === 'changed' ? '' : ` <span class="bw-diff-badge">${s.status}</span>`;
  const out: string[] = [`<section class="bw-diff-section bw-diff-${s.status}">`, heading(level, null, `${escapeHtml(s.heading)}${badge}`)];
  let skipped = 0;
  const flush = () => {
    if (skipped) out.push(`<p class="bw-diff-skip">⋯ ${plural(skipped, 'unchanged paragraph')}</p>`);
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
  out.push('</section>');
  return out.join('\n');
}

function renderBlock(block: BlockDiff): string {
  const text = block.runs.map(renderRun).join(' ');
  return `<p class="bw-diff-block bw-diff-block-${block.kind}">${text}</p>`;
}

function renderRun(run: TextRun): string {
  const text = escapeHtml(run.text);
  return run.op === 'insert' ? `<ins>${text}</ins>` : run.op === 'delete' ? `<del>${text}</del>` : text;
}

// ---------------------------------------------------------------------------------------------------
// Rows

function renderRows(diff: VersionDiff, h: number, links: DiffLinks | undefined, perTable: number): string {
  const out: string[] = [heading(h, 'rows', 'Rows that changed')];
  const changed = diff.queries.filter((q) => q.status === 'changed');
  if (changed.length) {
    out.push(`<p class="bw-diff-lead">Per query both versions run: rows added, removed and changed, folded; the first ${perTable} of each kind are shown${links ? ', and every one is in the query\'s CSV' : ''}.</p>`);
  }
  for (const q of changed) out.push(renderQuery(q, diff, links, perTable));
  const listed = (status: DiffStatus, label: string, withRows: (q: QueryDiff) => number) => {
    const items = diff.queries.filter((q) => q.status === status);
    if (!items.length) return;
    const names = items.map((q) => `${code(q.name)}${status === 'unchanged' ? '' : ` (${plural(withRows(q), 'row')})`}`);
    out.push(`<p class="bw-diff-queries-${status}">${label}: ${names.join(', ')}.</p>`);
  };
  listed('added', 'Queries added', (q) => q.newerRowCount);
  listed('removed', 'Queries removed', (q) => q.olderRowCount);
  listed('unchanged', 'Unchanged queries', () => 0);
  if (diff.queries.length === 0) out.push('<p class="bw-diff-unchanged">Neither version has queries.</p>');
  return out.join('\n');
}

function renderQuery(q: QueryDiff, diff: VersionDiff, links: DiffLinks | undefined, perTable: number): string {
  const v = `v${diff.older.version}`;
  const w = `v${diff.newer.version}`;
  const counts = [
    q.rowsAdded.length ? `${q.rowsAdded.length.toLocaleString('en-US')} added` : '',
    q.rowsRemoved.length ? `${q.rowsRemoved.length.toLocaleString('en-US')} removed` : '',
    q.rowsChanged.length ? `${q.rowsChanged.length.toLocaleString('en-US')} changed` : '',
    q.columnsAdded.length || q.columnsRemoved.length || q.typesChanged.length ? 'columns changed' : '',
    q.unitsChanged.length ? 'units changed' : '',
  ].filter(Boolean);
  const summary = `${code(q.name)}: ${q.olderRowCount.toLocaleString('en-US')} → ${plural(q.newerRowCount, 'row')}${counts.length ? `; ${counts.join(', ')}` : ''}`;
  const out: string[] = [`<details class="bw-diff-query" id="rows-${escapeHtml(q.name)}"><summary>${summary}</summary>`];
  const facts: string[] = [
    q.match === 'key' ? `Rows matched on ${q.keyColumns.map(code).join(', ')}` : q.match === 'single' ? 'One row in each version, compared as one' : 'No text, date or boolean columns: rows compared in order',
  ];
  if (q.duplicateKeys) facts.push('some keys have several rows, compared in order');
  const csv = links ? ` <a class="bw-download" href="${escapeHtml(links.csv(q.name))}" download>Every changed row (CSV)</a>` : '';
  out.push(`<p class="bw-diff-query-facts">${facts.join('; ')}.${csv}</p>`);
  const notes: string[] = [];
  if (q.columnsAdded.length) notes.push(`Columns added: ${q.columnsAdded.map((c) => code(c.name)).join(', ')}.`);
  if (q.columnsRemoved.length) notes.push(`Columns removed: ${q.columnsRemoved.map((c) => code(c.name)).join(', ')}.`);
  for (const t of q.typesChanged) notes.push(`Type of ${code(t.column)}: ${escapeHtml(t.old)} → ${escapeHtml(t.new)}.`);
  for (const u of q.unitsChanged) notes.push(`Unit of ${code(u.column)}: ${escapeHtml(u.old.join(', ') || 'none')} → ${escapeHtml(u.new.join(', ') || 'none')}.`);
  if (notes.length) out.push(`<ul class="bw-diff-notes">${notes.map((n) => `<li>${n}</li>`).join('')}</ul>`);

  const keyHeads = q.match === 'key' ? q.keyColumns : q.match === 'position' ? ['row'] : [];
  const keyCells = (key: Row, row: number | null) =>
    q.match === 'key' ? q.keyColumns.map((name) => `<td>${escapeHtml(formatValue(key[name] ?? null))}</td>`) : q.match === 'position' ? [`<td class="bw-diff-num">${row}</td>`] : [];
  const th = (text: string, num = false) => `<th scope="col"${num ? ' class="bw-diff-num"' : ''}>${escapeHtml(text)}</th>`;
  const more = (total: number, shown: number) =>
    total > shown ? `<p class="bw-diff-more">${plural(total - shown, 'more row')}${links ? `: <a href="${escapeHtml(links.csv(q.name))}" download>all of them in the CSV</a>` : ''}.</p>` : '';
  const table = (cls: string, caption: string, heads: string[], rows: string[]) =>
    scroll(`<table class="bw-diff-table ${cls}"><caption>${caption}</caption><thead><tr>${heads.join('')}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`, `${q.name}: ${caption}`);

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
      return (
        `<tr>${keyCells(c.key, c.row).join('')}<td>${code(c.column)}</td>` +
        `<td class="bw-diff-num bw-diff-old"><del>${escapeHtml(oldText)}</del></td>` +
        `<td class="bw-diff-num bw-diff-new"><ins>${escapeHtml(newText)}</ins></td>` +
        `<td class="bw-diff-unit">${escapeHtml(c.unit)}</td></tr>`
      );
    });
    out.push(table('bw-diff-values', `Rows changed (${q.rowsChanged.length.toLocaleString('en-US')})`, [...keyHeads.map((k) => th(k)), th('column'), th(v, true), th(w, true), th('unit')], rows));
    out.push(more(q.rowsChanged.length, Math.min(perTable, q.rowsChanged.length)));
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
        return `<td${isKeyType(c.type) ? '' : ' class="bw-diff-num"'}><${wrap}>${escapeHtml(text)}</${wrap}></td>`;
      });
      return `<tr>${keyCells(r.key, r.row).join('')}${cells.join('')}</tr>`;
    });
    out.push(table(cls, `${label} (${refs.length.toLocaleString('en-US')})`, heads, rows));
    out.push(more(refs.length, rows.length));
  };
  rowTable(q.rowsAdded, q.newerColumns, 'Rows added', 'bw-diff-rows-added', 'ins');
  rowTable(q.rowsRemoved, q.olderColumns, 'Rows removed', 'bw-diff-rows-removed', 'del');
  out.push('</details>');
  return out.filter(Boolean).join('\n');
}
