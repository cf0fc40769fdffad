/**
 * The missing-glyph check of the publish build. librsvg (chart PNGs, social cards) and Chromium (PDFs) draw a
 * character no installed font covers as an empty box and say nothing (TOOLCHAIN §4.8), so every character of the
 * text that goes into those files is checked, before they are drawn, against the union of the installed fonts'
 * coverage (installed-fonts.ts: one fontconfig query per process). A failure names the article, the line the
 * character is written on (or that it comes from the data), the text and what to install.
 */
import { parseHTML } from 'linkedom';
import { BuildError } from '../../core/errors.ts';
import { covers, installedFonts, type InstalledFonts } from './installed-fonts.ts';

/** A character with no glyph in any installed font, and the first piece of text it was found in. */
export interface MissingGlyph {
  char: string;
  codePoint: string;
  text: string;
}

// Characters that are never drawn as a glyph: controls, format characters (zero-width joiners, bidi marks),
// line and paragraph separators, variation selectors.
const NOT_DRAWN = /^[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\uFE00-\uFE0F\u{E0100}-\u{E01EF}]$/u;

/** Every character of `texts` that no installed font covers, once each, in order of first appearance. */
export function missingGlyphs(texts: Iterable<string>, fonts: InstalledFonts = installedFonts()): MissingGlyph[] {
  const seen = new Set<string>();
  const missing: MissingGlyph[] = [];
  for (const text of texts) {
    for (const char of text) {
      if (seen.has(char)) continue;
      seen.add(char);
      if (NOT_DRAWN.test(char) || covers(fonts.coverage, char.codePointAt(0)!)) continue;
      missing.push({ char, codePoint: codePoint(char), text: text.trim().replace(/\s+/g, ' ') });
    }
  }
  return missing;
}

export function codePoint(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * The texts an SVG draws: the character data of its elements, each run apart, leaving out <title>, <desc> and
 * <style> (not drawn). Our SVGs are written by our own XML serialiser (chart-image.ts, social-card.ts).
 */
export function svgTexts(svg: string): string[] {
  const drawn = svg.replace(/<(title|desc|style)\b[^>]*>[\s\S]*?<\/\1>/g, '');
  const texts: string[] = [];
  for (const match of drawn.matchAll(/>([^<]+)</g)) {
    const text = match[1]!.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) =>
      name[0] === '#' ? String.fromCodePoint(name[1]?.toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : Number(name.slice(1))) : (ENTITY[name] ?? whole),
    );
    if (text.trim()) texts.push(text);
  }
  return texts;
}

/**
 * The texts Chromium prints from a page: its title (the PDF's running footer), every text node of the body
 * outside scripts, styles and templates, and the external link addresses the print CSS writes after links.
 */
export function pageTexts(html: string): string[] {
  const { document } = parseHTML(html);
  for (const el of document.querySelectorAll('script, style, template, noscript')) el.remove();
  const texts = [document.title];
  const walker = document.createTreeWalker(document.body, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.textContent?.trim()) texts.push(node.textContent);
  }
  for (const a of document.querySelectorAll('a[href^="http"]')) texts.push(a.getAttribute('href') ?? '');
  return texts.filter((t) => t.trim());
}

/** 1-based line and column of the first place `char` is written in the article's source, if it is. */
export function placeIn(source: string, char: string): { line: number; column: number } | undefined {
  const index = source.indexOf(char);
  if (index === -1) return undefined;
  const before = source.slice(0, index).split('\n');
  return { line: before.length, column: [...before.at(-1)!].length + 1 };
}

/** What to install for a missing character (Debian package names; TOOLCHAIN §4.8). */
export function fontAdvice(missing: MissingGlyph[]): string {
  const first = missing[0]!.codePoint.slice(2).toLowerCase();
  return (
    'install a font that covers these characters, then build again: on Debian `apt-get install fonts-noto-cjk` for Chinese, Japanese and Korean, ' +
    '`fonts-noto-core` and `fonts-noto-extra` for most other scripts (`bash scripts/setup.sh --browser` installs fonts-noto-cjk); ' +
    `\`fc-list ':charset=${first}'\` lists the installed fonts that cover ${missing[0]!.codePoint}. Or change the text.`
  );
}

/**
 * The error for characters with no glyph in `what` (e.g. "the chart PNG charts/…/fig-x.png"), placed at the first
 * character's line in the article when the article writes it.
 */
export function missingGlyphError(missing: MissingGlyph[], { file, source, what }: { file: string; source: string; what: string }): BuildError {
  const place = placeIn(source, missing[0]!.char);
  const listed = missing.slice(0, 8).map((m) => {
    const at = placeIn(source, m.char);
    return `  ${m.codePoint} "${m.char}" in "${m.text.length > 80 ? `${m.text.slice(0, 77)}…` : m.text}" (${at ? `${file}:${at.line}` : 'from the data, not written in the article'})`;
  });
  const more = missing.length > 8 ? [`  and ${missing.length - 8} more`] : [];
  return new BuildError(
    `${missing.length} character${missing.length === 1 ? ' has' : 's have'} no glyph in any installed font, so ${what} would show empty boxes in their place:\n${[...listed, ...more].join('\n')}`,
    { place: { file, line: place?.line ?? 1, column: place?.column ?? 1 }, hint: fontAdvice(missing) },
  );
}
