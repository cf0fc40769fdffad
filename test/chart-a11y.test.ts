// What a screen reader meets in a chart (src/core/charts/chart-a11y.ts), and the front page's copy of a report's lead chart
// (src/core/charts/lead-chart.ts), on charts Plot really draws.
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { normalizeChartSpec } from '../src/core/charts/chart-spec.ts';
import { renderChart } from '../src/core/charts/chart.ts';
import { renderFigure } from '../src/core/render/figure.ts';
import { leadChart } from '../src/core/charts/lead-chart.ts';

const rows = [
  { name: 'alpha', v: 1, page: '/accelerators/alpha/' },
  { name: 'beta', v: 2, page: '/accelerators/beta/' },
];
const draw = (marks: unknown[]) => renderChart(normalizeChartSpec({ title: 'Two bars', marks }, Object.keys(rows[0]!)), rows as never, 'q');
const doc = (html: string) => parseHTML(`<!doctype html><html><body>${html}</body></html>`).document;

describe('a chart for screen readers', () => {
  it('is labelled and described on its <svg>; Plot\'s mark groups, which name mark types, are hidden', () => {
    const page = doc(draw([{ barY: { x: 'name', y: 'v', title: 'name' } }, { ruleY: [0] }]).html);
    const svgs = [...page.querySelectorAll('svg[class*="plot-"]')];
    expect(svgs.length).toBeGreaterThan(0);
    for (const svg of svgs) {
      expect(svg.getAttribute('aria-label')).toBe('Two bars');
      expect(svg.getAttribute('aria-description')).toMatch(/barY chart of v by name, 2 rows from query q/);
      const groups = [...svg.querySelectorAll('g[aria-label]')];
      expect(groups.map((g) => g.getAttribute('aria-label'))).toEqual(expect.arrayContaining(['bar', 'rule']));
      // Every labelled group is hidden or has a role that allows its label (no aria-label on a role-less <g>).
      for (const g of groups) expect(g.getAttribute('aria-hidden') === 'true' || g.hasAttribute('role'), g.getAttribute('aria-label')!).toBe(true);
    }
  });

  it('names each link of a mark by its title, and keeps the linking group reachable', () => {
    const page = doc(draw([{ dot: { x: 'name', y: 'v', href: 'page', title: 'name' } }]).html);
    const links = [...page.querySelectorAll('svg a')];
    expect(links.length).toBe(4); // two dots, in the wide and the narrow drawing
    expect(links.map((a) => [a.getAttribute('href'), a.getAttribute('aria-label')])).toEqual([
      ['/accelerators/alpha/', 'alpha'], ['/accelerators/beta/', 'beta'], ['/accelerators/alpha/', 'alpha'], ['/accelerators/beta/', 'beta'],
    ]);
    for (const g of page.querySelectorAll('g[aria-label="dot"]')) {
      expect(g.getAttribute('role')).toBe('group');
      expect(g.hasAttribute('aria-hidden')).toBe(false);
    }
  });

  it('names a text mark\'s links by their text', () => {
    const page = doc(draw([{ text: { x: 'name', y: 'v', text: 'name', href: 'page' } }]).html);
    expect([...page.querySelectorAll('svg a')].map((a) => a.getAttribute('aria-label'))).toEqual(['alpha', 'beta', 'alpha', 'beta']);
  });

  it('refuses links with nothing to name them, saying what to add', () => {
    let error: (Error & { hint?: string }) | undefined;
    try {
      draw([{ dot: { x: 'name', y: 'v', href: 'page' } }]);
    } catch (e) {
      error = e as Error & { hint?: string };
    }
    expect(error?.message).toBe('the dot mark links its elements (href) without a title, so a screen reader cannot say where a link goes');
    expect(error?.hint).toContain('give the mark a `title` channel');
  });
});

describe('the lead chart on the front page', () => {
  const figure = (marks: unknown[], id: string, number: string) => renderFigure({
    kind: 'chart', id, number, queryName: 'q', title: `Chart ${number}`, body: draw(marks).html, sql: 'SELECT 1',
    result: { columns: [{ name: 'name', type: 'VARCHAR' }], rows: rows as never, tables: [] } as never,
  });

  it('is the first chart of the article, as drawn there, its links unwrapped (the whole chart links to the report)', () => {
    const article = `<p>Intro</p>${figure([{ dot: { x: 'name', y: 'v', href: 'page', title: 'name' } }], 'figure-1', 'Figure 1')}${figure([{ barY: { x: 'name', y: 'v' } }], 'figure-2', 'Figure 2')}`;
    const lead = leadChart(article)!;
    expect(lead.title).toBe('Chart Figure 1');
    const chart = doc(lead.html);
    const source = doc(article).querySelector('#figure-1 .bw-figure-body')!;
    // The same drawings (wide and narrow), the same marks, no links, no group a screen reader would stop at.
    expect([...chart.querySelectorAll('svg')].map((s) => s.getAttribute('class'))).toEqual([...source.querySelectorAll('svg')].map((s) => s.getAttribute('class')));
    expect(chart.querySelectorAll('circle').length).toBe(source.querySelectorAll('circle').length);
    expect(chart.querySelectorAll('a').length).toBe(0);
    expect(chart.querySelectorAll('g[role]').length).toBe(0);
    expect(leadChart('<p>No charts here.</p>')).toBeUndefined();
  });
});
