// The sites the bench (scripts/bench.ts) builds, each in a temporary folder of its own with the one-article edit it
// is measured with: the shipped site (content/ and data/), N reports × M charts over the real MLPerf Inference
// table, and N × M over a synthetic table (made-up numbers, never published).
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import YAML from 'yaml';
import { ROOT, type Site } from './bench-build.ts';

/** A site and the edit of one sentence of one article's prose that its one-article-edit build measures. */
export interface BenchSite extends Site {
  edit: () => void;
}

/** The charts of a site's articles: its ```plot blocks, in every version (data pages' charts are not counted). */
export function articleCharts(content: string): number {
  const files = readdirSync(join(content, 'reports'), { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.md'));
  return files.reduce((n, name) => n + (readFileSync(join(content, 'reports', name), 'utf8').match(/^[ \t]*```plot\b/gm) ?? []).length, 0);
}

/** Replaces one sentence of an article, refusing to measure an "edit" that changed nothing. */
function editSentence(file: string, sentence: string, edited: string): () => void {
  return () => {
    const text = readFileSync(file, 'utf8');
    if (!text.includes(sentence)) throw new Error(`bench: "${sentence}" is not in ${file}: the one-article edit would change nothing`);
    writeFileSync(file, text.replace(sentence, edited));
  };
}

/**
 * The shipped site: a copy of content/ (the one-article edit must never touch the real one), with the real data/
 * (read, never copied or written).
 */
export function shippedSite(work: string): BenchSite {
  const content = join(work, 'content');
  cpSync(join(ROOT, 'content'), content, { recursive: true });
  const article = join(content, 'reports', 'mlperf-inference-per-accelerator', 'v3.md');
  return {
    work,
    content,
    data: join(ROOT, 'data'),
    edit: editSentence(article, "Each MLPerf Inference result is a whole system's throughput.", 'Each MLPerf Inference result is the throughput of a whole system.'),
  };
}

/** One chart's filter over the real table: a benchmark, round, scenario and the one unit its results are in. */
interface RealCombination {
  model: string;
  round: string;
  scenario: string;
  unit: string;
}

/**
 * Every (model, round, scenario, unit) of the real mlperf_inference table with at least one closed-division,
 * available result of a known accelerator count, Offline or Server: each chart over one of them has rows, one
 * round, division and category (so no `compare:` reason), and one unit.
 */
function realCombinations(dataDir: string): RealCombination[] {
  const catalog = YAML.parse(readFileSync(join(dataDir, 'catalog.yaml'), 'utf8')) as { tables: Record<string, { file?: string; files?: string[] }> };
  const table = catalog.tables.mlperf_inference;
  if (!table) throw new Error(`bench: ${dataDir}/catalog.yaml has no mlperf_inference table`);
  const seen = new Map<string, RealCombination>();
  for (const file of table.files ?? [table.file!]) {
    const rows = parseCsv(readFileSync(join(dataDir, file), 'utf8'), { columns: true }) as Record<string, string>[];
    for (const { model, round, scenario, unit, division, availability, total_accelerators } of rows) {
      if (division !== 'closed' || availability !== 'available' || !(Number(total_accelerators) > 0)) continue;
      if (scenario !== 'Offline' && scenario !== 'Server') continue;
      seen.set([model, round, scenario, unit].join('\t'), { model: model!, round: round!, scenario: scenario!, unit: unit! });
    }
  }
  return [...seen.keys()].sort().map((key) => seen.get(key)!);
}

/**
 * N reports × M bar charts over the real mlperf_inference table, with the project's real data folder (so its data
 * pages, accelerators, models and the matrix, are built too). Chart c of report r reads the (r − 1) × M + c-th of
 * the table's real combinations (cycling, with one more bar each pass), and its query names the report and chart in
 * a comment: every query is its own, none answered from another's result.
 */
export function realDataSite(work: string, reports: number, charts: number): BenchSite {
  const content = join(work, 'content');
  const data = join(ROOT, 'data');
  const combinations = realCombinations(data);
  for (let r = 1; r <= reports; r++) {
    const blocks: string[] = [];
    for (let c = 1; c <= charts; c++) {
      const chart = (r - 1) * charts + c - 1;
      const { model, round, scenario, unit } = combinations[chart % combinations.length]!;
      // Each pass over the combinations shows one more bar: the comment alone would leave queries that differ only
      // in it, whose unit probes (made from DuckDB's parse tree, which has no comments) are one and the same.
      const limit = 12 + Math.floor(chart / combinations.length);
      blocks.push(`## Chart ${c}

\`\`\`sql q${c}
-- report ${r}, chart ${c}
SELECT accelerator, max(result / total_accelerators) AS per_accel
FROM mlperf_inference
WHERE division = 'closed' AND availability = 'available' AND total_accelerators > 0
  AND model = '${model}' AND round = '${round}' AND scenario = '${scenario}' AND unit = '${unit}'
GROUP BY accelerator
ORDER BY per_accel DESC, accelerator
LIMIT ${limit}
\`\`\`

\`\`\`plot q${c}
title: "Report ${r}: ${model}, ${round}, ${scenario}, best ${unit} per accelerator"
marginLeft: 330
marks:
  - barX: { y: accelerator, x: per_accel, sort: { y: "-x" } }
  - ruleX: [0]
\`\`\``);
    }
    writeArticle(content, `b${String(r).padStart(4, '0')}`, `Bench report ${r} (real data)`, `Bench report ${r} (real data).`, proseOfReal(r, charts), blocks);
  }
  const prose = proseOfReal(1, charts);
  return { work, content, data, edit: editSentence(join(content, 'reports', 'b0001', 'v1.md'), prose, prose.replace('Report 1 draws', 'Report 1, edited, draws')) };
}

function proseOfReal(report: number, charts: number): string {
  return `Report ${report} draws ${charts} charts over the real MLPerf Inference results.`;
}

function writeArticle(content: string, slug: string, title: string, summary: string, prose: string, blocks: string[]): void {
  mkdirSync(join(content, 'reports', slug), { recursive: true });
  writeFileSync(
    join(content, 'reports', slug, 'v1.md'),
    `---\ntitle: "${title}"\nversion: 1\npublished: 2026-11-23\nsummary: ${summary}\nauthors: [bench]\n---\n\n${prose}\n\n${blocks.join('\n\n')}\n`,
  );
}

/** The synthetic site: a results table with the MLPerf columns (made-up numbers), and N reports of M charts each. */
export function syntheticSite(work: string, reports: number, charts: number): BenchSite {
  const content = join(work, 'content');
  const data = join(work, 'data');
  writeSyntheticSite(content, data, reports, charts);
  // As the bench always did: the first 'Synthetic report 1.' is the front matter's summary (kept, so that the
  // synthetic numbers stay comparable with earlier ones).
  return { work, content, data, edit: editSentence(join(content, 'reports', 'r0001', 'v1.md'), 'Synthetic report 1.', 'Synthetic report 1, edited.') };
}

function writeSyntheticSite(content: string, data: string, REPORTS: number, CHARTS: number) {
  mkdirSync(join(data), { recursive: true });
  const accelerators = Array.from({ length: 24 }, (_, i) => `Synthetic Accelerator ${String.fromCharCode(65 + i)}`);
  const models = ['model-a', 'model-b', 'model-c', 'model-d', 'model-e'];
  const rounds = ['r1', 'r2', 'r3', 'r4'];
  // One source repository and commit per round, as in MLCommons' results.
  const lines = ['round,division,availability,submitter,system_id,accelerator,total_accelerators,model,scenario,result,unit,source_repo,source_commit'];
  let n = 0;
  for (const round of rounds) for (const model of models) for (const accelerator of accelerators) for (const scenario of ['Offline', 'Server']) {
    n++;
    // Deterministic made-up numbers for timing only; the catalog says so.
    lines.push(`${round},closed,available,Submitter ${n % 7},sys-${n},${accelerator},${1 + (n % 8)},${model},${scenario},${(1000 + ((n * 7919) % 9000)) / 10},tokens/s,bench/synthetic_results_${round},synthetic-commit-${round}`);
  }
  writeFileSync(join(data, 'results.csv'), `${lines.join('\n')}\n`);
  writeFileSync(
    join(data, 'catalog.yaml'),
    `tables:
  results:
    file: results.csv
    title: Synthetic benchmark results (bench only)
    description: Generated by scripts/bench.ts for timing builds; not real results.
    source: { publisher: Benchwright bench (synthetic), retrieved: 2026-11-23 }
    extraction: Generated with a fixed formula; every number is made up and is never published.
    mlperf:
      suite: Synthetic Suite
      verified: false
      columns: { round: round, division: division, category: availability, benchmark: model, scenario: scenario, location: system_id, accelerators: total_accelerators, repo: source_repo, commit: source_commit }
    columns:
      round: { type: VARCHAR, description: round }
      division: { type: VARCHAR, description: division }
      availability: { type: VARCHAR, description: availability }
      submitter: { type: VARCHAR, description: submitter }
      system_id: { type: VARCHAR, description: system }
      accelerator: { type: VARCHAR, description: accelerator }
      total_accelerators: { type: INTEGER, description: accelerators, unit: accelerator }
      model: { type: VARCHAR, description: model }
      scenario: { type: VARCHAR, description: scenario }
      result: { type: DOUBLE, description: result, unit_column: unit }
      unit: { type: VARCHAR, description: unit }
      source_repo: { type: VARCHAR, description: repository of the round's results }
      source_commit: { type: VARCHAR, description: commit of the round's results }
`,
  );
  for (let r = 1; r <= REPORTS; r++) {
    const blocks: string[] = [];
    for (let c = 1; c <= CHARTS; c++) {
      const model = models[(r + c) % models.length];
      const round = rounds[(r * c) % rounds.length];
      const scenario = c % 2 ? 'Offline' : 'Server';
      // Every query and chart is its own (a comment and the title name them), as in a real site: none is
      // answered from another's result.
      blocks.push(`## Chart ${c}\n\n\`\`\`sql q${c}\n-- report ${r}, chart ${c}\nSELECT accelerator, max(result / total_accelerators) AS per_accel\nFROM results\nWHERE model = '${model}' AND round = '${round}' AND scenario = '${scenario}'\nGROUP BY accelerator\nORDER BY per_accel DESC, accelerator\nLIMIT 12\n\`\`\`\n\n\`\`\`plot q${c}\ntitle: Report ${r}, ${model} ${round} ${scenario}\nmarginLeft: 170\nmarks:\n  - barX: { y: accelerator, x: per_accel, sort: { y: "-x" } }\n  - ruleX: [0]\n\`\`\``);
    }
    writeArticle(content, `r${String(r).padStart(4, '0')}`, `Synthetic report ${r}`, `Synthetic report ${r}.`, `Synthetic report ${r}.`, blocks);
  }
}
