/**
 * The throughput-per-dollar report (issue #18): its key per-dollar numbers recomputed in plain TypeScript from the raw
 * CSV files (per-round MLPerf Inference results, prices.csv, price-accelerators.csv, accelerator-names.csv), without
 * the query engine; and its claims failing when the prices they rest on change: v1's "the MI300X falls at its dearer
 * quote" (a cloud price edited), v1's "the B200 stays ahead of the GB200 across its purchase range" (the range edited),
 * and v2's "on gpt-oss-120b the purchase ranking swaps at the B200's dearest end" (the range edited).
 */
import { describe, expect, it } from 'vitest';
import { editedDataCopy, formatFixed, inferenceRows, readRows, renderVersion, shownValue } from './report-helpers.ts';

const SLUG = 'throughput-per-dollar';

/**
 * Best result per accelerator of each part (accelerator_id) on one benchmark, round and scenario: closed division,
 * available category, tokens/s, a known accelerator count; one row per system, the -99 row where a system has both
 * the -99 and the -99.9 one (the report's rule).
 */
function bestPerAccelerator(round: string, benchmark: 'llama2-70b' | 'gpt-oss-120b', scenario: string): Map<string, number> {
  const bySystem = new Map<string, Record<string, string>>();
  for (const r of inferenceRows([round])) {
    const family = r.model!.replace(/-99(\.9)?$/, '');
    if (family !== benchmark || r.division !== 'closed' || r.availability !== 'available' || r.scenario !== scenario) continue;
    if (r.unit !== 'tokens/s' || !(Number(r.total_accelerators) > 0)) continue;
    const key = `${r.submitter}/${r.system_id}`;
    const kept = bySystem.get(key);
    if (!kept || (kept.model!.endsWith('-99.9') && !r.model!.endsWith('-99.9'))) bySystem.set(key, r);
  }
  const best = new Map<string, number>();
  for (const r of bySystem.values()) {
    const perAccel = Number(r.result) / Number(r.total_accelerators);
    best.set(r.accelerator_id!, Math.max(best.get(r.accelerator_id!) ?? 0, perAccel));
  }
  return best;
}

/** Cloud on-demand prices per GPU-hour of each part, through the catalog's price mapping (price-accelerators.csv). */
function cloudPrices(dataDir?: string): Map<string, number[]> {
  const partOf = new Map(readRows('price-accelerators.csv', dataDir).map((m) => [m.price_accelerator!, m.accelerator_id!]));
  const prices = new Map<string, number[]>();
  for (const p of readRows('prices.csv', dataDir)) {
    const part = partOf.get(p.accelerator!);
    if (!part || p.price_kind !== 'cloud_on_demand' || !p.unit!.startsWith('USD per GPU-hour')) continue;
    prices.set(part, [...(prices.get(part) ?? []), Number(p.price_usd)]);
  }
  return prices;
}

/** A purchase price as stated: "30000-40000" is read at both ends, a single number is both. */
function purchaseRange(item: string): [number, number] {
  const row = readRows('prices.csv').find((p) => p.price_kind === 'purchase' && p.accelerator === item);
  expect(row, item).toBeDefined();
  const ends = row!.price_usd!.split('-').map(Number);
  return [ends[0]!, ends[ends.length - 1]!];
}

/** Million tokens per US dollar at the cheapest and the dearest quote of every priced part. */
function perDollar(round: string, benchmark: 'llama2-70b' | 'gpt-oss-120b', scenario: string) {
  const prices = cloudPrices();
  return [...bestPerAccelerator(round, benchmark, scenario)]
    .filter(([part]) => prices.has(part))
    .map(([part, best]) => ({
      part,
      best,
      atCheapest: (best * 3600) / Math.min(...prices.get(part)!) / 1e6,
      atDearest: (best * 3600) / Math.max(...prices.get(part)!) / 1e6,
    }));
}

