// The data pages' and the guide's CSV downloads in `astro dev` (/accelerators/<id>/figure-1.csv, /guide/blocks/table-1.csv, …). A build
// writes them as files itself (src/publish/site-files.ts), so here it has no paths.
import type { APIRoute, GetStaticPaths } from 'astro';
import { getCollection } from 'astro:content';
import { filesFromRoutes } from 'virtual:benchwright/files';
import { siteHasGuide } from '../components/guide.ts';

export const getStaticPaths = (async () =>
  (filesFromRoutes ? [...(await getCollection('dataPages')), ...(siteHasGuide() ? await getCollection('guide') : [])] : []).flatMap((entry) =>
    (entry.data.files ?? []).map((file) => ({ params: { download: file.path.replace(/\.csv$/, '') }, props: { content: file.content } })),
  )) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => new Response((props as { content: string }).content, { headers: { 'content-type': 'text/csv; charset=utf-8' } });
