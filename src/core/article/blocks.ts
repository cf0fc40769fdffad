/**
 * Finds an article's blocks in its Markdown tree: ```sql <name>, ```plot <query>, ```table <query>
 * fences and :value[query.column] inline directives. Pure: no query runs here.
 */
import type { Code, Paragraph, Root } from 'mdast';
import type { TextDirective } from 'mdast-util-directive';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import { BuildError, type SourcePlace } from '../errors.ts';

export interface SqlBlock {
  kind: 'sql';
  name: string;
  sql: string;
  node: Code;
  place: SourcePlace;
  /** 1-based line of the first line of the block's body. */
  bodyLine: number;
}
export interface FigureBlock {
  kind: 'plot' | 'table';
  query: string;
  body: string;
  node: Code;
  place: SourcePlace;
  bodyLine: number;
}
export interface ValueBlock {
  kind: 'value';
  query: string;
  column: string;
  format?: string;
  node: TextDirective;
  place: SourcePlace;
}
/** ```check <query>: a SQL condition that must hold for every row of the query. */
export interface CheckBlock {
  kind: 'check';
  query: string;
  condition: string;
  node: Code;
  place: SourcePlace;
  /** The paragraph just before the block: the claim it backs. */
  claim?: Paragraph;
}
export type Block = SqlBlock | FigureBlock | ValueBlock | CheckBlock;

export interface ArticleBlocks {
  sql: SqlBlock[];
  figures: FigureBlock[];
  values: ValueBlock[];
  checks: CheckBlock[];
}

const NAME = /^[a-z_][a-z0-9_]*$/;

export function blockLabel(block: Block): string {
  if (block.kind === 'sql') return `\`\`\`sql ${block.name}`;
  if (block.kind === 'value') return `:value[${block.query}.${block.column}]`;
  if (block.kind === 'check') return `\`\`\`check ${block.query}`;
  return `\`\`\`${block.kind} ${block.query}`;
}

/**
 * The blocks of an article's tree, in the order written. A block that is malformed on its own (a figure without a
 * query name, a :value without query.column) is an error here; names are checked against each other and the data's
 * tables by `checkBlockNames`, when the catalog is known.
 */
export function collectBlocks(tree: Root, file: string): ArticleBlocks {
  const blocks: ArticleBlocks = { sql: [], figures: [], values: [], checks: [] };
  const placeOf = (node: Code | TextDirective): SourcePlace => ({
    file,
    line: node.position?.start.line ?? 1,
    column: node.position?.start.column ?? 1,
  });
  visit(tree, (node, index, parent) => {
    if (node.type === 'code' && node.lang === 'check') {
      const place = placeOf(node);
      const query = (node.meta ?? '').trim().split(/\s+/)[0] ?? '';
      const condition = node.value.trim();
      if (!query || !condition) {
        throw new BuildError('a check block needs a query name and a condition', {
          place,
          block: '```check',
          hint: 'write ```check <query> with a SQL condition that must hold for every row, e.g. ratio BETWEEN 2.5 AND 3.5',
        });
      }
      const previous = parent && index !== undefined ? parent.children[index - 1] : undefined;
      blocks.checks.push({ kind: 'check', query, condition, node, place, claim: previous?.type === 'paragraph' ? previous : undefined });
    } else if (node.type === 'code' && (node.lang === 'sql' || node.lang === 'plot' || node.lang === 'table')) {
      const place = placeOf(node);
      const name = (node.meta ?? '').trim().split(/\s+/)[0] ?? '';
      const bodyLine = place.line + 1;
      if (node.lang === 'sql') {
        // An unnamed ```sql fence is an ordinary code sample for readers; it is shown, not run.
        if (!name) return;
        blocks.sql.push({ kind: 'sql', name, sql: node.value, node, place, bodyLine });
      } else {
        if (!name) {
          throw new BuildError(`a ${node.lang} block needs the name of the query it shows`, {
            place,
            block: `\`\`\`${node.lang}`,
            hint: `write \`\`\`${node.lang} <query name>, where the query is a \`\`\`sql <name> block of this article`,
          });
        }
        blocks.figures.push({ kind: node.lang, query: name, body: node.value, node, place, bodyLine });
      }
    } else if (node.type === 'textDirective' && node.name === 'value') {
      const place = placeOf(node);
      const label = toString(node).trim();
      const match = /^([a-z_][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(label);
      if (!match) {
        throw new BuildError(`:value needs "query.column" in its brackets, found "${label}"`, {
          place,
          block: `:value[${label}]`,
          hint: 'write :value[query_name.column_name]{format=",.0f"}',
        });
      }
      const unknown = Object.keys(node.attributes ?? {}).filter((k) => k !== 'format');
      if (unknown.length > 0) {
        throw new BuildError(`unknown :value attribute "${unknown[0]}"`, { place, block: `:value[${label}]`, hint: 'the only attribute is format, a d3-format specifier' });
      }
      blocks.values.push({ kind: 'value', query: match[1]!, column: match[2]!, format: node.attributes?.format ?? undefined, node, place });
    }
  });
  return blocks;
}

/** Each query name is a plain identifier, defined once, and hides no data table; each block shows a query of the article. */
export function checkBlockNames(blocks: ArticleBlocks, tableNames: ReadonlySet<string>): void {
  const seen = new Map<string, SqlBlock>();
  for (const block of blocks.sql) {
    if (!NAME.test(block.name)) {
      throw new BuildError(`query name "${block.name}" is not a plain lower-case identifier`, {
        place: block.place,
        block: blockLabel(block),
        hint: 'use letters a–z, digits and _, starting with a letter, e.g. llama70b_per_accel',
      });
    }
    if (tableNames.has(block.name)) {
      throw new BuildError(`query name "${block.name}" is also the name of a data table`, {
        place: block.place,
        block: blockLabel(block),
        hint: 'rename the query so it does not hide the table',
      });
    }
    const first = seen.get(block.name);
    if (first) {
      throw new BuildError(`query "${block.name}" is defined twice (first at line ${first.place.line})`, {
        place: block.place,
        block: blockLabel(block),
        hint: 'give each query of an article its own name',
      });
    }
    seen.set(block.name, block);
  }
  for (const block of [...blocks.figures, ...blocks.values, ...blocks.checks]) {
    if (!seen.has(block.query)) {
      const names = [...seen.keys()];
      throw new BuildError(`unknown query "${block.query}"`, {
        place: block.place,
        block: blockLabel(block),
        hint: names.length ? `this article's queries are: ${names.join(', ')}` : 'define it in a ```sql <name> block',
      });
    }
  }
}
