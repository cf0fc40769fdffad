/**
 * Importing MLCommons' official MLPerf Inference results summary (`summary_results.json`, one per round)
 * into Benchwright's layout: one CSV per round, `data/mlperf-inference/<round>.csv`, with the columns of
 * INFERENCE_COLUMNS. Pure functions only (no file system): the CLI `scripts/import-mlperf.ts` reads the
 * files and writes the results.
 *
 * Nothing is guessed. Every accelerator name must be in the mapping table (`data/accelerator-names.csv`)
 * and every published unit must be corrected by a documented rule (`data/mlperf-unit-rules.csv`) or be listed
 * in the units table (`data/mlperf-units.csv`); anything else is returned as a problem, and the CLI then writes
 * nothing. Unknown accelerator names come back with proposed rows of the mapping table (proposeAcceleratorNames),
 * for a person to review and add: the importer never edits the tables.
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

/**
 * The units a result can be in (the target units): the `unit` values the units table (`mlperf-units.csv`) may
 * map a published unit to, and a rule of `mlperf-unit-rules.csv` may correct one to. The catalog's description
 * of mlperf_inference.unit names exactly these; the test suite checks that the units table uses each of them. A
 * new published name of one of these units is a row of the units table (data only); a new kind of result (a unit
 * not listed here) changes what the table holds, so it is added here and to the catalog first.
 */
export const UNITS = ['tokens/s', 'samples/s', 'queries/s', 'latency_ms'] as const;
export type Unit = (typeof UNITS)[number];

/** The only power unit power_w holds. */
export const POWER_UNIT = 'Watts';

export const ACCELERATOR_NAMES_FILE = 'accelerator-names.csv';
export const UNIT_RULES_FILE = 'mlperf-unit-rules.csv';
export const UNITS_FILE = 'mlperf-units.csv';
/** The specification table, whose `accelerator` column the mapping table's spec_name names. */
export const ACCELERATORS_FILE = 'accelerators.csv';
/** The provenance document a round's repository and commit must be recorded in before it is imported. */
export const SOURCES_FILE = 'SOURCES.md';
export const ACCELERATOR_NAMES_COLUMNS = ['name', 'accelerator_id', 'spec_name', 'note'] as const;
export const UNIT_RULES_COLUMNS = ['round', 'model', 'scenario', 'division', 'submitter', 'published_unit', 'unit', 'reason'] as const;
export const UNITS_COLUMNS = ['published_unit', 'unit', 'scale', 'unit_note', 'note'] as const;

/** The catalog tables of the mapping and rule tables (the importer adds a round's repository to their sources). */
export const ACCELERATOR_NAMES_TABLE = 'accelerator_names';
export const UNIT_RULES_TABLE = 'mlperf_unit_rules';

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

/** One row of the units table: a Performance_Units value as published, and how it becomes a target unit. */
export interface PublishedUnit {
  /** Line of the row in its file (for messages). */
  line: number;
  published_unit: string;
  unit: Unit;
  /** The scale as written (a power of ten: 1, 1000, 0.001, …). */
  scale: string;
  /** The power of ten of scale: the value's decimal point moves this many places (1000 → 3). */
  exponent: number;
  /** Written to the unit_note of every row this entry converts; required when the value is rescaled. */
  unit_note: string;
  note: string;
}
/** Performance_Units as published → its row of the units table. */
export type UnitTable = ReadonlyMap<string, PublishedUnit>;

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

/**
 * Reads `mlperf-units.csv`: every Performance_Units value once, each with its target unit (one of UNITS), a scale
 * that is a power of ten, and the unit_note its rows get (required when the scale is not 1, so that a rescaled
 * value always says so).
 */