describe(`report ${SLUG} v1`, () => {
  it('shows the leading per-dollar figure, the H100 SXM price spread and the B200 purchase figure as recomputed from the CSV files', async () => {
    const doc = await renderVersion(SLUG, 1);
    // 1. Llama 2 70B v5.1 Offline: the highest million tokens per US dollar at every part's cheapest quote (the MI300X).
    const v51 = perDollar('v5.1', 'llama2-70b', 'Offline');
    expect(v51).toHaveLength(6);
    const top = v51.reduce((a, b) => (b.atCheapest > a.atCheapest ? b : a));
    expect(top.part).toBe('amd-instinct-mi300x-192gb');
    expect(shownValue(doc, 'l70_facts_v51', 'offline_top_cheapest')).toBe('Instinct MI300X');
    expect(shownValue(doc, 'l70_facts_v51', 'offline_top_cheapest_mtok')).toBe(formatFixed(top.atCheapest, 2));
    // 2. How far apart the H100 SXM's quotes put its figure: cheapest-quote figure ÷ dearest-quote figure.
    const h100 = v51.find((p) => p.part === 'nvidia-h100-sxm-80gb')!;
    expect(shownValue(doc, 'l70_facts_v51', 'h100_spread')).toBe(formatFixed(h100.atCheapest / h100.atDearest, 1));
    // 3. The B200 at the high end of its purchase range ("30000-40000"): tokens/s per 1,000 US dollars, Offline.
    const [, b200High] = purchaseRange('B200 (Blackwell, per unit)');
    const b200 = v51.find((p) => p.part === 'nvidia-b200-sxm-180gb')!;
    expect(shownValue(doc, 'purchase_facts', 'l70_v51_b200_at_high')).toBe(formatFixed((b200.best / b200High) * 1000, 0));
  }, 120_000);

  it('fails its "the MI300X falls at its dearer quote" claim when that quote becomes its cheapest', async () => {
    const { dir, changed } = editedDataCopy('prices.csv', (p) =>
      p.accelerator === 'MI300X' && p.price_usd === '2.59' ? { ...p, price_usd: '1.40' } : p,
    );
    expect(changed).toBe(1);
    await expect(renderVersion(SLUG, 1, dir)).rejects.toThrow(/mi300x_rank_dearest > 1 AND mi300x_cheapest_seller = 'TensorWave'/);
  }, 120_000);

  it('fails its "the B200 stays ahead across its purchase range" claim when the range reaches higher', async () => {
    const { dir, changed } = editedDataCopy('prices.csv', (p) =>
      p.price_usd === '30000-40000' ? { ...p, price_usd: '30000-60000' } : p,
    );
    expect(changed).toBe(1);
    await expect(renderVersion(SLUG, 1, dir)).rejects.toThrow(/l70_v51_swaps = 0/);
  }, 120_000);
});

describe(`report ${SLUG} v2`, () => {
  it('shows the v6.0 figures as recomputed from the CSV files', async () => {
    const doc = await renderVersion(SLUG, 2);
    const v60 = perDollar('v6.0', 'llama2-70b', 'Offline');
    const top = v60.reduce((a, b) => (b.atCheapest > a.atCheapest ? b : a));
    expect(shownValue(doc, 'l70_facts_v60', 'offline_top_cheapest_mtok')).toBe(formatFixed(top.atCheapest, 2));
    // gpt-oss-120b, Offline, purchase: the B200 at its dearest end against the GB200 rack's share per GPU.
    const best = bestPerAccelerator('v6.0', 'gpt-oss-120b', 'Offline');
    const [, b200High] = purchaseRange('B200 (Blackwell, per unit)');
    const [rack] = purchaseRange('GB200 NVL72 (72 GPUs, 36 Grace CPUs)');
    const b200AtHigh = (best.get('nvidia-b200-sxm-180gb')! / b200High) * 1000;
    const gb200 = (best.get('nvidia-gb200')! / (rack / 72)) * 1000;
    expect(b200AtHigh).toBeLessThan(gb200);
    expect(shownValue(doc, 'purchase_facts', 'gptoss_b200_at_high')).toBe(formatFixed(b200AtHigh, 0));
    expect(shownValue(doc, 'purchase_facts', 'gptoss_gb200')).toBe(formatFixed(gb200, 0));
    // v1's numbers are unchanged in v2.
    expect(shownValue(doc, 'l70_facts_v51', 'offline_top_cheapest_mtok')).toBe(
      formatFixed(Math.max(...perDollar('v5.1', 'llama2-70b', 'Offline').map((p) => p.atCheapest)), 2),
    );
  }, 120_000);

  it('fails its "the purchase ranking swaps on gpt-oss-120b" claim when the B200 range ends lower', async () => {
    const { dir, changed } = editedDataCopy('prices.csv', (p) =>
      p.price_usd === '30000-40000' ? { ...p, price_usd: '30000-38000' } : p,
    );
    expect(changed).toBe(1);
    await expect(renderVersion(SLUG, 2, dir)).rejects.toThrow(/gptoss_swaps = gptoss_scenarios/);
  }, 120_000);
});
