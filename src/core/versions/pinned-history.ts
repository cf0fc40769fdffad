/**
 * Finding the data a version was pinned to after it has been corrected: the pins are SHA-256 hashes of files, and
 * git keeps every committed state of data/. The newest commit whose data/ holds every pinned file with its pinned
 * hash is checked out into a temporary folder (only data/), so the version can be evaluated on it again.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { hashFile } from '../hash.ts';

/** Whether the data folder holds every pinned file with its pinned hash. */
export function holdsPins(dataDir: string, pins: Record<string, string>): boolean {
  return Object.entries(pins).every(([file, hash]) => {
    try {
      return hashFile(join(dataDir, file)) === hash;
    } catch {
      return false;
    }
  });
}

/** A folder with the data folder as of the newest commit that holds the pins, or undefined when no commit does. */
export function recoverPinnedData(dataDir: string, pins: Record<string, string>): { dir: string; commit: string } | undefined {
  const git = (...args: string[]) => execFileSync('git', ['-C', root, ...args], { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] });
  let root = dataDir;
  let commits: string[];
  let prefix: string;
  try {
    root = git('rev-parse', '--show-toplevel').toString().trim();
    prefix = relative(root, realpathSync(dataDir)).split(sep).join('/');
    commits = git('rev-list', 'HEAD', '--', prefix).toString().split('\n').filter(Boolean);
  } catch {
    return undefined; // not in a git work tree, or no history
  }
  const inRepo = (file: string) => (prefix ? `${prefix}/${file}` : file);
  const sha256 = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  for (const commit of commits) {
    const holds = Object.entries(pins).every(([file, hash]) => {
      try {
        return sha256(git('show', `${commit}:${inRepo(file)}`)) === hash;
      } catch {
        return false;
      }
    });
    if (!holds) continue;
    const dir = mkdtempSync(join(tmpdir(), 'bw-pinned-data-'));
    for (const file of git('ls-tree', '-r', '--name-only', commit, '--', prefix ? `${prefix}/` : '.').toString().split('\n').filter(Boolean)) {
      const out = join(dir, relative(prefix, file));
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, git('show', `${commit}:${file}`));
    }
    return { dir, commit };
  }
  return undefined;
}
