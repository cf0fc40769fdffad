/**
 * A word-level diff: the longest common subsequence of two word lists, as runs of equal, deleted and
 * inserted words. Within each changed stretch the deleted words come first, then the inserted ones, so
 * "about 3 times" → "about 2.5 times" reads as `about [-3-] [+2.5+] times`.
 */

export type DiffOp = 'equal' | 'delete' | 'insert';

export interface DiffRun {
  op: DiffOp;
  words: string[];
}

/**
 * Splits prose into words at whitespace. An inline directive such as `:value[best.top]{format=", .0f"}`
 * stays one word even when its label or attributes hold spaces.
 */
export function splitWords(text: string): string[] {
  return text.match(/(?:[^\s:]|:[A-Za-z][\w-]*\[[^\]\n]*\](?:\{[^}\n]*\})?|:)+/g) ?? [];
}

/** Above this many cells (words × words, after the common ends are trimmed) the diff is one delete and one insert. */
const MAX_CELLS = 40_000_000;

/** The word runs that turn `a` into `b`. Adjacent runs never share an op; the result is deterministic. */
export function diffWords(a: readonly string[], b: readonly string[]): DiffRun[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const runs: DiffRun[] = [];
  const push = (op: DiffOp, word: string) => {
    const last = runs[runs.length - 1];
    if (last && last.op === op) last.words.push(word);
    else runs.push({ op, words: [word] });
  };
  for (let i = 0; i < start; i++) push('equal', a[i]!);
  for (const step of middle(a.slice(start, endA), b.slice(start, endB))) push(step.op, step.word);
  for (let i = endA; i < a.length; i++) push('equal', a[i]!);
  return groupChanges(runs);
}

interface Step {
  op: DiffOp;
  word: string;
}

function middle(a: string[], b: string[]): Step[] {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0 || n * m > MAX_CELLS) {
    return [...a.map((word) => ({ op: 'delete' as const, word })), ...b.map((word) => ({ op: 'insert' as const, word }))];
  }
  // lcs[i * (m + 1) + j] = length of the LCS of a[i:] and b[j:].
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] = a[i] === b[j] ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
    }
  }
  const steps: Step[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      steps.push({ op: 'equal', word: a[i]! });
      i++;
      j++;
    } else if (lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!) {
      steps.push({ op: 'delete', word: a[i]! });
      i++;
    } else {
      steps.push({ op: 'insert', word: b[j]! });
      j++;
    }
  }
  while (i < n) steps.push({ op: 'delete', word: a[i++]! });
  while (j < m) steps.push({ op: 'insert', word: b[j++]! });
  return steps;
}

/** Between two equal runs, all deleted words, then all inserted words. */
function groupChanges(runs: DiffRun[]): DiffRun[] {
  const out: DiffRun[] = [];
  let deleted: string[] = [];
  let inserted: string[] = [];
  const flush = () => {
    if (deleted.length) out.push({ op: 'delete', words: deleted });
    if (inserted.length) out.push({ op: 'insert', words: inserted });
    deleted = [];
    inserted = [];
  };
  for (const run of runs) {
    if (run.op === 'equal') {
      flush();
      out.push(run);
    } else if (run.op === 'delete') deleted.push(...run.words);
    else inserted.push(...run.words);
  }
  flush();
  return out;
}
