/** What `npm run new -- <slug>` writes as a report's first version: a template over the MLPerf Inference data. */

/**
 * A first version: front matter, one query, a chart, a table, an inline value and a checked claim, over the MLPerf
 * Inference table of the shipped data. Every number in it comes from the data, so it is true on any round.
 */
export function reportTemplate({ title, date }: { title: string; date: string }): string {
  return `---
title: ${JSON.stringify(title)}
version: 1
published: ${date}
summary: One sentence that says what this report shows.
tags: [mlperf, inference]
authors: [Benchwright]
---

What this report asks, in a paragraph. Every number in prose is an inline value from a query, so the text cannot
drift from the data; every chart and table shows its SQL, rows and cited MLPerf results.

## Llama 2 70B per accelerator

\`\`\`sql best
-- Best Llama 2 70B Offline result per accelerator in MLPerf Inference v5.1: closed division, available
-- systems, each system's result divided by its accelerator count (a metric derived by Benchwright).
SELECT accelerator_id, max(result / total_accelerators) AS per_accel
FROM mlperf_inference
WHERE round = 'v5.1' AND model = 'llama2-70b-99' AND scenario = 'Offline'
  AND division = 'closed' AND availability = 'available'
  AND total_accelerators > 0 AND accelerator_id NOT LIKE 'mix-%'
GROUP BY accelerator_id
ORDER BY per_accel DESC, accelerator_id
\`\`\`

\`\`\`plot best
title: Llama 2 70B, Offline, v5.1 — best tokens/s per accelerator
caption: MLPerf Inference v5.1, datacenter, closed division, available systems.
marginLeft: 200
y: { label: null }
marks:
  - barX: { y: accelerator_id, x: per_accel, fill: "steelblue", sort: { y: "-x" } }
  - ruleX: [0]
\`\`\`

\`\`\`table best
title: The same numbers
columns:
  accelerator_id: Accelerator
  per_accel: { label: Per accelerator, format: ",.0f" }
\`\`\`

\`\`\`sql summary
SELECT count(*) AS parts, max(per_accel) AS top, min(per_accel) AS bottom
FROM best
\`\`\`

Of :value[summary.parts] accelerators, the fastest delivers :value[summary.top]{format=",.0f"} tokens/s per
accelerator, more than the slowest's :value[summary.bottom]{format=",.0f"}.

\`\`\`check summary
parts >= 2 AND top > bottom
\`\`\`
`;
}

