// Every chart of every report version as a PNG at 2× density: /charts/<slug>/v<N>/<figure id>.png
import type { APIRoute, GetStaticPaths } from 'astro';
import { getCollection } from 'astro:content';
import { filesFromRoutes } from 'virtual:benchwright/files';
import { cachedPng } from '../../../../publish/image-cache.ts';
import { chartImagePaths, devPngStore, storedText } from '../../../../components/chart-files.ts';

// A build writes these files itself (src/publish/figure-files.ts); this route serves them in `astro dev`
// (told by the build context's plugin, src/astro/build-context.ts: not keyed on import.meta.env.DEV, which a
// build under NODE_ENV=test also sets).
export const getStaticPaths = (async () => (filesFromRoutes ? chartImagePaths(await getCollection('reports')) : [])) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ props }) => {
  const png = await cachedPng(storedText((props as { svg: string }).svg), 2, devPngStore());
  return new Response(new Uint8Array(png), { headers: { 'content-type': 'image/png' } });
};
