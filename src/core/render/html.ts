/**
 * HTML built with escaping by default: `html\`<p>${value}</p>\`` escapes every interpolated value unless it is
 * itself HTML, made by `html` or explicitly marked trusted with `trusted()` (sanitised prose, Plot's SVG).
 * A forgotten call then leaves text inert instead of publishing markup from data.
 */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Markup that is safe to place as it is: made by `html`, or marked with `trusted()`. */
export class Html {
  readonly #markup: string;
  constructor(markup: string) {
    this.#markup = markup;
  }
  toString(): string {
    return this.#markup;
  }
}

/** Marks a string as markup to place unescaped: only for markup the toolkit made or sanitised itself. */
export function trusted(markup: string): Html {
  return new Html(markup);
}

/** One interpolated value: HTML as it is, arrays item by item, nothing for null, undefined and false, else escaped text. */
function piece(value: unknown): string {
  if (value instanceof Html) return value.toString();
  if (Array.isArray(value)) return value.map(piece).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(value);
}

/** A tagged template that escapes each interpolated value unless it is `Html`. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += piece(values[i]) + strings[i + 1]!;
  return new Html(out);
}

/** Joins pieces of HTML with a separator (itself markup). */
export function joinHtml(parts: readonly Html[], separator = ''): Html {
  return new Html(parts.map(String).join(separator));
}
