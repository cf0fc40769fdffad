// Every chart of every report version as a standalone SVG (for slides): /charts/<slug>/v<N>/<figure id>.svg
import type { APIRoute, GetStaticPaths } from 'astro';
import { getCollection } from 'astro:content';
import { filesFromRoutes } from 'virtual:benchwright/files';
import { chartImagePaths, storedText } from '../../../../components/chart-files.ts';

// A build writes these files itself (src/publish/figure-files.ts); this route serves them in `astro dev`
// (told by the build context's plugin, src/astro/build-context.ts: not keyed on import.meta.env.DEV, which a
// build under NODE_ENV=test also sets).
export const getStaticPaths = (async () => (filesFromRoutes ? chartImagePaths(await getCollection('reports')) : [])) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => new Response(storedText((props as { svg: string }).svg), { headers: { 'content-type': 'image/svg+xml' } });
