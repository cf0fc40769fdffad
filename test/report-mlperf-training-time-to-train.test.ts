/**
 * The MLPerf Training time-to-train report (issue #18): three key numbers recomputed from the raw training CSV files
 * without the query engine, and the Llama 3.1 405B claim failing once the v5.1 record it rests on is slower.
 */
import { describe, expect, it } from 'vitest';
import { editedDataCopy, formatFixed, readRows, renderVersion, shownValue } from './report-helpers.ts';

const SLUG = 'mlperf-training-time-to-train';
const ROUNDS = ['v3.0', 'v3.1', 'v4.0', 'v4.1', 'v5.0', 'v5.1'];

/** The report's scope, from the raw files: closed division, available category, not a repeat, with a time. */
function inScope(): Record<string, string>[] {
  const category = new Map(readRows('mlperf-training-availability.csv').map((r) => [r.availability!, r.category!]));
  const repeats = new Set(readRows('mlperf-training-repeats.csv').map((r) => `${r.round}|${r.results_path}`));
  return readRows('mlperf-training.csv').filter(
    (r) =>
      ROUNDS.includes(r.round!) &&
      r.division === 'closed' &&
      category.get(r.availability!) === 'available' &&
      !repeats.has(`${r.round}|${r.results_path}`) &&
      r.time_to_train_min !== '',
  );
}

const best = (rows: Record<string, string>[]) => Math.min(...rows.map((r) => Number(r.time_to_train_min)));
const hopper = (accelerator: string) => /H100|H200/.test(accelerator);
const blackwellUltra = (accelerator: string) => /Blackwell Ultra|GB300|B300/.test(accelerator);

describe(`report ${SLUG} v1`, () => {
  it('shows three key numbers as recomputed from data/mlperf-training*.csv', async () => {
    const doc = await renderVersion(SLUG, 1);
    const rows = inScope();

    // 1. GPT-3's best time to train in v3.0 (minutes).
    const gpt3 = rows.filter((r) => r.benchmark === 'gpt3' && r.round === 'v3.0');
    expect(gpt3.length).toBeGreaterThan(0);
    expect(shownValue(doc, 'llm_facts', 'gpt3_v30')).toBe(formatFixed(best(gpt3), 2));

    // 2. Llama 3.1 405B's best time to train in v5.1 (minutes).
    const l405 = rows.filter((r) => r.benchmark === 'llama31_405b' && r.round === 'v5.1');
    expect(l405.length).toBeGreaterThan(0);
    expect(shownValue(doc, 'llm_facts', 'l405_v51')).toBe(formatFixed(best(l405), 2));

    // 3. Llama 2 70B LoRA on exactly 8 accelerators: Hopper's best in v4.0 ÷ Blackwell Ultra's best in v5.1.
    const lora8 = rows.filter((r) => r.benchmark === 'llama2_70b_lora' && r.total_accelerators === '8');
    const hopperV40 = lora8.filter((r) => r.round === 'v4.0' && hopper(r.accelerator!) && !blackwellUltra(r.accelerator!));
    const ultraV51 = lora8.filter((r) => r.round === 'v5.1' && blackwellUltra(r.accelerator!));
    expect(hopperV40.length).toBeGreaterThan(0);
    expect(ultraV51.length).toBeGreaterThan(0);
    expect(shownValue(doc, 'fixed8_facts', 'ultra_over_hopper_v40')).toBe(formatFixed(best(hopperV40) / best(ultraV51), 1));
  }, 120_000);

  it('fails its Llama 3.1 405B claim when the v5.1 record is slower than the v5.0 one', async () => {
    // The 5,120-GB200 v5.1 result, made slower than v5.0's best (20.8 min): no longer "faster on fewer accelerators".
    const { dir, changed } = editedDataCopy('mlperf-training.csv', (r) =>
      r.round === 'v5.1' && r.benchmark === 'llama31_405b' && r.total_accelerators === '5120' ? { ...r, time_to_train_min: '30' } : r,
    );
    expect(changed).toBeGreaterThan(0);
    await expect(renderVersion(SLUG, 1, dir)).rejects.toThrow(/claim check failed: "l405_v50 > 5 \* gpt3_v40 AND .*l405_speedup > 2/);
  }, 120_000);
});
