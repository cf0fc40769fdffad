// Every chart of every report version as a standalone SVG (for slides): /charts/<slug>/v<N>/<figure id>.svg
import type { APIRoute, GetStaticPaths } from 'astro';
import { getCollection } from 'astro:content';
import { chartImagePaths } from '../../../../components/chart-files.ts';
import { standaloneChartSvg } from '../../../../lib/chart-image.ts';

export const getStaticPaths = (async () => chartImagePaths(await getCollection('reports'))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => new Response(standaloneChartSvg((props as { plot: string }).plot), { headers: { 'content-type': 'image/svg+xml' } });
