/** The Markdown of a generated page: fenced blocks, block specs as YAML, and text from the data made inert. */

export function fence(info: string, body: string): string {
  return '```' + info + '\n' + body.trim() + '\n```';
}

/** YAML for a block body (JSON is YAML; one key a line reads better in messages). */
export function yaml(spec: Record<string, unknown>): string {
  return Object.entries(spec)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => (k === 'marks' ? `marks:\n${(v as unknown[]).map((m) => `  - ${JSON.stringify(m)}`).join('\n')}` : `${k}: ${JSON.stringify(v)}`))
    .join('\n');
}

/** A query and the chart or table drawn from it: the two fenced blocks of a generated article. */
export function figureBlocks(name: string, sql: string, kind: 'plot' | 'table', spec: Record<string, unknown>): string[] {
  return [fence(`sql ${name}`, sql), fence(`${kind} ${name}`, yaml(spec))];
}

/** Text from the data in Markdown prose: one line (a line break could start a block), escaping what Markdown or directives would read. */
export function md(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/[\\`*_[\]{}<>#|:!~&]/g, (c) => `\\${c}`);
}

/** Text from the data as a code span (no escapes apply inside one). */
export function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${fence.length > 1 ? ' ' : ''}${text}${fence.length > 1 ? ' ' : ''}${fence}`;
}

/** A raw HTML block of the page's Markdown: one line, so no blank line ends it early. */
export function htmlBlock(markup: { toString(): string }): string {
  return String(markup).replace(/\n\s*\n/g, '\n');
}
