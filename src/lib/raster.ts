/**
 * SVG → PNG with sharp (librsvg), with fonts pinned: fontconfig sees only src/fonts, so images are the same
 * on every machine. librsvg draws a box for every glyph when no font is usable and says nothing
 * (TOOLCHAIN §4.8), so the first render checks that text really draws, and fails loudly if it does not.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { hashParts } from './hash.ts';

// From the project root, not this module's URL: inside Astro's build this code runs from a bundled chunk.
const FONT_DIR = resolve(process.env.BENCHWRIGHT_FONT_DIR || resolve(process.cwd(), 'src/fonts'));

export class FontError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FontError';
  }
}

/** Points fontconfig at the pinned fonts. Must run before librsvg first lays out text in this process. */
export function pinFonts(fontDir = FONT_DIR): void {
  const dir = join(tmpdir(), `benchwright-fontconfig-${hashParts(fontDir).slice(0, 12)}`);
  mkdirSync(dir, { recursive: true });
  const config = join(dir, 'fonts.conf');
  writeFileSync(
    config,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <dir>${fontDir}</dir>\n  <cachedir>${join(dir, 'cache')}</cachedir>\n</fontconfig>\n`,
  );
  process.env.FONTCONFIG_FILE = config;
}

let fontsChecked: Promise<void> | undefined;

/** Fails when text would render as boxes: two different words must not give the same pixels. */
export function checkFonts(): Promise<void> {
  fontsChecked ??= (async () => {
    const word = async (text: string) =>
      sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30"><text x="4" y="22" font-family="sans-serif" font-size="20">${text}</text></svg>`))
        .png()
        .raw()
        .toBuffer();
    const [a, b] = await Promise.all([word('HHHH'), word('oooo')]);
    if (a.equals(b)) {
      throw new FontError(
        `no usable font: text renders as boxes. Benchwright pins fontconfig to ${FONT_DIR} (FONTCONFIG_FILE=${process.env.FONTCONFIG_FILE ?? 'unset'}); ` +
          'check that the .ttf files are there, or install fonts-dejavu-core.',
      );
    }
  })();
  return fontsChecked;
}

/** PNG of an SVG document at `density` × its size (2 for slides). Deterministic: no metadata. */
export async function svgToPng(svg: string, density = 2): Promise<Buffer> {
  await checkFonts();
  // zlib level 6: a tenth larger than 9 and four times faster to write (57 ms → 13 ms for a 2× chart).
  return sharp(Buffer.from(svg), { density: 72 * density }).png({ compressionLevel: 6 }).toBuffer();
}

pinFonts();
