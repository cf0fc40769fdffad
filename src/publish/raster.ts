/**
 * SVG → PNG with sharp (librsvg). Text is drawn with the fonts installed on the machine from apt (fontconfig's
 * /usr/share/fonts: DejaVu, and Noto CJK for Chinese, Japanese and Korean), the same fonts Chromium prints PDFs
 * with. Which characters they cover is checked before anything is drawn (glyph-check.ts), and images are cached
 * under a fingerprint of the installed fonts (image-cache.ts). librsvg draws a box for every glyph when no font
 * is usable and says nothing (TOOLCHAIN §4.8), so the first render also checks that text really draws.
 */
import sharp from 'sharp';
import { xml } from '../core/render/xml.ts';
import { FontError } from './fonts/installed-fonts.ts';

export { FontError };

let fontsChecked: Promise<void> | undefined;

/** Fails when text would render as boxes: two different words must not give the same pixels. */
export function checkFonts(): Promise<void> {
  fontsChecked ??= (async () => {
    const word = async (text: string) =>
      sharp(Buffer.from(String(xml`<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30"><text x="4" y="22" font-family="sans-serif" font-size="20">${text}</text></svg>`)))
        .png()
        .raw()
        .toBuffer();
    const [a, b] = await Promise.all([word('HHHH'), word('oooo')]);
    if (a.equals(b)) {
      throw new FontError(
        `no usable font: text renders as boxes. sharp draws text with the fonts fontconfig finds (FONTCONFIG_FILE=${process.env.FONTCONFIG_FILE ?? 'unset'}, so /usr/share/fonts); ` +
          'install them with `bash scripts/setup.sh --browser` (apt: fonts-dejavu-core fonts-noto-cjk).',
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
