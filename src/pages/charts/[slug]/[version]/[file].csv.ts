// Each figure's CSV downloads, published beside its images: /charts/<slug>/v<N>/<figure id>.csv (its rows)
// and <figure id>-cited.csv (the source rows it cites). Files, not data: URLs, so pages stay light.
import type { APIRoute, GetStaticPaths } from 'astro';
import { getCollection } from 'astro:content';
import { filesFromRoutes } from 'virtual:benchwright/files';
import { storedText } from '../../../../components/chart-files.ts';

// A build writes these files itself (src/publish/figure-files.ts); this route serves them in `astro dev`
// (told by the build context's plugin, src/astro/build-context.ts: not keyed on import.meta.env.DEV, which a
// build under NODE_ENV=test also sets).
export const getStaticPaths = (async () =>
  (filesFromRoutes ? await getCollection('reports') : []).flatMap((entry) =>
    entry.data.figures.flatMap((f) => {
      const params = (file: string) => ({ slug: entry.data.slug, version: `v${entry.data.version}`, file });
      return [
        ...(f.csv !== undefined ? [{ params: params(f.id), props: { csv: f.csv } }] : []),
        ...(f.citedCsv !== undefined ? [{ params: params(`${f.id}-cited`), props: { csv: f.citedCsv } }] : []),
      ];
    }),
  )) satisfies GetStaticPaths;

// props.csv: the CSV's name in the file store (src/astro/astro-loader.ts keeps the texts there in `astro dev`).
export const GET: APIRoute = ({ props }) => new Response(storedText((props as { csv: string }).csv), { headers: { 'content-type': 'text/csv; charset=utf-8' } });
