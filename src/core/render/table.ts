/**
 * A table block: the query's rows as an HTML table. Its optional YAML body picks and orders columns
 * and gives each a label, a unit (shown in the header) and a d3-format specifier.
 */
import { html, joinHtml, trusted } from './html.ts';
import { SpecError } from '../errors.ts';
import { formatValue, numberFormatter } from './format.ts';
import { contradictingUnits, unitTokens } from '../units/chart-units.ts';
import type { Row } from '../data/json-values.ts';
import type { ResultUnits } from '../units/query-units.ts';

export interface TableColumnSpec {
  name: string;
  label: string;
  unit?: string;
  format?: string;
}

export interface TableSpec {
  title?: string;
  caption?: string;
  /** Why the table compares results of different divisions, categories or rounds (shown in its footnote). */
  compare?: string;
  allowEmpty: boolean;
  columns?: TableColumnSpec[];
}


const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const TABLE_KEYS = new Set(['title', 'caption', 'allowEmpty', 'compare', 'label', 'columns']);
export const TABLE_COLUMN_KEYS = new Set(['label', 'unit', 'format']);

export function normalizeTableSpec(raw: unknown, columns: readonly string[]): TableSpec {
  if (raw === null || raw === undefined) return { allowEmpty: false };
  if (!isObject(raw)) throw new SpecError('a table block holds nothing, or a YAML mapping (title, caption, columns, allowEmpty)', '');
  for (const key of Object.keys(raw)) {
    if (!TABLE_KEYS.has(key)) throw new SpecError(`unknown table option "${key}"`, key, `use ${[...TABLE_KEYS].join(', ')}`);
  }
  const optionalText = (v: unknown, path: string) => {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' && typeof v !== 'number') throw new SpecError(`"${path}" must be text`, path);
    return String(v);
  };
  let specColumns: TableColumnSpec[] | undefined;
  if (raw.columns !== undefined) {
    if (!isObject(raw.columns)) throw new SpecError('`columns` maps column names to { label, unit, format }', 'columns');
    specColumns = Object.entries(raw.columns).map(([name, value]) => {
      const path = `columns.${name}`;
      if (!columns.includes(name)) throw new SpecError(`unknown column "${name}"`, path, `the query returns: ${columns.join(', ')}`);
      const options = typeof value === 'string' ? { label: value } : value ?? {};
      if (!isObject(options)) throw new SpecError('a column takes a label, or { label, unit, format }', path);
      for (const key of Object.keys(options)) {
        if (!TABLE_COLUMN_KEYS.has(key)) throw new SpecError(`unknown column option "${key}"`, `${path}.${key}`, `use ${[...TABLE_COLUMN_KEYS].join(', ')}`);
      }
      const format = optionalText(options.format, `${path}.format`);
      if (format) {
        // Fail now on a bad specifier, not on the first number, and at the `format:` line of the block.
        try {
          numberFormatter(format);
        } catch (error) {
          throw new SpecError((error as Error).message, `${path}.format`, 'use a d3-format specifier such as ",.0f", ".1%" or ".3~s"');
        }
      }
      return { name, label: optionalText(options.label, `${path}.label`) ?? name, unit: optionalText(options.unit, `${path}.unit`), format };
    });
  }
  if (raw.allowEmpty !== undefined && typeof raw.allowEmpty !== 'boolean') throw new SpecError('"allowEmpty" must be true or false', 'allowEmpty');
  return {
    title: optionalText(raw.title, 'title'),
    caption: optionalText(raw.caption, 'caption'),
    compare: optionalText(raw.compare, 'compare'),
    allowEmpty: raw.allowEmpty === true,
    columns: specColumns,
  };
}

