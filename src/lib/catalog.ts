/**
 * The data catalog (`data/catalog.yaml`): every file in `data/`, and for each table its source,
 * extraction method, columns, types and units. The build registers exactly these tables; a file in
 * `data/` that the catalog does not list is an error, so nothing is queried without provenance.
 */
import { lstatSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { DataError } from './errors.ts';

const DUCKDB_TYPES = ['VARCHAR', 'DOUBLE', 'INTEGER', 'BIGINT', 'BOOLEAN', 'DATE'] as const;

const columnSchema = z
  .object({
    type: z.enum(DUCKDB_TYPES),
    description: z.string().min(1),
    unit: z.string().min(1).optional(),
    unit_column: z.string().min(1).optional(),
  })
  .strict()
  .refine((c) => !(c.unit && c.unit_column), { message: 'give either unit or unit_column, not both' });

const repositorySchema = z.looseObject({
  repo: z.string(),
  commit: z.string().optional(),
  path: z.string().optional(),
  rounds: z.array(z.string()).optional(),
});

const sourceSchema = z.looseObject({
  publisher: z.string().min(1),
  repositories: z.array(repositorySchema).optional(),
  urls: z.array(z.string()).optional(),
  retrieved: z.union([z.string(), z.date()]).transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d)),
  row_provenance: z.array(z.string()).optional(),
});

/**
 * For tables of MLPerf results: the suite, and which columns hold what MLCommons' messaging guidelines
 * ask a citation to name. Figures over such a table get a generated MLPerf footnote.
 */
const mlperfSchema = z
  .object({
    suite: z.string().min(1),
    /** Whether MLCommons reviewed these results (the guidelines' "verified"). */
    verified: z.boolean(),
    columns: z
      .object({
        round: z.string(),
        division: z.string(),
        category: z.string(),
        benchmark: z.string(),
        scenario: z.string().optional(),
        result_id: z.string().optional(),
        location: z.string(),
        accelerators: z.string(),
        submitter: z.string().optional(),
        system: z.string().optional(),
        repo: z.string(),
        commit: z.string(),
      })
      .strict(),
  })
  .strict();

const tableSchema = z
  .object({
    /** One file, or `files`: several files of the same columns (e.g. one per MLPerf round). */
    file: z.string().min(1).optional(),
    files: z.array(z.string().min(1)).min(1).optional(),
    title: z.string().min(1),
    description: z.string().min(1),
    source: sourceSchema,
    extraction: z.string().min(1),
    caveats: z.array(z.string()).default([]),
    /**
     * For tables of MLPerf results: the suite, and which columns hold what MLCommons' messaging guidelines
     * ask a citation to name. Figures over such a table get a generated MLPerf footnote.
     */
    mlperf: mlperfSchema.optional(),
    columns: z.record(z.string(), columnSchema),
  })
  .strict()
  .refine((t) => (t.file === undefined) !== (t.files === undefined), { message: 'give either file or files' });

const fileEntrySchema = z.looseObject({ file: z.string().min(1), description: z.string().min(1) });

/** A derived table: SQL over catalogued tables, materialised once per build with its units traced. */
const viewSchema = z
  .object({
    title: z.string().min(1),
    description: z.string().min(1),
    /** How each derived column is computed, in words; shown wherever the view is cited. */
    derivation: z.string().min(1),
    sql: z.string().min(1),
    mlperf: mlperfSchema.optional(),
    /** Documentation of the view's own columns (the others are described by the tables they come from). */
    columns: z.record(z.string(), z.object({ description: z.string().min(1) }).strict()).default({}),
  })
  .strict();

const tableName = z.string().regex(/^[a-z][a-z0-9_]*$/, 'table names are lower_snake_case');

const catalogSchema = z
  .object({
    tables: z.record(tableName, tableSchema),
    views: z.record(tableName, viewSchema).default({}),
    raw: z.array(fileEntrySchema).default([]),
    docs: z.array(fileEntrySchema).default([]),
  })
  .strict();

export type ColumnType = (typeof DUCKDB_TYPES)[number];
export type CatalogColumn = z.infer<typeof columnSchema> & { name: string };
export type CatalogTable = Omit<z.infer<typeof tableSchema>, 'columns' | 'file' | 'files'> & {
  name: string;
  /** The table's files, relative to the data folder (none for a view). */
  files: string[];
  /** For a view: its SQL and derivation. Its columns are filled in when the engine creates it. */
  view?: { sql: string; derivation: string; reads: string[] };
  columns: CatalogColumn[];
};
export interface Catalog {
  dataDir: string;
  tables: CatalogTable[];
  /** Every file the catalog names, relative to dataDir with forward slashes. */
  files: string[];
}

