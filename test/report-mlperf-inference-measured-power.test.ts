/**
 * The measured-power report (issue #18): results per joule (result ÷ power_w of the same row) recomputed from the raw
 * per-round CSV files without the query engine; the cross-round claim failing once the v5.1 system's measured power
 * changes, and v2's "v6.0 carries no measured power" claim failing once a v6.0 row carries some.
 */
import { describe, expect, it } from 'vitest';
import { editedDataCopy, formatFixed, inferenceRows, renderVersion, shownValue } from './report-helpers.ts';

const SLUG = 'mlperf-inference-measured-power';

/** Llama 2 70B Offline with measured power, closed and available, at the -99 target (which both rounds publish). */
function llamaOfflinePerJoule(round: string): number {
  const rows = inferenceRows([round]).filter(
    (r) =>
      r.power_w !== '' &&
      r.division === 'closed' &&
      r.availability === 'available' &&
      r.model === 'llama2-70b-99' &&
      r.scenario === 'Offline' &&
      r.unit === 'tokens/s',
  );
  expect(rows).toHaveLength(1);
  return Number(rows[0]!.result) / Number(rows[0]!.power_w);
}

describe(`report ${SLUG} v1`, () => {
  it('shows the Llama 2 70B tokens per joule of v4.1 and v5.1, and their ratio, as recomputed from the CSV files', async () => {
    const doc = await renderVersion(SLUG, 1);
    const v41 = llamaOfflinePerJoule('v4.1');
    const v51 = llamaOfflinePerJoule('v5.1');
    // 1. v4.1 (NVIDIA H200 MaxQ) tokens per joule, Offline.
    expect(shownValue(doc, 'cross_facts', 'llama_offline_v41')).toBe(formatFixed(v41, 2));
    // 2. v5.1 (Lenovo B200) tokens per joule, Offline.
    expect(shownValue(doc, 'cross_facts', 'llama_offline_v51')).toBe(formatFixed(v51, 2));
    // 3. Their ratio.
    expect(shownValue(doc, 'cross_facts', 'llama_offline_ratio')).toBe(formatFixed(v51 / v41, 1));
    // And the count of rows with measured power up to v5.1.
    const withPower = inferenceRows(['v3.1', 'v4.0', 'v4.1', 'v5.1']).filter((r) => r.power_w !== '').length;
    expect(shownValue(doc, 'power_facts', 'rows_with_power')).toBe(String(withPower));
  }, 120_000);

  it('fails its cross-round claim when the v5.1 Llama 2 70B system measured twice the power', async () => {
    const { dir, changed } = editedDataCopy('mlperf-inference/v5.1.csv', (r) =>
      r.power_w !== '' && (r.model ?? '').startsWith('llama2-70b') ? { ...r, power_w: String(Number(r.power_w) * 2) } : r,
    );
    expect(changed).toBeGreaterThan(0);
    await expect(renderVersion(SLUG, 1, dir)).rejects.toThrow(/llama_offline_ratio BETWEEN 2 AND 3/);
  }, 120_000);
});

describe(`report ${SLUG} v2`, () => {
  it('shows that v6.0 carries no measured power, and v1’s numbers, as recomputed from the CSV files', async () => {
    const doc = await renderVersion(SLUG, 2);
    const v60 = inferenceRows(['v6.0']);
    expect(shownValue(doc, 'power_facts', 'v60_rows')).toBe(String(v60.length));
    expect(shownValue(doc, 'power_facts', 'v60_rows_with_power')).toBe(String(v60.filter((r) => r.power_w !== '').length));
    expect(shownValue(doc, 'cross_facts', 'llama_offline_ratio')).toBe(formatFixed(llamaOfflinePerJoule('v5.1') / llamaOfflinePerJoule('v4.1'), 1));
  }, 120_000);

  it('fails its "no measured power in v6.0" claim when a v6.0 row carries measured power', async () => {
    // One closed, available tokens/s row, so that the claims on divisions, categories and units still hold.
    let edited = 0;
    const { dir, changed } = editedDataCopy('mlperf-inference/v6.0.csv', (r) =>
      edited === 0 && r.division === 'closed' && r.availability === 'available' && r.unit === 'tokens/s' && r.scenario === 'Offline'
        ? (edited++, { ...r, power_w: '10000' })
        : r,
    );
    expect(changed).toBe(1);
    await expect(renderVersion(SLUG, 2, dir)).rejects.toThrow(/v60_rows_with_power = 0/);
  }, 120_000);
});
