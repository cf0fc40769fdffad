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

const tableShape = {
  /** One file, or `files`: several files of the same columns (e.g. one per round of a benchmark). */
  file: z.string().min(1).optional(),
  files: z.array(z.string().min(1)).min(1).optional(),
  title: z.string().min(1),
  description: z.string().min(1),
  source: sourceSchema,
  extraction: z.string().min(1),
  caveats: z.array(caveatSchema).default([]),
  columns: z.record(z.string(), columnSchema),
  /**
   * What a row is about, by kind: `{ accelerator: accelerator_id, model: model }`. A report lists the values its
   * figures cite (subjects.ts), so the pages made for each accelerator and model can link the reports that discuss it.
   */
  subjects: z.record(z.string().regex(/^[a-z][a-z_]*$/, 'subject kinds are lower-case words'), z.string().min(1)).optional(),
};

const fileEntrySchema = z.looseObject({ file: z.string().min(1), description: z.string().min(1) });

/** A derived table: SQL over catalogued tables, materialised once per build with its units traced. */
const viewShape = {
  title: z.string().min(1),
  description: z.string().min(1),
  /** How each derived column is computed, in words; shown wherever the view is cited. */
  derivation: z.string().min(1),
  sql: z.string().min(1),
  /** Documentation of the view's own columns (the others are described by the tables they come from). */
  columns: z.record(z.string(), z.object({ description: z.string().min(1) }).strict()).default({}),
};

const tableName = z.string().regex(/^[a-z][a-z0-9_]*$/, 'table names are lower_snake_case');

/**
 * The schema of catalog.yaml with the citation formatters given: a table or view may declare one of them under its
 * key (`mlperf:` for MLPerf results), with the entry that formatter's own schema checks.
 */
export function catalogSchema(formatters: readonly CatalogCitation[]) {
  const declared = Object.fromEntries(formatters.map((f) => [f.key, f.schema.optional()]));
  const tableSchema = z
    .object({ ...tableShape, ...declared })
    .strict()
    .refine((t) => (t.file === undefined) !== (t.files === undefined), { message: 'give either file or files' });
  const viewSchema = z.object({ ...viewShape, ...declared }).strict();
  return z
    .object({
      tables: z.record(tableName, tableSchema),
      views: z.record(tableName, viewSchema).default({}),
      raw: z.array(fileEntrySchema).default([]),
      docs: z.array(fileEntrySchema).default([]),
    })
    .strict();
}

/**
 * What the catalog knows of a citation formatter (citation-formatter.ts has the rest, how it cites): the key a table
 * declares it under, the schema of that entry, and checks of the entry against the catalog and of the loaded data.
 * The core knows no formatter of its own; whoever opens the project gives them (MLPerf's: src/mlperf/content.ts).
 */
export interface CatalogCitation<Config = unknown> {
  /** The key a table or view declares the formatter under in catalog.yaml, e.g. "mlperf". */
  readonly key: string;
  readonly schema: z.ZodType<Config>;
  /** What is wrong with a table's entry that its schema cannot see (e.g. a column it names that the table lacks), as "table.key.field …". */
  check?(table: CatalogTable, config: Config, tables: readonly CatalogTable[]): string | undefined;
  /** Checks of the loaded data, before any query runs (throws DataError naming the file); `query` reads the loaded tables. */
  checkData?(catalog: Catalog, query: (sql: string) => Promise<Record<string, unknown>[]>): Promise<void>;
}

/** A table's declared citation formatter: its key, and its entry as that formatter's schema parsed it. */
export interface TableCitation {
  formatter: string;
  config: unknown;
}

export type ColumnType = (typeof DUCKDB_TYPES)[number];
export type CatalogColumn = z.infer<typeof columnSchema> & { name: string };
export type CatalogRepository = z.infer<typeof repositorySchema>;
type TableEntry = z.infer<z.ZodObject<typeof tableShape>>;
export type CatalogTable = Omit<TableEntry, 'columns' | 'file' | 'files' | 'caveats'> & {
  name: string;
  /** The citation formatter the table declares, if any (its figures' sources then carry that formatter's citation). */
  citation?: TableCitation;
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
  /** The citation formatters it was loaded with (those its tables may declare). */
  formatters: readonly CatalogCitation[];
  /**
   * The parsed catalog.yaml and its path, from which the catalog a pinned version sees is derived without reading
   * the file again (pinned-data.ts); absent for a frozen version's catalog, which has no file.
   */
  document?: { raw: unknown; path: string };
}

export const CATALOG_FILE = 'catalog.yaml';

/** The catalog of a data folder; a table may declare any of `formatters` (none: a table that declares one is refused). */
export function loadCatalog(dataDir: string, formatters: readonly CatalogCitation[] = []): Catalog {
  const path = join(dataDir, CATALOG_FILE);
  let raw: unknown;
  try {
    raw = YAML.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new DataError(`${path}: cannot read the data catalog: ${(error as Error).message}`);
  }
  const catalog = catalogFromYaml(raw, dataDir, path, { formatters });
  checkEveryFileCatalogued(catalog);
  return catalog;
}

/**
 * The catalog of a parsed catalog.yaml. When `only` is given, a table of several files keeps just those of its
 * files that `only` names (a pinned report version sees exactly the files it was pinned to, not a round added
 * later), with the repositories, rounds and round caveats of those files; other tables are whole.
 */