export const CATALOG_FILE = 'catalog.yaml';

export function loadCatalog(dataDir: string): Catalog {
  const path = join(dataDir, CATALOG_FILE);
  let raw: unknown;
  try {
    raw = YAML.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new DataError(`${path}: cannot read the data catalog: ${(error as Error).message}`);
  }
  const parsed = catalogSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new DataError(`${path}: the data catalog is not valid:\n${issues.join('\n')}`);
  }
  const tables: CatalogTable[] = Object.entries(parsed.data.tables).map(([name, { file, files, ...t }]) => ({
    ...t,
    name,
    files: files ?? [file!],
    columns: Object.entries(t.columns).map(([columnName, c]) => ({ ...c, name: columnName })),
  }));
  for (const table of tables) {
    for (const [role, column] of Object.entries(table.mlperf?.columns ?? {})) {
      if (!table.columns.some((c) => c.name === column)) throw new DataError(`${path}: ${table.name}.mlperf.columns.${role} names "${column}", which the table does not have`);
    }
    for (const column of table.columns) {
      if (column.unit_column && !table.columns.some((c) => c.name === column.unit_column)) {
        throw new DataError(`${path}: ${table.name}.${column.name} names unit_column "${column.unit_column}", which the table does not have`);
      }
    }
  }
  for (const [name, v] of Object.entries(parsed.data.views)) {
    if (tables.some((t) => t.name === name)) throw new DataError(`${path}: view "${name}" has the name of a table`);
    const reads = tables.filter((t) => new RegExp(`\\b${t.name}\\b`).test(v.sql));
    const base = reads[0];
    if (!base) throw new DataError(`${path}: view "${name}" reads no catalogued table`);
    tables.push({
      name,
      title: v.title,
      description: v.description,
      source: base.source,
      extraction: `${v.derivation} Derived by Benchwright from ${reads.map((t) => t.name).join(', ')}.`,
      caveats: [...new Set(reads.flatMap((t) => t.caveats))],
      mlperf: v.mlperf,
      files: [],
      view: { sql: v.sql, derivation: v.derivation, reads: reads.map((t) => t.name) },
      columns: Object.entries(v.columns).map(([columnName, c]) => ({ name: columnName, type: 'DOUBLE' as const, description: c.description })),
    });
  }
  const files = [
    CATALOG_FILE,
    ...tables.flatMap((t) => t.files),
    ...parsed.data.raw.map((f) => f.file),
    ...parsed.data.docs.map((f) => f.file),
  ];
  const catalog = { dataDir, tables, files };
  checkEveryFileCatalogued(catalog);
  return catalog;
}

/** A file in data/ without a catalog entry has no recorded source: refuse to build with it. */
function checkEveryFileCatalogued(catalog: Catalog): void {
  const listed = new Set(catalog.files);
  const onDisk = listFiles(catalog.dataDir);
  const missing = onDisk.filter((f) => !listed.has(f));
  if (missing.length > 0) {
    throw new DataError(
      `${join(catalog.dataDir, CATALOG_FILE)}: these files in data/ have no catalog entry: ${missing.join(', ')}.\n` +
        '  what to do: add each to catalog.yaml (under tables, raw or docs) with its source, or remove it.',
    );
  }
  const absent = catalog.files.filter((f) => !onDisk.includes(f));
  if (absent.length > 0) {
    throw new DataError(`${join(catalog.dataDir, CATALOG_FILE)}: the catalog lists files that do not exist: ${absent.join(', ')}`);
  }
}

function listFiles(dir: string, root = dir): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const full = join(dir, name);
    // Links are refused: one could point outside data/, at a folder that loops, or nowhere.
    if (lstatSync(full).isSymbolicLink()) {
      throw new DataError(`data/${relative(root, full).split(sep).join('/')}: a symbolic link in data/ is not allowed (data/catalog.yaml catalogues real files only).\n  what to do: replace the link with the file itself, or remove it.`);
    }
    if (statSync(full).isDirectory()) out.push(...listFiles(full, root));
    else out.push(relative(root, full).split(sep).join('/'));
  }
  return out;
}

export function findTable(catalog: Catalog, name: string): CatalogTable | undefined {
  return catalog.tables.find((t) => t.name === name);
}
