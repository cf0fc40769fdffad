/**
 * A live progress line ("reports: 120/500") for long phases, redrawn in place at most ten times a second.
 * Only on a terminal: in CI logs and pipes, and with BENCHWRIGHT_QUIET=1, it prints nothing (the build's
 * summary says what was done).
 */
export interface Progress {
  update(done: number, total: number): void;
  /** Clears the line. */
  end(): void;
}

export function progressLine(label: string, stream: NodeJS.WriteStream = process.stderr, env: NodeJS.ProcessEnv = process.env): Progress {
  const on = Boolean(stream.isTTY) && !quiet(env);
  let last = -Infinity;
  let shown = false;
  return {
    update(done, total) {
      const now = performance.now();
      if (!on || (done < total && now - last < 100)) return;
      last = now;
      shown = true;
      stream.write(`\r${label}: ${done}/${total}\x1b[K`);
    },
    end() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}

/** BENCHWRIGHT_QUIET=1 (or `npm run build -- --quiet`): only the summary lines. */
export function quiet(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.BENCHWRIGHT_QUIET) && env.BENCHWRIGHT_QUIET !== '0';
}
