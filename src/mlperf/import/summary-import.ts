/**
 * Importing MLCommons' official MLPerf Inference results summary (`summary_results.json`, one per round)
 * into Benchwright's layout: one CSV per round, `data/mlperf-inference/<round>.csv`, with the columns of
 * INFERENCE_COLUMNS (round-file.ts). Pure functions only (no file system): the CLI `scripts/import-mlperf.ts` reads
 * the files and writes the results.
 *
 * Nothing is guessed. Every accelerator name must be in the mapping table (`data/accelerator-names.csv`)
 * and every published unit must be corrected by a documented rule (`data/mlperf-unit-rules.csv`) or be listed
 * in the units table (`data/mlperf-units.csv`); anything else is returned as a problem, and the CLI then writes
 * nothing. Unknown accelerator names come back with proposed rows of the mapping table (proposeAcceleratorNames),
 * for a person to review and add: the importer never edits the tables.
 */
import { ImportError } from './import-error.ts';
import { ACCELERATOR_NAMES_FILE, POWER_UNIT, shiftDecimal, UNIT_RULES_FILE, UNITS_FILE, type AcceleratorNameMap, type UnitRule, type UnitTable } from './mapping-tables.ts';
import { sortRows, type InferenceRow } from './round-file.ts';
import { compareText } from './text-order.ts';

/** `source_path` of every imported row: the file's name in MLCommons' results repository. */
export const SUMMARY_SOURCE_PATH = 'summary_results.json';

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
