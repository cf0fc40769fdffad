/**
 * The modules whose code shapes what the build cache holds: the article and data-page pipelines (queries,
 * units, charts, tables, pages) and the rasteriser. The cache's fingerprint hashes these and what they import,
 * and nothing else, so editing the link checker, the PDF printer or a test keeps the cache.
 */
export const OUTPUT_ENTRIES = ['src/core/versions/reports.ts', 'src/mlperf/data-pages.ts', 'src/publish/image-cache.ts', 'src/publish/social-card.ts'];
