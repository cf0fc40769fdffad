/**
 * Where each text of a drawn chart lies, in the SVG's own coordinates, without a browser: transforms (translate,
 * rotate, scale, matrix) of the text and its ancestors, x/y/dx/dy in px or em, tspans as lines, text-anchor and
 * font-size as inherited, widths from the pinned font (font-metrics.ts). What lies outside the SVG is cut off
 * in the page, so chart-layout.ts widens the margins until nothing does.
 */
import { ASCENT, DESCENT, textWidth } from './font-metrics.ts';

/** The few DOM calls used here, as linkedom's elements have them. */
export interface SvgNode {
  readonly nodeType: number;
  readonly localName?: string;
  readonly childNodes: Iterable<SvgNode>;
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
}

export interface TextBox {
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface Overflow {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];
const ELEMENT = 1;

function multiply([a, b, c, d, e, f]: Matrix, [g, h, i, j, k, l]: Matrix): Matrix {
  return [a * g + c * h, b * g + d * h, a * i + c * j, b * i + d * j, a * k + c * l + e, b * k + d * l + f];
}

/** An SVG transform attribute as one matrix. */
export function parseTransform(value: string | null): Matrix {
  let m = IDENTITY;
  for (const [, name, args] of (value ?? '').matchAll(/(\w+)\s*\(([^)]*)\)/g)) {
    const n = args!.split(/[\s,]+/).filter(Boolean).map(Number);
    const [p = 0, q, r] = n;
    let t: Matrix = IDENTITY;
    if (name === 'translate') t = [1, 0, 0, 1, p, q ?? 0];
    else if (name === 'scale') t = [p, 0, 0, q ?? p, 0, 0];
    else if (name === 'matrix' && n.length === 6) t = n as Matrix;
    else if (name === 'rotate') {
      const a = (p * Math.PI) / 180;
      const rot: Matrix = [Math.cos(a), Math.sin(a), -Math.sin(a), Math.cos(a), 0, 0];
      t = q === undefined ? rot : multiply(multiply([1, 0, 0, 1, q, r ?? 0], rot), [1, 0, 0, 1, -q, -(r ?? 0)]);
    }
    m = multiply(m, t);
  }
  return m;
}

/** A length attribute (px or em) in px; the first of a list. */
function length(value: string | null, fontSize: number): number {
  if (!value) return 0;
  const first = value.trim().split(/[\s,]+/)[0] ?? '';
  const n = parseFloat(first);
  if (!Number.isFinite(n)) return 0;
  return first.endsWith('em') ? n * fontSize : n;
}

function fontSizeOf(node: SvgNode, inherited: number): number {
  const fromStyle = /font-size\s*:\s*([\d.]+)px/.exec(node.getAttribute('style') ?? '')?.[1];
  const value = fromStyle ?? node.getAttribute('font-size');
  const n = value ? parseFloat(value) : NaN;
  return Number.isFinite(n) && n > 0 ? n : inherited;
}

/**
 * The box of every <text> under `root`, in root's coordinates. Texts inside a clip path (a mark's `clip`) are
 * left out: they are cut on purpose.
 */
export function textBoxes(root: SvgNode, fontSize = 10): TextBox[] {
  const boxes: TextBox[] = [];
  const visit = (node: SvgNode, ctm: Matrix, size: number, anchor: string, isRoot: boolean) => {
    if (node.nodeType !== ELEMENT) return;
    if (!isRoot && node.getAttribute('clip-path')) return;
    const m = isRoot ? ctm : multiply(ctm, parseTransform(node.getAttribute('transform')));
    const s = fontSizeOf(node, size);
    const a = node.getAttribute('text-anchor') ?? anchor;
    if (node.localName === 'text') {
      boxes.push(textBox(node, m, s, a));
      return;
    }
    for (const child of node.childNodes) visit(child, m, s, a, false);
  };
  visit(root, IDENTITY, fontSize, 'start', true);
  return boxes.filter((b) => b.text.trim() !== '');
}

function textBox(node: SvgNode, m: Matrix, size: number, anchor: string): TextBox {
  const x = length(node.getAttribute('x'), size) + length(node.getAttribute('dx'), size);
  let y = length(node.getAttribute('y'), size) + length(node.getAttribute('dy'), size);
  const spans = [...node.childNodes].filter((c) => c.nodeType === ELEMENT && c.localName === 'tspan');
  const lines: { x: number; y: number; text: string; size: number; anchor: string }[] = [];
  if (spans.length === 0) lines.push({ x, y, text: node.textContent ?? '', size, anchor });
  for (const span of spans) {
    const s = fontSizeOf(span, size);
    const spanX = span.getAttribute('x') === null ? x : length(span.getAttribute('x'), s);
    if (span.getAttribute('y') !== null) y = length(span.getAttribute('y'), s);
    y += length(span.getAttribute('dy'), s);
    lines.push({ x: spanX + length(span.getAttribute('dx'), s), y, text: span.textContent ?? '', size: s, anchor: span.getAttribute('text-anchor') ?? anchor });
  }
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const line of lines) {
    if (!line.text) continue;
    const w = textWidth(line.text, line.size);
    const left = line.anchor === 'middle' ? line.x - w / 2 : line.anchor === 'end' ? line.x - w : line.x;
    for (const [px, py] of [[left, line.y - ASCENT * line.size], [left + w, line.y - ASCENT * line.size], [left, line.y + DESCENT * line.size], [left + w, line.y + DESCENT * line.size]] as const) {
      const tx = m[0] * px + m[2] * py + m[4];
      const ty = m[1] * px + m[3] * py + m[5];
      x0 = Math.min(x0, tx);
      x1 = Math.max(x1, tx);
      y0 = Math.min(y0, ty);
      y1 = Math.max(y1, ty);
    }
  }
  return { text: lines.map((l) => l.text).join('\n'), x0, y0, x1, y1 };
}

/** How far, in px, text reaches past each edge of a width × height drawing (0 where nothing does). */
export function overflowOf(boxes: readonly TextBox[], width: number, height: number): Overflow {
  const out: Overflow = { top: 0, right: 0, bottom: 0, left: 0 };
  for (const b of boxes) {
    if (!Number.isFinite(b.x0)) continue;
    out.left = Math.max(out.left, -b.x0);
    out.top = Math.max(out.top, -b.y0);
    out.right = Math.max(out.right, b.x1 - width);
    out.bottom = Math.max(out.bottom, b.y1 - height);
  }
  return out;
}
