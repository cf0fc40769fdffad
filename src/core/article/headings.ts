/** Gives every heading an id (GitHub's slug rules) and records h2/h3 for the table of contents. */
import GithubSlugger from 'github-slugger';
import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';

export interface Heading {
  depth: number;
  slug: string;
  text: string;
}

export default function remarkHeadingIds() {
  return (tree: Root, file: VFile): void => {
    const slugger = new GithubSlugger();
    const headings: Heading[] = [];
    visit(tree, 'heading', (node) => {
      const text = toString(node);
      const slug = slugger.slug(text);
      node.data = { ...node.data, hProperties: { ...(node.data?.hProperties ?? {}), id: slug } };
      headings.push({ depth: node.depth, slug, text });
    });
    file.data.headings = headings;
  };
}
