/**
 * The Astro side of the content model, kept thin: a content-layer loader that asks the library to
 * build every report version and stores the results. All parsing, checking and rendering is the
 * library's; Astro only stores entries and renders pages around them.
 */
import type { Loader } from 'astro/loaders';
import { z } from 'zod';
import { REPORTS_LOADER } from './loader-names.ts';
import { describeRun } from './astro-project.ts';
import { buildContextOf, countLoad, recordingFailures } from './build-context.ts';
import { emitChangeFiles } from '../publish/change-files.ts';
import { emitFigureFiles } from '../publish/figure-files.ts';
import { progressLine } from '../core/progress.ts';
import { reportFrontMatterSchema } from '../core/article/front-matter.ts';
import { buildReports, type ReportVersion, type VersionChanges } from '../core/versions/reports.ts';
import { storeContentNow, type FileStore } from '../publish/file-store.ts';
import { storedPageSchema, storeHtml } from '../publish/page-html.ts';

export const reportEntrySchema = reportFrontMatterSchema.extend({
  ...storedPageSchema,
  slug: z.string(),
  /** The Markdown file, relative to the project root. */
  file: z.string(),
  tables: z.array(z.string()),
  files: z.array(z.string()),
  status: z.enum(['pinned', 'draft', 'frozen']),
  changedSince: z.array(z.string()),
  sources: z.array(
    z.object({
      table: z.string(),
      title: z.string(),
      publisher: z.string(),
      retrieved: z.string(),
      repositories: z.array(z.object({ repo: z.string(), commit: z.string().optional(), rounds: z.array(z.string()).optional(), retrieved: z.string(), copy_of: z.string().optional() })),
    }),
  ),
  /** What the version's figures cite, by kind (render/subjects.ts): the data pages link the reports that discuss them. */
  subjects: z.record(z.string(), z.array(z.string())).optional(),
  changes: z.object({ from: z.number(), summary: z.string(), html: z.string(), files: z.array(z.object({ path: z.string(), content: z.string() })) }).optional(),
  figures: z.array(
    z.object({
      id: z.string(),
      number: z.string(),
      kind: z.enum(['chart', 'table']),
      query: z.string(),
      title: z.string().optional(),
      /** Only in `astro dev`: the names of the figure's SVG and CSVs in the file store, for the routes that serve them. */
      svg: z.string().optional(),
      csv: z.string().optional(),
      citedCsv: z.string().optional(),
    }),
  ),
});

/**
 * A build has already queued each figure's files (site-files.ts), so the store keeps only what pages read: the
 * SVG and CSV texts would otherwise be carried through Astro's data store and its bundle a second time.
 * `astro dev` serves them from routes: it keeps them in the file store, and only their names in the data store,
 * which Astro writes whole after every reload (with the texts in it, most of a saved article's reload).
 */
function figuresToStore(figures: ReportVersion['data']['figures'], queued: boolean, store: FileStore) {
  if (queued) return figures.map(({ svg: _svg, csv: _csv, citedCsv: _cited, ...figure }) => figure);
  // Written at once, on this thread: thousands of small writes queued behind the build's two at a time took seconds.
  const stored = (text: string | undefined) => (text === undefined ? {} : { name: storeContentNow(store, text) });
  return figures.map(({ svg, csv, citedCsv, ...figure }) => {
    const [s, c, cited] = [stored(svg), stored(csv), stored(citedCsv)];
    return { ...figure, ...(s.name ? { svg: s.name } : {}), ...(c.name ? { csv: c.name } : {}), ...(cited.name ? { citedCsv: cited.name } : {}) };
  });
}

/** Likewise a what-changed page's CSVs: queued by the build (emitChangeFiles), kept for `astro dev`'s route. */
function changesToStore(changes: VersionChanges, queued: boolean): VersionChanges {
  return queued ? { ...changes, files: changes.files.map(({ path }) => ({ path, content: '' })) } : changes;
}

export function reportsLoader(): Loader {
  return recordingFailures({
    name: REPORTS_LOADER,
    // `astro dev` runs this again for each saved article or data file (astro-dev-reload.ts); the cache redoes only
    // what the change touched.
    async load({ store, parseData, logger, config }) {
      const build = buildContextOf(config);
      countLoad(build, REPORTS_LOADER);
      const progress = progressLine('[benchwright] report versions');
      const { output, pngs } = build;
      const started = performance.now();
      const { value: versions, run } = await build.project.use(REPORTS_LOADER, async (project) => {
        // Each version's files are queued as soon as it is rendered, so its PNGs rasterise on sharp's threads
        // while this thread renders the next article.
        const images = pngs ? { store: build.store, root: build.paths.root, counts: build.counts } : undefined;
        const built = await buildReports(project, { base: config.base, pngs, onProgress: progress.update, onVersion: (v) => { if (output) emitFigureFiles([v], output, images); } }).finally(progress.end);
        if (output) emitChangeFiles(built, output);
        return built;
      });
      const html = await Promise.all(versions.map((v) => storeHtml(build.store, v.html)));
      store.clear();
      for (const [i, v] of versions.entries()) {
        const id = `${v.slug}/v${v.version}`;
        const data = await parseData({
          id,
          data: {
            ...v.frontMatter,
            slug: v.slug,
            file: v.file,
            tables: v.tables,
            files: v.files,
            status: v.status,
            sources: v.sources,
            changedSince: v.changedSince,
            figures: figuresToStore(v.data.figures, output !== undefined, build.store),
            html: html[i]!,
            headings: v.headings,
            ...(v.data.subjects ? { subjects: v.data.subjects } : {}),
            ...(v.changes ? { changes: changesToStore(v.changes, output !== undefined) } : {}),
          },
        });
        store.set({ id, data, filePath: v.file });
      }
      logger.info(`${versions.length} report version${versions.length === 1 ? '' : 's'} in ${Math.round(performance.now() - started)} ms`);
      // The loader that finishes last closes the project both share, and says what it did.
      if (run) logger.info(`queries and charts: ${describeRun(run)}`);
    },
  });
}
