/**
 * Live examples, for pages that document the toolkit (the guide): a fence of four backticks, ````example, holds
 * Markdown an author would write, blocks and all. The page shows that source as a listing and, beside it, what it
 * renders to, made by the same pipeline as every article (its queries run, its charts drawn, its claims checked): a
 * documented option that stops working stops the build. ````example-error expect="…" holds an article that must fail
 * with that error: the page shows the error the build gives for it, made by building it alone; an example that
 * builds, or fails with another error, stops the build.
 *
 * This is a tree transform before the article's plugins run: an example's blocks are parsed in place, with positions
 * in the page's own file, so an error in one points at the guide's line as an article's error points at its own.
 */
import type { Code, Parent, Root, RootContent } from 'mdast';
import { BuildError } from '../errors.ts';
import { markdownParser } from '../article/parse-article.ts';
import { excerptBeside } from '../source-excerpt.ts';

/** What an ````example-error builds to: the error it gave (the build's words), or nothing when it built. */
export type RenderAlone = (source: string) => Promise<BuildError | undefined>;

export interface LiveExampleOptions {
  /** The page's path as messages show it. */
  file: string;
  /** The page's Markdown body (positions in it are positions in the file). */
  body: string;
  /** Builds one failing example on its own, as a file named `example.md`. */
  renderAlone: RenderAlone;
}

export const EXAMPLE_FILE = 'example.md';

/** A container that becomes a <div> with Benchwright's classes (remark-rehype makes unknown nodes with children divs). */
function box(className: string, children: RootContent[], properties: Record<string, string | number> = {}): RootContent {
  return { type: 'bwBox', data: { hName: 'div', hProperties: { className: [className], ...properties } }, children } as unknown as RootContent;
}

function label(text: string): RootContent {
  return { type: 'paragraph', data: { hProperties: { className: ['bw-example-label'] } }, children: [{ type: 'text', value: text }] };
}

function listing(value: string, lang: string): Code {
  return { type: 'code', lang, value };
}

/** Moves the positions of a tree parsed from an example's text to where that text is in the page. */
function shiftPositions(node: RootContent | Root, lineOffset: number, columnOffset: number, lineStarts: number[]): void {
  const move = (point: { line: number; column: number; offset?: number } | undefined) => {
    if (!point) return;
    point.line += lineOffset;
    point.column += columnOffset;
    point.offset = (lineStarts[point.line - 1] ?? 0) + point.column - 1;
  };
  if (node.position) {
    move(node.position.start);
    move(node.position.end);
  }
  if ('children' in node) for (const child of (node as Parent).children) shiftPositions(child as RootContent, lineOffset, columnOffset, lineStarts);
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

/** The excerpt's box scrolls sideways (its lines are not wrapped, so the caret stays in place): a named region and a Tab stop. */
const SCROLLS = { role: 'region', tabIndex: 0, ariaLabel: 'The source lines the error points at' };

/** A line of source under an error ("> 12 | text", "   | ^"): kept whole, so the caret stays under its column. */
const EXCERPT_LINE = /^[ >] *\d* \| /;

/**
 * The error as the build prints it, in runs of lines: the words wrap, so a phone reads them whole; the source lines
 * with their caret do not wrap, and scroll sideways in their own box instead.
 */
function sayings(text: string): RootContent[] {
  const runs: { excerpt: boolean; lines: string[] }[] = [];
  for (const line of text.split('\n')) {
    const excerpt = EXCERPT_LINE.test(line);
    if (runs.at(-1)?.excerpt === excerpt) runs.at(-1)!.lines.push(line);
    else runs.push({ excerpt, lines: [line] });
  }
  return runs.map((run) => (run.excerpt ? box('bw-example-excerpt', [listing(run.lines.join('\n'), 'text')], SCROLLS) : listing(run.lines.join('\n'), 'text')));
}

/** Replaces every ````example and ````example-error fence of the tree with its listing and its result, in place. */
export async function expandLiveExamples(tree: Root, { file, body, renderAlone }: LiveExampleOptions): Promise<void> {
  const lineStarts = lineStartsOf(body);
  const expand = async (parent: Parent): Promise<void> => {
    for (let i = 0; i < parent.children.length; i++) {
      const node = parent.children[i] as RootContent;
      if (node.type !== 'code' || (node.lang !== 'example' && node.lang !== 'example-error')) {
        if ('children' in node) await expand(node as Parent);
        continue;
      }
      const line = node.position?.start.line ?? 1;
      const column = node.position?.start.column ?? 1;
      const place = { file, line, column };
      if (node.value.trim() === '') throw new BuildError(`an empty ${node.lang} block`, { place, hint: 'write the Markdown the example shows between its fences' });
      const source = listing(node.value, 'md');
      if (node.lang === 'example') {
        const inner = markdownParser().parse(node.value);
        shiftPositions(inner, line, column - 1, lineStarts);
        parent.children.splice(i, 1, box('bw-example', [label('What you write'), source, label('What the page shows'), box('bw-example-result', inner.children)]));
      } else {
        // The error it is there to show, said in its fence: one that fails for another reason (a typo before the
        // mistake, a query that ran out of time on a slow machine) is not what the page explains.
        const quoted = /(?:^|\s)expect=(?:"([^"]+)"|'([^']+)')/.exec(node.meta ?? '');
        const expected = quoted?.[1] ?? quoted?.[2];
        if (!expected) throw new BuildError('an example-error block does not say which error it shows', { place, hint: 'write ````example-error expect="…" (or expect=\'…\' when the words hold a double quote), with words the error message must contain' });
        const error = await renderAlone(node.value);
        if (!error) {
          throw new BuildError('this example-error block built without an error', {
            place,
            hint: 'an example-error shows the error its article gives: make it fail as the text says, or make it an ````example',
          });
        }
        if (!error.message.includes(expected)) {
          throw new BuildError(`this example-error block failed with another error than it expects ("${expected}"): ${error.message.split('\n')[0]}`, {
            place,
            hint: 'make the example fail for the reason its text explains, or change expect="…" to words of the error it shows',
          });
        }
        const excerpt = error.place.file === EXAMPLE_FILE ? excerptBeside(error.message, node.value.split('\n'), error.place.line, error.place.column) : '';
        const said = box('bw-example-error', sayings(excerpt ? `${error.message}\n${excerpt}` : error.message));
        parent.children.splice(i, 1, box('bw-example', [label(`What you write (${EXAMPLE_FILE})`), source, label('What the build says'), said]));
      }
    }
  };
  await expand(tree);
}
