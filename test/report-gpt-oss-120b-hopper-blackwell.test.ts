/**
 * The gpt-oss-120b Hopper/Blackwell report (issue #18): three key numbers recomputed from the raw v6.0 CSV without
 * the query engine, and the "no H100" claim failing once the data it rests on holds an H100 gpt-oss-120b row.
 */
import { describe, expect, it } from 'vitest';
import { editedDataCopy, formatFixed, inferenceRows, renderVersion, shownValue } from './report-helpers.ts';

const SLUG = 'gpt-oss-120b-hopper-blackwell';
const rows = () => inferenceRows(['v6.0']).filter((r) => r.model === 'gpt-oss-120b');
const inScope = () => rows().filter((r) => r.division === 'closed' && r.availability === 'available' && Number(r.total_accelerators) > 0);
const perAccel = (r: Record<string, string>) => Number(r.result) / Number(r.total_accelerators);

describe(`report ${SLUG} v1`, () => {
  it('shows three key numbers as recomputed from data/mlperf-inference/v6.0.csv', async () => {
    const doc = await renderVersion(SLUG, 1);

    // 1. gpt-oss-120b rows of v6.0 that name an H100, in any division, category or scenario: none.
    const h100 = rows().filter((r) => (r.accelerator_id ?? '').startsWith('nvidia-h100') || /h100/i.test(r.accelerator ?? '')).length;
    expect(shownValue(doc, 'h100', 'h100_gptoss_rows')).toBe(String(h100));
    expect(h100).toBe(0);

    // 2. The H200 system's Offline tokens/s per accelerator (closed, available).
    const h200 = inScope().filter((r) => r.accelerator_id === 'nvidia-h200-sxm-141gb' && r.scenario === 'Offline');
    expect(h200).toHaveLength(1);
    expect(shownValue(doc, 'hopper_facts', 'h200_offline')).toBe(formatFixed(perAccel(h200[0]!), 0));

    // 3. Nebius's like-for-like pair: B300 ÷ B200 per accelerator, Offline, same software string.
    const nebius = inScope().filter((r) => r.submitter === 'Nebius' && r.scenario === 'Offline');
    const b200 = nebius.filter((r) => r.accelerator_id === 'nvidia-b200-sxm-180gb');
    const b300 = nebius.filter((r) => r.accelerator_id === 'nvidia-b300-sxm-270gb');
    expect(b200).toHaveLength(1);
    expect(b300).toHaveLength(1);
    expect(b300[0]!.software).toBe(b200[0]!.software);
    expect(shownValue(doc, 'pair_facts', 'nebius_b300_offline')).toBe(formatFixed(perAccel(b300[0]!) / perAccel(b200[0]!), 2));
  }, 120_000);

  it('fails its "no H100" claim when a gpt-oss-120b row names an H100', async () => {
    // An open-division row, out of the report's scope, so only the H100 claim can fail.
    const { dir, changed } = editedDataCopy('mlperf-inference/v6.0.csv', (r) =>
      r.model === 'gpt-oss-120b' && r.division === 'open' && r.accelerator_id === 'nvidia-b200-sxm-180gb'
        ? { ...r, accelerator: 'NVIDIA H100-SXM-80GB', accelerator_id: 'nvidia-h100-sxm-80gb' }
        : r,
    );
    expect(changed).toBeGreaterThan(0);
    await expect(renderVersion(SLUG, 1, dir)).rejects.toThrow(/h100_gptoss_rows = 0/);
  }, 120_000);
});
