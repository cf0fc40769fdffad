/**
 * The core knows only that a table may declare a citation formatter in the catalog: MLPerf's is content given by
 * whoever opens the project (src/mlperf/content.ts). A catalog that declares one the build was not given is refused,
 * naming the file and the key; a formatter of another kind is cited under figures the same way.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadCatalog, withCitation, type CatalogTable } from '../src/core/data/catalog.ts';
import type { CitationFormatter } from '../src/core/data/citation-formatter.ts';
import { DataError } from '../src/core/errors.ts';
import { figureSources } from '../src/core/render/figure-sources.ts';
import { renderCitationsAppendix } from '../src/core/render/citations-appendix.ts';
import { mlperfContent } from '../src/mlperf/content.ts';

/** A data folder of one table of runs, its catalog entry declaring `declared:` with `entry`. */
function dataDir(declared: string, entry: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'bw-formatter-'));
  writeFileSync(join(dir, 'runs.csv'), 'round,division,status,benchmark,path,n,repo,commit,minutes\nv5.1,closed,available,bert,a/,8,r,c,1\n');
  const columns = ['round', 'division', 'status', 'benchmark', 'path', 'repo', 'commit'].map((c) => `      ${c}: { type: VARCHAR, description: ${c} }`);
  writeFileSync(
    join(dir, 'catalog.yaml'),
    ['tables:', '  runs:', '    file: runs.csv', '    title: t', '    description: d', '    extraction: e', '    source: { publisher: p, retrieved: 2026-01-01 }', `    ${declared}:`, entry, '    columns:', ...columns, '      n: { type: INTEGER, description: n }', '      minutes: { type: DOUBLE, description: m, unit: min }', ''].join('\n'),
  );
  return dir;
}

const MLPERF_ENTRY = [
  '      suite: MLPerf Training',
  '      verified: false',
  '      columns: { round: round, division: division, category: status, benchmark: benchmark, location: path, accelerators: n, repo: repo, commit: commit }',
].join('\n');

/** A formatter that is not MLPerf's: it cites the rounds its rows come from and refuses more than one. */
const toy: CitationFormatter<{ label: string }> = {
  key: 'toy',
  schema: z.object({ label: z.string() }).strict(),
  columns: () => ['round'],
  cite: (_table, config, rows, context) => {
    const rounds = [...new Set(rows.map((r) => String(r.round)))];
    return { html: `<p class="toy">${config.label}: ${rounds.join(', ')}</p>`, appendix: `<p>${context.appendixId}</p>`, incomparable: rounds.length > 1 && !context.compareReason ? [`rounds ${rounds.join(' and ')}`] : [] };
  },
  refusal: (found) => ({ message: `toy refuses ${found.join('; ')}`, hint: 'say why' }),
  notes: () => ({ legend: 'Toy legend.', appendixIntroHtml: 'Toy <em>intro</em>.' }),
};

describe('citation formatters, declared in the catalog and given by whoever opens the project', () => {
  it('reads a table that declares mlperf: when MLPerf content is given, and refuses it, naming the file and the key, when not', () => {
    const dir = dataDir('mlperf', MLPERF_ENTRY);
    const table = loadCatalog(dir, mlperfContent).tables.find((t) => t.name === 'runs')!;
    expect(table.citation).toEqual({ formatter: 'mlperf', config: expect.objectContaining({ suite: 'MLPerf Training', verified: false }) });
    expect(() => loadCatalog(dir)).toThrow(DataError);
    expect(() => loadCatalog(dir)).toThrow(`${join(dir, 'catalog.yaml')}: runs.mlperf: the table declares "mlperf", which is neither one of its fields nor a citation formatter this build was given (none was given)`);
    expect(() => loadCatalog(dir, [toy])).toThrow('(given: toy)');
  });

  it('checks an entry against its formatter: its schema, and the columns it names', () => {
    expect(() => loadCatalog(dataDir('mlperf', MLPERF_ENTRY.replace('verified: false', 'verified: maybe')), mlperfContent)).toThrow(/tables\.runs\.mlperf\.verified/);
    expect(() => loadCatalog(dataDir('mlperf', MLPERF_ENTRY.replace('location: path', 'location: where')), mlperfContent)).toThrow('runs.mlperf.columns.location names "where", which the table does not have');
  });

  it('places a formatter of another kind under the figure, in the appendix and its refusal, as it writes them', () => {
    const catalog = loadCatalog(dataDir('toy', '      label: Toy runs'), [toy]);
    const rows = [{ round: 'v5.1' }, { round: 'v6.0' }];
    const options = { units: { columns: {} }, shownColumns: [], figureId: 'figure-1' } as unknown as Parameters<typeof figureSources>[2];
    const sources = figureSources(catalog, [{ table: 'runs', rows, files: ['runs.csv'] }], options);
    expect(sources.html).toContain('<p class="toy">Toy runs: v5.1, v6.0</p>');
    expect(sources.refusal).toEqual({ message: 'toy refuses rounds v5.1 and v6.0', hint: 'say why' });
    expect(figureSources(catalog, [{ table: 'runs', rows, files: ['runs.csv'] }], { ...options, compareReason: 'why' }).refusal).toBeUndefined();
    const appendix = renderCitationsAppendix([{ id: 'figure-1', number: 'Figure 1', list: sources.appendix! }]);
    expect(appendix).toContain('<p>Toy <em>intro</em>.</p><section class="bw-cite-figure" id="figure-1-cited"><h3><a href="#figure-1">Figure 1</a></h3><p>figure-1-cited</p></section><p class="bw-trademark">Toy legend.</p>');
  });

  it('reads frozen results written before `citation`: the formatter\'s entry under its own key', () => {
    const old = { name: 'runs', mlperf: { suite: 'S' } } as unknown as CatalogTable;
    expect(withCitation(old, mlperfContent)).toEqual({ name: 'runs', citation: { formatter: 'mlperf', config: { suite: 'S' } } });
    const plain = { name: 'plain' } as unknown as CatalogTable;
    expect(withCitation(plain, mlperfContent)).toBe(plain);
  });
});
