/**
 * A box that scrolls sideways on its own when what it holds (a wide table) is wider than the page, so the page
 * itself never is. Keyboard readers reach it with Tab and scroll it with the arrow keys (tabindex 0); a screen
 * reader announces it as a region named for what it holds.
 */
import { escapeHtml } from './html.ts';

export function scrollBox(inner: string, label: string): string {
  return `<div class="bw-table-wrap" role="region" tabindex="0" aria-label="${escapeHtml(label)}">${inner}</div>`;
}

/** A query's SQL as a listing that scrolls sideways on its own (long lines are not wrapped). */
export function sqlListing(sql: string, label: string): string {
  return `<pre class="bw-sql" role="region" tabindex="0" aria-label="${escapeHtml(label)}"><code class="language-sql">${escapeHtml(sql)}</code></pre>`;
}
