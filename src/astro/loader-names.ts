/** The content loaders' names (astro-loader.ts, astro-data-pages-loader.ts, astro-guide-loader.ts): Astro's refreshContent names them, and a content sync runs them all. */
export const REPORTS_LOADER = 'benchwright-reports';
export const DATA_PAGES_LOADER = 'benchwright-data-pages';
export const GUIDE_LOADER = 'benchwright-guide';
export const LOADERS = [REPORTS_LOADER, DATA_PAGES_LOADER, GUIDE_LOADER];
