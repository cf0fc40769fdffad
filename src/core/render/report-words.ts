/**
 * The words Benchwright itself writes into a report version, in the version's language (`lang` in its front
 * matter): figure and table numbers, the page around the article (site navigation, cover, header, contents), each
 * figure's data part and sources, checked claims, "Data and methods" and the printed citations appendix (a citation
 * formatter's words are its own: MLPerf's in src/mlperf/mlperf-words.ts). English for any language not listed.
 * Every entry is text or a template whose `{name}` places `fill` fills; a template that writes HTML says so in
 * its key (`…Html`: its values are already escaped).
 * The Chinese table has exactly the English table's keys (its type is the English table's).
 */

const EN = {
  // The language of this table (a citation formatter picks its own words by it).
  lang: 'en',
  // Numbers of figures and tables, which prose references (@fig-…) repeat.
  figure: 'Figure {n}',
  table: 'Table {n}',
  // Site navigation and footer (layouts/Base.astro).
  skipToContent: 'Skip to content',
  siteNav: 'Site',
  navReports: 'Reports',
  navAccelerators: 'Accelerators',
  navModels: 'Models',
  navMatrix: 'Matrix',
  navTags: 'Tags',
  navGuide: 'Guide',
  navSearch: 'Search',
  feedTitle: 'Benchwright: every report version',
  footerFeed: 'RSS feed of every report version',
  footerEnd: '.',
  // The page around the article: cover (print), header, versions, contents (components/ReportPage.astro).
  title: '{title} (version {version})',
  brand: 'Benchwright report',
  versionPublished: 'Version {version} · published {date}',
  draft: ' · DRAFT (data not pinned)',
  by: 'By {authors}',
  authorSeparator: ', ',
  dataSources: 'Data sources',
  sourceRetrieved: '{title}: {publisher}, retrieved {date}',
  atCommit: ' at commit ',
  roundsOpen: ' (',
  roundsSeparator: ', ',
  roundsClose: ')',
  copyOf: ', a copy of ',
  repositoryRetrieved: ', retrieved {date}',
  computed: 'Every number was computed from these data at build time; each figure cites its results, and "Data and methods" at the end lists every query, file and source.',
  version: 'Version {version}',
  of: ' of {count}',
  published: 'published',
  separator: ' · ',
  newerVersion: 'a newer version (v{version}) exists',
  draftLabel: 'Draft.',
  draftTextHtml: ' This version is not pinned to its data yet, so its numbers follow the current data. It becomes a published version when its data is pinned (<code>npm run pin</code>).',
  frozenLabel: 'Kept as published.',
  frozenBefore: ' Data this version was computed from has since been corrected or removed (',
  frozenSeparator: ', ',
  frozenAfter: '); its numbers are the ones computed from the data it was published on.',
  pdfA4: 'A4',
  pdfLetter: 'US Letter',
  versionsLabel: 'Versions of this report',
  versions: 'Versions:',
  versionDraft: ', draft',
  whatChanged: 'what changed in v{version}',
  contents: 'Contents',
  // A figure: heading, image links and its data part (figure.ts).
  queryTitle: 'Query {query}',
  imageLinks: 'Image: ',
  dataAndSql: 'Data and SQL',
  sqlOnly: 'SQL',
  dataMetaHtml: '(query {query}, {rows})',
  row: '{n} row',
  rows: '{n} rows',
  sqlOfFigure: '{number}: SQL of query {query}',
  rowsOfFigure: '{number}: rows of query {query}',
  readsHtml: 'Reads: {tables}.',
  showingRows: 'Showing {shown} of {total} rows; the CSV has all of them.',
  downloadRows: 'Download the rows as CSV',
  downloadCited: 'Download the cited source rows as CSV',
  // A figure's sources (figure-sources.ts).
  dataLabel: 'Data:',
  dataLineHtml: '{title} (table {table}; {files}), {rows}. {publisher}, retrieved {date}.',
  rowRead: '{n} row read',
  rowsRead: '{n} rows read',
  derivedHtml: ' Derived: {derivation}',
  rowSourcesHtml: ' Sources of these rows: {links}.',
  listSeparator: ', ',
  // Lists ("a, b and c"; listText).
  and: ' and ',
  // The printed report's citations appendix (citations-appendix.ts).
  citations: 'Citations',
  figureTitle: '. {title}',
  // Checked claims (remark-benchwright.ts).
  claimMark: 'Claim {n} is checked against the data',
  claimMarkTitle: 'Checked against the data',
  checkedClaim: 'Checked claim {n}:',
  claimNumber: 'Claim {n}',
  claimHoldsHtml: ' {condition} holds for {rows} of query {query} at build time; the build fails if the data stops supporting it.',
  theRow: 'the row',
  allRows: 'all {n} rows',
  // "Data and methods" (methods.ts).
  dataAndMethods: 'Data and methods',
  methodsIntro: 'Every number, chart and table above was computed when this page was built, by the queries below, from the data files listed with their content hashes. Units are traced from the data catalog through each query; a query or chart that mixed units, or a claim the data did not support, would have stopped the build.',
  queries: 'Queries',
  checkedClaims: 'Checked claims',
  dataFiles: 'Data files',
  sources: 'Sources',
  claimLink: 'claim {n}',
  queryItemHtml: '{query}: {rows} from {tables}{units}{uses}.{sql}',
  noTable: 'no table',
  unitsHtml: '; units {units}',
  unitsSeparator: '; ',
  usedInHtml: '; used in {uses}',
  sqlInFigureHtml: ' Its SQL is in the data part of {figure}.',
  sqlOfQuery: 'SQL of query {query}',
  fileItemHtml: '{file} (table {table}), {hash}',
  atHtml: ' at {commit}',
  webPage: '{n} web page, named per row',
  webPages: '{n} web pages, named per row',
  sourceItemHtml: '{title} ({table}): {publisher}; {where}{retrieved}. {extraction}',
  sourceRetrievedHtml: '; retrieved {date}',
  checkItemHtml: '{claim}: {condition} on query {query} ({rows}).',
};

