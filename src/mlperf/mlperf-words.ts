/**
 * The words MLPerf content writes, in a report version's language (English for any language not listed): the
 * citation under a figure and its full list (mlperf-citation.ts), the introduction of the printed citations
 * appendix, MLCommons' trademark legend and the site footer's attribution. MLCommons' required wording is kept as
 * it is; in Chinese with the English in parentheses. The Chinese table has exactly the English table's keys.
 * Templates as in report-words.ts (`{name}` places; a key ending in `Html` writes HTML).
 */

const EN = {
  // The site footer's attribution (layouts/Base.astro).
  footerHtml: "Built with Benchwright from MLCommons' published results. MLPerf is a trademark of MLCommons Association. ",
  // The MLPerf citation under a figure and in the appendix (mlperf-citation.ts).
  result: '{n} result',
  results: '{n} results',
  citeLabel: 'MLPerf results cited:',
  citeLine: '{suite} {rounds}, {divisions} {division}, {categories} {category}: {results}, retrieved {dates}. {verified}',
  division: 'division',
  divisions: 'divisions',
  category: 'category',
  categories: 'categories',
  verified: 'Verified by MLCommons Association.',
  notVerified: 'Result not verified by MLCommons Association.',
  whereWebHtml: 'Full list: <a href="#{id}">cited results</a>, below, and the cited-results CSV.',
  wherePrintHtml: 'Full list: <a href="#{id}">Citations</a>, at the end of this report, and the cited-results CSV on the web page.',
  spanRounds: 'versions {list}',
  spanDivisions: 'divisions {list}',
  spanCategories: 'categories {list}',
  spanScenarios: 'scenarios {list}',
  spanAccelerators: 'systems of {min} to {max} accelerators',
  spanSeparator: '; ',
  compares: 'Compares results of different {span}.',
  why: ' Why: {reason}',
  derivedMetric: '{column} ({unit}) is a metric derived by Benchwright from MLPerf results, not an official MLPerf result.',
  notesSeparator: ' ',
  citedResults: 'Cited results',
  citeGroup: '{suite} {round}, {division} division, {category} category',
  noIds: ' (no result IDs in the source data: each result is listed by its location in the cited-results CSV)',
  citeItem: '{head}: {results}{ids}{missing}.',
  scenariosAfter: ', {scenarios}',
  id: ', ID {ids}',
  ids: ', IDs {ids}',
  idRange: '{first} to {last}',
  withoutId: '; {n} without an ID in the source data (listed by location in the cited-results CSV)',
  retrievedNote: 'Retrieved {parts}.',
  retrievedPart: '{date} from {repositories}',
  retrievedPartSeparator: '; ',
  repositoryAtCommit: 'github.com/{repo} at commit {commit}{copy}',
  repositoryCopy: ' (a copy of github.com/{copy})',
  // MLCommons' trademark legend (end of "Data and methods" and of the citations appendix).
  trademark: 'The MLPerf name and logo are registered and unregistered trademarks of MLCommons Association in the United States and other countries. All rights reserved. Unauthorized use strictly prohibited. See www.mlcommons.org for more information.',
  // The printed report's citations appendix (citations-appendix.ts): its introduction, placed as it is (HTML).
  citationsIntro: 'The MLPerf results each figure and table cites, by figure. A run of consecutive result IDs is written once, from its first to its last ID (“4.1-0001 to 4.1-0012” is every ID between them); each result, with its location in MLCommons\' results repository, is a row of the figure\'s cited-results CSV.',
};

/** Every word MLPerf content writes; each language's table has exactly these keys. */
export type MlperfWords = Readonly<Record<keyof typeof EN, string>>;

const ZH: MlperfWords = {
  footerHtml: '由 Benchwright 根据 MLCommons 公布的结果生成。MLPerf 是 MLCommons Association 的商标。',
  result: '{n} 个结果',
  results: '{n} 个结果',
  citeLabel: '引用的 MLPerf 结果：',
  citeLine: '{suite} {rounds}，{divisions} {division}，{categories} {category}：{results}，获取于 {dates}。{verified}',
  division: '组',
  divisions: '组',
  category: '类别',
  categories: '类别',
  verified: '已经 MLCommons Association 验证。',
  notVerified: '结果未经 MLCommons Association 验证（Result not verified by MLCommons Association.）。',
  whereWebHtml: '完整列表：见下方<a href="#{id}">引用的结果</a>及引用结果 CSV。',
  wherePrintHtml: '完整列表：见本报告末尾的<a href="#{id}">引用</a>，以及网页上的引用结果 CSV。',
  spanRounds: '版本 {list}',
  spanDivisions: '组别 {list}',
  spanCategories: '类别 {list}',
  spanScenarios: '场景 {list}',
  spanAccelerators: '加速器数量从 {min} 到 {max} 的系统',
  spanSeparator: '；',
  compares: '比较了不同{span}的结果。',
  why: '理由：{reason}',
  derivedMetric: '{column}（{unit}）是 Benchwright 根据 MLPerf 结果推导出的指标，并非 MLPerf 官方结果。',
  notesSeparator: '',
  citedResults: '引用的结果',
  citeGroup: '{suite} {round}，{division} 组，{category} 类别',
  noIds: '（源数据中没有结果 ID：每个结果按其在引用结果 CSV 中的位置列出）',
  citeItem: '{head}：{results}{ids}{missing}。',
  scenariosAfter: '，{scenarios}',
  id: '，ID {ids}',
  ids: '，ID {ids}',
  idRange: '{first} 至 {last}',
  withoutId: '；其中 {n} 个在源数据中没有 ID（按位置列于引用结果 CSV）',
  retrievedNote: '获取于 {parts}。',
  retrievedPart: '{date}，来自 {repositories}',
  retrievedPartSeparator: '；',
  repositoryAtCommit: 'github.com/{repo}，提交 {commit}{copy}',
  repositoryCopy: '（github.com/{copy} 的副本）',
  trademark: 'MLPerf 名称和标志是 MLCommons Association 在美国和其他国家的注册及未注册商标。保留所有权利。严禁未经授权使用。详情请见 www.mlcommons.org。（The MLPerf name and logo are registered and unregistered trademarks of MLCommons Association in the United States and other countries. All rights reserved. Unauthorized use strictly prohibited. See www.mlcommons.org for more information.）',
  citationsIntro: '各图表引用的 MLPerf 结果，按图表列出。连续的结果 ID 只写一次，从第一个写到最后一个（“4.1-0001 至 4.1-0012”即两者之间的每个 ID）；每个结果及其在 MLCommons 结果仓库中的位置，都是该图引用结果 CSV 中的一行。',
};

const WORDS: Record<string, MlperfWords> = { en: EN, zh: ZH };

/** The words of a report version in its language (`lang`, e.g. "zh" or "zh-Hans"); English for any other. */
export function mlperfWords(lang?: string): MlperfWords {
  return WORDS[(lang ?? 'en').split('-')[0]!] ?? EN;
}

/** Every language's table, for tests: each has exactly the English keys. */
export const MLPERF_WORD_TABLES: Readonly<Record<string, MlperfWords>> = WORDS;
