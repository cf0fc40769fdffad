// Every chart of every report version as a PNG at 2× density: /charts/<slug>/v<N>/<figure id>.png
import type { APIRoute, GetStaticPaths } from 'astro';
import { getCollection } from 'astro:content';
import { chartImagePaths } from '../../../../components/chart-files.ts';
import { standaloneChartSvg } from '../../../../lib/chart-image.ts';
import { svgToPng } from '../../../../lib/raster.ts';

export const getStaticPaths = (async () => chartImagePaths(await getCollection('reports'))) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ props }) =>
  new Response(new Uint8Array(await svgToPng(standaloneChartSvg((props as { plot: string }).plot), 2)), { headers: { 'content-type': 'image/png' } });
