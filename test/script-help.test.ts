/** Every script a user runs answers --help with its options and an example, and refuses an option it does not know. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { childEnv, ROOT } from './helpers.ts';

/** The scripts package.json runs (its `node scripts/….ts` commands), but the guards run before every script. */
const scripts = [...new Set(Object.values(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>)
  .flatMap((command) => /^node (scripts\/[\w-]+\.(?:ts|mjs))/.exec(command)?.[1] ?? [])
  .filter((s) => !/require-node|patch-dependencies/.test(s)))].sort();

const run = (script: string, ...args: string[]) => spawnSync(process.execPath, [join(ROOT, script), ...args], { cwd: ROOT, encoding: 'utf8', env: childEnv({ BENCHWRIGHT_OUT_DIR: join(ROOT, '.tmp', 'no-such-site') }), timeout: 30_000 });

describe('every script', { timeout: 120_000 }, () => {
  it('answers --help with its usage, exit code 0, and does nothing else', () => {
    expect(scripts.length).toBeGreaterThanOrEqual(10);
    for (const script of scripts) {
      const result = run(script, '--help');
      expect(result.status, `${script} --help: ${result.stderr}`).toBe(0);
      expect(result.stdout, script).toMatch(/(npm run [\w:-]+|node scripts\/[\w-]+\.ts)/);
    }
  });

  it('refuses an option it does not know, with exit code 2, before doing anything', () => {
    for (const script of ['scripts/build.ts', 'scripts/check.ts', 'scripts/pdf.ts', 'scripts/new-report.ts', 'scripts/pin.ts']) {
      const result = run(script, '--forse');
      expect(result.status, `${script}: ${result.stdout}${result.stderr}`).toBe(2);
      expect(result.stderr, script).toMatch(/--forse|Unknown option/);
    }
  });
});
