/**
 * Tables wider than the paper, printed by the real Chromium from a real Astro build over the fixture data: a table
 * that fits no portrait page moves to a landscape page with every cell; one that fits no page at all is an error
 * naming it (its PDF is not written); and without the fitting step the same table loses cells, which the
 * table-versus-PDF check catches.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../src/publish/pdf/browser.ts';
import { exportPdfs, TableTooWideError } from '../src/publish/pdf/pdf.ts';
import { serveStatic } from '../src/publish/pdf/static-server.ts';
import { ROOT } from './helpers.ts';
import { missingFromPdf, pdfRawText, printedFigures } from './pdf-figure-text.ts';
import { astroBuild, type BuildResult } from './site.ts';

const FRONT = (title: string) => `---
title: "${title}"
version: 1
published: 2025-09-10
summary: Wide tables over the test fixture data.
tags: [fixture]
authors: [Benchwright tests]
---
`;

/** One row per system: who, what, how many, and its Offline and Server results whole and per accelerator. */
const WIDE = `${FRONT('Fixture: a wide table')}
## Systems

\`\`\`sql systems
SELECT system_id, submitter, system_name, accelerator, nodes, accelerators_per_node, total_accelerators, round, unit,
  max(result) FILTER (WHERE scenario = 'Offline') AS offline,
  max(result) FILTER (WHERE scenario = 'Server') AS server,
  max(result / total_accelerators) FILTER (WHERE scenario = 'Offline') AS offline_per_accel,
  max(result / total_accelerators) FILTER (WHERE scenario = 'Server') AS server_per_accel,
  any_value(software) AS software
FROM mlperf_inference
WHERE model = 'llama2-70b-99' AND unit = 'tokens/s'
GROUP BY ALL
ORDER BY round, system_id
\`\`\`

\`\`\`table systems
title: Every Llama 2 70B system of the fixture
columns:
  system_id: System ID
  submitter: Submitter
  system_name: System
  accelerator: Accelerator
  nodes: Nodes
  accelerators_per_node: Per node
  total_accelerators: Accel.
  round: Round
  unit: Unit
  offline: { label: Offline, format: ",.1f" }
  server: { label: Server, format: ",.1f" }
  offline_per_accel: { label: Offline per accel., format: ",.1f" }
  server_per_accel: { label: Server per accel., format: ",.1f" }
  software: Software
\`\`\`
`;

const STATS = ['max', 'median', 'min', 'avg', 'count', 'sum'] as const;
const CELLS = ['v4.1', 'v5.1'].flatMap((round) => ['Offline', 'Server'].map((scenario) => ({ round, scenario })));
/** Six statistics of four round-and-scenario cells, and of their per-accelerator figures: 48 numbers a row. */
const TOO_WIDE = `${FRONT('Fixture: a table too wide for any paper')}
## Statistics

\`\`\`sql stats
SELECT accelerator,
${CELLS.flatMap(({ round, scenario }) =>
  STATS.flatMap((stat) => [
    `  ${stat}(result) FILTER (WHERE round = '${round}' AND scenario = '${scenario}') AS ${stat}_${round.replace('.', '')}_${scenario.toLowerCase()}`,
    `  ${stat}(result / total_accelerators) FILTER (WHERE round = '${round}' AND scenario = '${scenario}') AS ${stat}_pa_${round.replace('.', '')}_${scenario.toLowerCase()}`,
  ]),
).join(',\n')}
FROM mlperf_inference
WHERE model = 'llama2-70b-99' AND unit = 'tokens/s'
GROUP BY accelerator
ORDER BY accelerator
\`\`\`

\`\`\`table stats
title: Every statistic at once
\`\`\`
`;

let site: BuildResult;
let error: unknown;
beforeAll(async () => {
  const content = mkdtempSync(join(ROOT, '.tmp', 'bw-wide-content-'));
  for (const [slug, text] of [['wide-table', WIDE], ['too-wide-table', TOO_WIDE]] as const) {
    mkdirSync(join(content, 'reports', slug), { recursive: true });
    writeFileSync(join(content, 'reports', slug, 'v1.md'), text);
  }
  site = astroBuild({ content, data: 'test/fixtures/data', env: { BENCHWRIGHT_PUBLISH: '1', BENCHWRIGHT_PAGE_BUDGET: ':500000' } });
  expect(site.code, site.output).toBe(0);
  error = await exportPdfs({ siteDir: site.outDir, siteUrl: 'https://reports.example.org' }).then(() => undefined, (e: unknown) => e);
}, 240_000);

const pageSizes = (file: string) =>
  [...execFileSync('pdfinfo', ['-f', '1', '-l', '999', file], { encoding: 'utf8' }).matchAll(/^Page +\d+ size: +([\d.]+) x ([\d.]+)/gm)].map(([, w, h]) =>
    Number(w) > Number(h) ? 'landscape' : 'portrait',
  );

describe('a table wider than a portrait page', () => {
  it('is printed on a landscape page, every cell of it, on A4 and Letter', () => {
    const html = readFileSync(join(site.outDir, 'reports/wide-table/v1/index.html'), 'utf8');
    const figures = printedFigures(html);
    expect(figures.filter((f) => f.kind === 'table').map((f) => f.parts.length)).toEqual([expect.any(Number)]);
    expect(figures[0]!.parts.length).toBeGreaterThan(10);
    for (const file of ['wide-table-v1.pdf', 'wide-table-v1-letter.pdf']) {
      const pdf = join(site.outDir, 'pdf', file);
      const sizes = pageSizes(pdf);
      expect(sizes, file).toContain('landscape');
      expect(sizes[0], `${file}: the cover stays portrait`).toBe('portrait');
      expect(missingFromPdf(figures, pdfRawText(pdf)), file).toEqual([]);
    }
  });

  it('without the fitting step loses cells at the page edge, and the table-versus-PDF check says which', async () => {
    const served = await serveStatic(site.outDir, '/');
    const browser = await launchBrowser();
    try {
      const tab = await browser.context.newPage();
      await tab.goto(`${served.url}reports/wide-table/v1/`);
      await tab.emulateMedia({ media: 'print' });
      const file = join(site.outDir, 'unfitted.pdf');
      writeFileSync(file, await tab.pdf({ format: 'A4', margin: { top: '16mm', bottom: '18mm', left: '14mm', right: '14mm' } }));
      const missing = missingFromPdf(printedFigures(readFileSync(join(site.outDir, 'reports/wide-table/v1/index.html'), 'utf8')), pdfRawText(file));
      expect(missing.length).toBeGreaterThan(5);
      expect(missing[0]!.figure).toContain('Every Llama 2 70B system of the fixture');
    } finally {
      await browser.close();
      await served.close();
    }
  }, 60_000);
});

describe('a table too wide for any page', () => {
  it('is an error naming the page, the paper and the table, with what to do; its PDF is not written', () => {
    expect(error).toBeInstanceOf(TableTooWideError);
    const message = (error as Error).message;
    expect(message).toContain('reports/too-wide-table/v1/ (A4): #table-1 "Table 1. Every statistic at once"');
    expect(message).toContain('reports/too-wide-table/v1/ (Letter)');
    expect(message).toContain('what to do: show fewer columns');
    expect(message).not.toContain('wide-table/v1/ (A4): #table-1 "Table 1. Every Llama');
    expect(() => readFileSync(join(site.outDir, 'pdf/too-wide-table-v1.pdf'))).toThrow(/ENOENT/);
  });
});
