/**
 * Draws charts on worker threads (chart-worker.ts), so Plot and its DOM run beside the main thread's queries,
 * Markdown and cache work instead of after them: a cold build uses the machine's other cores. Each worker is
 * started on the first chart and lives for the process; it holds the process open only while it has work.
 * The output is renderChart's, byte for byte: the same code draws it.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ChartSpec } from './chart-spec.ts';
import type { RenderedChart } from './chart.ts';
import { SpecError } from './errors.ts';
import type { Row } from './json-values.ts';

export interface ChartJob {
  id: number;
  spec: ChartSpec;
  rows: Row[];
  queryName: string;
}

export type ChartReply =
  | { id: number; chart: RenderedChart }
  | { id: number; error: { name: string; message: string; path?: string; hint?: string; stack?: string } };

interface Drawer {
  worker: Worker;
  pending: Map<number, { resolve: (chart: RenderedChart) => void; reject: (error: Error) => void }>;
}

// One core stays with the main thread; on two cores that is one worker.
const WORKERS = Math.max(1, Math.min(4, availableParallelism() - 1));
const drawers: Drawer[] = [];
let nextId = 0;

/** renderChart(spec, rows, queryName), drawn on a worker thread. Errors are renderChart's (a SpecError stays one). */
export function renderChartOffThread(spec: ChartSpec, rows: Row[], queryName: string): Promise<RenderedChart> {
  const drawer = leastBusy();
  const id = ++nextId;
  return new Promise<RenderedChart>((resolve, reject) => {
    drawer.pending.set(id, { resolve, reject });
    drawer.worker.ref();
    try {
      drawer.worker.postMessage({ id, spec, rows, queryName } satisfies ChartJob);
    } catch (error) {
      // A value that cannot be copied to the worker (none of a YAML spec's or a query's can): the chart fails.
      drawer.pending.delete(id);
      if (drawer.pending.size === 0) drawer.worker.unref();
      reject(error as Error);
    }
  });
}

/**
 * Starts the workers now, so they have loaded Plot by the time the first chart is sent (a worker takes a few
 * hundred milliseconds to start, which the first article's queries and Markdown then cover).
 */
export function startChartWorkers(): void {
  while (drawers.length < WORKERS) drawers.push(start());
}

function leastBusy(): Drawer {
  startChartWorkers();
  return drawers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
}

function start(): Drawer {
  // Without the parent's flags: the worker needs none, and some (--input-type, a test runner's) would stop it.
  const worker = new Worker(new URL('./chart-worker.ts', import.meta.url), { execArgv: [] });
  const drawer: Drawer = { worker, pending: new Map() };
  worker.on('message', (reply: ChartReply) => {
    const job = drawer.pending.get(reply.id)!;
    drawer.pending.delete(reply.id);
    if (drawer.pending.size === 0) worker.unref();
    if ('chart' in reply) job.resolve(reply.chart);
    else job.reject(rebuildError(reply.error));
  });
  // A worker that dies takes its charts with it: they fail loudly, and the next chart starts a new worker.
  const fail = (error: Error) => {
    drawers.splice(drawers.indexOf(drawer), 1);
    for (const job of drawer.pending.values()) job.reject(new Error(`the chart worker stopped while drawing: ${error.message}`));
    drawer.pending.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => {
    if (drawers.includes(drawer)) fail(new Error(`it exited with code ${code}`));
  });
  // After the listeners: adding a 'message' listener refs the worker again.
  worker.unref();
  return drawer;
}

function rebuildError({ name, message, path, hint, stack }: Extract<ChartReply, { error: unknown }>['error']): Error {
  const error = name === 'SpecError' ? new SpecError(message, path ?? '', hint) : Object.assign(new Error(message), path === undefined ? {} : { path }, hint === undefined ? {} : { hint });
  error.name = name;
  if (stack) error.stack = stack;
  return error;
}
