/**
 * The content hashes of a catalog's data, from the files themselves: known before (and without) DuckDB, so a
 * build the cache answers never starts it.
 */
import { resolve } from 'node:path';
import type { Catalog } from '../data/catalog.ts';
import { hashFile, hashParts } from '../hash.ts';

export interface ContentHashes {
  /** Content hash (`sha256:…`) of each table's data, by table name (a view's: its SQL and the data it reads). */
  dataHashes: Map<string, string>;
  /** Content hash of each data file, by path relative to the data folder. */
  fileHashes: Map<string, string>;
  /** What a result reading a table depends on: its files and its catalog entry (column types, the view's SQL). */
  tableKeys: Map<string, string>;
  /** One hash of every table's key. */
  allDataHash: string;
}

export function contentHashes(catalog: Catalog): ContentHashes {
  const dataDir = resolve(catalog.dataDir);
  const dataHashes = new Map<string, string>();
  const fileHashes = new Map<string, string>();
  for (const table of catalog.tables) {
    if (table.view) continue;
    for (const file of table.files) fileHashes.set(file, hashFile(resolve(dataDir, file)));
    dataHashes.set(table.name, table.files.length === 1 ? fileHashes.get(table.files[0]!)! : `sha256:${hashParts(...table.files.flatMap((f) => [f, fileHashes.get(f)!]))}`);
  }
  for (const table of catalog.tables) {
    if (table.view) dataHashes.set(table.name, `sha256:${hashParts(table.view.sql, ...table.view.reads.map((t) => dataHashes.get(t)!))}`);
  }
  const tableKeys = new Map<string, string>();
  for (const t of catalog.tables) if (!t.view) tableKeys.set(t.name, hashParts(JSON.stringify(t), dataHashes.get(t.name)!));
  for (const t of catalog.tables) if (t.view) tableKeys.set(t.name, hashParts(JSON.stringify(t), ...t.view.reads.map((r) => tableKeys.get(r)!)));
  return { dataHashes, fileHashes, tableKeys, allDataHash: hashParts(...[...tableKeys.entries()].flat()) };
}
