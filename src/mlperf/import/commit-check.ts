/** The commit a round is imported at: a real one, recorded in the provenance document first. */
import { ImportError } from './import-error.ts';

/** The provenance document a round's repository and commit must be recorded in before it is imported. */
export const SOURCES_FILE = 'SOURCES.md';

/**
 * Whether a 40-digit commit is a placeholder rather than a real commit: one character repeated (0000…, ffff…), or
 * a short pattern repeated (deadbeefdeadbeef…, 0123456789abcdef0123…). A real SHA-1 is never periodic like this.
 */
export function isPlaceholderCommit(commit: string): boolean {
  for (let period = 1; period <= commit.length / 2; period++) {
    let repeats = true;
    for (let i = period; i < commit.length && repeats; i++) repeats = commit[i] === commit[i - period];
    if (repeats) return true;
  }
  return false;
}

/**
 * Refuses a commit that is not 40 lower-case hex digits, a placeholder, or not recorded in the provenance document
 * (`data/SOURCES.md`): some line of it must name the repository and the full commit (and, for a copy, the
 * repository it is a copy of), as the sources table of each round does. The round's provenance is written there
 * before it is imported, not made up at import time.
 */
export function checkCommit(repo: string, commit: string, copyOf: string | undefined, sources: string, sourcesFile = `data/${SOURCES_FILE}`): void {
  if (!/^[0-9a-f]{40}$/.test(commit)) {
    throw new ImportError(`commit "${commit}" is not a full 40-character commit hash (40 lower-case hex digits, as git rev-parse prints it)`);
  }
  if (isPlaceholderCommit(commit)) {
    throw new ImportError(`commit "${commit}" is a placeholder (a repeated pattern), not a real commit: give the full commit of ${repo} the summary was read at`);
  }
  const escaped = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const edge = '[^\\w/.-]';
  // `owner/name` @ `<commit>`, with or without the backticks, as the sources table of each round writes it.
  const repoAtCommit = new RegExp(`(^|${edge})${escaped(repo)}\`?\\s*@\\s*\`?${commit}($|[^0-9a-f])`);
  const names = (value: string) => new RegExp(`(^|${edge})${escaped(value)}($|${edge})`);
  const recorded = sources.split(/\r?\n/).some((line) => repoAtCommit.test(line) && (copyOf === undefined || names(copyOf).test(line)));
  if (!recorded) {
    throw new ImportError(
      `${repo} @ ${commit}${copyOf ? ` (a copy of ${copyOf})` : ''} is not recorded in ${sourcesFile}: record where the round came from there first ` +
        `(one line naming \`${repo}\` @ \`<full commit>\`${copyOf ? ', the repository it is a copy of' : ''}, the path and the date retrieved, ` +
        'as in the table of sources per round), then import',
    );
  }
}
