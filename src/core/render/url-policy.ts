/**
 * The one policy for every address Benchwright publishes: Markdown links and images, a chart's `href` and
 * image `src` channels, `url(…)` in CSS from a chart spec or data, and (as a second line) every URL attribute
 * of the rendered article and of the built site (safe-html.ts, link-check.ts).
 *
 * A value is judged as the browser will read it, not as it was written:
 * 1. it must be one piece of text (a number is text too); a list or an object is refused, because Plot and the
 *    page would turn `['javascript:alert(1)']` into the text `javascript:alert(1)`;
 * 2. HTML character references are decoded, again until nothing changes (`javascript&colon;…` and
 *    `javascript&amp;colon;…` are both `javascript:…`): an attribute that reaches the page unescaped is decoded
 *    by the browser;
 * 3. ASCII control characters and whitespace are removed, as the URL parser drops tabs and newlines anywhere and
 *    controls and spaces at the ends (`java\tscript:` is `javascript:`);
 * 4. its scheme, if it has one, must be http, https or mailto. Without a scheme it is relative (`x/`, `/x`,
 *    `//host/x`, `?q`) or a `#fragment`, and allowed. Nothing else is: no `javascript:`, `vbscript:`, `data:`
 *    (not even `data:image/…`: an article's images are files or web addresses), `file:`, `blob:`.
 */
import { parseEntities } from 'parse-entities';

/** Schemes a published address may use; everything without a scheme is relative and allowed. */
export const ALLOWED_SCHEMES: readonly string[] = ['http', 'https', 'mailto'];

/** What to do about a refused address, in every message. */
export const URL_HINT = 'links may be http(s), mailto, relative or #fragment addresses, and so may images (no data: addresses)';

/** Decodes HTML character references until the text no longer changes (at most a few rounds). */
export function decodeCharacterReferences(text: string): string {
  let current = text;
  for (let i = 0; i < 8 && current.includes('&'); i++) {
    const next = parseEntities(current);
    if (next === current) break;
    current = next;
  }
  return current;
}

/** The text a browser's URL parser works on: references decoded, control characters and whitespace removed. */
export function browserUrlText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return decodeCharacterReferences(text).replace(/[\u0000-\u0020\u007f-\u009f\u00a0\u1680\u2000-\u200d\u2028\u2029\u202f\u205f\u3000\ufeff]+/g, '');
}

/** The scheme of an address as the browser reads it (lower case, without the colon), or undefined when it is relative. */
export function urlScheme(text: string): string | undefined {
  return /^([a-z][a-z0-9+.-]*):/i.exec(browserUrlText(text))?.[1]!.toLowerCase();
}

/**
 * Why a value may not be published as an address, or undefined when it may. `null` and `undefined` are no
 * address at all (Plot draws no link for them), so they are allowed.
 */
export function urlProblem(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return 'is a list, not one address';
  if (typeof value === 'bigint' || (typeof value === 'number' && Number.isFinite(value))) return undefined;
  if (typeof value !== 'string') return `is ${typeof value === 'object' ? 'an object' : `a ${typeof value}`}, not an address`;
  const scheme = urlScheme(value);
  if (scheme === undefined || ALLOWED_SCHEMES.includes(scheme)) return undefined;
  // Say how the browser reads it when the scheme is not plain to see (`javascript&colon;`, `java\tscript:`).
  const plain = /^\s*([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase();
  const decoded = browserUrlText(value);
  const written = plain === scheme ? '' : ` (the browser reads it as "${decoded.slice(0, 40)}${decoded.length > 40 ? '…' : ''}")`;
  return `uses the ${scheme}: scheme${written}, which is not allowed`;
}

/** Decodes CSS escapes (`\75 rl(` is `url(`) and removes comments, so the text is what a CSS parser sees. */
export function cssText(css: string): string {
  return decodeCharacterReferences(css)
    .replace(/\/\*[\s\S]*?(\*\/|$)/g, '')
    .replace(/\\(?:([0-9a-f]{1,6})[ \t\n\r\f]?|\r\n|[\n\r\f]|([\s\S]))/gi, (_, hex: string | undefined, char: string | undefined) => {
      if (hex === undefined) return char ?? '';
      const code = parseInt(hex, 16);
      return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? '\ufffd' : String.fromCodePoint(code);
    });
}

/** Functions whose arguments CSS loads as resources. */
const LOADING_FUNCTIONS = /(?:^|[^a-z0-9_-])(url|src|image|image-set|-webkit-image-set|cross-fade|-webkit-cross-fade|element)\s*\(/gi;

/** Every address a piece of CSS would load: the arguments of url() and src(), and the strings in image-set() and its kind. */
export function cssUrls(css: string): string[] {
  const text = cssText(css);
  const urls: string[] = [];
  for (const match of text.matchAll(LOADING_FUNCTIONS)) {
    const name = match[1]!.toLowerCase();
    const start = match.index + match[0].length;
    if (name === 'url' || name === 'src') {
      const rest = text.slice(start).replace(/^\s+/, '');
      const quote = rest[0] === '"' || rest[0] === "'" ? rest[0] : undefined;
      const end = quote ? rest.indexOf(quote, 1) : rest.indexOf(')');
      urls.push(quote ? rest.slice(1, end < 0 ? undefined : end) : rest.slice(0, end < 0 ? undefined : end).trim());
    } else {
      // The strings of image-set("a.png" 1x, …) are addresses too; url() inside it is found on its own.
      const inner = text.slice(start, closingParen(text, start));
      for (const string of inner.matchAll(/"([^"]*)"|'([^']*)'/g)) urls.push(string[1] ?? string[2]!);
    }
  }
  return urls;
}

function closingParen(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return text.length;
}

/**
 * Why a CSS value (a `style` attribute, a `<style>` element, a colour from data) may not be published, or
 * undefined when it may: every address it loads must pass urlProblem, and the old ways CSS ran script
 * (`expression(…)`, `behavior:`, `-moz-binding:`) and `@import` are refused outright.
 */
export function cssProblem(value: unknown): string | undefined {
  if (value === null || value === undefined || typeof value === 'number') return undefined;
  if (typeof value !== 'string') return Array.isArray(value) ? 'is a list, not one CSS value' : 'is an object, not one CSS value';
  // Without a bracket, an escape, a reference, an at-rule or a colon there is nothing to load or run (`#4269d0`, `red`).
  if (!/[(\\&@:]/.test(value)) return undefined;
  const text = cssText(value);
  const active = /(expression\s*\(|behavior\s*:|-moz-binding\s*:|@import|javascript:|vbscript:)/i.exec(text.replace(/\s+(?=:)/g, ''));
  if (active) return `uses "${active[1]!.replace(/\s+/g, '')}", which CSS in a page may not`;
  for (const url of cssUrls(value)) {
    const problem = urlProblem(url);
    if (problem) return `loads "${url.slice(0, 80)}", which ${problem}`;
  }
  return undefined;
}

/** Whether a piece of text has anything CSS could load or run (so it is worth checking as CSS). */
export function looksLikeCss(text: string): boolean {
  if (!/[(\\&@:]/.test(text)) return false;
  const css = cssText(text);
  return new RegExp(LOADING_FUNCTIONS.source, 'i').test(css) || /expression\s*\(|behavior\s*:|-moz-binding|@import/i.test(css);
}