/** The <table> element for rows. Numbers are right-aligned; a column is numeric when every value is. */
export function renderTable(columns: readonly TableColumnSpec[], rows: readonly Row[], attributes = ''): string {
  const numeric = new Set(columns.filter((c) => rows.length > 0 && rows.every((r) => r[c.name] === null || typeof r[c.name] === 'number')).map((c) => c.name));
  const cls = (c: TableColumnSpec) => numeric.has(c.name) && html` class="bw-num"`;
  const head = columns.map((c) => html`<th scope="col"${cls(c)}>${c.label}${c.unit && html` <span class="bw-unit">(${c.unit})</span>`}</th>`);
  const body = rows.map((r) => html`<tr>${columns.map((c) => html`<td${cls(c)}>${formatValue(r[c.name] ?? null, c.format)}</td>`)}</tr>`);
  // `attributes` is markup the caller wrote (e.g. a class), not data.
  return String(html`<table${trusted(attributes)}><thead><tr>${head}</tr></thead><tbody>\n${joinHtml(body, '\n')}\n</tbody></table>`);
}

export function defaultColumns(columns: readonly string[]): TableColumnSpec[] {
  return columns.map((name) => ({ name, label: name }));
}

/** The units a header states in brackets, ASCII or full-width: bracketed text that starts with a unit word or the data's unit. */
export function headerUnits(label: string, unit: string): string[] {
  return [...label.matchAll(/[([（【]([^)\]）】]*)[)\]）】]/g)]
    .map((m) => m[1]!.trim())
    .filter((text) => text.startsWith(unit) || unitTokens(text).some((t) => text.startsWith(t)));
}

/**
 * Fills each column's unit from the data, and refuses a header or header unit that contradicts it (GB/s over
 * TB/s data) or a column whose rows are in several units unless the table shows a unit column.
 */
export function tableColumnUnits(columns: TableColumnSpec[], units: ResultUnits): TableColumnSpec[] {
  const showsUnitColumn = columns.some((c) => /unit/i.test(c.name));
  return columns.map((c) => {
    const data = units.columns[c.name] ?? [];
    const path = `columns.${c.name}`;
    if (data.length > 1) {
      if (!showsUnitColumn) throw new SpecError(`column "${c.name}" has rows in different units (${data.join(', ')}), and the table shows no unit column`, path, 'add the unit column to the table, or filter the query to one unit');
      return c;
    }
    const unit = data[0];
    if (!unit) return c;
    // A header whose brackets hold a unit ("Bandwidth (GB/s)", "吞吐量（samples/s）") is held to the data's unit as
    // the unit key is: it must be that unit, whole ("(tokens/s)" over tokens/s per accelerator data hides the "per").
    // Brackets that name parts ("(8× H100 80 GB)") or a header's own words ("GB, 1–8": Grace Blackwell) are not units.
    const said = headerUnits(c.label, unit);
    const wrongHeader = said.flatMap((u) => contradictingUnits(u, unit));
    // Part of a derived unit: the header's "tokens/s" over tokens/s per accelerator (latency_ms is ms, whole).
    const partial = wrongHeader.length === 0 && /\sper\s|×/.test(unit) ? said.find((u) => !u.includes(unit)) : undefined;
    if (wrongHeader.length > 0 || partial !== undefined) {
      throw new SpecError(`column "${c.name}" has the header "${c.label}", which says ${wrongHeader.length > 0 ? wrongHeader.join(', ') : partial}, but its data is in ${unit}`, `${path}.label`, `write the data's unit (${unit}) in the brackets, or leave the unit out of the header (it is shown after it), or convert in SQL and declare the new unit with -- @unit`);
    }
    // A header that names the unit already does not get it a second time.
    if (c.unit === undefined) return said.length > 0 ? c : { ...c, unit };
    const wrong = contradictingUnits(c.unit, unit);
    if (wrong.length > 0) throw new SpecError(`column "${c.name}" is labelled ${wrong.join(', ')}, but its data is in ${unit}`, `${path}.unit`, `write the data's unit (${unit}), or convert in SQL and declare the new unit with -- @unit`);
    return c;
  });
}
