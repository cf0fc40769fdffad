/**
 * The modules whose code shapes what the build cache holds: the article and data-page pipelines (queries,
 * units, charts, tables, pages) and the rasteriser. The cache's fingerprint hashes these and what they import,
 * and nothing else, so editing the link checker, the PDF printer or a test keeps the cache.
 */
// src/mlperf/content.ts is handed to the project when it opens (the citation formatter), not imported by the pipeline:
// without it here, an edit to MLPerf's citations or their words kept serving the cached articles.
export const OUTPUT_ENTRIES = ['src/core/versions/reports.ts', 'src/mlperf/data-pages.ts', 'src/core/guide/guide-pages.ts', 'src/mlperf/content.ts', 'src/publish/image-cache.ts', 'src/publish/social-card.ts'];
