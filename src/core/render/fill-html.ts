/**
 * Fills one of the toolkit's markup templates (a report-words.ts entry ending in Html, e.g. "{query}: {rows}, from
 * {tables}") with pieces that are escaped unless they are HTML made by `html` or marked `trusted()` (html.ts).
 */
import { html, trusted, type Html } from './html.ts';
import { fill } from './report-words.ts';

export function fillHtml(template: string, values: Record<string, unknown>): Html {
  const pieces = Object.fromEntries(Object.entries(values).map(([key, value]) => [key, String(html`${value}`)]));
  // The template is the toolkit's own markup (report-words.ts), not data.
  return trusted(fill(template, pieces));
}
