/**
 * The files published beside each report version: every chart as a standalone SVG and every figure's CSV
 * downloads; in the publish build also each chart as a 2× PNG and the version's 1200×630 social card. Queued for
 * the integration to link into the output (site-files.ts); PNGs start rasterising at once, on sharp's threads,
 * while the build goes on.
 */
import { missingGlyphError, missingGlyphs, svgTexts } from './fonts/glyph-check.ts';
import { cachedPngFile, type PngStore } from './image-cache.ts';
import { figureDownloads } from '../core/render/figure.ts';
import { figureFolder, type ReportVersion } from '../core/versions/reports.ts';
import type { OutputQueue } from './site-files.ts';
import { socialCardSvg } from './social-card.ts';

/** `pngs`: where the publish build keeps its PNGs (undefined in a build without them). */
export function emitFigureFiles(versions: ReportVersion[], queue: OutputQueue, pngs: PngStore | undefined): void {
  for (const v of versions) {
    const folder = figureFolder(v.slug, v.version);
    const card = socialCardSvg({ title: v.frontMatter.title, version: v.version, published: v.frontMatter.published, chart: v.data.figures.find((f) => f.svg)?.svg, lang: v.frontMatter.lang });
    // Before anything is drawn: a character no installed font covers would be an empty box in the PNG.
    if (pngs) checkGlyphs(v, [...v.data.figures.flatMap((f) => (f.svg ? [{ name: `${folder}${f.id}.png`, svg: f.svg }] : [])), { name: `social/${v.slug}-v${v.version}.png`, svg: card }]);
    for (const f of v.data.figures) {
      if (f.svg) {
        queue.emit(`${folder}${f.id}.svg`, f.svg);
        if (pngs) queue.emit(`${folder}${f.id}.png`, { stored: cachedPngFile(f.svg, 2, pngs) });
      }
    }
    for (const file of figureDownloads(v.data.figures, folder)) queue.emit(file.path, file.content);
    if (!pngs) continue;
    queue.emit(`social/${v.slug}-v${v.version}.png`, { stored: cachedPngFile(card, 1, pngs) });
  }
}

/** Fails (naming the article, line, text and image) when a character of an image's text has no installed glyph. */
function checkGlyphs(v: ReportVersion, images: { name: string; svg: string }[]): void {
  const texts = images.map((image) => ({ ...image, texts: svgTexts(image.svg) }));
  const missing = missingGlyphs(texts.flatMap((t) => t.texts));
  if (missing.length === 0) return;
  const affected = texts.filter((t) => missingGlyphs(t.texts).length > 0).map((t) => t.name);
  throw missingGlyphError(missing, { file: v.file, source: v.source, what: `${affected.length === 1 ? 'the image' : 'the images'} ${affected.join(', ')}` });
}
