/**
 * The import's change to the data catalog (catalog.yaml): the round file in mlperf_inference, its columns, the
 * round's repository in the tables it gave rows to, and the raw file's provenance, written as edits of the text
 * (src/core/data/yaml-edit.ts) so that comments and the hand-made layout stay.
 */
import YAML, { isMap, isScalar, isSeq, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { applyEdits, columnOf, findPair, flowMap, lineEnd, lineStart, nodeEnd, nodeStart, yamlScalar, type TextEdit } from '../../core/data/yaml-edit.ts';
import { ImportError } from './import-error.ts';
import { INFERENCE_COLUMNS, type InferenceColumn } from './round-file.ts';
import { compareText } from './text-order.ts';

/** The catalog's table of the round files. */
export const INFERENCE_TABLE = 'mlperf_inference';

/** Catalog entries for the columns this importer added to the research team's file. */
export const NEW_COLUMN_ENTRIES: Readonly<Partial<Record<InferenceColumn, Record<string, string>>>> = {
  accelerator_id: {
    type: 'VARCHAR',
    description: "Normalised accelerator id from accelerator-names.csv (table accelerator_names): spelling variants of one part share an id, e.g. nvidia-h100-sxm-80gb; 'none' where no accelerator is listed",
  },
  precision: {
    type: 'VARCHAR',
    description: 'Weight data types as published (weight_data_types), e.g. fp8 or int8; not normalised; empty for v3.1/v4.0 rows',
  },
  power_w: { type: 'DOUBLE', description: 'measured system power during the run (MLPerf power results); empty where none', unit: 'W' },
  result_id: {
    type: 'VARCHAR',
    description: "MLCommons' official result ID, e.g. 5.1-0001; empty for v3.1/v4.0 rows, which come from the CM aggregate",
  },
};

/** One entry of a table's source.repositories, in the catalog's key order. */
export interface RepositoryEntry {
  repo: string;
  commit: string;
  path: string;
  rounds: string[];
  /** The table's files this repository gave (mlperf_inference: the round's file). */
  files?: string[];
  /** When it was read (YYYY-MM-DD). */
  retrieved?: string;
  /** The repository this one is a copy of (a fork carrying the official files). */
  copy_of?: string;
}

export interface CatalogUpdate {
  /** The round file, relative to the data folder, e.g. mlperf-inference/v5.1.csv. */
  file: string;
  /** The raw summary it was read from, with its provenance; omitted for files not read from a raw file. */
  raw?: { file: string; description: string; repo: string; commit: string; path: string; retrieved: string; copy_of?: string };
  /**
   * The round's entry of the table's source.repositories. `files` defaults to [file] and `retrieved` to the raw
   * file's. An entry already listing the round is replaced (when it differs), never duplicated.
   */
  repository?: RepositoryEntry;
  /**
   * Other tables whose source.repositories gain the round's repository (without `files`) when no entry lists the
   * round: accelerator_names (every name of an imported round is in it), and mlperf_unit_rules when a rule of the
   * round corrected some of its records.
   */
  alsoSourceOf?: string[];
}

export interface CatalogUpdateResult {
  text: string;
  /** What changed, for the CLI's report; empty when nothing did. */
  changes: string[];
  /** The file the table named with `file:` before it moved to `files:` (the caller reports it). */
  replacedFile?: string;
}

/**
 * Adds a round file (and its raw source) to the mlperf_inference table of catalog.yaml. The table's
 * `file:` becomes a sorted `files:` list; its `columns:` are made exactly INFERENCE_COLUMNS in order, keeping
 * every existing column entry as it is and adding NEW_COLUMN_ENTRIES for missing ones. The round's entry of
 * source.repositories (with its files, retrieved and copy_of) is added, or replaces the entry of the same round;
 * the tables of `alsoSourceOf` gain the round's repository. Nothing else of the table is touched: its title,
 * description and extraction name the rounds through {rounds}, {first_round} and {last_round}, which
 * src/core/data/catalog.ts derives from the repositories' rounds, so no round list is kept by hand.
 *
 * The change is made on the yaml Document; the text written is the original with only the changed parts
 * replaced (so comments and the hand-made layout of everything else stay), and it is checked to parse to
 * exactly the changed Document. Should that check ever fail, the Document's own toString() is used.
 */
export function updateCatalog(source: string, update: CatalogUpdate, catalogFile = 'catalog.yaml'): CatalogUpdateResult {
  const doc = YAML.parseDocument(source);
  if (doc.errors.length > 0) throw new ImportError(`${catalogFile}: not valid YAML: ${doc.errors[0]!.message}`);
  const table = doc.getIn(['tables', INFERENCE_TABLE], true);
  if (!isMap(table)) throw new ImportError(`${catalogFile}: there is no table ${INFERENCE_TABLE} under tables`);
  const edits: TextEdit[] = [];
  const changes: string[] = [];
  let replacedFile: string | undefined;

  // files:
  const filePair = findPair(table, 'file');
  const filesPair = findPair(table, 'files');
  if (filePair && filesPair) throw new ImportError(`${catalogFile}: ${INFERENCE_TABLE} has both file and files; keep files only`);
  if (filePair) {
    replacedFile = String((filePair.value as { value?: unknown }).value);
    const indent = columnOf(source, nodeStart(filePair.key));
    const start = lineStart(source, nodeStart(filePair.key));
    const end = lineEnd(source, nodeEnd(source, filePair.value));
    edits.push({ start, end, text: `${' '.repeat(indent)}files:\n${' '.repeat(indent + 2)}- ${yamlScalar(update.file)}` });
    const index = table.items.indexOf(filePair);
    table.items.splice(index, 1, doc.createPair('files', doc.createNode([update.file])) as Pair<unknown, unknown>);
    changes.push(`${INFERENCE_TABLE}: file: ${replacedFile} replaced by files: [${update.file}]`);
  } else if (filesPair) {
    const seq = filesPair.value;
    if (!isSeq(seq) || seq.flow) throw new ImportError(`${catalogFile}: ${INFERENCE_TABLE}.files must be a block list of paths`);
    const current = seq.items.map((item) => (isScalar(item) ? String(item.value) : ''));
    if (!current.includes(update.file)) {
      const at = current.findIndex((f) => compareText(f, update.file) > 0);
      const itemIndent = seq.items.length > 0 ? columnOf(source, nodeStart(seq.items[0])) - 2 : columnOf(source, nodeStart(filesPair.key)) + 2;
      const line = `${' '.repeat(itemIndent)}- ${yamlScalar(update.file)}\n`;
      const anchor = at >= 0 ? lineStart(source, nodeStart(seq.items[at])) : lineEnd(source, nodeEnd(source, seq)) + 1;
      edits.push({ start: anchor, end: anchor, text: line });
      seq.items.splice(at >= 0 ? at : seq.items.length, 0, doc.createNode(update.file));
      changes.push(`${INFERENCE_TABLE}.files: added ${update.file}`);
    }
  } else {
    throw new ImportError(`${catalogFile}: ${INFERENCE_TABLE} has neither file nor files`);
  }

  // columns:
  const columnsPair = findPair(table, 'columns');
  if (!columnsPair || !isMap(columnsPair.value) || columnsPair.value.flow || columnsPair.value.items.length === 0) {
    throw new ImportError(`${catalogFile}: ${INFERENCE_TABLE}.columns must be a block mapping of the columns`);
  }
  const columns = columnsPair.value;
  const names = columns.items.map((p) => (isScalar(p.key) ? String(p.key.value) : ''));
  if (names.join(',') !== INFERENCE_COLUMNS.join(',')) {
    const first = columns.items[0]!;
    const indent = columnOf(source, nodeStart(first.key));
    const valueColumn = columnOf(source, nodeStart(first.value));
    const lines: string[] = [];
    const items: Pair<unknown, unknown>[] = [];
    for (const name of INFERENCE_COLUMNS) {
      const existing = columns.items[names.indexOf(name)];
      if (existing) {
        lines.push(source.slice(lineStart(source, nodeStart(existing.key)), lineEnd(source, nodeEnd(source, existing.value))));
        items.push(existing);
      } else {
        const entry = NEW_COLUMN_ENTRIES[name];
        if (!entry) throw new ImportError(`${catalogFile}: ${INFERENCE_TABLE}.columns has no entry for ${name}; add one by hand`);
        const head = `${' '.repeat(indent)}${name}:`;
        lines.push(`${head.padEnd(valueColumn - 1)} ${flowMap(entry)}`);
        items.push(doc.createPair(name, doc.createNode(entry)) as Pair<unknown, unknown>);
        changes.push(`${INFERENCE_TABLE}.columns: added ${name}`);
      }
    }
    for (const name of names) if (!(INFERENCE_COLUMNS as readonly string[]).includes(name)) changes.push(`${INFERENCE_TABLE}.columns: removed ${name}`);
    changes.push(`${INFERENCE_TABLE}.columns: now exactly the files' columns, in their order`);
    edits.push({
      start: lineStart(source, nodeStart(first.key)),
      end: lineEnd(source, nodeEnd(source, columns.items[columns.items.length - 1]!.value)),
      text: lines.join('\n'),
    });
    columns.items = items;
  }

  // source.repositories: the round's entry, and the round's repository in the tables that took rows from it.
  if (update.repository) {
    const given = update.repository;
    const retrieved = given.retrieved ?? update.raw?.retrieved;
    const entry: RepositoryEntry = {
      repo: given.repo,
      commit: given.commit,
      path: given.path,
      rounds: given.rounds,
      files: given.files ?? [update.file],
      ...(retrieved ? { retrieved } : {}),
      ...(given.copy_of ? { copy_of: given.copy_of } : {}),
    };
    upsertRepository(doc, source, edits, changes, table, INFERENCE_TABLE, entry, 'replace', catalogFile);
    for (const other of update.alsoSourceOf ?? []) {
      const otherTable = doc.getIn(['tables', other], true);
      if (!isMap(otherTable)) throw new ImportError(`${catalogFile}: there is no table ${other} under tables`);
      const { files: _files, ...withoutFiles } = entry;
      upsertRepository(doc, source, edits, changes, otherTable, other, withoutFiles, 'add', catalogFile);
    }
  }

  // raw:
  if (update.raw) {
    const { file, description, copy_of, ...provenance } = update.raw;
    const rawList = doc.get('raw', true);
    const entry = { file, description, source: { publisher: 'MLCommons', ...provenance, ...(copy_of ? { copy_of } : {}) } };
    const entryLines = (indent: number) =>
      [`${' '.repeat(indent)}- file: ${yamlScalar(file)}`, `${' '.repeat(indent + 2)}description: ${JSON.stringify(description)}`, `${' '.repeat(indent + 2)}source: ${flowMap(entry.source)}`].join('\n');
    if (rawList === undefined) {
      const end = source.length;
      edits.push({ start: end, end, text: `${source.endsWith('\n') ? '' : '\n'}\nraw:\n${entryLines(2)}\n` });
      doc.set('raw', doc.createNode([entry]));
      changes.push(`raw: added ${file}`);
    } else {
      if (!isSeq(rawList) || rawList.flow) throw new ImportError(`${catalogFile}: raw must be a block list`);
      const listedEntry = rawList.items.find((item) => isMap(item) && item.get('file') === file);
      const listedSource = isMap(listedEntry) ? listedEntry.get('source') : undefined;
      if (isMap(listedSource)) {
        for (const key of ['repo', 'commit'] as const) {
          const value = listedSource.get(key);
          if (value !== undefined && value !== provenance[key]) {
            throw new ImportError(`${catalogFile}: raw lists ${file} with source ${key} ${String(value)}, but the import says ${provenance[key]}: one of them is wrong`);
          }
        }
      }
      if (!listedEntry) {
        const items = rawList.items;
        const indent = items.length > 0 ? columnOf(source, nodeStart(items[0])) - 2 : 2;
        const at = items.length > 0 ? lineEnd(source, nodeEnd(source, items[items.length - 1]!)) : lineEnd(source, nodeEnd(source, rawList));
        edits.push({ start: at, end: at, text: `\n${entryLines(indent)}` });
        (rawList as YAMLSeq<unknown>).items.push(doc.createNode(entry));
        changes.push(`raw: added ${file}`);
      }
    }
  }

  if (edits.length === 0) return { text: source, changes, ...(replacedFile ? { replacedFile } : {}) };
  const text = applyEdits(source, edits);
  const expected = doc.toJS();
  let out = text;
  if (!sameData(YAML.parse(text), expected)) out = doc.toString();
  return { text: out, changes, ...(replacedFile ? { replacedFile } : {}) };
}

/**
 * Puts a repository entry into a table's source.repositories, a block list. No entry lists the entry's rounds:
 * appended. One entry lists exactly those rounds: left as it is when it already says the same (mode 'replace') or
 * names the same repository and commit (mode 'add'), else replaced by the new entry, in place. An entry listing
 * some of the rounds with others is an error (the importer does not split entries).
 */
function upsertRepository(
  doc: YAML.Document,
  source: string,
  edits: TextEdit[],
  changes: string[],
  table: YAMLMap,
  tableName: string,
  entry: RepositoryEntry,
  mode: 'replace' | 'add',
  catalogFile: string,
): void {
  const repos = table.getIn(['source', 'repositories'], true);
  if (!isSeq(repos) || repos.flow || repos.items.length === 0) {
    throw new ImportError(`${catalogFile}: ${tableName}.source.repositories must be a block list`);
  }
  const roundsOf = (item: unknown): string[] => {
    const rounds = isMap(item) ? item.get('rounds', true) : undefined;
    return isSeq(rounds) ? rounds.items.map((r) => (isScalar(r) ? String(r.value) : '')) : [];
  };
  const same = (a: string[], b: string[]) => [...a].sort().join(',') === [...b].sort().join(',');
  const listing = repos.items.filter((item) => roundsOf(item).some((r) => entry.rounds.includes(r)));
  const flat = flowMap(entry as unknown as Record<string, string | string[]>);
  const label = `${tableName}.source.repositories`;
  if (listing.length === 0) {
    const last = repos.items[repos.items.length - 1]!;
    const at = lineEnd(source, nodeEnd(source, last));
    edits.push({ start: at, end: at, text: `\n${' '.repeat(columnOf(source, nodeStart(last)) - 2)}- ${flat}` });
    repos.items.push(doc.createNode(entry, { flow: true }));
    changes.push(`${label}: added ${entry.repo} @ ${entry.commit} (${entry.rounds.join(', ')})`);
    return;
  }
  const item = listing[0]!;
  if (listing.length > 1 || !same(roundsOf(item), entry.rounds)) {
    throw new ImportError(
      `${catalogFile}: ${label} has ${listing.length > 1 ? 'several entries' : 'an entry'} listing round ${entry.rounds.join(', ')} with other rounds; ` +
        'give the round an entry of its own by hand, then import',
    );
  }
  const current = isMap(item) ? (item.toJSON() as Record<string, unknown>) : {};
  const unchanged =
    mode === 'add' ? current['repo'] === entry.repo && current['commit'] === entry.commit : canonical(current) === canonical(entry as unknown as Record<string, unknown>);
  if (unchanged) return;
  edits.push({ start: nodeStart(item), end: nodeEnd(source, item), text: flat });
  repos.items[repos.items.indexOf(item)] = doc.createNode(entry, { flow: true });
  changes.push(`${label}: replaced the entry of ${entry.rounds.join(', ')} (${String(current['repo'])} @ ${String(current['commit'])}) by ${entry.repo} @ ${entry.commit}`);
}

/** JSON of a plain object with its keys sorted, for comparing entries whatever their key order. */
function canonical(value: Record<string, unknown>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(value).sort(([a], [b]) => compareText(a, b))));
}

function sameData(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
