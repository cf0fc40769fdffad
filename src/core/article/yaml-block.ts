/**
 * YAML inside a fenced block, with errors placed on the article's own lines: the parser's line within
 * the block plus the block's first line, so `file:line:column` points at the offending key.
 */
import YAML, { LineCounter, isMap, isSeq, isNode, visit, type Node as YamlNode } from 'yaml';

export interface YamlPlace {
  /** 1-based line within the block body. */
  line: number;
  /** 1-based column within the line. */
  column: number;
}

export class YamlBlockError extends Error {
  readonly place: YamlPlace;
  /** What to do, for the common mistakes (yamlHint). */
  readonly hint?: string;
  constructor(message: string, place: YamlPlace, hint?: string) {
    super(message);
    this.place = place;
    this.name = 'YamlBlockError';
    if (hint) this.hint = hint;
  }
}

/**
 * What to do about the YAML mistakes authors make most, by the parser's error code: a value with ": " in it (a
 * caption, a title) read as a nested mapping, and indentation.
 */
export function yamlHint(code: string, line: string): string | undefined {
  const colonInValue = /:\s.*:\s/.test(`${line} `);
  switch (code) {
    case 'BLOCK_AS_IMPLICIT_KEY':
      return colonInValue
        ? 'a value with ": " in it needs quotes, e.g. caption: "Note: closed division only"'
        : 'a key indented under a value: keys of one mapping start at the same column (or quote a value that contains ": ")';
    case 'BLOCK_IN_FLOW':
      return 'inside { … } or [ … ], a value with ": " in it needs quotes, e.g. x: { label: "Throughput: tokens/s" }';
    case 'BAD_INDENT':
    case 'MULTILINE_IMPLICIT_KEY':
      return 'items of one list, and keys of one mapping, start at the same column; indent with spaces';
    case 'TAB_AS_INDENT':
      return 'indent with spaces: YAML does not allow tabs for indentation';
    default:
      return undefined;
  }
}

export function parseYamlBlock(source: string): unknown {
  const lineCounter = new LineCounter();
  const doc = YAML.parseDocument(source, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const error = doc.errors[0];
  if (error) {
    const pos = lineCounter.linePos(error.pos[0]);
    // An unclosed bracket is reported where the block ends; point at the last line with text instead.
    const lastLine = source.trimEnd().split('\n').length;
    const place = pos.line > lastLine ? { line: lastLine, column: 1 } : { line: pos.line, column: pos.col };
    const line = source.split('\n')[pos.line - 1] ?? '';
    const parser = error.message.split('\n')[0];
    // The parser's words for a value with ": " in it say nothing an author knows: say what it saw, and keep its words after.
    const plain = error.code === 'BLOCK_AS_IMPLICIT_KEY' && /:\s.*:\s/.test(`${line} `) ? `a value with ": " in it, unquoted, reads as another key (${parser})` : parser;
    throw new YamlBlockError(`invalid YAML: ${plain}`, place, yamlHint(error.code, line));
  }
  try {
    return doc.toJS();
  } catch (error) {
    // Aliases are resolved only here: `*a` with no `&a` before it, or so many aliases that the value would
    // explode in size, is a ReferenceError from yaml. Point at the unresolved alias (else the first one).
    let offset: number | undefined;
    visit(doc, {
      Alias(_, node) {
        if (offset === undefined) offset = node.range?.[0];
        if (!node.resolve(doc)) {
          offset = node.range?.[0];
          return visit.BREAK;
        }
        return undefined;
      },
    });
    const pos = offset === undefined ? { line: 1, col: 1 } : lineCounter.linePos(offset);
    throw new YamlBlockError(`invalid YAML: ${(error as Error).message.split('\n')[0]}`, { line: Math.max(1, pos.line), column: Math.max(1, pos.col) });
  }
}

/** Where a path such as "marks[0].barY.y" sits in the block, or undefined when it is not there. */
export function locateYamlPath(source: string, path: string): YamlPlace | undefined {
  if (!path) return undefined;
  const lineCounter = new LineCounter();
  const doc = YAML.parseDocument(source, { lineCounter });
  const keys = path.split(/\.|\[(\d+)\]/).filter((k) => k !== undefined && k !== '').map((k) => (/^\d+$/.test(k) ? Number(k) : k));
  let node: unknown = doc.contents;
  let offset: number | undefined;
  for (const key of keys) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isNode(p.key) && (p.key as YamlNode & { value?: unknown }).value === key);
      if (!pair) break;
      offset = (pair.key as YamlNode).range?.[0];
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key];
      if (!isNode(item)) break;
      offset = item.range?.[0];
      node = item;
    } else break;
  }
  if (offset === undefined) return undefined;
  const pos = lineCounter.linePos(offset);
  return { line: pos.line, column: pos.col };
}
