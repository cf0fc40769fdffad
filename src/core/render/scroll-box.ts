/**
 * A box that scrolls sideways on its own when what it holds (a wide table) is wider than the page, so the page
 * itself never is. Keyboard readers reach it with Tab and scroll it with the arrow keys (tabindex 0); a screen
 * reader announces it as a region named for what it holds.
 */
import { html, trusted } from './html.ts';

/** `inner` is markup the toolkit made (a rendered table). */
export function scrollBox(inner: string, label: string): string {
  return String(html`<div class="bw-table-wrap" role="region" tabindex="0" aria-label="${label}">${trusted(inner)}</div>`);
}

/** A query's SQL as a listing that scrolls sideways on its own (long lines are not wrapped). */
export function sqlListing(sql: string, label: string): string {
  return String(html`<pre class="bw-sql" role="region" tabindex="0" aria-label="${label}"><code class="language-sql">${sql}</code></pre>`);
}
