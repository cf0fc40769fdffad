/**
 * The data catalog (`data/catalog.yaml`): every file in `data/`, and for each table its source,
 * extraction method, columns, types and units. The build registers exactly these tables; a file in
 * `data/` that the catalog does not list is an error, so nothing is queried without provenance.
 */
import { lstatSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { DataError } from '../errors.ts';

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

const isoDate = z.union([z.string(), z.date()]).transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d));

/**
 * One repository a table's rows were read from. A table made of one file per round (MLPerf Inference) names, per
 * repository, the `files` it gave and when it was `retrieved`, so each round keeps its own provenance and a version
 * pinned to some of the files cites exactly their sources.
 */
const repositorySchema = z.looseObject({
  repo: z.string(),
  commit: z.string().optional(),
  path: z.string().optional(),
  rounds: z.array(z.string()).optional(),
  /** The table's files this repository gave (default: all of them). */
  files: z.array(z.string()).optional(),
  /** When it was read (default: the source's `retrieved`). */
  retrieved: isoDate.optional(),
  /** The repository this one is a copy of, when the rows were read from a copy (a fork). */
  copy_of: z.string().optional(),
});

const sourceSchema = z.looseObject({
  publisher: z.string().min(1),
  repositories: z.array(repositorySchema).optional(),
  urls: z.array(z.string()).optional(),
  retrieved: isoDate,
  row_provenance: z.array(z.string()).optional(),
});

/** A caveat, or one that holds only for some rounds (kept where the table has one of them). */
const caveatSchema = z.union([z.string(), z.object({ text: z.string().min(1), rounds: z.array(z.string()).min(1) }).strict()]);

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
    /**
     * Where the published category is free text (MLPerf Training's system status: "onprem", "Available cloud", …):
     * the catalogued table that gives each published text MLCommons' category (available, preview, rdi). Citations
     * and the comparability rule use that category; the published text stays in its column.
     */
    category_map: z.object({ table: z.string(), published: z.string(), category: z.string() }).strict().optional(),
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
    caveats: z.array(caveatSchema).default([]),
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
export type CatalogRepository = z.infer<typeof repositorySchema>;
export type CatalogTable = Omit<z.infer<typeof tableSchema>, 'columns' | 'file' | 'files' | 'caveats'> & {
  name: string;
  /** Caveats that hold for the table's files (a round's own caveats only where the table has that round). */
  caveats: string[];
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
  const catalog = catalogFromYaml(raw, dataDir, path);
  checkEveryFileCatalogued(catalog);
  return catalog;
}

/**
 * The catalog of a parsed catalog.yaml. When `only` is given, a table of several files keeps just those of its
 * files that `only` names (a pinned report version sees exactly the files it was pinned to, not a round added
 * later), with the repositories, rounds and round caveats of those files; other tables are whole.
 */
