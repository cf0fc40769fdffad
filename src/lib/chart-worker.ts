/**
 * The chart worker's entry (chart-pool.ts starts it): draws each chart it is sent with renderChart and sends back
 * the chart, or the error as plain fields for the pool to rebuild.
 */
import { parentPort } from 'node:worker_threads';
import { renderChart } from './chart.ts';
import type { ChartJob, ChartReply } from './chart-pool.ts';

if (!parentPort) throw new Error('chart-worker.ts runs as a worker thread started by chart-pool.ts');
const port = parentPort;
port.on('message', ({ id, spec, rows, queryName }: ChartJob) => {
  let reply: ChartReply;
  try {
    reply = { id, chart: renderChart(spec, rows, queryName) };
  } catch (error) {
    const { name, message, path, hint, stack } = error as Error & { path?: string; hint?: string };
    reply = { id, error: { name, message: String(message), path, hint, stack } };
  }
  port.postMessage(reply);
});
