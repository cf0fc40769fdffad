/**
 * The HTML tables of the index pages: a list of links no ```table block can make (a block's cells are text), built
 * from a query whose SQL is a ```sql block of the page, so it is listed in Data and methods.
 */
import { formatValue } from '../../core/render/format.ts';
import { html, joinHtml, trusted, type Html } from '../../core/render/html.ts';
import { scrollBox } from '../../core/render/scroll-box.ts';

export function link(href: string, text: string): Html {
  return html`<a href="${href}">${text}</a>`;
}

/** A number as the tables show it; nothing for a missing one. */
export function num(value: unknown): Html {
  return html`${formatValue(typeof value === 'number' ? value : value === null || value === undefined ? null : Number(value))}`;
}

/**
 * A figure with a table of `rows` (their first cell a row header), numbered columns `numeric` aligned right,
 * columns `wrap` allowed to wrap; `query` names the query it is made from.
 */
export function listTable(title: string, headers: string[], rows: Html[][], numeric: number[], query: string, wrap: number[] = []): Html {
  const cls = (i: number) => (numeric.includes(i) ? html` class="bw-num"` : wrap.includes(i) ? html` class="dp-wrap"` : '');
  const head = headers.map((h, i) => html`<th scope="col"${cls(i)}>${h}</th>`);
  const body = rows.map((cells) => html`<tr>${cells.map((c, i) => (i === 0 ? html`<th scope="row">${c}</th>` : html`<td${cls(i)}>${c}</td>`))}</tr>`);
  const table = html`<table class="dp-list-table"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
  return joinHtml([
    html`<figure class="bw-figure dp-list" data-query="${query}">`,
    html`<figcaption><span class="bw-figure-title">${title}</span><span class="bw-figure-caption">From query <code>${query}</code> (its SQL is in Data and methods).</span></figcaption>`,
    trusted(String(scrollBox(String(table), title))),
    html`</figure>`,
  ]);
}
