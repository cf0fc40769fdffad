// The CSV of a query's row changes, beside its what-changed page: /reports/<slug>/v<N>/changes/<query>.csv.
import type { APIRoute, GetStaticPaths } from 'astro';
import { getCollection } from 'astro:content';
import { filesFromRoutes } from 'virtual:benchwright/files';

// A build writes these files itself (src/publish/change-files.ts); this route serves them in `astro dev`.
export const getStaticPaths = (async () =>
  (filesFromRoutes ? await getCollection('reports') : []).flatMap((entry) =>
    (entry.data.changes?.files ?? []).map((file) => ({
      params: { slug: entry.data.slug, version: `v${entry.data.version}`, query: file.path.replace(/^.*\//, '').replace(/\.csv$/, '') },
      props: { csv: file.content },
    })),
  )) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => new Response((props as { csv: string }).csv, { headers: { 'content-type': 'text/csv; charset=utf-8' } });
