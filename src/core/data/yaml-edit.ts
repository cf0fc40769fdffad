/**
 * Editing YAML text without losing its comments or layout: changes are made on the `yaml` Document and written as
 * edits of the original text at the source ranges of its nodes (the caller checks the result parses to the changed
 * Document). These are the offsets, lines and columns of nodes, and scalars and flow mappings in the catalog's style.
 */
import YAML, { isScalar, type Pair, type YAMLMap } from 'yaml';

export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export function applyEdits(source: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.end > sorted[i - 1]!.start) throw new Error('internal error: overlapping YAML edits');
  }
  let out = source;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

export function findPair(map: YAMLMap, key: string): Pair<unknown, unknown> | undefined {
  return (map.items as Pair<unknown, unknown>[]).find((p) => isScalar(p.key) && p.key.value === key);
}

export function nodeStart(node: unknown): number {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  if (!range) throw new Error('internal error: a YAML node has no source range');
  return range[0];
}

/** End offset of a node's own text (without trailing comments, blank lines or the line break). */
export function nodeEnd(source: string, node: unknown): number {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  if (!range) throw new Error('internal error: a YAML node has no source range');
  let end = range[1];
  while (end > range[0] && /\s/.test(source[end - 1]!)) end--;
  return end;
}

export function lineStart(source: string, offset: number): number {
  return source.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset of the line break ending the line that holds the character before `offset`. */
export function lineEnd(source: string, offset: number): number {
  const i = source.indexOf('\n', Math.max(offset - 1, 0));
  return i < 0 ? source.length : i;
}

export function columnOf(source: string, offset: number): number {
  return offset - lineStart(source, offset);
}

/** A scalar as YAML: plain when that reads back as the same string, else double-quoted. */
export function yamlScalar(value: string): string {
  const plain = /^[A-Za-z0-9_./][A-Za-z0-9_./ -]*$/.test(value) && !value.endsWith(' ');
  if (plain && YAML.parse(`k: ${value}`)?.k === value) return value;
  if (plain && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value; // dates stay plain, as elsewhere in the catalog
  return JSON.stringify(value);
}

/** A one-line flow mapping in the catalog's style: { type: VARCHAR, description: "…" }. */
export function flowMap(entry: Record<string, string | string[]>): string {
  const parts = Object.entries(entry).map(([k, v]) => {
    if (Array.isArray(v)) return `${k}: [${v.map(yamlScalar).join(', ')}]`;
    return `${k}: ${k === 'description' ? JSON.stringify(v) : yamlScalar(v)}`;
  });
  return `{ ${parts.join(', ')} }`;
}
