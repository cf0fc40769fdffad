/** How the data pages' charts look alike: colours fixed per value, scenario order, chart heights. */

/** Plot's default categorical palette (observable10), fixed per value so colours agree across pages. */
export const PALETTE = ['#4269d0', '#efb118', '#ff725c', '#6cc5b0', '#3ca951', '#ff8ab7', '#a463f2', '#97bbf5', '#9c6b4e', '#9498a0'];
export const SCENARIO_COLOURS: Record<string, string> = { Offline: '#4269d0', Server: '#efb118', Interactive: '#ff725c', SingleStream: '#6cc5b0', MultiStream: '#3ca951' };

const SCENARIO_ORDER = ['Offline', 'Server', 'Interactive', 'SingleStream', 'MultiStream'];

/** A colour scale over `values` whose colours do not depend on which values a chart happens to have. */
export function colourScale(values: string[], colourOf: (value: string) => string) {
  return { legend: true, type: 'categorical', domain: values, range: values.map(colourOf) };
}

/** Height of a dot chart with `rows` rows on y (an upper bound is fine; Plot spaces them evenly). */
export function chartHeight(rows: number): number {
  return Math.max(140, Math.min(560, 60 + rows * 26));
}

export function sortScenarios(list: string[]): string[] {
  return [...list].sort((a, b) => scenarioRank(a) - scenarioRank(b) || a.localeCompare(b));
}

export function scenarioRank(s: string): number {
  const i = SCENARIO_ORDER.indexOf(s);
  return i === -1 ? SCENARIO_ORDER.length : i;
}
