/**
 * A report's lead chart for the front page: the first chart of its latest version, as that page draws it (both
 * width variants, so it stays readable on a phone and follows dark mode), taken from the version's rendered HTML.
 */
import { parseHTML } from 'linkedom';
import { html, trusted } from '../render/html.ts';

export interface LeadChart {
  /** The figure's title, without its number. */
  title: string;
  /** The chart's drawing (Plot's SVG, its legend), with no links of its own: the front page links it to the report. */
  html: string;
}

export function leadChart(articleHtml: string): LeadChart | undefined {
  const { document } = parseHTML(String(html`<!doctype html><html><body>${trusted(articleHtml)}</body></html>`));
  const figure = document.querySelector('figure.bw-chart');
  const body = figure?.querySelector('.bw-figure-body');
  if (!figure || !body) return undefined;
  // The whole chart becomes one link; a link inside a link is not allowed, so a mark's own links become plain marks.
  for (const link of [...body.querySelectorAll('a')]) link.replaceWith(...link.childNodes);
  for (const group of body.querySelectorAll('g[role="group"]')) {
    group.removeAttribute('role');
    group.setAttribute('aria-hidden', 'true');
  }
  const title = figure.querySelector('.bw-figure-title')?.cloneNode(true) as Element | undefined;
  title?.querySelector('.bw-figure-number')?.remove();
  return { title: (title?.textContent ?? '').trim(), html: body.innerHTML };
}
