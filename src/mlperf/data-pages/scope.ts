/**
 * What the data pages show, in one place: the results in scope (closed division, available systems, one kind of
 * accelerator) and the sentences that say so.
 */

/** At most this many charts on an accelerator or model page; every result is in the page's table. */
export const MAX_CHARTS = 6;

/** Throughput results per accelerator that the pages show: closed division, available systems, one part. */
export const SCOPE = "division = 'closed' AND availability = 'available' AND accelerator_id NOT LIKE 'mix-%'";
export const SCOPE_TEXT = 'closed division, systems in the available category';
export const SCOPE_SENTENCE = 'Closed division, systems in the available category';
export const NO_V50 = 'Round v5.0 is not in the data (no machine-readable copy of the whole round could be obtained): nothing here is interpolated across it.';
export const ROUND_COMPARE = 'Every round in the data; software, systems and submitters differ between rounds, and v5.0 is not in the data.';
