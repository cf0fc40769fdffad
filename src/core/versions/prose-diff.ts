/**
 * The prose of two versions as readers read it (the rendered text, block by block, section by section:
 * prose-blocks.ts), diffed word by word and cut back into the newer version's blocks.
 */
import type { BlockKind, ProseSection } from '../article/prose-blocks.ts';
import type { DiffStatus } from './diff-status.ts';
import { diffWords, type DiffOp } from './text-diff.ts';

export interface TextRun {
  op: DiffOp;
  /** Words joined by single spaces. */
  text: string;
}

/** One block of prose (a paragraph, list item, sub-heading…) as it reads after the change, with what changed in it. */
export interface BlockDiff {
  kind: BlockKind;
  status: DiffStatus;
  runs: TextRun[];
}

export interface SectionDiff {
  /** The `<h2>` heading's text ("Introduction" for the text before the first one; " (2)" on a repeated heading). */
  heading: string;
  status: DiffStatus;
  /** Every block of the section: changed, added and removed ones with their word runs, unchanged ones as one equal run. */
  blocks: BlockDiff[];
  wordsInserted: number;
  wordsDeleted: number;
}

/**
 * A word that cannot occur in text split at whitespace: the start of a block, with its kind (so a removed paragraph
 * before a sub-heading is not matched with the sub-heading's start).
 */
const BREAK = (kind: BlockKind) => `\n${kind}`;
const isBreak = (word: string) => word.startsWith('\n');

function words(section: ProseSection): string[] {
  return section.blocks.flatMap((b) => [BREAK(b.kind), ...b.text.split(' ')]);
}

export function diffSections(older: ProseSection[], newer: ProseSection[]): SectionDiff[] {
  const olderByHeading = new Map(older.map((s) => [s.heading, s]));
  const newerHeadings = new Set(newer.map((s) => s.heading));
  const whole = (section: ProseSection, status: 'added' | 'removed'): SectionDiff => {
    const op: DiffOp = status === 'added' ? 'insert' : 'delete';
    const blocks = section.blocks.map((b) => ({ kind: b.kind, status, runs: [{ op, text: b.text }] }));
    const count = section.blocks.reduce((n, b) => n + b.text.split(' ').length, 0);
    return { heading: section.heading, status, blocks, wordsInserted: status === 'added' ? count : 0, wordsDeleted: status === 'removed' ? count : 0 };
  };
  const out: SectionDiff[] = [];
  for (const section of newer) {
    const before = olderByHeading.get(section.heading);
    out.push(before ? diffSection(before, section) : whole(section, 'added'));
  }
  for (const section of older) if (!newerHeadings.has(section.heading)) out.push(whole(section, 'removed'));
  return out;
}

interface Cut {
  kind: BlockKind;
  /** How the block's start came about: kept, new in the newer version, or only in the older. */
  start: DiffOp;
  runs: { op: DiffOp; words: string[] }[];
}

/**
 * The word diff of a section, cut back into blocks as the newer version has them: a changed paragraph is shown
 * whole, with its deleted and inserted words, and an unchanged one can be folded. A paragraph break only the older
 * version had starts a block of its own only for a paragraph removed whole; otherwise the two merged paragraphs
 * read as one.
 */
function diffSection(older: ProseSection, newer: ProseSection): SectionDiff {
  const runs = diffWords(words(older), words(newer));
  const cuts: Cut[] = [];
  let wordsInserted = 0;
  let wordsDeleted = 0;
  for (const run of runs) {
    for (const word of run.words) {
      if (isBreak(word)) {
        cuts.push({ kind: word.slice(1) as BlockKind, start: run.op, runs: [] });
        continue;
      }
      if (run.op === 'insert') wordsInserted++;
      if (run.op === 'delete') wordsDeleted++;
      const cut = cuts[cuts.length - 1]!;
      const last = cut.runs[cut.runs.length - 1];
      if (last && last.op === run.op) last.words.push(word);
      else cut.runs.push({ op: run.op, words: [word] });
    }
  }
  const merged: Cut[] = [];
  for (const cut of cuts) {
    const previous = merged[merged.length - 1];
    if (cut.start === 'delete' && previous && cut.runs.some((r) => r.op !== 'delete')) {
      for (const run of cut.runs) {
        const last = previous.runs[previous.runs.length - 1];
        if (last && last.op === run.op) last.words.push(...run.words);
        else previous.runs.push({ op: run.op, words: [...run.words] });
      }
    } else merged.push(cut);
  }
  const blocks: BlockDiff[] = merged
    .filter((b) => b.runs.length > 0)
    .map((b) => {
      const ops = new Set(b.runs.map((r) => r.op));
      const only = ops.size === 1 ? [...ops][0] : null;
      const status: DiffStatus = only === 'equal' ? 'unchanged' : only === 'insert' ? 'added' : only === 'delete' ? 'removed' : 'changed';
      return { kind: b.kind, status, runs: b.runs.map((r) => ({ op: r.op, text: r.words.join(' ') })) };
    });
  // Blocks that were only split or joined have no changed word: the section is unchanged.
  const status: DiffStatus = wordsInserted + wordsDeleted === 0 ? 'unchanged' : 'changed';
  return { heading: newer.heading, status, blocks, wordsInserted, wordsDeleted };
}
