/** The cross-references plugin: "@fig-llama70b" in prose becomes a link "Figure 3"; an unknown label is an error. */
import type { Html, Root, Text } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { BuildError } from '../../errors.ts';
import { html } from '../html.ts';
import { articleState } from './article-state.ts';

export default function remarkCrossReferences() {
  return (tree: Root, file: VFile): void => {
    const { path, labels } = articleState(file, 'remarkCrossReferences');
    resolveCrossReferences(tree, path, labels);
  };
}

function resolveCrossReferences(tree: Root, file: string, labels: Map<string, { id: string; number: string }>): void {
  const pattern = /(^|[^\w@.])@((?:fig|tbl)-[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)/g;
  visit(tree, 'text', (node, index, parent) => {
    if (!parent || index === undefined || !node.value.includes('@')) return;
    const parts: (Text | Html)[] = [];
    let last = 0;
    for (const match of node.value.matchAll(pattern)) {
      const label = match[2]!;
      const start = match.index + match[1]!.length;
      const target = labels.get(label);
      if (!target) {
        const known = [...labels.keys()];
        throw new BuildError(`unknown figure or table label "@${label}"`, {
          place: { file, line: node.position?.start.line ?? 1, column: (node.position?.start.column ?? 1) + start },
          hint: known.length ? `this article's labels are: ${known.join(', ')}` : 'give the chart or table a `label: fig-name` (or tbl-name) in its block',
        });
      }
      parts.push({ type: 'text', value: node.value.slice(last, start) });
      parts.push({ type: 'html', value: String(html`<a class="bw-xref" href="#${target.id}">${target.number}</a>`) });
      last = start + label.length + 1;
    }
    if (parts.length === 0) return;
    parts.push({ type: 'text', value: node.value.slice(last) });
    parent.children.splice(index, 1, ...(parts as Text[]));
    return index + parts.length;
  });
}
