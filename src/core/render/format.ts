/** Number formatting with d3-format, plus the defaults tables and inline values use. */
import { format as d3format, formatSpecifier } from 'd3-format';
import type { JsonValue } from '../data/json-values.ts';

export class FormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FormatError';
  }
}

const FORMAT_TYPES = new Set(['e', 'f', 'g', 'r', 's', '%', 'p', 'b', 'o', 'd', 'x', 'X', 'c', 'n']);

const formatters = new Map<string, (n: number) => string>();

/** The widest a number may be padded to: d3-format pads to any width (",1000000f" is a million characters). */
export const MAX_FORMAT_WIDTH = 100;

/** The width a d3-format specifier pads to (undefined: none, or not a d3-format specifier). */
export function formatWidth(specifier: string): number | undefined {
  try {
    return formatSpecifier(specifier).width;
  } catch {
    return undefined;
  }
}

export function numberFormatter(specifier: string): (n: number) => string {
  let f = formatters.get(specifier);
  if (!f) {
    const hint = '(a d3-format specifier such as ",.0f", ".1%" or ".3~s")';
    try {
      f = d3format(specifier);
    } catch (error) {
      throw new FormatError(`${(error as Error).message} ${hint}`);
    }
    // d3-format quietly formats an unknown type letter as "g"; a typo should not change the numbers.
    const { type } = formatSpecifier(specifier);
    if (type && !FORMAT_TYPES.has(type)) throw new FormatError(`invalid format: ${specifier} (unknown type "${type}") ${hint}`);
    const width = formatWidth(specifier);
    if (width !== undefined && width > MAX_FORMAT_WIDTH) throw new FormatError(`invalid format: ${specifier} pads each number to ${width} characters; at most ${MAX_FORMAT_WIDTH} ${hint}`);
    formatters.set(specifier, f);
  }
  return f;
}

/** Default for numbers without a format: integers with thousands separators, else 3 significant decimals. */
function defaultNumber(n: number): string {
  if (Number.isInteger(n)) return numberFormatter(',d')(n);
  const abs = Math.abs(n);
  if (abs >= 100) return numberFormatter(',.0f')(n);
  if (abs >= 1) return numberFormatter(',.2~f')(n);
  return numberFormatter('.3~r')(n);
}

/** Formats any query value for display. Numbers use `specifier` when given. */
export function formatValue(value: JsonValue, specifier?: string): string {
  if (value === null) return '—';
  if (typeof value === 'number') return specifier ? numberFormatter(specifier)(value) : defaultNumber(value);
  if (specifier) throw new FormatError(`format "${specifier}" applies to numbers, but the value is ${JSON.stringify(value)}`);
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
