/**
 * The prose of a rendered article as a reader sees it: the text of each block (paragraph, list item, sub-heading,
 * quote, prose table row), grouped into sections at the `<h2>` headings. What Benchwright generates around the
 * prose is left out (figures with their data parts, checked-claim notes and marks, the "Data and methods" part, the
 * citations appendix),
 * so a what-changed page compares the words readers read: no Markdown syntax, inline values as the numbers shown.
 */
import { parseFragment, type DefaultTreeAdapterMap } from 'parse5';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

export type BlockKind = 'p' | 'h' | 'li' | 'quote' | 'pre' | 'row';

export interface ProseBlock {
  kind: BlockKind;
  /** The block's text, whitespace collapsed to single spaces. */
  text: string;
}

export interface ProseSection {
  /** The `<h2>`'s text ("Introduction" for the blocks before the first one; " (2)" on a repeated heading). */
  heading: string;
  blocks: ProseBlock[];
}

export const INTRODUCTION = 'Introduction';

const BLOCKS: Record<string, BlockKind> = {
  p: 'p', h3: 'h', h4: 'h', h5: 'h', h6: 'h', li: 'li', dt: 'li', dd: 'li', blockquote: 'quote', pre: 'pre', tr: 'row',
};
/** Elements whose text is not part of the prose (what the build generates, and what is not text). */
const SKIPPED = new Set(['figure', 'aside', 'svg', 'script', 'style', 'template', 'noscript']);
const SKIPPED_CLASSES = ['bw-methods', 'bw-claim-mark', 'bw-claim', 'bw-sr-only', 'bw-citations-appendix'];
/** Generated citation lines and lists, wherever they are placed (`bw-cite-line`, `bw-cite-list`…). */
const SKIPPED_PREFIX = 'bw-cite';
/** Elements whose end separates words (a table cell, a line break). */
const SEPARATORS = new Set(['td', 'th', 'br', 'dt', 'dd', 'p']);

function classes(el: Element): string[] {
  return (el.attrs.find((a) => a.name === 'class')?.value ?? '').split(/\s+/);
}

function skipped(el: Element): boolean {
  if (SKIPPED.has(el.nodeName)) return true;
  const cls = classes(el);
  return SKIPPED_CLASSES.some((c) => cls.includes(c)) || cls.some((c) => c.startsWith(SKIPPED_PREFIX));
}

/** The rendered article's prose, section by section; sections with no text are left out. */
export function proseSections(html: string): ProseSection[] {
  const raw: { heading: string; blocks: { kind: BlockKind; parts: string[] }[] }[] = [{ heading: INTRODUCTION, blocks: [] }];
  // Open blocks; text goes to the innermost one. A block nested in another (a <p> in an <li>) is a block of its own.
  const open: { kind: BlockKind; parts: string[] }[] = [];
  let loose: { kind: BlockKind; parts: string[] } | undefined;
  const walk = (node: Node): void => {
    if (node.nodeName === '#text') {
      const value = (node as DefaultTreeAdapterMap['textNode']).value;
      let top = open[open.length - 1];
      if (!top && value.trim() !== '') {
        // Text outside any block (in a <details>, say) joins the loose block just before it, or starts one.
        const blocks = raw[raw.length - 1]!.blocks;
        top = blocks[blocks.length - 1] === loose ? loose : undefined;
        if (!top) blocks.push((top = loose = { kind: 'p', parts: [] }));
      }
      top?.parts.push(value);
      return;
    }
    if (!('childNodes' in node) || node.nodeName === '#comment') return;
    const el = node as Element;
    if ('tagName' in el && skipped(el)) return;
    if (el.nodeName === 'h2') {
      raw.push({ heading: textOf(el) || '(untitled)', blocks: [] });
      return;
    }
    const kind = BLOCKS[el.nodeName];
    let block: { kind: BlockKind; parts: string[] } | undefined;
    // A paragraph inside a list item or a quote (a "loose" list) is that item's text, not a block of its own.
    const holder = open[open.length - 1];
    const inside = kind === 'p' && holder && (holder.kind === 'li' || holder.kind === 'quote');
    if (kind && !inside) {
      block = { kind, parts: [] };
      raw[raw.length - 1]!.blocks.push(block);
      open.push(block);
    }
    const children = el.nodeName === 'template' ? [] : el.childNodes;
    for (const child of children) walk(child);
    if (SEPARATORS.has(el.nodeName)) open[open.length - 1]?.parts.push(' ');
    if (block) open.pop();
  };
  for (const node of parseFragment(html).childNodes) walk(node);

  const seen = new Map<string, number>();
  const sections: ProseSection[] = [];
  for (const { heading, blocks } of raw) {
    const kept = blocks.map((b) => ({ kind: b.kind, text: squeeze(b.parts.join('')) })).filter((b) => b.text !== '');
    if (kept.length === 0 && heading === INTRODUCTION) continue;
    const n = (seen.get(heading) ?? 0) + 1;
    seen.set(heading, n);
    sections.push({ heading: n === 1 ? heading : `${heading} (${n})`, blocks: kept });
  }
  return sections;
}

function textOf(node: Node): string {
  const parts: string[] = [];
  const walk = (n: Node) => {
    if (n.nodeName === '#text') parts.push((n as DefaultTreeAdapterMap['textNode']).value);
    else if ('childNodes' in n && !('tagName' in n && skipped(n as Element))) for (const c of n.childNodes) walk(c);
  };
  walk(node);
  return squeeze(parts.join(''));
}

function squeeze(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
