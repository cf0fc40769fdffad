// Preloaded into a benchmarked build: appends the process's peak resident memory (KB) to $BENCH_RSS_FILE at exit.
import { appendFileSync } from 'node:fs';
process.on('exit', () => {
  if (process.env.BENCH_RSS_FILE) appendFileSync(process.env.BENCH_RSS_FILE, `${process.resourceUsage().maxRSS}\n`);
});
