/**
 * The guide's reference tables, made from the same JSON Schemas editors get (editor-schemas.ts), which are made from
 * the checks the build runs: `::options{of="plot"}` in a guide page becomes the table of what a ```plot block may
 * hold, so the reference lists exactly the keys the build accepts, with the words an editor shows on hover.
 */
import type { PhrasingContent, Root, RootContent, TableRow } from 'mdast';
import type { LeafDirective } from 'mdast-util-directive';
import { visit } from 'unist-util-visit';
import { BuildError } from '../errors.ts';
import { plotBlockSchema, tableBlockSchema, frontMatterEditorSchema } from '../editor-schemas.ts';

type JsonSchema = { properties?: Record<string, JsonSchema>; required?: string[]; description?: string; anyOf?: JsonSchema[]; additionalProperties?: unknown; items?: JsonSchema; oneOf?: JsonSchema[]; enum?: string[] };

/** Each table the directive makes, by its `of`: the schema and, for a block, what to say after the table. */
const TABLES: Record<string, () => { schema: JsonSchema; keys?: (key: string, s: JsonSchema) => boolean; after?: () => RootContent[] }> = {
  'front-matter': () => ({ schema: frontMatterEditorSchema() as JsonSchema }),
  plot: () => {
    const schema = plotBlockSchema() as JsonSchema;
    const plotOptions = Object.entries(schema.properties ?? {}).filter(([, s]) => s.description?.startsWith('Plot.plot option')).map(([k]) => k);
    const marks = ((schema.properties?.marks?.items?.oneOf ?? [])[0]?.enum ?? []) as string[];
    return {
      schema,
      keys: (key) => !plotOptions.includes(key),
      after: () => [
        paragraph([text('Every other key is an option of '), code('Plot.plot'), text(', as Plot documents it: '), ...list(plotOptions), text('.')]),
        paragraph([text('The marks, each '), code('- markName: { options }'), text(' with the options Plot\'s own type declarations give that mark: '), ...list(marks), text('.')]),
      ],
    };
  },
  table: () => ({ schema: tableBlockSchema() as JsonSchema }),
  'table-column': () => {
    const columns = (tableBlockSchema() as JsonSchema).properties?.columns?.additionalProperties as JsonSchema;
    return { schema: columns.anyOf!.find((s) => s.properties)! };
  },
};

export const OPTION_TABLES = Object.keys(TABLES);

const text = (value: string): PhrasingContent => ({ type: 'text', value });
const code = (value: string): PhrasingContent => ({ type: 'inlineCode', value });
const paragraph = (children: PhrasingContent[]): RootContent => ({ type: 'paragraph', children });
function list(names: string[]): PhrasingContent[] {
  return names.flatMap((name, i) => (i === 0 ? [code(name)] : [text(', '), code(name)]));
}

/** A description's words, with what it writes in backticks as code (an `@fig-x` there is not a cross-reference). */
function described(description: string): PhrasingContent[] {
  return description.split(/`([^`]+)`/).flatMap((part, i) => (part === '' ? [] : [i % 2 === 1 ? code(part) : text(part)]));
}

function row(cells: PhrasingContent[][]): TableRow {
  return { type: 'tableRow', children: cells.map((children) => ({ type: 'tableCell', children })) };
}

/** The table of one schema's keys: the key, whether it must be there, and what it means. */
export function optionTable(of: string): RootContent[] {
  const made = Object.hasOwn(TABLES, of) ? TABLES[of] : undefined;
  if (!made) throw new Error(`no option table "${of}"`);
  const { schema, keys = () => true, after } = made();
  const required = new Set(schema.required ?? []);
  const rows = Object.entries(schema.properties ?? {})
    .filter(([key, s]) => keys(key, s))
    .map(([key, s]) => row([[code(key)], [text(required.has(key) ? 'required' : 'optional')], described(s.description ?? '')]));
  return [{ type: 'table', align: [null, null, null], children: [row([[text('Key')], [text('Needed')], [text('What it holds')]]), ...rows] }, ...(after?.() ?? [])];
}

/** Replaces every `::options{of="…"}` of the tree with its table, in place; an unknown `of` is an error at its line. */
export function expandOptionTables(tree: Root, file: string): void {
  visit(tree, 'leafDirective', (node: LeafDirective, index, parent) => {
    if (node.name !== 'options' || !parent || index === undefined) return;
    const of = node.attributes?.of ?? '';
    if (!Object.hasOwn(TABLES, of)) {
      throw new BuildError(`unknown option table "${of}"`, {
        place: { file, line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 },
        hint: `write ::options{of="…"} with one of: ${OPTION_TABLES.join(', ')}`,
      });
    }
    parent.children.splice(index, 1, ...(optionTable(of) as typeof parent.children));
    return index + 1;
  });
}