export function loadUnits(text: string, file = UNITS_FILE): Map<string, PublishedUnit> {
  const units = new Map<string, PublishedUnit>();
  for (const { line, cells } of readTable(text, file, UNITS_COLUMNS)) {
    if (cells.published_unit === '') throw new ImportError(`${file}:${line}: published_unit is required (the Performance_Units as published, e.g. Tokens/s)`);
    if (units.has(cells.published_unit)) {
      throw new ImportError(`${file}:${line}: the published unit "${cells.published_unit}" is listed twice; list each published unit once`);
    }
    if (!(UNITS as readonly string[]).includes(cells.unit)) {
      throw new ImportError(
        `${file}:${line}: unit "${cells.unit}" is not one of ${UNITS.join(', ')}. A published unit maps to one of these; ` +
          'a new kind of result is added to UNITS in src/mlperf/mlperf-import.ts and to the catalog (mlperf_inference.unit) first',
      );
    }
    const exponent = powerOfTen(cells.scale);
    if (exponent === undefined) {
      throw new ImportError(
        `${file}:${line}: scale "${cells.scale}" is not a power of ten (1, 10, 100, 1000, … or 0.1, 0.01, …): values are rescaled ` +
          'by moving the decimal point in their text, so that no rounding error is written, which only a power of ten allows',
      );
    }
    if (exponent !== 0 && cells.unit_note.trim() === '') {
      throw new ImportError(`${file}:${line}: unit_note is required when scale is not 1: the rows must say that their value was converted, and from what`);
    }
    units.set(cells.published_unit, { line, ...cells, unit: cells.unit as Unit, exponent });
  }
  return units;
}

/** The target units a units table maps to, sorted. */
export function targetUnits(units: UnitTable): string[] {
  return [...new Set([...units.values()].map((u) => u.unit))].sort(compareText);
}

/** The power of ten a scale is written as ("1000" → 3, "1" → 0, "0.01" → -2), or undefined for any other text. */
export function powerOfTen(scale: string): number | undefined {
  if (/^10*$/.test(scale)) return scale.length - 1;
  if (/^0\.0*1$/.test(scale)) return -(scale.length - 2);
  return undefined;
}

/**
 * A decimal number's text multiplied by 10^exponent, by moving its decimal point: exact, with no floating-point
 * step ("12.5", 3 → "12500"; "21.425919695", 3 → "21425.919695"; "1.5e-7", 3 → "0.00015"). The result is plain
 * decimal notation without leading or trailing zeros.
 */
export function shiftDecimal(text: string, exponent: number): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m || !Number.isInteger(exponent)) throw new ImportError(`cannot rescale "${text}": not a decimal number`);
  const [, sign, int, frac = '', exp = '0'] = m;
  const digits = int! + frac;
  const point = int!.length + Number(exp) + exponent; // digits before the decimal point
  let whole: string;
  let fraction: string;
  if (point <= 0) {
    whole = '0';
    fraction = '0'.repeat(-point) + digits;
  } else if (point >= digits.length) {
    whole = digits + '0'.repeat(point - digits.length);
    fraction = '';
  } else {
    whole = digits.slice(0, point);
    fraction = digits.slice(point);
  }
  whole = whole.replace(/^0+(?=\d)/, '');
  fraction = fraction.replace(/0+$/, '');
  const body = fraction === '' ? whole : `${whole}.${fraction}`;
  return body === '0' ? '0' : `${sign}${body}`;
}

/**
 * Reads `mlperf-unit-rules.csv`. A blank key cell matches anything; published_unit, unit and reason are required,
 * and unit is a target unit (one of `targets`: the target units of the units table when given, else UNITS).
 */
