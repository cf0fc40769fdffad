/**
 * Renders a normalised chart spec and a query's rows to SVG on the server: Observable Plot with a
 * linkedom document (TOOLCHAIN §4.7: fastest, and its serialisation is valid XML).
 */
import * as Plot from '@observablehq/plot';
import { SpecError } from './errors.ts';
import { parseHTML } from 'linkedom';
import { isDecoration, positionColumns, type ChartSpec, type MarkSpec } from './chart-spec.ts';
import type { Row } from './json-values.ts';

export interface RenderedChart {
  /** Plot's output: an <svg>, or a <figure> holding a legend and the <svg>. */
  html: string;
  /** A plain-language description for screen readers. */
  description: string;
}

type MarkFactory = (data?: unknown, options?: Record<string, unknown>) => Plot.Markish;

export function renderChart(spec: ChartSpec, rows: Row[], queryName: string): RenderedChart {
  if (rows.length === 0 && !spec.allowEmpty) {
    throw new SpecError(`query "${queryName}" returned no rows, so the chart would be blank`, '', 'check the query\'s filters, or set `allowEmpty: true` if an empty chart is intended');
  }
  for (const [i, mark] of spec.marks.entries()) {
    for (const column of positionColumns(mark)) {
      if (rows.length > 0 && rows.every((r) => r[column] === null)) {
        throw new SpecError(`column "${column}" is empty (NULL in every row), so mark ${mark.name} would draw nothing`, `marks[${i}].${mark.name}`);
      }
    }
  }
  const { document } = parseHTML('<!DOCTYPE html><html><body></body></html>');
  const description = spec.description ?? describe(spec, rows, queryName);
  let element: { outerHTML: string };
  try {
    element = Plot.plot({
      ...spec.plotOptions,
      marks: spec.marks.map((mark) => makeMark(mark, rows)),
      ariaLabel: spec.title ?? `Chart of query ${queryName}`,
      ariaDescription: description,
      document: document as unknown as Document,
    }) as unknown as { outerHTML: string };
  } catch (error) {
    throw new SpecError(`Plot could not draw this chart: ${(error as Error).message}`, '');
  }
  return { html: element.outerHTML, description };
}

function makeMark(mark: MarkSpec, rows: Row[]): Plot.Markish {
  const factory = (Plot as unknown as Record<string, MarkFactory>)[mark.name]!;
  if (isDecoration(mark)) return mark.data ? factory(mark.data, mark.options) : factory(mark.options);
  return factory(mark.data ?? rows, mark.options);
}

function describe(spec: ChartSpec, rows: Row[], queryName: string): string {
  const main = spec.marks.find((m) => !m.data && !isDecoration(m));
  const parts: string[] = [];
  if (main) {
    const o = main.options;
    const channel = (k: string) => (typeof o[k] === 'string' ? String(o[k]) : undefined);
    // Horizontal marks (barX, dotX, tickX…) put the measure on x and the category on y.
    const horizontal = main.name.endsWith('X');
    const x = channel('x') ?? channel('x2');
    const y = channel('y') ?? channel('y2');
    const [measure, category] = horizontal ? [x, y] : [y, x];
    parts.push(`${main.name} chart${measure ? ` of ${measure}` : ''}${category ? ` by ${category}` : ''}`);
    const colour = channel('fill') ?? channel('stroke');
    if (colour && rows.some((r) => colour in r)) parts.push(`coloured by ${colour}`);
    const facet = channel('fx') ?? channel('fy');
    if (facet) parts.push(`in panels by ${facet}`);
  }
  parts.push(`${rows.length} row${rows.length === 1 ? '' : 's'} from query ${queryName}; the data table follows the chart`);
  return parts.join(', ') + '.';
}