/** Every word Benchwright writes into a report version; each language's table has exactly these keys. */
export type ReportWords = Readonly<Record<keyof typeof EN, string>>;

const ZH: ReportWords = {
  lang: 'zh',
  figure: '图 {n}',
  table: '表 {n}',
  skipToContent: '跳到正文',
  siteNav: '网站',
  navReports: '报告',
  navAccelerators: '加速器',
  navModels: '模型',
  navMatrix: '矩阵',
  navTags: '标签',
  navGuide: '指南',
  navSearch: '搜索',
  feedTitle: 'Benchwright：所有报告版本',
  footerFeed: '所有报告版本的 RSS 订阅',
  footerEnd: '。',
  title: '{title}（第 {version} 版）',
  brand: 'Benchwright 报告',
  versionPublished: '第 {version} 版 · 发布于 {date}',
  draft: ' · 草稿（数据尚未固定）',
  by: '作者：{authors}',
  authorSeparator: '、',
  dataSources: '数据来源',
  sourceRetrieved: '{title}：{publisher}，获取于 {date}',
  atCommit: '，提交 ',
  roundsOpen: '（',
  roundsSeparator: '、',
  roundsClose: '）',
  copyOf: '，为以下仓库的副本：',
  repositoryRetrieved: '，获取于 {date}',
  computed: '每个数值都在构建时根据这些数据计算；每张图都引用其结果，文末的“数据与方法”列出每条查询、每个文件和每个来源。',
  version: '第 {version} 版',
  of: '，共 {count} 版',
  published: '发布于',
  separator: ' · ',
  newerVersion: '已有更新的版本（v{version}）',
  draftLabel: '草稿。',
  draftTextHtml: '此版本尚未固定到其数据，数值随当前数据变化。数据固定后（<code>npm run pin</code>）即成为正式发布的版本。',
  frozenLabel: '保持发布时原样。',
  frozenBefore: '此版本所依据的数据此后已被更正或删除（',
  frozenSeparator: '、',
  frozenAfter: '）；文中数值仍按发布时的数据计算。',
  pdfA4: 'A4',
  pdfLetter: '美国 Letter',
  versionsLabel: '本报告的各个版本',
  versions: '版本：',
  versionDraft: '，草稿',
  whatChanged: 'v{version} 的改动',
  contents: '目录',
  queryTitle: '查询 {query}',
  imageLinks: '图片：',
  dataAndSql: '数据与 SQL',
  sqlOnly: 'SQL',
  dataMetaHtml: '（查询 {query}，{rows}）',
  row: '{n} 行',
  rows: '{n} 行',
  sqlOfFigure: '{number}：查询 {query} 的 SQL',
  rowsOfFigure: '{number}：查询 {query} 的数据行',
  readsHtml: '读取的表：{tables}。',
  showingRows: '显示 {total} 行中的 {shown} 行；CSV 包含全部数据行。',
  downloadRows: '下载数据行（CSV）',
  downloadCited: '下载所引用的源数据行（CSV）',
  dataLabel: '数据：',
  dataLineHtml: '{title}（表 {table}；{files}），{rows}。{publisher}，获取于 {date}。',
  rowRead: '读取 {n} 行',
  rowsRead: '读取 {n} 行',
  derivedHtml: '推导方式：{derivation}',
  rowSourcesHtml: '这些数据行的来源：{links}。',
  listSeparator: '、',
  and: ' 和 ',
  citations: '引用',
  figureTitle: '. {title}',
  claimMark: '论断 {n} 已用数据核对',
  claimMarkTitle: '已用数据核对',
  checkedClaim: '已核对的论断 {n}：',
  claimNumber: '论断 {n}',
  claimHoldsHtml: '构建时，{condition} 对查询 {query} 的{rows}成立；一旦数据不再支持它，构建即失败。',
  theRow: '那一行',
  allRows: '全部 {n} 行',
  dataAndMethods: '数据与方法',
  methodsIntro: '上文的每个数值、每张图和每个表都在构建本页时，由下列查询根据下列数据文件（附内容哈希）计算得出。单位从数据目录开始逐个查询追溯；若某个查询或图表混用了单位，或某个论断得不到数据支持，构建就会中止。',
  queries: '查询',
  checkedClaims: '已核对的论断',
  dataFiles: '数据文件',
  sources: '来源',
  claimLink: '论断 {n}',
  queryItemHtml: '{query}：{rows}，来自 {tables}{units}{uses}。{sql}',
  noTable: '无表',
  unitsHtml: '；单位 {units}',
  unitsSeparator: '；',
  usedInHtml: '；用于 {uses}',
  sqlInFigureHtml: '其 SQL 见{figure}的数据部分。',
  sqlOfQuery: '查询 {query} 的 SQL',
  fileItemHtml: '{file}（表 {table}），{hash}',
  atHtml: '，提交 {commit}',
  webPage: '{n} 个网页，逐行注明',
  webPages: '{n} 个网页，逐行注明',
  sourceItemHtml: '{title}（{table}）：{publisher}；{where}{retrieved}。{extraction}',
  sourceRetrievedHtml: '；获取于 {date}',
  checkItemHtml: '{claim}：查询 {query} 的 {condition}（{rows}）。',
};

