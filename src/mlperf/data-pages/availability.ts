/** Whether a data folder can have data pages: the tables and columns the pages read, checked in the catalog. */
import type { Catalog } from '../../core/data/catalog.ts';

/** Tables and columns the pages read; a data folder without them (e.g. a small test fixture) gets no data pages. */
const REQUIRED: Record<string, string[]> = {
  mlperf_inference: ['round', 'division', 'availability', 'model', 'scenario', 'unit', 'result', 'accelerator', 'accelerator_id', 'total_accelerators', 'result_location'],
  accelerator_names: ['name', 'accelerator_id', 'spec_name', 'note'],
  accelerators: ['accelerator', 'vendor', 'memory_bw_tbs', 'notes'],
  mlperf_inference_derived: ['result_per_accelerator', 'accelerator_id', 'submitter', 'system_name'],
};

/** Why the catalog cannot have data pages (the tables or columns it lacks), or undefined when it can. */
export function dataPagesUnavailable(catalog: Catalog): string | undefined {
  const missing: string[] = [];
  for (const [name, columns] of Object.entries(REQUIRED)) {
    const table = catalog.tables.find((t) => t.name === name);
    if (!table) missing.push(`table ${name}`);
    else for (const c of columns) if (!table.columns.some((col) => col.name === c)) missing.push(`column ${name}.${c}`);
  }
  return missing.length ? `the data catalog has no ${missing.join(', ')}` : undefined;
}

/**
 * The tables the pages need that the catalog does not have at all, if any: known from the catalog alone, before
 * DuckDB starts (a view's columns are known only once it is created, so columns are checked after).
 */
export function dataPagesMissingTables(catalog: Catalog): string | undefined {
  const missing = Object.keys(REQUIRED).filter((name) => !catalog.tables.some((t) => t.name === name));
  return missing.length ? `the data catalog has no ${missing.map((name) => `table ${name}`).join(', ')}` : undefined;
}