export function loadUnitRules(text: string, file = UNIT_RULES_FILE, targets: readonly string[] = UNITS): UnitRule[] {
  return readTable(text, file, UNIT_RULES_COLUMNS).map(({ line, cells }) => {
    if (cells.published_unit === '') throw new ImportError(`${file}:${line}: published_unit is required (the Performance_Units the rule corrects)`);
    if (!targets.includes(cells.unit)) {
      throw new ImportError(`${file}:${line}: unit "${cells.unit}" is not one of ${targets.join(', ')} (a rule's unit is the target unit the value is really in)`);
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
  /** The units table (`mlperf-units.csv`): how each published unit becomes a target unit. */
  units: UnitTable;
  unitRules: readonly UnitRule[];
}

/** An accelerator name of the imported records that the mapping table does not have. */
export interface UnknownName {
  name: string;
  /** Datacenter records with this name. */
  count: number;
  /** The first such record: its result ID, submitter and system name. */
  example: { id: string; submitter: string; system: string };
}

export interface ImportResult {
  round: string;
  /** Datacenter rows, sorted (sortRows). */
  rows: InferenceRow[];
  /** Records of other suites (edge only), not imported. */
  skipped: number;
  /** Everything that stops the import: unknown names and units, malformed records, unused rules. */
  problems: string[];
  /** Accelerator names the mapping table does not have, sorted by name (each is also a problem). */
  unknownNames: UnknownName[];
  /**
   * What does not stop the import but a person should read: accelerator counts that a system or accelerator
   * name, or MLCommons' own Total Accelerators field, contradicts (total_accelerators is Nodes × a# regardless).
   */
  warnings: string[];
  /** The rules of the unit rule table that matched at least one record. */
  usedRules: UnitRule[];
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
  const unknownNames = new Map<string, UnknownName>();
  const countWarnings = new Map<string, { id: string; count: number }>();
  const warn = (id: string, message: string) => {
    const w = countWarnings.get(message);
    if (w) w.count++;
    else countWarnings.set(message, { id, count: 1 });
  };
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
      problems.add(
        `unknown accelerator name ${JSON.stringify(accelerator)}`,
        rec,
        `add it to data/${ACCELERATOR_NAMES_FILE} with its accelerator_id (see the proposed rows below: review them, never add them unread)`,
      );
      const known = unknownNames.get(accelerator);
      if (known) known.count++;
      else unknownNames.set(accelerator, { name: accelerator, count: 1, example: { id, submitter: String(rec['Submitter'] ?? ''), system: String(rec['System'] ?? '') } });
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

    // total_accelerators is Nodes × a#. A count that a name states, or MLCommons' own Total Accelerators field,
    // is checked against it: a disagreement is a warning (the source contradicts itself), never a correction.
    if (total !== '' || (typeof perNode === 'string' && perNode.trim() === '')) {
      const system = typeof rec['System'] === 'string' ? rec['System'] : '';
      const who = `${id} (${typeof rec['Submitter'] === 'string' ? rec['Submitter'] : '?'}, system ${JSON.stringify(system)})`;
      const product = total === '' ? 'no accelerator count (a# is empty)' : `Nodes × a# = ${String(nodes)} × ${perNodeText} = ${total}`;
      const kept = total === '' ? 'total_accelerators is left empty' : `total_accelerators is ${total}`;
      const listed = rec['Total Accelerators'];
      const listedText = typeof listed === 'number' ? `; MLCommons' Total Accelerators says ${listed}` : '';
      for (const named of namedAcceleratorCounts(system, accelerator)) {
        if (String(named.count) !== total) {
          const which = named.where === 'system name' ? 'the system name' : `the accelerator name ${JSON.stringify(named.text)}`;
          warn(id, `${who}: ${which} says ${named.count} accelerators, but ${product}${listedText}; ${kept}`);
        }
      }
      if (listed !== undefined) {
        const agrees = typeof listed === 'number' && (total === '' ? listed === 0 : String(listed) === total);
        if (!agrees) warn(id, `${who}: MLCommons' Total Accelerators is ${JSON.stringify(listed)}, but ${product}; ${kept}`);
      }
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
    // A rule of the unit rule table (a documented mislabel) applies first: its unit is the target unit the value
    // is really in, and the value is kept as published. Otherwise the units table maps the published unit (and
    // rescales by a power of ten where it says so). Otherwise the import stops.
    let unit = '';
    let unitNote = '';
    let exponent = 0;
    if (matching.length > 1) {
      problems.add(`unit rules on lines ${matching.map((r) => r.line).join(', ')} of ${UNIT_RULES_FILE} all match`, rec, 'make the rules exclusive');
    } else if (matching.length === 1) {
      const rule = matching[0]!;
      ruleUses.set(rule, (ruleUses.get(rule) ?? 0) + 1);
      unit = rule.unit;
      unitNote = rule.reason;
    } else if (options.units.has(publishedUnit)) {
      const entry = options.units.get(publishedUnit)!;
      unit = entry.unit;
      unitNote = entry.unit_note;
      exponent = entry.exponent;
    } else if (typeof rec['Performance_Units'] === 'string') {
      problems.add(
        `unknown unit ${JSON.stringify(publishedUnit)}`,
        rec,
        `find out from the results' logs what the value is in; if it is a new name of a known unit, add a row to data/${UNITS_FILE} ` +
          `(published_unit, unit, scale, unit_note, note); if the label is wrong for some results, add a rule to data/${UNIT_RULES_FILE}`,
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
      result: typeof result === 'number' ? (exponent === 0 ? String(result) : shiftDecimal(String(result), exponent)) : '',
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

  const warnings = [...countWarnings]
    .sort(([a, wa], [b, wb]) => compareText(wa.id, wb.id) || compareText(a, b))
    .map(([message, w]) => `${message} (${w.count} record${w.count === 1 ? '' : 's'})`);
  return {
    round,
    rows: sortRows(rows),
    skipped,
    problems: problems.list(),
    unknownNames: [...unknownNames.values()].sort((a, b) => compareText(a.name, b.name)),
    warnings,
    usedRules: [...ruleUses].filter(([, uses]) => uses > 0).map(([rule]) => rule),
  };
}

/**
 * The accelerator counts a record's names state: "(x87)" after a part in the accelerator name (summed over the
 * parts of a mix: "A (x8) and B (x8)" is 16), and "(8x Part, …)" or "(8x A + 8x B, …)" in a parenthesis of the
 * system name (summed likewise). Counts written any other way ("aws-g4dn-4xlarge", "Cisco UCS 16xMI350X") are not
 * read: they are too easily something else.
 */
export function namedAcceleratorCounts(system: string, accelerator: string): { where: 'accelerator name' | 'system name'; text: string; count: number }[] {
  const out: { where: 'accelerator name' | 'system name'; text: string; count: number }[] = [];
  const inName = [...accelerator.matchAll(/\(x(\d+)\)/g)].map((m) => Number(m[1]));
  if (inName.length > 0) out.push({ where: 'accelerator name', text: accelerator, count: inName.reduce((a, b) => a + b, 0) });
  let inSystem: number | undefined;
  for (const group of system.matchAll(/\(([^()]*)\)?/g)) {
    const parts = group[1]!.split(',')[0]!.split('+').map((p) => /^\s*(\d+)\s?[xX]\s?(?=[A-Za-z])/.exec(p));
    if (parts.every((m) => m !== null)) inSystem = (inSystem ?? 0) + parts.reduce((a, m) => a + Number(m![1]), 0);
  }
  if (inSystem !== undefined) out.push({ where: 'system name', text: system, count: inSystem });
  return out;
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

// ---------------------------------------------------------------------------------------------------
// Proposed rows for unknown accelerator names

/**
 * An accelerator_id proposed for a published name, in the style of the mapping table: lower-case kebab, vendor
 * and part and memory ("NVIDIA B300-SXM-270GB" → nvidia-b300-sxm-270gb), without trademark signs or the memory
 * type (HBM3e, GDDR7). One count in brackets ("… (x87)") is left out (the part is the same); several make a mix
 * ("mix-…", counts kept), as for the heterogeneous clusters already in the table.
 */
export function proposedAcceleratorId(name: string): string {
  const counts = [...name.matchAll(/\(x\d+\)/g)].length;
  let t = name.toLowerCase().replace(/\((r|tm)\)|[®™]/g, ' ').replace(/\b(hbm\d*e?|gddr\d*x?)\b/g, ' ');
  t = counts > 1 ? t.replace(/\(x(\d+)\)/g, ' x$1 ').replace(/\band\b/g, ' ') : t.replace(/\(x\d+\)/g, ' ');
  const slug = t.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (slug === '') return 'unnamed';
  return counts > 1 ? `mix-${slug}` : slug;
}

/**
 * Rows of the mapping table proposed for the unknown names of a round, for a person to review (never applied
 * by the importer). accelerator_id: the id of a known name that contains this one or that this one contains, as
 * whole words (a vendor prefix, a "(Power Cap …)" after the part), when there is one such id; else
 * proposedAcceleratorId. spec_name only where the specification table clearly
 * has the part: the spec_name the mapping table already gives that id, or else the one row of accelerators.csv
 * every word of whose name is in the published name; empty otherwise (and always for a mix). note: that the row is
 * proposed, with the record count, an example result ID and system, and what the proposal rests on.
 */
export function proposeAcceleratorNames(unknown: readonly UnknownName[], round: string, names: AcceleratorNameMap, specNames: readonly string[]): AcceleratorName[] {
  const words = (text: string) => text.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w !== '');
  // A known name inside the unknown one, or the unknown one inside a known name, as whole words (a vendor prefix,
  // a "Virtualized" or "(Power Cap …)" around the same part name); "NVIDIA L40" is not inside "NVIDIA L40S".
  const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const within = (part: string, whole: string) => new RegExp(`(^|[^a-z0-9])${escaped(part.toLowerCase())}($|[^a-z0-9])`).test(whole.toLowerCase());
  return unknown.map((u) => {
    let id = proposedAcceleratorId(u.name);
    const mix = id.startsWith('mix-');
    const basis: string[] = [];
    if (!mix && ![...names.values()].some((n) => n.accelerator_id === id)) {
      const around = [...names.values()]
        .filter((n) => n.name.length >= 6 && n.accelerator_id !== 'none' && !n.accelerator_id.startsWith('mix-') && (within(n.name, u.name) || within(u.name, n.name)))
        .sort((a, b) => b.name.length - a.name.length || compareText(a.name, b.name));
      if (around.length > 0 && new Set(around.map((n) => n.accelerator_id)).size === 1) {
        id = around[0]!.accelerator_id;
        basis.push(`one of the names ${JSON.stringify(around[0]!.name)} and this contains the other: proposed as the same part (id ${id}); check it is not a different variant`);
      }
    }
    const sameId = [...names.values()].filter((n) => n.accelerator_id === id);
    let spec = '';
    const count = /\(x(\d+)\)/.exec(u.name);
    if (mix) basis.push('several counted parts: a heterogeneous mix, with an id of its own and no spec_name');
    else if (count) basis.push(`the count in the name (x${count[1]}) is left out of the id: check it against the record's accelerator count`);
    if (sameId.length > 0) {
      if (basis.every((b) => !b.startsWith('one of the names'))) basis.push(`same id as ${sameId.map((n) => JSON.stringify(n.name)).join(', ')}: check that it is the same part (model, form factor, memory)`);
      const specs = [...new Set(sameId.map((n) => n.spec_name))];
      if (specs.length === 1 && specs[0] !== '') spec = specs[0]!;
    } else if (!mix) {
      const nameWords = new Set(words(u.name));
      const found = specNames.filter((sn) => words(sn).length > 0 && words(sn).every((w) => nameWords.has(w)));
      if (found.length === 1) {
        spec = found[0]!;
        basis.push(`new id; spec_name: every word of accelerators.csv's "${spec}" is in the name`);
      } else {
        basis.push(`new id; accelerators.csv has no row that is clearly this part${found.length > 1 ? ` (several match: ${found.join('; ')})` : ''}`);
      }
    }
    const records = `${u.count} ${round} datacenter record${u.count === 1 ? '' : 's'}`;
    const example = `e.g. ${u.example.id} (${u.example.submitter}: ${u.example.system})`;
    return { name: u.name, accelerator_id: id, spec_name: spec, note: `PROPOSED for review (import:mlperf): ${records}, ${example}; ${basis.join('; ')}` };
  });
}

/** Rows of the mapping table as CSV, header included, in accelerator-names.csv's format (sorted by name). */
export function acceleratorNamesCsv(rows: readonly AcceleratorName[]): string {
  const sorted = [...rows].sort((a, b) => compareText(a.name, b.name));
  const lines = [ACCELERATOR_NAMES_COLUMNS.join(',')];
  for (const row of sorted) lines.push(ACCELERATOR_NAMES_COLUMNS.map((c) => csvCell(row[c])).join(','));
  return lines.join('\n') + '\n';
}

/** The accelerator names of accelerators.csv (the specification table), for proposing spec_name. */
export function loadSpecNames(text: string, file = ACCELERATORS_FILE): string[] {
  const [header, ...rows] = parseCsv(text, file);
  const column = (header ?? []).indexOf('accelerator');
  if (column < 0) throw new ImportError(`${file}: there is no accelerator column`);
  return rows.map((r) => r[column] ?? '').filter((n) => n !== '');
}

// ---------------------------------------------------------------------------------------------------
// The commit

/**
 * Whether a 40-digit commit is a placeholder rather than a real commit: one character repeated (0000…, ffff…), or
 * a short pattern repeated (deadbeefdeadbeef…, 0123456789abcdef0123…). A real SHA-1 is never periodic like this.
 */
export function isPlaceholderCommit(commit: string): boolean {
  for (let period = 1; period <= commit.length / 2; period++) {
    let repeats = true;
    for (let i = period; i < commit.length && repeats; i++) repeats = commit[i] === commit[i - period];
    if (repeats) return true;
  }
  return false;
}

/**
 * Refuses a commit that is not 40 lower-case hex digits, a placeholder, or not recorded in the provenance document
 * (`data/SOURCES.md`): some line of it must name the repository and the full commit (and, for a copy, the
 * repository it is a copy of), as the sources table of each round does. The round's provenance is written there
 * before it is imported, not made up at import time.
 */
export function checkCommit(repo: string, commit: string, copyOf: string | undefined, sources: string, sourcesFile = `data/${SOURCES_FILE}`): void {
  if (!/^[0-9a-f]{40}$/.test(commit)) {
    throw new ImportError(`commit "${commit}" is not a full 40-character commit hash (40 lower-case hex digits, as git rev-parse prints it)`);
  }
  if (isPlaceholderCommit(commit)) {
    throw new ImportError(`commit "${commit}" is a placeholder (a repeated pattern), not a real commit: give the full commit of ${repo} the summary was read at`);
  }
  const escaped = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const edge = '[^\\w/.-]';
  // `owner/name` @ `<commit>`, with or without the backticks, as the sources table of each round writes it.
  const repoAtCommit = new RegExp(`(^|${edge})${escaped(repo)}\`?\\s*@\\s*\`?${commit}($|[^0-9a-f])`);
  const names = (value: string) => new RegExp(`(^|${edge})${escaped(value)}($|${edge})`);
  const recorded = sources.split(/\r?\n/).some((line) => repoAtCommit.test(line) && (copyOf === undefined || names(copyOf).test(line)));
  if (!recorded) {
    throw new ImportError(
      `${repo} @ ${commit}${copyOf ? ` (a copy of ${copyOf})` : ''} is not recorded in ${sourcesFile}: record where the round came from there first ` +
        `(one line naming \`${repo}\` @ \`<full commit>\`${copyOf ? ', the repository it is a copy of' : ''}, the path and the date retrieved, ` +
        'as in the table of sources per round), then import',
    );
  }
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

