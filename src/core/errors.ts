/**
 * Build errors as data with a place. Every error a user can cause (bad front matter, a SQL typo, an
 * unknown column…) becomes a BuildError that names the file, line and column, what was found and what
 * to do; `formatBuildError` prints it the same way in the terminal, in Astro's output and in tests.
 */
export interface SourcePlace {
  /** Path as the user knows it, relative to the project root where possible. */
  file: string;
  line: number;
  column: number;
}

export interface BuildErrorDetails {
  place: SourcePlace;
  /** The block the error is in, e.g. "```plot llama70b" or ":value[q.x]". */
  block?: string;
  /** What to do about it. */
  hint?: string;
}

export class BuildError extends Error {
  readonly place: SourcePlace;
  readonly block?: string;
  /** What to do. (Not named `hint`: Astro would print it a second time.) */
  readonly advice?: string;
  /** The message without place, block or advice. */
  readonly reason: string;
  /** Astro prints `loc` as the error's location instead of our stack frame. */
  readonly loc: SourcePlace;

  constructor(reason: string, details: BuildErrorDetails) {
    super(formatBuildError(reason, details));
    this.name = 'BuildError';
    this.reason = reason;
    this.place = details.place;
    this.loc = details.place;
    this.block = details.block;
    this.advice = details.hint;
  }
}

export function formatPlace(place: SourcePlace): string {
  return `${place.file}:${place.line}:${place.column}`;
}

export function formatBuildError(reason: string, { place, block, hint }: BuildErrorDetails): string {
  const lines = [`${formatPlace(place)}: ${reason}`];
  if (block) lines.push(`  in block: ${block}`);
  if (hint) lines.push(`  what to do: ${hint}`);
  return lines.join('\n');
}

/**
 * A problem in a block's YAML (chart or table spec); `path` says where in the YAML (e.g.
 * "marks[0].barY.y") so the article's line can be found, `hint` what to do.
 */
export class SpecError extends Error {
  readonly path: string;
  readonly hint?: string;
  constructor(message: string, path: string, hint?: string) {
    super(message);
    this.name = 'SpecError';
    this.path = path;
    this.hint = hint;
  }
}

/** An error that is not tied to a place in an article (e.g. the catalog or a data file). */
export class DataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataError';
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
