/**
 * The processes a process started, and stopping them: what a build that is stopped (SIGTERM, SIGINT) does to Astro,
 * esbuild, Pagefind's indexer and Chromium before it exits. Read from /proc on Linux; elsewhere only the processes
 * the caller names are known.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  pgid: number;
  /** One letter, as /proc/<pid>/stat has it: R, S, D, Z (a zombie: exited, not yet reaped), T… */
  state: string;
}

/** Every process of the machine, or undefined where there is no /proc. */
export function processTable(): ProcessInfo[] | undefined {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return undefined;
  }
  const table: ProcessInfo[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses, so read after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    table.push({ pid: Number(name), state: fields[0]!, ppid: Number(fields[1]), pgid: Number(fields[2]) });
  }
  return table;
}

/** The live (not zombie) descendants of `pid`, parents before their children; undefined where there is no /proc. */
export function descendants(pid: number, table: ProcessInfo[] | undefined = processTable()): number[] | undefined {
  if (!table) return undefined;
  const children = new Map<number, ProcessInfo[]>();
  for (const p of table) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const out: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      if (child.state !== 'Z') out.push(child.pid);
      queue.push(child.pid);
    }
  }
  return out;
}

/** Whether the process exists and has not exited (a zombie has). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc: kill(pid, 0) is all there is
  }
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Sends `signal` to every process `find()` returns, again to any that appear meanwhile (a process being started
 * as the signal came), and waits until none is left; what is still running after `graceMs` gets SIGKILL.
 */
export async function stopProcesses(find: () => number[], signal: NodeJS.Signals, { graceMs = 5000, pollMs = 50 } = {}): Promise<void> {
  const signalled = new Set<number>();
  const started = Date.now();
  let killed = false;
  for (;;) {
    const running = find().filter(isRunning);
    if (running.length === 0) return;
    const late = Date.now() - started > graceMs;
    for (const pid of running) {
      if (signalled.has(pid) && !(late && !killed)) continue;
      signalled.add(pid);
      try {
        process.kill(pid, late ? 'SIGKILL' : signal);
      } catch {
        // already gone
      }
    }
    if (late) killed = true;
    if (Date.now() - started > graceMs * 2) return; // not even SIGKILL took: nothing more to do
    await sleep(pollMs);
  }
}
