/**
 * The fonts installed on this machine, as fontconfig sees them (the same fonts sharp/librsvg and Chromium draw
 * with: TOOLCHAIN §4.8). One `fc-list` call per process gives both a fingerprint of the fonts (PNG and card
 * caches are keyed by it, so an image drawn before a font was installed is drawn again after) and the union of
 * every font's character coverage (the missing-glyph check, glyph-check.ts).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';

export class FontError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FontError';
  }
}

export interface InstalledFonts {
  /** sha256 of every installed font's file, face index, version and character set. */
  fingerprint: string;
  /** Sorted, merged [first, last] code point ranges that at least one installed font covers. */
  coverage: [number, number][];
  /** How many font faces fontconfig lists. */
  faces: number;
}

const known = new Map<string, InstalledFonts>();

/** The installed fonts; asked of fontconfig once per process (and per FONTCONFIG_FILE, which tests change). */
export function installedFonts(): InstalledFonts {
  const config = process.env.FONTCONFIG_FILE ?? '';
  const cached = known.get(config);
  if (cached) return cached;
  const run = spawnSync('fc-list', ['--format', '%{file}|%{index}|%{fontversion}\t%{charset}\n'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.error || run.status !== 0) {
    throw new FontError(
      `fontconfig's fc-list could not be run (${run.error?.message ?? run.stderr.trim()}): Benchwright needs it to know which characters the installed fonts can draw. ` +
        'Install it with `bash scripts/setup.sh --browser` (apt: fontconfig fonts-dejavu-core fonts-noto-cjk).',
    );
  }
  const lines = run.stdout.split('\n').filter(Boolean).sort();
  const fonts = { fingerprint: createHash('sha256').update(lines.join('\n')).digest('hex'), coverage: mergeRanges(lines.flatMap((l) => parseCharset(l.split('\t')[1] ?? ''))), faces: lines.length };
  known.set(config, fonts);
  return fonts;
}

/** fontconfig's charset text ("20-7e a0 4e00-9fff") as ranges. */
export function parseCharset(text: string): [number, number][] {
  return text
    .split(/\s+/)
    .filter(Boolean)
    .map((part) => {
      const [a, b = a] = part.split('-');
      return [parseInt(a!, 16), parseInt(b!, 16)] as [number, number];
    })
    .filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b));
}

export function mergeRanges(ranges: [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = merged.at(-1);
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return merged;
}

/** Whether a code point is in the merged ranges (binary search). */
export function covers(coverage: [number, number][], cp: number): boolean {
  let lo = 0;
  let hi = coverage.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = coverage[mid]!;
    if (cp < a) hi = mid - 1;
    else if (cp > b) lo = mid + 1;
    else return true;
  }
  return false;
}
