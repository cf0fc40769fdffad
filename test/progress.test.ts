/** The live progress line: drawn in place on a terminal, never in a pipe or when asked to be quiet. */
import { describe, expect, it } from 'vitest';
import { progressLine } from '../src/core/progress.ts';

function stream(isTTY: boolean) {
  const written: string[] = [];
  return { written, stream: { isTTY, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream };
}

describe('progress line', () => {
  it('on a terminal: redraws the count in place and clears it at the end', () => {
    const s = stream(true);
    const p = progressLine('reports', s.stream, {});
    p.update(0, 3);
    p.update(1, 3); // within 100 ms of the last: skipped
    p.update(3, 3); // the last one is always drawn
    p.end();
    expect(s.written).toEqual(['\r' + 'reports: 0/3\x1b[K', '\rreports: 3/3\x1b[K', '\r\x1b[K']);
  });

  it('prints nothing in a pipe, or with BENCHWRIGHT_QUIET=1', () => {
    for (const [tty, env] of [[false, {}], [true, { BENCHWRIGHT_QUIET: '1' }]] as const) {
      const s = stream(tty);
      const p = progressLine('reports', s.stream, env);
      p.update(1, 2);
      p.update(2, 2);
      p.end();
      expect(s.written).toEqual([]);
    }
  });
});
