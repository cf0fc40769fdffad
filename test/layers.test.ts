/**
 * The layers of src/, as folders: core ← publish ← astro, with MLPerf content beside them. A file may import
 * only from its own layer and the layers below it; the core knows neither Astro nor MLPerf; no import cycles.
 * The checks run on a copy with a wrong-way import planted, to show they can fail.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.ts';
import { importCycles, layerViolations, mlperfInCore } from './layer-rules.ts';

describe('the layers of src/', () => {
  it('no file imports against the direction core ← publish ← astro, or MLPerf content into core or publish', () => {
    expect(layerViolations(ROOT).map(withoutLine)).toEqual(KNOWN_LAYER_VIOLATIONS);
  });

  it('the core names no MLPerf specifics (MLPerf content is plugged in through the catalog)', () => {
    expect([...new Set(mlperfInCore(ROOT).map((l) => l.replace(/:\d+$/, '')))]).toEqual(KNOWN_MLPERF_IN_CORE);
  });

  it('no module imports itself through others', () => {
    expect(importCycles(ROOT)).toEqual(KNOWN_CYCLES);
  });

  it('a planted wrong-way import fails the check, naming the file, the line and the layers', () => {
    const copy = mkdtempSync(join(ROOT, '.tmp', 'bw-layers-'));
    try {
      cpSync(join(ROOT, 'src'), join(copy, 'src'), { recursive: true });
      const file = join(copy, 'src/core/charts/chart.ts');
      writeFileSync(file, `import { pageWeights } from '../../publish/page-weight.ts';\n${readFileSync(file, 'utf8')}`);
      const astro = join(copy, 'src/core/sql/sql-names.ts');
      writeFileSync(astro, `import { glob } from 'astro/loaders';\n${readFileSync(astro, 'utf8')}`);
      const mlperf = join(copy, 'src/publish/page-weight.ts');
      writeFileSync(mlperf, `import { importRound } from '../mlperf/mlperf-import.ts';\n${readFileSync(mlperf, 'utf8')}`);
      expect(layerViolations(copy).filter((v) => !KNOWN_LAYER_VIOLATIONS.includes(withoutLine(v)))).toEqual([
        "src/core/charts/chart.ts:1: core imports publish (../../publish/page-weight.ts): core may import only core",
        "src/core/sql/sql-names.ts:1: core imports the package astro/loaders: only src/astro and the Astro files (pages, components, layouts) may use Astro",
        "src/publish/page-weight.ts:1: publish imports mlperf (../mlperf/mlperf-import.ts): publish may import only core, publish",
      ]);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

// Left for the architecture work of issue #16 to remove; each entry is one place to fix, and the list only shrinks.
const KNOWN_LAYER_VIOLATIONS: string[] = [
  'src/core/render/figure-sources.ts: core imports mlperf (../../mlperf/mlperf-citation.ts): core may import only core',
  'src/core/render/provenance.ts: core imports mlperf (../../mlperf/mlperf-categories.ts): core may import only core',
  'src/core/sql/query-engine.ts: core imports mlperf (../../mlperf/mlperf-categories.ts): core may import only core',
];
const KNOWN_MLPERF_IN_CORE: string[] = [
  'src/core/data/catalog.ts',
  'src/core/render/figure-sources.ts',
  'src/core/render/methods.ts',
  'src/core/render/provenance.ts',
  'src/core/render/remark-benchwright.ts',
  'src/core/render/report-words.ts',
  'src/core/sql/query-engine.ts',
  'src/core/versions/report-files.ts',
];
const KNOWN_CYCLES: string[] = [
  'src/core/render/methods.ts → src/core/render/remark-benchwright.ts → src/core/render/methods.ts',
  'src/core/sql/query-engine.ts → src/core/units/query-units.ts → src/core/sql/query-engine.ts',
];
const withoutLine = (v: string) => v.replace(/^([^:]+):\d+:/, '$1:');
