/**
 * The files published beside each report version: every chart as a standalone SVG and every figure's CSV
 * downloads; in the publish build also each chart as a 2× PNG and the version's 1200×630 social card. Queued for
 * the integration to link into the output (site-files.ts); PNGs start rasterising at once, on sharp's threads,
 * while the build goes on.
 */
import type { BuildCache } from './build-cache.ts';
import { standaloneChartSvg } from './chart-image.ts';
import { hashParts } from './hash.ts';
import { cachedPngFile } from './image-cache.ts';
import { figureFolder, type ReportVersion } from './reports.ts';
import { emitFile, emitting } from './site-files.ts';
import { socialCardSvg } from './social-card.ts';
import { TOOLKIT_VERSION } from './version.ts';

export function emitFigureFiles(versions: ReportVersion[], { cache, imageDir, root, pngs }: { cache: BuildCache; imageDir: string; root: string; pngs: boolean }): void {
  if (!emitting()) return;
  for (const v of versions) {
    const folder = figureFolder(v.slug, v.version);
    for (const f of v.data.figures) {
      if (f.plot) {
        const plot = f.plot;
        const svg = cache.memo('chart-svg', hashParts(TOOLKIT_VERSION, plot), () => standaloneChartSvg(plot));
        emitFile(`${folder}${f.id}.svg`, svg);
        if (pngs) emitFile(`${folder}${f.id}.png`, { stored: cachedPngFile(svg, 2, imageDir, root) });
      }
      if (f.csv !== undefined) emitFile(`${folder}${f.id}.csv`, f.csv);
      if (f.citedCsv !== undefined) emitFile(`${folder}${f.id}-cited.csv`, f.citedCsv);
    }
    if (!pngs) continue;
    const card = socialCardSvg({ title: v.frontMatter.title, version: v.version, published: v.frontMatter.published, plot: v.data.figures.find((f) => f.plot)?.plot });
    emitFile(`social/${v.slug}-v${v.version}.png`, { stored: cachedPngFile(card, 1, imageDir, root) });
  }
}
