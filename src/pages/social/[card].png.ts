// One 1200×630 social card per report version, /social/<slug>-v<N>.png, used as the page's og:image.
import type { APIRoute, GetStaticPaths } from 'astro';
import { getCollection } from 'astro:content';
import { filesFromRoutes } from 'virtual:benchwright/files';
import { cachedPng } from '../../publish/image-cache.ts';
import { devPngStore, storedText } from '../../components/chart-files.ts';
import { socialCardSvg } from '../../publish/social-card.ts';

// A build writes the cards itself (src/publish/figure-files.ts); this route serves them in `astro dev`
// (told by the build context's plugin, src/astro/build-context.ts: not keyed on import.meta.env.DEV, which a
// build under NODE_ENV=test also sets).
export const getStaticPaths = (async () => {
  const entries = filesFromRoutes ? await getCollection('reports') : [];
  return entries.map((entry) => ({
    params: { card: `${entry.data.slug}-v${entry.data.version}` },
    props: { title: entry.data.title, version: entry.data.version, published: entry.data.published, chart: entry.data.figures.find((f) => f.svg)?.svg },
  }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ props }) => {
  const p = props as { title: string; version: number; published: string; chart?: string };
  // p.chart: the lead chart's SVG by its name in the file store (src/astro/astro-loader.ts).
  const png = await cachedPng(socialCardSvg({ ...p, ...(p.chart ? { chart: storedText(p.chart) } : {}) }), 1, devPngStore());
  return new Response(new Uint8Array(png), { headers: { 'content-type': 'image/png' } });
};
