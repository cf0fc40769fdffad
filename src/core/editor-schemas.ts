/**
 * JSON Schemas for editors, generated from the code's own checks so they cannot drift from them: a report's front
 * matter and the publication (their zod schemas), data/catalog.yaml (its zod schema with the citation formatters the
 * project is opened with), and the YAML of ```plot and ```table blocks (the option names the chart and table checks
 * accept; a mark's options are those Plot's type declarations give it, plot-mark-options.ts). `npm run schemas`
 * writes them to public/schemas/; .vscode/settings.json points the YAML extension at them.
 */
import { z } from 'zod';
import { reportFrontMatterSchema } from './article/front-matter.ts';
import { MARK_OPTIONS } from './charts/plot-mark-options.ts';
import { MARKS, OWN_OPTIONS, PLOT_OPTIONS } from './charts/chart-spec.ts';
import { catalogSchema, type CatalogCitation } from './data/catalog.ts';
import { TABLE_COLUMN_KEYS, TABLE_KEYS } from './render/table.ts';
import { publicationSchema } from './versions/publication.ts';

type JsonSchema = Record<string, unknown>;

const DRAFT = 'https://json-schema.org/draft/2020-12/schema';

function fromZod(schema: z.ZodType, title: string): JsonSchema {
  // Input types: what an author writes (defaults not yet applied); dates as YAML gives them are strings.
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return { ...json, title };
}

/** What Benchwright's own keys of a chart block mean (the rest are Plot.plot options and marks). */
const OWN_DESCRIPTIONS: Record<string, string> = {
  title: 'The figure title, shown above the chart in the page (not inside the SVG).',
  subtitle: 'A line under the title.',
  caption: 'A note under the chart: scope, source, caveats.',
  description: 'The chart described for screen readers (generated when absent).',
  allowEmpty: 'Draw the chart even when its query returns no rows (otherwise an error).',
  compare: 'Why the chart may compare results of different divisions, categories or rounds (printed in its footnote).',
  label: 'A label such as `fig-llama`, for `@fig-llama` cross-references in the prose.',
  marks: 'The marks, each `- markName: { options }` (Plot.markName(rows, options)); a list instead of options is literal data, e.g. `- ruleY: [0]`.',
};

export function plotBlockSchema(): JsonSchema {
  const mark = (name: string): JsonSchema => ({
    type: 'object',
    properties: {
      [name]: {
        anyOf: [
          { type: 'object', properties: Object.fromEntries([...(MARK_OPTIONS[name] ?? []), 'data'].map((o) => [o, o === 'data' ? { type: 'array', description: 'Literal data instead of the query\'s rows.' } : {}])), additionalProperties: false, description: `Options of Plot.${name}: a string in a channel names a column of the query.` },
          { type: 'array', description: 'Literal data, e.g. [0] for a rule at zero.' },
          { type: 'null' },
        ],
      },
    },
    required: [name],
    additionalProperties: false,
  });
  // Text as YAML reads it: `title: 2025` is a number, and the block takes it as text.
  const own = Object.fromEntries([...OWN_OPTIONS].filter((k) => k !== 'marks').map((k) => [k, { description: OWN_DESCRIPTIONS[k] ?? '', ...(k === 'allowEmpty' ? { type: 'boolean' } : { type: ['string', 'number'] }) }]));
  const plot = Object.fromEntries([...PLOT_OPTIONS].map((k) => [k, { description: `Plot.plot option ${k} (https://observablehq.com/plot/features/plots)` }]));
  return {
    $schema: DRAFT,
    title: 'Benchwright ```plot block',
    description: "Observable Plot's options object as YAML, plus Benchwright's own keys. Plot's transforms (groupY, binX, …) are not available: aggregate in SQL.",
    type: 'object',
    properties: {
      ...plot,
      ...own,
      marks: { description: OWN_DESCRIPTIONS.marks, type: 'array', minItems: 1, items: { oneOf: [{ type: 'string', enum: [...MARKS].sort(), description: 'A mark with no options, e.g. - frame' }, ...[...MARKS].sort().map(mark)] } },
    },
    required: ['marks'],
    additionalProperties: false,
  };
}

export function tableBlockSchema(): JsonSchema {
  const column = {
    anyOf: [
      { type: ['string', 'number'], description: 'The column header.' },
      { type: 'null', description: 'The column, under its own name.' },
      {
        type: 'object',
        properties: {
          label: { type: 'string', description: 'The column header.' },
          unit: { type: 'string', description: 'The unit shown in the header (it must be the data\'s unit).' },
          format: { type: 'string', description: 'A d3-format specifier, e.g. ",.0f", ".1%" or ".3~s".' },
        },
        additionalProperties: false,
      },
    ],
  };
  const described: Record<string, JsonSchema> = {
    title: { type: ['string', 'number'], description: 'The table title.' },
    caption: { type: ['string', 'number'], description: 'A note under the table.' },
    allowEmpty: { type: 'boolean', description: 'Show the table even when its query returns no rows.' },
    compare: { type: 'string', description: 'Why the table may compare results of different divisions, categories or rounds.' },
    label: { type: 'string', description: 'A label such as `tbl-best`, for `@tbl-best` cross-references in the prose.' },
    columns: { type: 'object', description: 'The columns to show, in order: each a header, or { label, unit, format }.', additionalProperties: column },
  };
  // The same keys the table check accepts, each described.
  for (const key of TABLE_KEYS) if (!described[key]) throw new Error(`tableBlockSchema: describe the table key "${key}"`);
  for (const key of TABLE_COLUMN_KEYS) if (!(key in (column.anyOf[2] as { properties: object }).properties)) throw new Error(`tableBlockSchema: describe the column key "${key}"`);
  return { $schema: DRAFT, title: 'Benchwright ```table block', type: ['object', 'null'], properties: described, additionalProperties: false };
}

/** A report version's front matter, with each field's description. */
export function frontMatterEditorSchema(): JsonSchema {
  return fromZod(reportFrontMatterSchema, "Benchwright report version's front matter");
}

/** Every schema, by file name under public/schemas/. */
export function editorSchemas(formatters: readonly CatalogCitation[]): Record<string, JsonSchema> {
  return {
    'front-matter.schema.json': frontMatterEditorSchema(),
    'plot-block.schema.json': plotBlockSchema(),
    'table-block.schema.json': tableBlockSchema(),
    'catalog.schema.json': fromZod(catalogSchema(formatters), 'Benchwright data catalog (data/catalog.yaml)'),
    'publication.schema.json': fromZod(publicationSchema, 'Benchwright publication (content/publication.yaml)'),
  };
}
