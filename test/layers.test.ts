/**
 * The layers of src/, as folders: core ← publish ← astro, with MLPerf content beside them. A file may import
 * only from its own layer and the layers below it; the core knows neither Astro nor MLPerf; no import cycles.
 * The checks run on a copy with wrong-way imports, a cycle and MLPerf in core code planted, to show they can fail.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.ts';
import { importCycles, layerViolations, mlperfInCore } from './layer-rules.ts';

describe('the layers of src/', () => {
  it('no file imports against the direction core ← publish ← astro, or MLPerf content into core or publish', () => {
    expect(layerViolations(ROOT)).toEqual([]);
  });

  it('the core names no MLPerf specifics (MLPerf content is plugged in through the catalog)', () => {
    expect(mlperfInCore(ROOT)).toEqual([]);
  });

  it('no module imports itself through others', () => {
    expect(importCycles(ROOT)).toEqual([]);
  });

  it('planted wrong-way imports, a cycle and MLPerf in core code fail the checks, naming the file, the line and the layers', () => {
    const copy = mkdtempSync(join(ROOT, '.tmp', 'bw-layers-'));
    try {
      cpSync(join(ROOT, 'src'), join(copy, 'src'), { recursive: true });
      const file = join(copy, 'src/core/charts/chart.ts');
      writeFileSync(file, `import { pageWeights } from '../../publish/page-weight.ts';\n${readFileSync(file, 'utf8')}`);
      const astro = join(copy, 'src/core/sql/sql-names.ts');
      writeFileSync(astro, `import { glob } from 'astro/loaders';\n${readFileSync(astro, 'utf8')}`);
      const mlperf = join(copy, 'src/publish/page-weight.ts');
      writeFileSync(mlperf, `import { importSummary } from '../mlperf/import/summary-import.ts';\n${readFileSync(mlperf, 'utf8')}`);
      expect(layerViolations(copy)).toEqual([
        "src/core/charts/chart.ts:1: core imports publish (../../publish/page-weight.ts): core may import only core",
        "src/core/sql/sql-names.ts:1: core imports the package astro/loaders: only src/astro and the Astro files (pages, components, layouts) may use Astro",
        "src/publish/page-weight.ts:1: publish imports mlperf (../mlperf/import/summary-import.ts): publish may import only core, publish",
      ]);
      // A cycle (hash.ts ← errors.ts is planted the other way) and MLPerf named in core code.
      const hash = join(copy, 'src/core/hash.ts');
      writeFileSync(hash, `import { BuildError } from './errors.ts';\nexport const unused = BuildError;\n${readFileSync(hash, 'utf8')}`);
      const errors = join(copy, 'src/core/errors.ts');
      writeFileSync(errors, `import { hashParts } from './hash.ts';\nexport const cite = () => hashParts('MLPerf'); // MLPerf in a comment is fine\n${readFileSync(errors, 'utf8')}`);
      expect(importCycles(copy)).toEqual(['src/core/errors.ts → src/core/hash.ts → src/core/errors.ts']);
      expect(mlperfInCore(copy)).toEqual(['src/core/errors.ts:2']);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
