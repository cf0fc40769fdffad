/**
 * The few words Benchwright itself writes into a report's text, in the version's language (`lang` in its front
 * matter): figure and table numbers, which prose references (@fig-…) repeat. English for any language not listed.
 */
const WORDS: Record<string, { figure: string; table: string; join: string }> = {
  en: { figure: 'Figure', table: 'Table', join: ' ' },
  zh: { figure: '图', table: '表', join: ' ' },
};

/** "Figure 2" / "Table 1", or "图 2" / "表 1" in Chinese. */
export function figureNumber(kind: 'chart' | 'table', n: number, lang?: string): string {
  const words = WORDS[(lang ?? 'en').split('-')[0]!] ?? WORDS.en!;
  return `${kind === 'chart' ? words.figure : words.table}${words.join}${n}`;
}

/** The words of a report version's page around the article (cover, header, title), in its language. */
export interface PageWords {
  title: (title: string, version: number) => string;
  brand: string;
  versionPublished: (version: number, date: string) => string;
  draft: string;
  by: (authors: string[]) => string;
  dataSources: string;
  computed: string;
  version: (version: number) => string;
  of: (count: number) => string;
  published: string;
  versions: string;
  contents: string;
}

const PAGE_WORDS: Record<string, PageWords> = {
  en: {
    title: (title, version) => `${title} (version ${version})`,
    brand: 'Benchwright report',
    versionPublished: (version, date) => `Version ${version} · published ${date}`,
    draft: ' · DRAFT (data not pinned)',
    by: (authors) => `By ${authors.join(', ')}`,
    dataSources: 'Data sources',
    computed: 'Every number was computed from these data at build time; each figure cites its results, and "Data and methods" at the end lists every query, file and source.',
    version: (version) => `Version ${version}`,
    of: (count) => ` of ${count}`,
    published: 'published',
    versions: 'Versions:',
    contents: 'Contents',
  },
  zh: {
    title: (title, version) => `${title}（第 ${version} 版）`,
    brand: 'Benchwright 报告',
    versionPublished: (version, date) => `第 ${version} 版 · 发布于 ${date}`,
    draft: ' · 草稿（数据尚未固定）',
    by: (authors) => `作者：${authors.join('、')}`,
    dataSources: '数据来源',
    computed: '每个数值都在构建时根据这些数据计算；每张图都引用其结果，文末的“Data and methods”列出每条查询、每个文件和每个来源。',
    version: (version) => `第 ${version} 版`,
    of: (count) => `，共 ${count} 版`,
    published: '发布于',
    versions: '版本：',
    contents: '目录',
  },
};

export function pageWords(lang?: string): PageWords {
  return PAGE_WORDS[(lang ?? 'en').split('-')[0]!] ?? PAGE_WORDS.en!;
}
