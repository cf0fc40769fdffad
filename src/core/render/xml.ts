/**
 * XML text for the files that are XML (chart SVGs, social cards, feed.xml, sitemap.xml): one escaper for character
 * data and attribute values, which also drops what XML 1.0 allows nowhere in a document, so the output parses as
 * XML whatever a title, label or data value holds.
 */

import { escapingTemplate, Markup } from './markup.ts';

/**
 * Characters outside XML 1.0's Char production: C0 controls but tab, line feed and carriage return (NUL, U+0001…),
 * lone surrogates (half of a character, as a JavaScript string can hold), U+FFFE and U+FFFF. No escape makes them
 * allowed: `&#1;` is not well-formed either.
 */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' };

/** Drops the characters XML 1.0 does not allow (see NOT_XML). */
export function xmlChars(text: string): string {
  return text.replace(NOT_XML, '');
}

/**
 * Escapes a value for XML character data and for a single- or double-quoted attribute value: &, <, > (so `]]>`
 * never appears), quotes and carriage returns (which a parser would turn into line feeds) become references, and
 * characters XML does not allow are dropped.
 */
export function escapeXml(value: unknown): string {
  return xmlChars(String(value ?? '')).replace(/[&<>"'\r]/g, (c) => ESCAPES[c]!);
}

/** XML that is safe to place as it is: made by `xml`, or marked with `trustedXml()`. */
export class Xml extends Markup {}

/** Marks a string as XML to place unescaped: only for XML the toolkit made itself (Plot's serialised SVG). */
export function trustedXml(markup: string): Xml {
  return new Xml(markup);
}

const XML = escapingTemplate(Xml, escapeXml);

/** A tagged template for XML (SVG, RSS), as `html` is for HTML: every interpolated value is escaped with escapeXml unless it is `Xml`. */
export const xml = XML.template;

/** Joins pieces of XML with a separator (itself XML). */
export const joinXml = XML.join;
