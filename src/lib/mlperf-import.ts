/**
 * Importing MLCommons' official MLPerf Inference results summary (`summary_results.json`, one per round)
 * into Benchwright's layout: one CSV per round, `data/mlperf-inference/<round>.csv`, with the columns of
 * INFERENCE_COLUMNS. Pure functions only (no file system): the CLI `scripts/import-mlperf.ts` reads the
 * files and writes the results.
 *
 * Nothing is guessed. Every accelerator name must be in the mapping table (`data/accelerator-names.csv`)
 * and every published unit must be a known one (PUBLISHED_UNITS) or be corrected by a documented rule
 * (`data/mlperf-unit-rules.csv`); anything else is returned as a problem, and the CLI then writes nothing.
 */
import YAML, { isMap, isScalar, isSeq, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';

/** The columns of every `mlperf-inference/<round>.csv`, in file order. */
export const INFERENCE_COLUMNS = [
  'round',
  'division',
  'availability',
  'suite',
  'submitter',
  'system_name',
  'system_id',
  'accelerator',
  'accelerator_id',
  'accelerators_per_node',
  'nodes',
  'total_accelerators',
  'model',
  'used_model',
  'inferred',
  'scenario',
  'result',
  'unit',
  'unit_note',
  'precision',
  'power_w',
  'result_id',
  'log_check',
  'software',
  'result_location',
  'source_repo',
  'source_commit',
  'source_path',
] as const;

export type InferenceColumn = (typeof INFERENCE_COLUMNS)[number];
/** One output row; every value is already the text written to the CSV ('' = empty cell). */
export type InferenceRow = Record<InferenceColumn, string>;

/** The units a result can be in, after correction. */
export const UNITS = ['tokens/s', 'samples/s', 'queries/s', 'latency_ms'] as const;

/** How the summaries' Performance_Units map to our units when no rule of the unit rule table applies. */
export const PUBLISHED_UNITS: Readonly<Record<string, (typeof UNITS)[number]>> = {
  'Tokens/s': 'tokens/s',
  'Samples/s': 'samples/s', // Offline
  'Queries/s': 'queries/s', // Server: the load generator's scheduled/completed samples per second
  'Latency (ms)': 'latency_ms', // SingleStream/MultiStream
};

/** The only power unit power_w holds. */
export const POWER_UNIT = 'Watts';

export const ACCELERATOR_NAMES_FILE = 'accelerator-names.csv';
export const UNIT_RULES_FILE = 'mlperf-unit-rules.csv';
export const ACCELERATOR_NAMES_COLUMNS = ['name', 'accelerator_id', 'spec_name', 'note'] as const;
export const UNIT_RULES_COLUMNS = ['round', 'model', 'scenario', 'division', 'submitter', 'published_unit', 'unit', 'reason'] as const;

/** `source_path` of every imported row: the file's name in MLCommons' results repository. */
export const SUMMARY_SOURCE_PATH = 'summary_results.json';

export interface AcceleratorName {
  name: string;
  accelerator_id: string;
  spec_name: string;
  note: string;
}
/** Accelerator name as published → its row of the mapping table. */
export type AcceleratorNameMap = ReadonlyMap<string, AcceleratorName>;

export interface UnitRule {
  /** Line of the rule in its file (for messages). */
  line: number;
  round: string;
  model: string;
  scenario: string;
  division: string;
  submitter: string;
  published_unit: string;
  unit: string;
  reason: string;
}

/** A malformed input (table, summary, option): the message says which file or value and what to do. */
export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

// ---------------------------------------------------------------------------------------------------
// CSV

/** RFC 4180 parsing: quoted fields may hold commas, quotes ("") and line breaks; \n or \r\n rows. */
export function parseCsv(text: string, file: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let line = 1;
  let quoted = false; // the current field started with a quote
  let fieldStart = true;
  const endField = () => {
    row.push(field);
    field = '';
    quoted = false;
    fieldStart = true;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (fieldStart && c === '"') {
      quoted = true;
      fieldStart = false;
      i++;
      for (;;) {
        if (i >= text.length) throw new ImportError(`${file}:${line}: a quoted field is not closed`);
        const q = text[i]!;
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === '\n') line++;
        field += q;
        i++;
      }
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        throw new ImportError(`${file}:${line}: unexpected text after a closing quote`);
      }
      continue;
    }
    fieldStart = false;
    if (c === ',') {
      endField();
      i++;
    } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      endField();
      rows.push(row);
      row = [];
      i += c === '\r' ? 2 : 1;
      line++;
    } else {
      if (c === '"' && !quoted) throw new ImportError(`${file}:${line}: a quote inside an unquoted field (quote the whole field and double the quote)`);
      field += c;
      i++;
    }
  }
  if (!fieldStart || row.length > 0) {
    endField();
    rows.push(row);
  }
  return rows;
}

