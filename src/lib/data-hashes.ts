/**
 * Content hashes of the data, computed from the files alone (no DuckDB): per file, per table (its files in
 * order), and per view (its SQL and the tables it reads). They key caches and data pins.
 */
import { resolve } from 'node:path';
import type { Catalog } from './catalog.ts';
import { hashFile, hashParts } from './hash.ts';

export interface DataHashes {
  files: Map<string, string>;
  tables: Map<string, string>;
  /** The catalog file itself: types, units and views change what queries mean. */
  catalog: string;
}

export function dataHashes(catalog: Catalog): DataHashes {
  const files = new Map<string, string>();
  const tables = new Map<string, string>();
  for (const table of catalog.tables) {
    if (table.view) continue;
    for (const file of table.files) files.set(file, hashFile(resolve(catalog.dataDir, file)));
    tables.set(table.name, table.files.length === 1 ? files.get(table.files[0]!)! : `sha256:${hashParts(...table.files.flatMap((f) => [f, files.get(f)!]))}`);
  }
  for (const table of catalog.tables) {
    if (table.view) tables.set(table.name, `sha256:${hashParts(table.view.sql, ...table.view.reads.map((t) => tables.get(t)!))}`);
  }
  return { files, tables, catalog: hashFile(resolve(catalog.dataDir, 'catalog.yaml')) };
}
