/**
 * The tables the import reads besides the summary, each kept by hand in data/: the mapping of published accelerator
 * names (`accelerator-names.csv`), the units table (`mlperf-units.csv`), the unit rules (`mlperf-unit-rules.csv`)
 * and the specification table's names (`accelerators.csv`); and the exact rescaling of a value by a power of ten.
 */
import { parseCsv, readTable, writeCsv } from './import-csv.ts';
import { ImportError } from './import-error.ts';
import { compareText } from './text-order.ts';

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
export const ACCELERATOR_NAMES_COLUMNS = ['name', 'accelerator_id', 'spec_name', 'note'] as const;
export const UNIT_RULES_COLUMNS = ['round', 'model', 'scenario', 'division', 'submitter', 'published_unit', 'unit', 'reason'] as const;
export const UNITS_COLUMNS = ['published_unit', 'unit', 'scale', 'unit_note', 'note'] as const;

/** The catalog tables of the mapping and rule tables (the importer adds a round's repository to their sources). */
export const ACCELERATOR_NAMES_TABLE = 'accelerator_names';
export const UNIT_RULES_TABLE = 'mlperf_unit_rules';

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
          'a new kind of result is added to UNITS in src/mlperf/import/mapping-tables.ts and to the catalog (mlperf_inference.unit) first',
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

/** Rows of the mapping table as CSV, header included, in accelerator-names.csv's format (sorted by name). */
export function acceleratorNamesCsv(rows: readonly AcceleratorName[]): string {
  const sorted = [...rows].sort((a, b) => compareText(a.name, b.name));
  return writeCsv(ACCELERATOR_NAMES_COLUMNS, sorted.map((row) => ACCELERATOR_NAMES_COLUMNS.map((c) => row[c])));
}

/** The accelerator names of accelerators.csv (the specification table), for proposing spec_name. */
export function loadSpecNames(text: string, file = ACCELERATORS_FILE): string[] {
  const [header, ...rows] = parseCsv(text, file);
  const column = (header ?? []).indexOf('accelerator');
  if (column < 0) throw new ImportError(`${file}: there is no accelerator column`);
  return rows.map((r) => r[column] ?? '').filter((n) => n !== '');
}