export function catalogFromYaml(raw: unknown, dataDir: string, path: string, only?: ReadonlySet<string>): Catalog {
  const parsed = catalogSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new DataError(`${path}: the data catalog is not valid:\n${issues.join('\n')}`);
  }
  const tables: CatalogTable[] = Object.entries(parsed.data.tables).map(([name, { file, files: all, caveats, ...t }]) => {
    const listed = all ?? [file!];
    const pinned = only ? listed.filter((f) => only.has(f)) : [];
    const files = pinned.length > 0 ? pinned : listed;
    const repositories = t.source.repositories?.filter((r) => !r.files || r.files.some((f) => files.includes(f)));
    const rounds = [...new Set((repositories ?? []).flatMap((r) => r.rounds ?? []))].sort(compareRounds);
    for (const r of t.source.repositories ?? []) {
      const stray = r.files?.find((f) => !listed.includes(f));
      if (stray) throw new DataError(`${path}: ${name}.source.repositories: ${r.repo} names the file ${stray}, which is not one of the table's files`);
    }
    const fill = (text: string, field: string) => fillRounds(text, rounds, `${path}: ${name}.${field}`);
    return {
      ...t,
      name,
      title: fill(t.title, 'title'),
      description: fill(t.description, 'description'),
      extraction: fill(t.extraction, 'extraction'),
      source: { ...t.source, ...(repositories ? { repositories } : {}) },
      caveats: caveats.flatMap((c) => (typeof c === 'string' ? [c] : c.rounds.some((r) => rounds.includes(r)) ? [c.text] : [])),
      files,
      columns: Object.entries(t.columns).map(([columnName, c]) => ({ ...c, name: columnName })),
    };
  });
  for (const table of tables) {
    for (const [role, column] of Object.entries(table.mlperf?.columns ?? {})) {
      if (!table.columns.some((c) => c.name === column)) throw new DataError(`${path}: ${table.name}.mlperf.columns.${role} names "${column}", which the table does not have`);
    }
    const map = table.mlperf?.category_map;
    if (map) {
      const target = tables.find((t) => t.name === map.table);
      if (!target) throw new DataError(`${path}: ${table.name}.mlperf.category_map names table "${map.table}", which the catalog does not have`);
      for (const column of [map.published, map.category]) {
        if (!target.columns.some((c) => c.name === column)) throw new DataError(`${path}: ${table.name}.mlperf.category_map names column "${column}", which table ${map.table} does not have`);
      }
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
  return { dataDir, tables, files };
}

/** "v3.1" < "v4.0" < "v10.0": rounds compared by their numbers. */
export function compareRounds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/**
 * Titles and descriptions that name a table's rounds are derived from its repositories' `rounds`, never kept by
 * hand: `{rounds}` is "v3.1, v4.0 and v5.1", `{first_round}` and `{last_round}` the first and the last.
 */
function fillRounds(text: string, rounds: string[], where: string): string {
  if (!/\{(rounds|first_round|last_round)\}/.test(text)) return text;
  if (rounds.length === 0) throw new DataError(`${where} names {rounds}, but no repository of the table lists its rounds`);
  const all = rounds.length <= 2 ? rounds.join(' and ') : `${rounds.slice(0, -1).join(', ')} and ${rounds.at(-1)}`;
  return text.replaceAll('{rounds}', all).replaceAll('{first_round}', rounds[0]!).replaceAll('{last_round}', rounds.at(-1)!);
}

/**
 * Where and when a table's rows were read, per repository: each with its own retrieval date (the source's
 * `retrieved` where a repository gives none).
 */
export function retrievals(table: CatalogTable): { repo: string; commit?: string; rounds?: string[]; retrieved: string; copy_of?: string }[] {
  return (table.source.repositories ?? []).map((r) => ({
    repo: r.repo,
    ...(r.commit ? { commit: r.commit } : {}),
    ...(r.rounds ? { rounds: r.rounds } : {}),
    retrieved: r.retrieved ?? table.source.retrieved,
    ...(r.copy_of ? { copy_of: r.copy_of } : {}),
  }));
}

/** "2026-11-23", or per round where the repositories were read on different days: "2026-11-23 (v4.1, v5.1), 2026-12-03 (v6.0)". */
export function retrievedText(table: CatalogTable): string {
  const byDate = new Map<string, string[]>();
  for (const r of retrievals(table)) byDate.set(r.retrieved, [...(byDate.get(r.retrieved) ?? []), ...(r.rounds ?? [])]);
  if (byDate.size <= 1) return [...byDate.keys()][0] ?? table.source.retrieved;
  return [...byDate.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([date, rounds]) => `${date} (${[...new Set(rounds)].sort(compareRounds).join(', ')})`).join(', ');
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
  // Hidden files (a name starting with a dot, as .env) are no data: never listed, never loaded, never read by a query.
  const hidden = absent.filter((f) => f.split('/').some((part) => part.startsWith('.')));
  if (hidden.length > 0) {
    throw new DataError(
      `${join(catalog.dataDir, CATALOG_FILE)}: the catalog lists hidden files (names starting with a dot), which are not data: ${hidden.join(', ')}.\n` +
        '  what to do: rename each without the leading dot, and list it under that name.',
    );
  }
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
