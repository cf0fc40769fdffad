/**
 * Directives no plugin took. Prose such as "ratio 16:9" or "Note:see" parses as a directive. A bare one (no [label]
 * and no {attrs}) goes back to its text; one written with brackets or braces was meant as a block and is an error.
 */
import type { Root, Text } from 'mdast';
import type { ContainerDirective, LeafDirective, TextDirective } from 'mdast-util-directive';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { BuildError } from '../../errors.ts';
import { displayPath, type BenchwrightOptions } from './article-state.ts';

export default function remarkUnknownDirectives(options: Pick<BenchwrightOptions, 'root'> = {}) {
  return (tree: Root, file: VFile): void => restoreUnknownDirectives(tree, displayPath(file, options.root));
}

function restoreUnknownDirectives(tree: Root, file: string): void {
  visit(tree, (node, index, parent) => {
    if (node.type !== 'textDirective' && node.type !== 'leafDirective' && node.type !== 'containerDirective') return;
    const directive = node as TextDirective | LeafDirective | ContainerDirective;
    const hasAttributes = Object.keys(directive.attributes ?? {}).length > 0;
    if (directive.type === 'textDirective' && directive.children.length === 0 && !hasAttributes && parent && index !== undefined) {
      const text: Text = { type: 'text', value: `:${directive.name}` };
      parent.children.splice(index, 1, text);
      return;
    }
    const colons = directive.type === 'textDirective' ? ':' : directive.type === 'leafDirective' ? '::' : ':::';
    throw new BuildError(`unknown directive "${colons}${directive.name}"`, {
      place: { file, line: directive.position?.start.line ?? 1, column: directive.position?.start.column ?? 1 },
      hint: 'the inline block is :value[query.column]{format=",.0f"}; write a literal colon as \\:',
    });
  });
}
