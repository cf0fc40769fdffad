/**
 * The inline values plugin: each :value[query.column]{format=…} (as remark-directive parsed it) becomes the formatted
 * value of the query's one row, marked with its query, column and unit.
 */
import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import { blockLabel } from '../../article/blocks.ts';
import { BuildError, errorMessage } from '../../errors.ts';
import { formatValue } from '../format.ts';
import { html } from '../html.ts';
import { articleState, replaceWithHtml } from './article-state.ts';

export default function remarkInlineValues() {
  return (_tree: Root, file: VFile): void => {
    const { blocks, results, data } = articleState(file, 'remarkInlineValues');
    for (const block of blocks.values) {
      const { result, units } = results.get(block.query)!;
      const fail = (reason: string, hint: string) => new BuildError(reason, { place: block.place, block: blockLabel(block), hint });
      if (!result.columns.some((c) => c.name === block.column)) {
        throw fail(`query "${block.query}" has no column "${block.column}"`, `its columns are: ${result.columns.map((c) => c.name).join(', ')}`);
      }
      if (result.rows.length !== 1) {
        throw fail(`:value needs a query with exactly one row; "${block.query}" returned ${result.rows.length}`, 'aggregate or filter the query down to one row');
      }
      let text: string;
      try {
        text = formatValue(result.rows[0]![block.column] ?? null, block.format);
      } catch (error) {
        throw fail(errorMessage(error), 'use a d3-format specifier such as ",.0f" or ".1f"');
      }
      data.values.push({ query: block.query, column: block.column, format: block.format, text });
      const unit = units.columns[block.column]?.[0];
      const unitAttribute = unit ? html` data-unit="${unit}"` : '';
      replaceWithHtml(block.node, String(html`<span class="bw-value" data-query="${block.query}" data-column="${block.column}"${unitAttribute}>${text}</span>`));
    }
  };
}