/** One RFC 4180 cell: quoted only when needed (comma, quote, line break, or spaces at either end). */
export function csvCell(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The CSV of rows in INFERENCE_COLUMNS order, `\n` line endings, in the order given (see sortRows). */
export function toCsv(rows: readonly InferenceRow[]): string {
  const lines = [INFERENCE_COLUMNS.join(',')];
  for (const row of rows) lines.push(INFERENCE_COLUMNS.map((c) => csvCell(row[c])).join(','));
  return lines.join('\n') + '\n';
}

/** Plain code-unit comparison, independent of locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The deterministic order of every round file: result_id, result_location, scenario, model, then the whole
 * row. (Imported rows have a result_id; the v3.1/v4.0 rows have none and are ordered by result location.)
 */
export function sortRows(rows: readonly InferenceRow[]): InferenceRow[] {
  const key = (r: InferenceRow) => [r.result_id, r.result_location, r.scenario, r.model, INFERENCE_COLUMNS.map((c) => r[c]).join('\u0000')];
  return rows
    .map((r) => ({ r, k: key(r) }))
    .sort((a, b) => {
      for (let i = 0; i < a.k.length; i++) {
        const d = compareText(a.k[i]!, b.k[i]!);
        if (d !== 0) return d;
      }
      return 0;
    })
    .map((x) => x.r);
}

/** Rows of a CSV with exactly the expected header, as objects; `line` is the row's line in the file. */
function readTable<C extends string>(text: string, file: string, columns: readonly C[]): { line: number; cells: Record<C, string> }[] {
  const rows = parseCsv(text, file);
  const header = rows[0];
  if (!header || header.join(',') !== columns.join(',')) {
    throw new ImportError(`${file}: the header must be exactly "${columns.join(',')}", found "${(header ?? []).join(',')}"`);
  }
  return rows.slice(1).map((cells, i) => {
    const line = i + 2;
    if (cells.length !== columns.length) {
      throw new ImportError(`${file}:${line}: expected ${columns.length} cells (${columns.join(', ')}), found ${cells.length}`);
    }
    const out = {} as Record<C, string>;
    columns.forEach((c, j) => (out[c] = cells[j]!));
    return { line, cells: out };
  });
}

// ---------------------------------------------------------------------------------------------------
// The mapping and rule tables

const ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Reads `accelerator-names.csv`: every published name once, each with a lower-case kebab accelerator_id. */
export function loadAcceleratorNames(text: string, file = ACCELERATOR_NAMES_FILE): Map<string, AcceleratorName> {
  const names = new Map<string, AcceleratorName>();
  for (const { line, cells } of readTable(text, file, ACCELERATOR_NAMES_COLUMNS)) {
    if (names.has(cells.name)) throw new ImportError(`${file}:${line}: the name "${cells.name}" is listed twice; list each published name once`);
    if (!ID_PATTERN.test(cells.accelerator_id)) {
      throw new ImportError(`${file}:${line}: accelerator_id "${cells.accelerator_id}" is not lower-case kebab (e.g. nvidia-h100-sxm-80gb)`);
    }
    names.set(cells.name, { ...cells });
  }
  return names;
}

/** Reads `mlperf-unit-rules.csv`. A blank key cell matches anything; published_unit, unit and reason are required. */
export function loadUnitRules(text: string, file = UNIT_RULES_FILE): UnitRule[] {
  return readTable(text, file, UNIT_RULES_COLUMNS).map(({ line, cells }) => {
    if (cells.published_unit === '') throw new ImportError(`${file}:${line}: published_unit is required (the Performance_Units the rule corrects)`);
    if (!(UNITS as readonly string[]).includes(cells.unit)) {
      throw new ImportError(`${file}:${line}: unit "${cells.unit}" is not one of ${UNITS.join(', ')}`);
    }
    if (cells.reason.trim() === '') throw new ImportError(`${file}:${line}: reason is required (it becomes the rows' unit_note)`);
    return { line, ...cells };
  });
}

// ---------------------------------------------------------------------------------------------------
// The import

export interface ImportOptions {
  /** The round expected (e.g. "v5.1"); when given, the records' version must equal it. */
  round?: string;
  /** owner/name of MLCommons' results repository the summary comes from. */
  repo: string;
  /** The commit of repo the summary was read at. */
  commit: string;
  /** Where the summary was read from (for messages only). */
  sourcePath: string;
  names: AcceleratorNameMap;
  unitRules: readonly UnitRule[];
}

export interface ImportResult {
  round: string;
  /** Datacenter rows, sorted (sortRows). */
  rows: InferenceRow[];
  /** Records of other suites (edge only), not imported. */
  skipped: number;
  /** Everything that stops the import: unknown names and units, malformed records, unused rules. */
  problems: string[];
}

const ROUND_PATTERN = /^v\d+\.\d+$/;
const DIVISIONS = ['closed', 'open'];

type SummaryRecord = Record<string, unknown>;

/**
 * Turns the records of one round's summary_results.json into rows of the datacenter suite (Suite containing
 * "datacenter"). Throws ImportError when the input is not a summary of one round; returns every other
 * problem (unknown accelerator names and units, malformed fields) in `problems`, grouped by value.
 */
export function importSummary(records: unknown[], options: ImportOptions): ImportResult {
  const where = options.sourcePath;
  if (!Array.isArray(records)) throw new ImportError(`${where}: expected a JSON array of result records`);
  if (records.length === 0) throw new ImportError(`${where}: the summary has no records`);
  const bad = records.findIndex((r) => typeof r !== 'object' || r === null || Array.isArray(r));
  if (bad >= 0) throw new ImportError(`${where}: record ${bad} is not an object`);
  const recs = records as SummaryRecord[];

  const versions = [...new Set(recs.map((r) => String(r['version'])))].sort();
  if (versions.length !== 1) {
    throw new ImportError(`${where}: the records are of several rounds (version: ${versions.join(', ')}); import one round's summary at a time`);
  }
  const round = versions[0]!;
  if (!ROUND_PATTERN.test(round)) throw new ImportError(`${where}: version "${round}" is not a round such as v5.1`);
  if (options.round !== undefined && options.round !== round) {
    throw new ImportError(`${where}: the records are of round ${round}, not ${options.round}`);
  }
  if (!/^[\w.-]+\/[\w.-]+$/.test(options.repo)) throw new ImportError(`repo "${options.repo}" is not owner/name`);
  if (!/^[0-9a-f]{40}$/.test(options.commit)) throw new ImportError(`commit "${options.commit}" is not a full 40-character commit hash`);

  const problems = new Problems();
  const rules = options.unitRules.filter((r) => r.round === '' || r.round === round);
  const ruleUses = new Map<UnitRule, number>(rules.map((r) => [r, 0]));
  const rows: InferenceRow[] = [];
  let skipped = 0;

  recs.forEach((rec, index) => {
    const suite = rec['Suite'];
    if (typeof suite !== 'string') {
      problems.field(index, rec, 'Suite', 'is not text');
      return;
    }
    if (!suite.split(',').map((s) => s.trim()).includes('datacenter')) {
      skipped++;
      return;
    }
    const text = (field: string, { allowEmpty = false, optional = false } = {}): string => {
      const v = rec[field];
      if (v === undefined && optional) return '';
      if (typeof v !== 'string') {
        problems.field(index, rec, field, v === undefined ? 'is missing' : `is not text: ${JSON.stringify(v)}`);
        return '';
      }
      if (!allowEmpty && v.trim() === '') problems.field(index, rec, field, 'is empty');
      return v;
    };
    const id = text('ID');
    const division = text('Category');
    if (division !== '' && !DIVISIONS.includes(division)) {
      problems.add(`division (Category) "${division}" is not closed or open`, rec, 'only the closed and open divisions are documented for mlperf_inference; extend the importer and the catalog first');
    }
    const accelerator = text('Accelerator', { allowEmpty: true });
    const mapped = options.names.get(accelerator);
    if (typeof rec['Accelerator'] === 'string' && !mapped) {
      problems.add(`unknown accelerator name ${JSON.stringify(accelerator)}`, rec, `add it to data/${ACCELERATOR_NAMES_FILE} with its accelerator_id`);
    }

    const nodes = rec['Nodes'];
    if (typeof nodes !== 'number' || !Number.isInteger(nodes) || nodes < 1) problems.field(index, rec, 'Nodes', `is not a positive whole number: ${JSON.stringify(nodes)}`);
    const perNode = rec['a#'];
    let perNodeText = '';
    let total = '';
    if (typeof perNode === 'number' && Number.isFinite(perNode)) {
      perNodeText = String(perNode);
      if (typeof nodes === 'number') {
        const product = nodes * perNode;
        if (Number.isInteger(product)) total = String(product);
        else problems.field(index, rec, 'a#', `× Nodes is not a whole number: ${perNode} × ${nodes}`);
      }
    } else if (typeof perNode === 'string') {
      perNodeText = perNode; // '' where no accelerator is listed; text is kept as published
      const n = perNode.trim() === '' ? NaN : Number(perNode);
      if (Number.isInteger(n) && typeof nodes === 'number') total = String(nodes * n);
    } else if (perNode !== undefined && perNode !== null) {
      problems.field(index, rec, 'a#', `is neither a number nor text: ${JSON.stringify(perNode)}`);
    }

    const inferredValue = rec['inferred'];
    let inferred = '';
    if (inferredValue === 0 || inferredValue === false) inferred = '0';
    else if (inferredValue === 1 || inferredValue === true) inferred = '1';
    else problems.field(index, rec, 'inferred', `is not 0 or 1: ${JSON.stringify(inferredValue)}`);

    const result = rec['Performance_Result'];
    if (typeof result !== 'number' || !Number.isFinite(result)) problems.field(index, rec, 'Performance_Result', `is not a number: ${JSON.stringify(result)}`);

    const model = text('Model');
    const scenario = text('Scenario');
    const submitter = text('Submitter');
    const publishedUnit = text('Performance_Units');
    const matching = rules.filter(
      (r) =>
        (r.model === '' || r.model === model) &&
        (r.scenario === '' || r.scenario === scenario) &&
        (r.division === '' || r.division === division) &&
        (r.submitter === '' || r.submitter === submitter) &&
        r.published_unit === publishedUnit,
    );
    let unit = '';
    let unitNote = '';
    if (matching.length > 1) {
      problems.add(`unit rules on lines ${matching.map((r) => r.line).join(', ')} of ${UNIT_RULES_FILE} all match`, rec, 'make the rules exclusive');
    } else if (matching.length === 1) {
      const rule = matching[0]!;
      ruleUses.set(rule, (ruleUses.get(rule) ?? 0) + 1);
      unit = rule.unit;
      unitNote = rule.reason;
    } else if (Object.hasOwn(PUBLISHED_UNITS, publishedUnit)) {
      unit = PUBLISHED_UNITS[publishedUnit]!;
    } else if (typeof rec['Performance_Units'] === 'string') {
      problems.add(
        `unknown unit ${JSON.stringify(publishedUnit)}`,
        rec,
        `find out from the results' logs what the value is, then add a rule to data/${UNIT_RULES_FILE} (or, for a new general unit, extend PUBLISHED_UNITS in src/lib/mlperf-import.ts)`,
      );
    }

    const hasPower = rec['has_power'];
    let power = '';
    if (hasPower === true) {
      const powerUnit = rec['Power_Units'];
      const powerResult = rec['Power_Result'];
      if (powerUnit !== POWER_UNIT) {
        problems.add(`unknown power unit ${JSON.stringify(powerUnit)}`, rec, `power_w holds ${POWER_UNIT} only; extend the importer and the catalog for another power unit`);
      } else if (typeof powerResult !== 'number' || !Number.isFinite(powerResult)) {
        problems.field(index, rec, 'Power_Result', `is not a number: ${JSON.stringify(powerResult)}`);
      } else {
        power = String(powerResult);
      }
    } else if (hasPower !== false && hasPower !== undefined) {
      problems.field(index, rec, 'has_power', `is not true or false: ${JSON.stringify(hasPower)}`);
    }

    rows.push({
      round,
      division,
      availability: text('Availability'),
      suite,
      submitter,
      system_name: text('System'),
      system_id: text('Platform'),
      accelerator,
      accelerator_id: mapped?.accelerator_id ?? '',
      accelerators_per_node: perNodeText,
      nodes: typeof nodes === 'number' ? String(nodes) : '',
      total_accelerators: total,
      model,
      used_model: text('UsedModel'),
      inferred,
      scenario,
      result: typeof result === 'number' ? String(result) : '',
      unit,
      unit_note: unitNote,
      precision: text('weight_data_types', { allowEmpty: true, optional: true }),
      power_w: power,
      result_id: id,
      log_check: '',
      software: text('Software', { allowEmpty: true }),
      result_location: text('Location'),
      source_repo: options.repo,
      source_commit: options.commit,
      source_path: SUMMARY_SOURCE_PATH,
    });
  });

  for (const [rule, uses] of ruleUses) {
    if (rule.round === round && uses === 0) {
      problems.addPlain(`the unit rule on line ${rule.line} of ${UNIT_RULES_FILE} (round ${round}) matches no record: check its keys, or remove it`);
    }
  }
  const seen = new Map<string, number>();
  for (const r of rows) {
    const key = [r.result_id, r.scenario, r.model, r.result_location].join(' | ');
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  for (const [key, n] of seen) if (n > 1) problems.addPlain(`${n} records have the same ID, Scenario, Model and Location (${key})`);
  if (rows.length === 0 && problems.isEmpty()) problems.addPlain(`${where}: no record of the datacenter suite`);

  return { round, rows: sortRows(rows), skipped, problems: problems.list() };
}

/** Problems grouped by what is wrong, each with a count and an example record. */
class Problems {
  private readonly groups = new Map<string, { count: number; example: string; advice: string }>();
  private readonly plain: string[] = [];

  add(what: string, rec: SummaryRecord, advice: string): void {
    const g = this.groups.get(what);
    if (g) g.count++;
    else this.groups.set(what, { count: 1, example: describe(rec), advice });
  }

  field(index: number, rec: SummaryRecord, field: string, message: string): void {
    this.add(`${field} ${message}`, rec, `record ${index} of the summary; fix the input or the importer`);
  }

  addPlain(message: string): void {
    this.plain.push(message);
  }

  isEmpty(): boolean {
    return this.groups.size === 0 && this.plain.length === 0;
  }

  list(): string[] {
    const grouped = [...this.groups].map(
      ([what, g]) => `${what}: ${g.count} record${g.count === 1 ? '' : 's'}, e.g. ${g.example}.\n    what to do: ${g.advice}`,
    );
    return [...grouped.sort(compareText), ...this.plain];
  }
}

function describe(rec: SummaryRecord): string {
  const v = (k: string) => (typeof rec[k] === 'string' || typeof rec[k] === 'number' ? String(rec[k]) : '?');
  return `ID ${v('ID')} (${v('Submitter')}, ${v('Platform')}, ${v('Model')}, ${v('Scenario')})`;
}

/** Rows per division, scenario and unit, for the CLI's report: "closed Offline tokens/s: 12". */
export function countRows(rows: readonly InferenceRow[]): string[] {
  const counts = new Map<string, number>();
  for (const r of rows) {
    const key = `${r.division} ${r.scenario} ${r.unit}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort(([a], [b]) => compareText(a, b)).map(([k, n]) => `${k}: ${n}`);
}

// ---------------------------------------------------------------------------------------------------
// The catalog

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

export interface CatalogUpdate {
  /** The round file, relative to the data folder, e.g. mlperf-inference/v5.1.csv. */
  file: string;
  /** The raw summary it was read from, with its provenance; omitted for files not read from a raw file. */
  raw?: { file: string; description: string; repo: string; commit: string; path: string; retrieved: string };
  /** A repository entry for the table's source, added when no entry has the same repo and commit. */
  repository?: { repo: string; commit: string; path: string; rounds: string[] };
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
 * every existing column entry as it is and adding NEW_COLUMN_ENTRIES for missing ones.
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

  // source.repositories
  if (update.repository) {
    const repos = table.getIn(['source', 'repositories'], true);
    if (!isSeq(repos) || repos.flow || repos.items.length === 0) {
      throw new ImportError(`${catalogFile}: ${INFERENCE_TABLE}.source.repositories must be a block list`);
    }
    const known = repos.items.some((item) => isMap(item) && item.get('repo') === update.repository!.repo && item.get('commit') === update.repository!.commit);
    if (!known) {
      const last = repos.items[repos.items.length - 1]!;
      const at = lineEnd(source, nodeEnd(source, last));
      const { repo, commit, path, rounds } = update.repository;
      edits.push({ start: at, end: at, text: `\n${' '.repeat(columnOf(source, nodeStart(last)) - 2)}- ${flowMap({ repo, commit, path, rounds })}` });
      repos.items.push(doc.createNode({ repo, commit, path, rounds }, { flow: true }));
      changes.push(`${INFERENCE_TABLE}.source.repositories: added ${repo} @ ${commit}`);
    }
  }

  // raw:
  if (update.raw) {
    const { file, description, ...provenance } = update.raw;
    const rawList = doc.get('raw', true);
    const entry = { file, description, source: { publisher: 'MLCommons', ...provenance } };
    const entryLines = (indent: number) =>
      [`${' '.repeat(indent)}- file: ${yamlScalar(file)}`, `${' '.repeat(indent + 2)}description: ${JSON.stringify(description)}`, `${' '.repeat(indent + 2)}source: ${flowMap(entry.source)}`].join('\n');
    if (rawList === undefined) {
      const end = source.length;
      edits.push({ start: end, end, text: `${source.endsWith('\n') ? '' : '\n'}\nraw:\n${entryLines(2)}\n` });
      doc.set('raw', doc.createNode([entry]));
      changes.push(`raw: added ${file}`);
    } else {
      if (!isSeq(rawList) || rawList.flow) throw new ImportError(`${catalogFile}: raw must be a block list`);
      const listed = rawList.items.some((item) => isMap(item) && item.get('file') === file);
      if (!listed) {
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

interface TextEdit {
  start: number;
  end: number;
  text: string;
}

function applyEdits(source: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.end > sorted[i - 1]!.start) throw new ImportError('internal error: overlapping catalog edits');
  }
  let out = source;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

function sameData(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function findPair(map: YAMLMap, key: string): Pair<unknown, unknown> | undefined {
  return (map.items as Pair<unknown, unknown>[]).find((p) => isScalar(p.key) && p.key.value === key);
}

function nodeStart(node: unknown): number {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  if (!range) throw new ImportError('internal error: a catalog node has no source range');
  return range[0];
}

/** End offset of a node's own text (without trailing comments, blank lines or the line break). */
function nodeEnd(source: string, node: unknown): number {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  if (!range) throw new ImportError('internal error: a catalog node has no source range');
  let end = range[1];
  while (end > range[0] && /\s/.test(source[end - 1]!)) end--;
  return end;
}

function lineStart(source: string, offset: number): number {
  return source.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset of the line break ending the line that holds the character before `offset`. */
function lineEnd(source: string, offset: number): number {
  const i = source.indexOf('\n', Math.max(offset - 1, 0));
  return i < 0 ? source.length : i;
}

function columnOf(source: string, offset: number): number {
  return offset - lineStart(source, offset);
}

/** A scalar as YAML: plain when that reads back as the same string, else double-quoted. */
function yamlScalar(value: string): string {
  const plain = /^[A-Za-z0-9_./][A-Za-z0-9_./ -]*$/.test(value) && !value.endsWith(' ');
  if (plain && YAML.parse(`k: ${value}`)?.k === value) return value;
  if (plain && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value; // dates stay plain, as elsewhere in the catalog
  return JSON.stringify(value);
}

/** A one-line flow mapping in the catalog's style: { type: VARCHAR, description: "…" }. */
function flowMap(entry: Record<string, string | string[]>): string {
  const parts = Object.entries(entry).map(([k, v]) => {
    if (Array.isArray(v)) return `${k}: [${v.map(yamlScalar).join(', ')}]`;
    return `${k}: ${k === 'description' ? JSON.stringify(v) : yamlScalar(v)}`;
  });
  return `{ ${parts.join(', ')} }`;
}