export function catalogFromYaml(raw: unknown, dataDir: string, path: string, { only, formatters = [] }: { only?: ReadonlySet<string>; formatters?: readonly CatalogCitation[] } = {}): Catalog {
  checkDeclaredFormatters(raw, path, formatters);
  const parsed = catalogSchema(formatters).safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new DataError(`${path}: the data catalog is not valid:\n${issues.join('\n')}`);
  }
  const declaredIn = (entry: Record<string, unknown>): TableCitation | undefined => {
    const declared = formatters.filter((f) => entry[f.key] !== undefined);
    return declared[0] ? { formatter: declared[0].key, config: entry[declared[0].key] } : undefined;
  };
  const tables: CatalogTable[] = Object.entries(parsed.data.tables).map(([name, entry]) => {
    const { file, files: all, caveats, ...t } = withoutFormatters(entry, formatters);
    const citation = declaredIn(entry);
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
      ...(citation ? { citation } : {}),
      files,
      columns: Object.entries(t.columns).map(([columnName, c]) => ({ ...c, name: columnName })),
    };
  });
  for (const table of tables) {
    const formatter = formatters.find((f) => f.key === table.citation?.formatter);
    const problem = formatter?.check?.(table, table.citation!.config, tables);
    if (problem) throw new DataError(`${path}: ${problem}`);
    for (const column of table.columns) {
      if (column.unit_column && !table.columns.some((c) => c.name === column.unit_column)) {
        throw new DataError(`${path}: ${table.name}.${column.name} names unit_column "${column.unit_column}", which the table does not have`);
      }
    }
    for (const [kind, column] of Object.entries(table.subjects ?? {})) {
      if (!table.columns.some((c) => c.name === column)) throw new DataError(`${path}: ${table.name}.subjects.${kind} names the column "${column}", which the table does not have`);
    }
  }
  for (const [name, entry] of Object.entries(parsed.data.views)) {
    const v = withoutFormatters(entry, formatters);
    const citation = declaredIn(entry);
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
      ...(citation ? { citation } : {}),
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
  return { dataDir, tables, files, formatters, document: { raw, path } };
}

/**
 * A table as frozen results written before `citation` recorded it (its formatter's entry under the formatter's own
 * key, e.g. `mlperf`), with that entry as its `citation`; any other table as it is.
 */
export function withCitation(table: CatalogTable, formatters: readonly CatalogCitation[]): CatalogTable {
  const entry = table as CatalogTable & Record<string, unknown>;
  const formatter = formatters.find((f) => entry[f.key] !== undefined);
  if (table.citation || !formatter) return table;
  return { ...withoutFormatters(table, formatters), citation: { formatter: formatter.key, config: entry[formatter.key] } };
}

/** A table's or view's entry without the formatters' keys (kept as its `citation`). */
function withoutFormatters<T extends object>(entry: T, formatters: readonly CatalogCitation[]): T {
  const keys = new Set(formatters.map((f) => f.key));
  return Object.fromEntries(Object.entries(entry).filter(([k]) => !keys.has(k))) as T;
}

/**
 * A table or view that declares a key that is neither one of its fields nor a formatter this build was given (a
 * catalog written for MLPerf content, opened without it) is refused, naming the file, the table and the key.
 */
function checkDeclaredFormatters(raw: unknown, path: string, formatters: readonly CatalogCitation[]): void {
  const given = formatters.map((f) => f.key);
  for (const [part, shape] of [['tables', tableShape], ['views', viewShape]] as const) {
    const entries = (raw as Record<string, unknown> | null)?.[part];
    if (!entries || typeof entries !== 'object') continue;
    for (const [name, entry] of Object.entries(entries)) {
      if (!entry || typeof entry !== 'object') continue;
      const keys = Object.keys(entry).filter((k) => !(k in shape) && !given.includes(k));
      const declared = keys.filter((k) => (entry as Record<string, unknown>)[k] !== null && typeof (entry as Record<string, unknown>)[k] === 'object');
      if (declared[0] !== undefined) {
        throw new DataError(
          `${path}: ${name}.${declared[0]}: the ${part === 'tables' ? 'table' : 'view'} declares "${declared[0]}", which is neither one of its fields nor a citation formatter this build was given (${given.length ? `given: ${given.join(', ')}` : 'none was given'})\n` +
            `  what to do: open the project with the content that provides "${declared[0]}" (the list its openProject or loadCatalog is given), or remove the key`,
        );
      }
      const twice = given.filter((k) => (entry as Record<string, unknown>)[k] !== undefined);
      if (twice.length > 1) throw new DataError(`${path}: ${name} declares the citation formatters ${twice.join(' and ')}: a ${part === 'tables' ? 'table' : 'view'} has at most one`);
    }
  }
}

/** One collator for every comparison: `localeCompare` with options builds a new one on each call. */
const roundOrder = new Intl.Collator('en', { numeric: true });

/** "v3.1" < "v4.0" < "v10.0": rounds compared by their numbers. */
export function compareRounds(a: string, b: string): number {
  return roundOrder.compare(a, b);
}

/**
 * Titles and descriptions that name a table's rounds are derived from its repositories' `rounds`, never kept by
 * hand: `{rounds}` is "v3.1, v4.0 and v5.1", `{first_round}` and `{last_round}` the first and the last.
 */
function fillRounds(text: string, rounds: string[], where: string): string {
  if (!/\{(rounds|first_round|last_round)\}/.test(text)) return text;
  if (rounds.length === 0) throw new DataError(`${where} names {rounds}, but no repository of the table lists its rounds`);
  const all = rounds.length <= 2 ? rounds.join(' and ') : `${rounds.slice(0, -1).join(', ')} and ${rounds.at(-1)}`;
  // A range of one round is that round: "results v6.0", not "results v6.0–v6.0".
  if (rounds.length === 1) text = text.replace(/\{first_round\}\s*[–—-]\s*\{last_round\}/g, rounds[0]!);
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