const WORDS: Record<string, ReportWords> = { en: EN, zh: ZH };

/** The words of a report version in its language (`lang`, e.g. "zh" or "zh-Hans"); English for any other. */
export function reportWords(lang?: string): ReportWords {
  return WORDS[(lang ?? 'en').split('-')[0]!] ?? EN;
}

/** Every language's table, for tests: each has exactly the English keys. */
export const WORD_TABLES: Readonly<Record<string, ReportWords>> = WORDS;

/** A template with its `{name}` places filled (values are inserted as given: escape them first for HTML). */
export function fill(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** "1 row" / "2 rows", "1 result" / "2 results": the template for one or for many, filled with n. */
export function count<W extends Readonly<Record<string, string>>>(words: W, one: keyof W, many: keyof W, n: number, text = String(n)): string {
  return fill((n === 1 ? words[one] : words[many])!, { n: text });
}

/** "a", "a and b", "a, b and c" ("a、b 和 c" in Chinese). */
export function listText(words: ReportWords, values: string[]): string {
  return values.length <= 2 ? values.join(words.and) : `${values.slice(0, -1).join(words.listSeparator)}${words.and}${values.at(-1)}`;
}

/** "Figure 2" / "Table 1", or "图 2" / "表 1" in Chinese. */
export function figureNumber(kind: 'chart' | 'table', n: number, lang?: string): string {
  const words = reportWords(lang);
  return fill(kind === 'chart' ? words.figure : words.table, { n });
}
