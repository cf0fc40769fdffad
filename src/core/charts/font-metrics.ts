/**
 * How wide a line of chart text is, from the advance widths of the pinned DejaVu Sans (src/fonts), read from the
 * font file itself (its cmap and hmtx tables). The server has no browser to measure text, and charts must leave
 * room for their labels (chart-layout.ts). DejaVu Sans is what Chromium draws `system-ui, sans-serif` with here and
 * is wider than most system fonts, so a label measured with it fits elsewhere too.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

// From the project root, like raster.ts: inside Astro's build this code runs from a bundled chunk.
const FONT_FILE = resolve(process.env.BENCHWRIGHT_FONT_DIR || resolve(process.cwd(), 'src/fonts'), 'DejaVuSans.ttf');

/** Vertical metrics of DejaVu Sans in em, as Chromium's text boxes use them (hhea ascender and descender). */
export const ASCENT = 0.928;
export const DESCENT = 0.236;

interface Metrics {
  unitsPerEm: number;
  /** Advance width (font units) of every BMP code point the font maps. */
  advance: Map<number, number>;
}

let metrics: Metrics | undefined;

function loadMetrics(): Metrics {
  let font: Buffer;
  try {
    font = readFileSync(FONT_FILE);
  } catch (error) {
    throw new Error(`cannot read ${FONT_FILE} to measure chart labels (${(error as Error).message}); run Benchwright from the project folder, or set BENCHWRIGHT_FONT_DIR to the folder of the pinned fonts`);
  }
  const tables = new Map<string, number>();
  for (let i = 0, n = font.readUInt16BE(4); i < n; i++) {
    const record = 12 + i * 16;
    tables.set(font.toString('latin1', record, record + 4), font.readUInt32BE(record + 8));
  }
  const table = (tag: string) => {
    const at = tables.get(tag);
    if (at === undefined) throw new Error(`${FONT_FILE} has no ${tag} table`);
    return at;
  };
  const unitsPerEm = font.readUInt16BE(table('head') + 18);
  const hMetrics = font.readUInt16BE(table('hhea') + 34);
  const hmtx = table('hmtx');
  const widthOf = (glyph: number) => font.readUInt16BE(hmtx + 4 * Math.min(glyph, hMetrics - 1));
  // The Unicode BMP subtable (platform 3, encoding 1), format 4: segments of code points mapped to glyphs.
  const cmap = table('cmap');
  let sub: number | undefined;
  for (let i = 0, n = font.readUInt16BE(cmap + 2); i < n; i++) {
    const rec = cmap + 4 + i * 8;
    if (font.readUInt16BE(rec) === 3 && font.readUInt16BE(rec + 2) === 1) sub = cmap + font.readUInt32BE(rec + 4);
  }
  if (sub === undefined || font.readUInt16BE(sub) !== 4) throw new Error(`${FONT_FILE} has no Unicode (3,1) format 4 cmap`);
  const segments = font.readUInt16BE(sub + 6) / 2;
  const ends = sub + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const offsets = deltas + segments * 2;
  const advance = new Map<number, number>();
  for (let s = 0; s < segments; s++) {
    const end = font.readUInt16BE(ends + s * 2);
    const start = font.readUInt16BE(starts + s * 2);
    const delta = font.readInt16BE(deltas + s * 2);
    const rangeOffset = font.readUInt16BE(offsets + s * 2);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let glyph: number;
      if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
      else {
        const g = font.readUInt16BE(offsets + s * 2 + rangeOffset + (c - start) * 2);
        glyph = g === 0 ? 0 : (g + delta) & 0xffff;
      }
      if (glyph !== 0) advance.set(c, widthOf(glyph));
    }
  }
  return { unitsPerEm, advance };
}

/** Width in em of a character DejaVu Sans does not have: CJK and full-width forms are square, others average. */
function fallbackEm(code: number): number {
  const wide = (code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) || code >= 0x20000;
  return wide ? 1 : 0.62;
}

/** The width in px of one line of text at `fontSize` px. */
export function textWidth(text: string, fontSize: number): number {
  metrics ??= loadMetrics();
  let em = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const units = metrics.advance.get(code);
    em += units === undefined ? fallbackEm(code) : units / metrics.unitsPerEm;
  }
  return em * fontSize;
}
