/**
 * The rack-scale report (issue #18): per-accelerator throughput of NVL72 racks against 8-GPU nodes of the same
 * generation, and the H200 SXM's memory bandwidth over the H100 SXM's, recomputed from the raw CSV files without the
 * query engine; v1's "the GB200 rack is within 5% of the B200 node" claim failing once the rack's DeepSeek-R1 result
 * is raised.
 */
import { describe, expect, it } from 'vitest';
import { editedDataCopy, formatFixed, inferenceRows, readRows, renderVersion, shownValue } from './report-helpers.ts';

const SLUG = 'moe-dense-rack-scale';

type Row = Record<string, string>;

/** Closed division, available category, tokens/s, one benchmark and scenario of one round (models without an accuracy suffix). */
function scoped(round: string, model: string, scenario: string, dataDir?: string): Row[] {
  return inferenceRows([round], dataDir).filter(
    (r) => r.division === 'closed' && r.availability === 'available' && r.model === model && r.scenario === scenario && r.unit === 'tokens/s',
  );
}

const perAccel = (r: Row) => Number(r.result) / Number(r.total_accelerators);

function best(rows: Row[]): number {
  expect(rows.length).toBeGreaterThan(0);
  return Math.max(...rows.map(perAccel));
}

/** A GB200/GB300 system of more than 8 accelerators: an NVL72 rack. */
const isRack = (id: string) => (r: Row) => r.accelerator_id === id && Number(r.total_accelerators) > 8;
/** One node of 8 accelerators of the given part. */
const isNode8 = (id: string) => (r: Row) => r.accelerator_id === id && r.nodes === '1' && r.total_accelerators === '8';

/** Best rack per accelerator ÷ best 8-GPU node per accelerator. */
function rackOverNode(round: string, model: string, scenario: string, rackId: string, nodeId: string): number {
  const rows = scoped(round, model, scenario);
  return best(rows.filter(isRack(rackId))) / best(rows.filter(isNode8(nodeId)));
}

function specBandwidth(part: string): number {
  const row = readRows('accelerators.csv').find((r) => r.accelerator === part);
  expect(row, part).toBeDefined();
  return Number(row!.memory_bw_tbs);
}

describe(`report ${SLUG} v1`, () => {
  it('shows the rack-over-node ratio, the bandwidth ratio and the largest H200 gain as recomputed from the CSV files', async () => {
    const doc = await renderVersion(SLUG, 1);
    // 1. v5.1 DeepSeek-R1 Offline: best GB200 NVL72 rack ÷ best 8-GPU B200 node, per accelerator.
    const deepseek = rackOverNode('v5.1', 'deepseek-r1', 'Offline', 'nvidia-gb200', 'nvidia-b200-sxm-180gb');
    expect(shownValue(doc, 'rack_facts', 'deepseek_offline')).toBe(formatFixed(deepseek, 2));
    // 2. H200 SXM ÷ H100 SXM memory bandwidth, from the specification table.
    const bw = specBandwidth('H200 SXM 141GB') / specBandwidth('H100 SXM 80GB');
    expect(shownValue(doc, 'hopper_spec_ratio', 'bw_ratio')).toBe(formatFixed(bw, 2));
    // 3. The largest H200 ÷ H100 gain among 8-GPU single-node systems: Llama 2 70B Offline, v4.1 (-99 rows).
    const llama = inferenceRows(['v4.1']).filter(
      (r) => r.division === 'closed' && r.availability === 'available' && r.model === 'llama2-70b-99' && r.scenario === 'Offline',
    );
    const hopper = (name: string) => best(llama.filter((r) => r.accelerator === name && r.nodes === '1' && r.total_accelerators === '8'));
    const gain = hopper('NVIDIA H200-SXM-141GB') / hopper('NVIDIA H100-SXM-80GB');
    expect(shownValue(doc, 'hopper_facts', 'highest')).toBe(formatFixed(gain, 2));
    expect(gain).toBeLessThan(bw);
  }, 120_000);

  it('fails its "rack within 5% of the node" claim when the GB200 rack’s DeepSeek-R1 Offline result is half as high again', async () => {
    const { dir, changed } = editedDataCopy('mlperf-inference/v5.1.csv', (r) =>
      r.accelerator_id === 'nvidia-gb200' && Number(r.total_accelerators) > 8 && r.model === 'deepseek-r1' && r.scenario === 'Offline'
        ? { ...r, result: String(Number(r.result) * 1.5) }
        : r,
    );
    expect(changed).toBeGreaterThan(0);
    await expect(renderVersion(SLUG, 1, dir)).rejects.toThrow(/lowest >= 0\.95 AND highest <= 1\.05/);
  }, 120_000);
});

describe(`report ${SLUG} v2`, () => {
  it('shows the v6.0 Llama 3.1 405B Server rack-over-node ratio and keeps v1’s numbers, as recomputed from the CSV files', async () => {
    const doc = await renderVersion(SLUG, 2);
    // GB300 NVL72 rack ÷ 8-GPU B300 node, Llama 3.1 405B Server, v6.0: the largest GB300 ratio of the round.
    const l405 = rackOverNode('v6.0', 'llama3.1-405b', 'Server', 'nvidia-gb300', 'nvidia-b300-sxm-270gb');
    expect(shownValue(doc, 'rack_facts_v60', 'l405_server_gb300')).toBe(formatFixed(l405, 2));
    // v1's facts are unchanged in v2.
    expect(shownValue(doc, 'rack_facts', 'deepseek_offline')).toBe(
      formatFixed(rackOverNode('v5.1', 'deepseek-r1', 'Offline', 'nvidia-gb200', 'nvidia-b200-sxm-180gb'), 2),
    );
    // NVIDIA's 6.0-0076 is divided by nodes × accelerators per node (288), not by the 72 of its system name.
    const r0076 = scoped('v6.0', 'deepseek-r1', 'Offline').filter((r) => r.result_id === '6.0-0076');
    expect(r0076).toHaveLength(1);
    expect(shownValue(doc, 'count_conflict_facts', 'r0076_counted')).toBe(r0076[0]!.total_accelerators);
    expect(Number(r0076[0]!.nodes) * Number(r0076[0]!.accelerators_per_node)).toBe(Number(r0076[0]!.total_accelerators));
  }, 120_000);
});
