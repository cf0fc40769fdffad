/**
 * What a screen reader meets in a chart Plot drew. The chart's text alternative is its <svg>'s aria-label (the
 * title) and aria-description (what is plotted, from which query), with the figure's table of rows after it. Plot
 * also labels each mark's <g> ("bar", "rule"): ARIA allows no label on an element without a role, and the labels
 * name Plot's mark types, not the data, so those groups are hidden from assistive technology, as Plot hides its
 * axes and grids. A group holding links (a mark with an `href` channel) stays reachable, as a group, and each link
 * is named by its mark's `title` or its own text (a link without a name says nothing of where it goes).
 */
import { SpecError } from '../errors.ts';

/** The little of a DOM element this needs (Plot draws into linkedom on the server). */
interface Node {
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  hasAttribute(name: string): boolean;
  querySelectorAll(selectors: string): Iterable<Node>;
  querySelector(selectors: string): Node | null;
  textContent: string | null;
}

/** Changes Plot's output in place: mark groups hidden or made groups, links named. */
export function makeChartAccessible(plot: Node): void {
  for (const group of plot.querySelectorAll('g[aria-label]')) {
    if (group.getAttribute('aria-hidden') === 'true' || group.hasAttribute('role')) continue;
    if (group.querySelector('a')) group.setAttribute('role', 'group');
    else group.setAttribute('aria-hidden', 'true');
  }
  for (const link of plot.querySelectorAll('a')) {
    if (link.getAttribute('aria-label')?.trim()) continue;
    // The mark's title (Plot writes it as <title> in the shape), else the link's own text (a text mark).
    const name = (link.querySelector('title')?.textContent || link.textContent || '').replace(/\s+/g, ' ').trim();
    if (!name) {
      const mark = [...plot.querySelectorAll('g[aria-label]')].find((g) => [...g.querySelectorAll('a')].includes(link))?.getAttribute('aria-label');
      throw new SpecError(
        `the ${mark ?? 'chart'} mark links its elements (href) without a title, so a screen reader cannot say where a link goes`,
        '',
        'give the mark a `title` channel (e.g. `title: name`): its text names each link and shows as a tooltip',
      );
    }
    link.setAttribute('aria-label', name);
  }
}
