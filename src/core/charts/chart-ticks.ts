/**
 * Tick labels that read as numbers and words. d3's log scale labels its ticks with an SI format by default
 * ("s"), so 0.5 on a log axis reads "500m" (milli) and 0.002 "2m"; Plot passes that on. Benchwright gives log
 * axes a format that writes small values as decimals and large ones with k / M / G: 0.5, 500, 1k, 10k.
 */
import { format } from 'd3-format';
import { textWidth } from './font-metrics.ts';

const si = format('~s');
const plain = format('~r');

/** 0.5 → "0.5", 500 → "500", 1000 → "1k", 25000 → "25k", 3e6 → "3M". */
export function humanTickFormat(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) >= 1000 ? si(value) : plain(value);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isLog = (scale: unknown) => isObject(scale) && typeof scale.type === 'string' && scale.type.toLowerCase() === 'log';

/**
 * Plot options and marks with the human format on every log-scaled position axis that has no tickFormat of its
 * own: the scale's implicit axis and any axis or grid mark of it. d3 still decides which ticks get a label (it
 * passes a function format through its own filter), so a log axis keeps its 1, 2, 5, 10 labels.
 */
export function withHumanLogTicks<M extends { name: string; options: Record<string, unknown> }>(
  plotOptions: Record<string, unknown>,
  marks: M[],
): { plotOptions: Record<string, unknown>; marks: M[] } {
  const logScales = ['x', 'y'].filter((k) => isLog(plotOptions[k]));
  if (logScales.length === 0) return { plotOptions, marks };
  const options = { ...plotOptions };
  for (const k of logScales) {
    const scale = options[k] as Record<string, unknown>;
    if (scale.tickFormat === undefined) options[k] = { ...scale, tickFormat: humanTickFormat };
  }
  const axisOf = (name: string) => /^(axis|grid)(X|Y)$/.exec(name)?.[2]?.toLowerCase();
  const withMarks = marks.map((mark) => {
    const k = axisOf(mark.name);
    if (!k || !logScales.includes(k) || !mark.name.startsWith('axis') || mark.options.tickFormat !== undefined) return mark;
    return { ...mark, options: { ...mark.options, tickFormat: humanTickFormat } };
  });
  return { plotOptions: options, marks: withMarks };
}

/**
 * Breaks a label into lines of at most `maxWidth` px at `fontSize`, at spaces (and after "/", "-" or "_" when a
 * word is too long by itself); a single piece wider than that stays whole. Plot draws "\n" as separate lines.
 */
export function wrapLabel(text: string, maxWidth: number, fontSize = 10): string {
  if (textWidth(text, fontSize) <= maxWidth) return text;
  const pieces = text.split(/(?<=\s)|(?<=[/_-])(?=\S)/);
  const lines: string[] = [];
  let line = '';
  for (const piece of pieces) {
    const candidate = line + piece;
    if (line && textWidth(candidate.trimEnd(), fontSize) > maxWidth) {
      lines.push(line.trimEnd());
      line = piece.trimStart();
    } else line = candidate;
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines.join('\n');
}
