/**
 * Benchwright's Astro integrations: the one that makes the build context (build-context.ts) and, at the end of a
 * build, links the files published beside the pages into the output, removes stored files the build did not use
 * (so the cache holds one build's worth), prints the summary and enforces the page budgets; and the one that
 * reloads content in `astro dev` (astro-dev-reload.ts). Each job is a module of src/publish; this is only the hook.
 */
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import { projectPaths } from '../core/project.ts';
import { quiet } from '../core/progress.ts';
import { summaryLines } from '../publish/build-summary.ts';
import { pruneStore } from '../publish/file-store.ts';
import { checkPageBudgets } from '../publish/page-budget.ts';
import { weighPages, type PageBudget } from '../publish/page-weight.ts';
import { writeSiteFiles } from '../publish/site-files.ts';
import { benchwrightDevReload } from './astro-dev-reload.ts';
import { buildContextPlugin, createBuildContext, type BuildContext } from './build-context.ts';

export interface BenchwrightOptions {
  /** Page-weight budgets (HTML + CSS + JS, raw bytes); the first whose `pages` prefix matches a page applies. */
  budgets?: PageBudget[];
}

export function benchwright({ budgets = [] }: BenchwrightOptions = {}): AstroIntegration[] {
  let context: BuildContext | undefined;
  const made = (): BuildContext => {
    if (!context) throw new Error('benchwright: the build context is made when Astro sets up its config, and was not');
    return context;
  };
  let base = '/';
  let pagesStarted = 0;
  const build: AstroIntegration = {
    name: 'benchwright',
    hooks: {
      'astro:config:setup': ({ config, command, updateConfig }) => {
        context = createBuildContext({ paths: projectPaths(), astroCacheDir: config.cacheDir, command });
        updateConfig({ vite: { plugins: [buildContextPlugin(context)] } });
      },
      'astro:config:done': ({ config }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
      },
      'astro:build:start': async () => {
        // The content sync is over: its project is closed (by its last loader, or here if one never ran).
        await made().project.close();
        pagesStarted = performance.now();
      },
      'astro:build:done': async ({ pages, dir }) => {
        const { output, store, counts } = made();
        const outDir = fileURLToPath(dir);
        const files = output ? await writeSiteFiles(output, outDir) : 0;
        const removed = pruneStore(store);
        const weights = weighPages(outDir, base, store.cacheDir);
        const lines = summaryLines({ counts, pages: pages.length, files, pagesMs: performance.now() - pagesStarted, removed, weights }, quiet());
        // console.log rather than Astro's logger: the summary is printed even when Astro runs --silent.
        for (const line of lines) console.log(`[benchwright] ${line}`);
        checkPageBudgets(weights, budgets);
      },
    },
  };
  return [benchwrightDevReload(made), build];
}
