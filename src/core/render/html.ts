/**
 * HTML built with escaping by default: `html\`<p>${value}</p>\`` escapes every interpolated value unless it is
 * itself HTML, made by `html` or explicitly marked trusted with `trusted()` (sanitised prose, Plot's SVG).
 * A forgotten call then leaves text inert instead of publishing markup from data.
 */
import { escapingTemplate, Markup } from './markup.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** HTML that is safe to place as it is: made by `html`, or marked with `trusted()`. */
export class Html extends Markup {}

/** Marks a string as markup to place unescaped: only for markup the toolkit made or sanitised itself. */
export function trusted(markup: string): Html {
  return new Html(markup);
}

const HTML = escapingTemplate(Html, escapeHtml);

/** A tagged template that escapes each interpolated value unless it is `Html`. */
export const html = HTML.template;

/** Joins pieces of HTML with a separator (itself markup). */
export const joinHtml = HTML.join;
