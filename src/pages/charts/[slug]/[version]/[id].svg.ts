// Every chart of every report version as a standalone SVG (for slides): /charts/<slug>/v<N>/<figure id>.svg
import type { APIRoute, GetStaticPaths } from 'astro';
import { getCollection } from 'astro:content';
import { emitting } from '../../../../publish/site-files.ts';
import { chartImagePaths } from '../../../../components/chart-files.ts';

// A build writes these files itself (src/publish/figure-files.ts); this route serves them in `astro dev`
// (not keyed on import.meta.env.DEV, which a build under NODE_ENV=test also sets).
export const getStaticPaths = (async () => (!emitting() ? chartImagePaths(await getCollection('reports')) : [])) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => new Response((props as { svg: string }).svg, { headers: { 'content-type': 'image/svg+xml' } });
