/**
 * Nothing from data or prose becomes live markup. Two plugins of the article pipeline (article.ts):
 *
 * - `remarkSafeProse`, before the blocks are rendered, checks what the author wrote: raw HTML in the prose may use
 *   only a few harmless formatting elements (PROSE_ELEMENTS) with `title`, `lang` and `dir`; any other element or
 *   attribute (`<script>`, `<iframe>`, `<img onerror>`, `style`, `class`…) is an error naming the file, line and
 *   column. HTML comments are authors' notes and are not published. Every Markdown link, image and link
 *   definition must pass the URL policy (url-policy.ts), or the build stops at its line.
 * - `rehypeSafeHtml`, on the finished article, is the allow-list sanitizer: the article's HTML is parsed as the
 *   browser will parse it inside its page, and cleaned with rehype-sanitize under ARTICLE_SCHEMA (exactly the
 *   elements, attributes and classes Benchwright itself writes: figures, Plot's inline SVG, tables, the data part,
 *   claim marks, the Markdown elements) and the URL policy for every URL attribute and every CSS `url()`. When
 *   cleaning changes nothing, the article is published byte for byte as rendered; otherwise the cleaned tree is
 *   published (and must itself come back unchanged when parsed and cleaned again). This is the second line: what
 *   the first line refuses never reaches it, and it also neutralises markup that is only dangerous once the pieces
 *   of an article are joined (a tag left open in one Markdown block swallowing the next block as attributes).
 */
import type { Element, ElementContent, Nodes as HastNodes, Properties, Root as HastRoot, RootContent } from 'hast';
import { fromParse5 } from 'hast-util-from-parse5';
import { toHtml } from 'hast-util-to-html';
import type { Definition, Html as RawHtml, Image, Link, Nodes as MdastNodes, Root as MdastRoot } from 'mdast';
import { relative } from 'node:path';
import { parse, parseFragment, type DefaultTreeAdapterMap } from 'parse5';
import rehypeSanitize, { type Options as Schema } from 'rehype-sanitize';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import type { BuildCache } from '../build-cache.ts';
import { BuildError } from '../errors.ts';
import { hashParts } from '../hash.ts';
import { html, trusted } from './html.ts';
import { cssProblem, looksLikeCss, URL_HINT, urlProblem } from './url-policy.ts';

// ---------------------------------------------------------------------------------------------------
// The policy for authors' raw HTML

/** Raw HTML elements an article's prose may use, each with the attributes it may carry (besides title, lang, dir). */
export const PROSE_ELEMENTS: Readonly<Record<string, readonly string[]>> = {
  abbr: [], b: [], bdi: [], bdo: [], br: [], cite: [], code: [], del: [], details: ['open'], dfn: [], em: [], i: [],
  ins: [], kbd: [], mark: [], q: [], s: [], samp: [], small: [], span: [], strong: [], sub: [], summary: [], sup: [],
  u: [], var: [], wbr: [],
};
const PROSE_ATTRIBUTES = ['title', 'lang', 'dir'];

const ACTIVE = new Set(['script', 'noscript', 'template', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'portal', 'fencedframe', 'base', 'link', 'meta']);
const MEDIA = new Set(['video', 'audio', 'source', 'track', 'picture', 'canvas', 'svg', 'math']);
const FORMS = new Set(['form', 'input', 'button', 'select', 'option', 'textarea', 'label', 'fieldset', 'output', 'dialog']);

function elementHint(tag: string): string {
  if (tag === 'script' || tag === 'noscript') return 'a report runs no script of its own: charts are drawn at build time from ```plot blocks, and every page reads fully without JavaScript';
  if (tag === 'style') return "the site's style sheet styles every page: write no CSS in an article";
  if (tag === 'img' || tag === 'picture' || tag === 'image') return 'write an image in Markdown: ![what it shows](path/or/https-address.png)';
  if (tag === 'a') return 'write a link in Markdown: [text](https://address)';
  if (ACTIVE.has(tag) || MEDIA.has(tag)) return 'a report embeds no other page, media or drawing: link to it in Markdown, [text](https://address), or draw a chart with a ```plot block';
  if (FORMS.has(tag)) return 'a report page has no forms';
  return `raw HTML in an article may use only ${Object.keys(PROSE_ELEMENTS).map((t) => `<${t}>`).join(', ')}; write the rest in Markdown`;
}

/** `onError` → `onerror`, `className` → `class`, `ariaLabel` → `aria-label`: the attribute as it was written. */
function attributeName(property: string): string {
  if (property === 'className') return 'class';
  if (property === 'htmlFor') return 'for';
  if (/^(aria|data)[A-Z]/.test(property)) return property.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return property.toLowerCase();
}

function attributeHint(name: string): string {
  if (name.startsWith('on')) return 'event handlers run script and are never published: remove the attribute';
  if (name === 'style') return "the site's style sheet styles every page: remove the style attribute";
  return `raw HTML in an article may carry only ${PROSE_ATTRIBUTES.join(', ')} (and open on <details>): remove the attribute`;
}

export interface SafeProseOptions {
  /** Paths in messages are relative to this folder (default: the working directory). */
  root?: string;
  /**
   * The body's raw HTML is Benchwright's own (the data pages write lists and tables from query results, escaped):
   * it is not held to the prose allow-list. The sanitizer still checks the finished HTML, as for every article.
   */
  generatedHtml?: boolean;
}

/**
 * Checks what the author wrote, before the blocks are rendered: raw HTML against PROSE_ELEMENTS, and every link,
 * image and link definition against the URL policy. Removes HTML comments (notes are not published).
 */
export function remarkSafeProse(options: SafeProseOptions = {}) {
  return (tree: MdastRoot, file: VFile): void => {
    const path = file.path ? relative(options.root ?? process.cwd(), file.path) : '<article>';
    visit(tree, (node: MdastNodes, index, parent) => {
      if (node.type === 'html') {
        if (options.generatedHtml) return undefined;
        if (checkRawHtml(node, path) === 'comment' && parent && index !== undefined) {
          parent.children.splice(index, 1);
          return [SKIP, index];
        }
        return undefined;
      }
      if (node.type === 'link' || node.type === 'image' || node.type === 'definition') checkMarkdownUrl(node, path);
      return undefined;
    });
  };
}

function checkMarkdownUrl(node: Link | Image | Definition, path: string): void {
  const problem = urlProblem(node.url);
  if (!problem) return;
  const what = node.type === 'image' ? 'image' : node.type === 'definition' ? `link definition [${node.label ?? node.identifier}]` : 'link';
  throw new BuildError(`the ${what} ${JSON.stringify(node.url.slice(0, 100))} ${problem}`, {
    place: { file: path, line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 },
    hint: URL_HINT,
  });
}

type Parse5Node = DefaultTreeAdapterMap['childNode'] | DefaultTreeAdapterMap['documentFragment'];

/** Checks one piece of raw HTML; says whether it is nothing but comments (and whitespace). */
function checkRawHtml(node: RawHtml, path: string): 'comment' | 'markup' {
  // Parsed as the browser parses it, attributes as written.
  const fragment = parseFragment(node.value, { sourceCodeLocationInfo: true });
  const start = node.position?.start ?? { line: 1, column: 1 };
  const check = (n: Parse5Node): void => {
    if ('tagName' in n) {
      const at = n.sourceCodeLocation ?? { startLine: 1, startCol: 1 };
      const place = { file: path, line: start.line + at.startLine - 1, column: at.startLine === 1 ? start.column + at.startCol - 1 : at.startCol };
      const allowed = Object.hasOwn(PROSE_ELEMENTS, n.tagName) ? PROSE_ELEMENTS[n.tagName]! : undefined;
      if (!allowed) throw new BuildError(`raw HTML <${n.tagName}> is not allowed in an article`, { place, hint: elementHint(n.tagName) });
      for (const { name } of n.attrs) {
        if (PROSE_ATTRIBUTES.includes(name) || allowed.includes(name)) continue;
        throw new BuildError(`the attribute ${name} of raw HTML <${n.tagName}> is not allowed in an article`, { place, hint: attributeHint(name) });
      }
    }
    if ('childNodes' in n) for (const child of n.childNodes) check(child);
    if ('content' in n) check(n.content);
  };
  check(fragment);
  const nodes = fragment.childNodes;
  return nodes.some((c) => c.nodeName === '#comment') && nodes.every((c) => c.nodeName === '#comment' || (c.nodeName === '#text' && 'value' in c && c.value.trim() === '')) ? 'comment' : 'markup';
}

// ---------------------------------------------------------------------------------------------------
// The sanitizer's schema: what Benchwright writes, and the prose elements above

/** Classes Benchwright and Markdown write on HTML elements (Plot's own end in a hash). */
const CLASSES: (string | RegExp)[] = [
  /^bw-[a-z0-9]+(?:-[a-z0-9]+)*$/, // Benchwright's figures, tables, data parts, notes, claims, values
  /^dp-[a-z0-9]+(?:-[a-z0-9]+)*$/, // the data pages' lists and matrix
  /^plot-[0-9a-f]+(?:-(?:figure|swatches|swatches-wrap|swatch|ramp))?$/, // Plot's figure and legend
  /^language-[\w+#.-]+$/, // fenced code
  'contains-task-list', 'task-list-item', 'footnotes', 'sr-only', 'data-footnote-backref', // remark-gfm
];
/** Any class on Plot's SVG elements (a mark's `className` option). */
const SVG_CLASS: [string, RegExp] = ['className', /^[A-Za-z_][\w-]*$/];

/** Elements Plot draws inside an <svg>; they may appear nowhere else. */
const SVG_ELEMENTS = ['g', 'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text', 'tspan', 'defs', 'clipPath', 'marker', 'pattern', 'image'];

/** Attributes Plot writes on its SVG elements (hast property names). */
const SVG_ATTRIBUTES = [
  'aria-description', 'ariaHidden', 'ariaLabel', 'clipPath', 'clipPathUnits', 'crossOrigin', 'cx', 'cy', 'd', 'dx', 'dy', 'fill',
  'fillOpacity', 'filter', 'fontFamily', 'fontSize', 'fontStyle', 'fontVariant', 'fontWeight', 'height', 'href', 'id', 'imageRendering',
  'markerEnd', 'markerHeight', 'markerMid', 'markerStart', 'markerUnits', 'markerWidth', 'mix-blend-mode', 'opacity', 'orient', 'paintOrder',
  'patternUnits', 'pointerEvents', 'preserveAspectRatio', 'r', 'refX', 'refY', 'rx', 'ry', 'shapeRendering', 'stroke', 'strokeDashArray',
  'strokeDashOffset', 'strokeLineCap', 'strokeLineJoin', 'strokeMiterLimit', 'strokeOpacity', 'strokeWidth', 'style', 'textAnchor',
  'transform', 'transformOrigin', 'viewBox', 'visibility', 'width', 'x', 'x1', 'x2', 'y', 'y1', 'y2',
];

const CLASS = ['className', ...CLASSES] as [string, ...(string | RegExp)[]];

/**
 * Everything an article may hold once rendered. Ids are kept as written (no `user-content-` prefix): Benchwright
 * names its figures, tables, claims and headings, and links to them.
 */
export const ARTICLE_SCHEMA: Schema = {
  allowComments: false,
  allowDoctypes: false,
  clobber: [],
  clobberPrefix: '',
  tagNames: [
    // Markdown and the prose elements
    'a', 'abbr', 'b', 'bdi', 'bdo', 'blockquote', 'br', 'cite', 'code', 'del', 'details', 'dfn', 'em', 'h1', 'h2', 'h3', 'h4', 'h5',
    'h6', 'hr', 'i', 'img', 'input', 'ins', 'kbd', 'li', 'mark', 'ol', 'p', 'pre', 'q', 's', 'samp', 'section', 'small', 'span',
    'strong', 'sub', 'summary', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'u', 'ul', 'var', 'wbr',
    // Benchwright's figures, data parts, notes and claims, and Plot's legends
    'aside', 'caption', 'div', 'figcaption', 'figure', 'style',
    // Plot's charts
    'svg', 'title', ...SVG_ELEMENTS,
  ],
  ancestors: {
    ...Object.fromEntries(SVG_ELEMENTS.map((tag) => [tag, ['svg']])),
    // An HTML <title> would be the page's; Plot's is a tooltip inside its SVG.
    title: ['svg'],
    tbody: ['table'], td: ['table'], th: ['table'], thead: ['table'], tfoot: ['table'], tr: ['table'], caption: ['table'],
    summary: ['details'],
  },
  attributes: {
    '*': ['id', 'title', 'lang', 'dir', 'ariaHidden', 'ariaLabel', 'ariaDescribedBy', 'ariaLabelledBy', 'dataPagefindIgnore', CLASS],
    a: ['href', 'download', ['target', '_blank', '_self', '_parent', '_top'], ['fill', 'inherit'], 'dataFootnoteRef', 'dataFootnoteBackref'],
    code: [['className', ...CLASSES]],
    details: ['open'],
    figure: ['dataQuery', 'style'],
    img: ['src', 'alt', 'width', 'height'],
    // GFM task lists: a disabled checkbox.
    input: [['type', 'checkbox'], 'disabled', 'checked'],
    ol: ['start'],
    section: ['dataFootnotes'],
    span: ['dataQuery', 'dataColumn', 'dataUnit', 'style'],
    // A box that scrolls on its own (scroll-box.ts) is a named region and a Tab stop, so a keyboard can scroll it.
    div: ['style', ['role', 'region'], ['tabIndex', 0]],
    pre: [['role', 'region'], ['tabIndex', 0]],
    td: ['align', 'colSpan', 'rowSpan', 'dataModel', 'dataAccelerator', 'dataValue'],
    th: ['align', 'colSpan', 'rowSpan', 'scope'],
    svg: [...SVG_ATTRIBUTES, SVG_CLASS],
    ...Object.fromEntries(SVG_ELEMENTS.map((tag) => [tag, [...SVG_ATTRIBUTES, SVG_CLASS]])),
    // A chart's mark group that holds links (chart-a11y.ts).
    g: [...SVG_ATTRIBUTES, SVG_CLASS, ['role', 'group']],
  },
  required: {},
  // Elements removed with what they hold (the others outside tagNames are replaced by their content).
  strip: ['script', 'noscript', 'template', 'iframe', 'frame', 'object', 'embed', 'applet', 'textarea', 'xmp', 'noembed', 'noframes', 'plaintext', 'select', 'math', 'style', 'title'],
  // A first, coarse check of schemes; the URL policy (below) then checks every address fully.
  protocols: { href: ['http', 'https', 'mailto', 'data'], src: ['http', 'https'], xLinkHref: ['http', 'https', 'mailto'], cite: ['http', 'https'] },
};

/** URL-bearing attributes (hast property names); the schema allows only some, all are checked. */
const URL_PROPERTIES = new Set(['href', 'src', 'xLinkHref', 'srcSet', 'poster', 'action', 'formAction', 'cite', 'background', 'longDesc', 'ping', 'data', 'codeBase', 'manifest', 'itemId', 'profile', 'lowsrc', 'dynsrc']);
/** Attributes whose value is CSS, which may load an address with url(). */
const CSS_PROPERTIES = new Set(['style', 'fill', 'stroke', 'filter', 'clipPath', 'mask', 'markerStart', 'markerMid', 'markerEnd', 'cursor', 'mix-blend-mode']);
/** The CSV downloads of a figure rendered without a download folder (tests, `npm run check`) are data: URLs. */
const CSV_DOWNLOAD = /^data:text\/csv;charset=utf-8,[A-Za-z0-9%._~!*'()-]*$/;

const sanitize = rehypeSanitize(ARTICLE_SCHEMA);

/** Applies the URL policy to a sanitised tree in place; says what it removed. */
function applyUrlPolicy(tree: HastRoot): string[] {
  const removed: string[] = [];
  const walk = (parent: HastRoot | Element): void => {
    const children = parent.children;
    for (let i = 0; i < children.length; i++) {
      const el = children[i]!;
      if (el.type !== 'element') continue;
      if (el.tagName === 'style') {
        const css = el.children.map((c) => (c.type === 'text' ? c.value : '')).join('');
        const problem = cssProblem(css) ?? (plotStyleSheet(css) ? undefined : 'styles more than a chart (only Plot\'s own :where(.plot-…) rules are kept)');
        if (problem) {
          removed.push(`a <style> element that ${problem}`);
          children.splice(i--, 1);
          continue;
        }
      }
      for (const property of Object.keys(el.properties)) {
        const value = el.properties[property];
        let problem: string | undefined;
        if (URL_PROPERTIES.has(property) && value !== null && value !== undefined) {
          const values = property === 'srcSet' ? String(value).split(',').map((c) => c.trim().split(/\s+/)[0] ?? '') : Array.isArray(value) ? value : [value];
          const isDownload = property === 'href' && el.tagName === 'a' && el.properties.download !== undefined && typeof value === 'string' && CSV_DOWNLOAD.test(value);
          problem = isDownload ? undefined : values.map((v) => urlProblem(v)).find(Boolean);
        } else if (CSS_PROPERTIES.has(property) && typeof value === 'string' && looksLikeCss(value)) {
          problem = cssProblem(value);
        }
        if (problem) {
          removed.push(`${attributeName(property)} of <${el.tagName}>, which ${problem}`);
          delete el.properties[property];
        }
      }
      walk(el);
    }
  };
  walk(tree);
  return removed;
}

/** Whether every rule of a style sheet selects only inside a Plot chart (`:where(.plot-d6a7b5 text)`), as Plot's own do. */
function plotStyleSheet(css: string): boolean {
  const parts = css.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\{[^{}]*\}/g, '\u0000').split('\u0000');
  // Rules only (nothing after the last one), no nested blocks or at-rules, every selector inside a chart.
  const selectors = parts.slice(0, -1);
  return parts.at(-1)!.trim() === '' && !parts.some((p) => /[{}@]/.test(p)) && selectors.every((list) => list.split(',').every((s) => /^:where\(\.plot-[0-9a-f]+(?:-[a-z-]+)?(?:[ >][^{}(),]*)?\)$/.test(s.trim())));
}

// ---------------------------------------------------------------------------------------------------
// The gate: parse as the page will, clean, compare

/** The article is parsed where its page puts it: in the body, inside an element (`<div class="prose">`). */
const PAGE_START = '<!doctype html><html><head></head><body><div>';
/** Found as the wrapper's last element only when the HTML ended outside any tag, comment or raw text, and closed what it opened. */
const END_MARK = 'bw-end-of-article';

/** The article's HTML where its page puts it, then the end mark: the parser's input, the article's markup as it is. */
function articleInPage(articleHtml: string): string {
  return String(html`${trusted(PAGE_START)}${trusted(articleHtml)}<${END_MARK}></${END_MARK}>`);
}

export interface HtmlInspection {
  /** Whether the HTML is published as it is: cleaning it changes nothing, and it stays within its place in the page. */
  clean: boolean;
  /** What cleaning removed or changed, for messages and tests. */
  removed: string[];
  /** The cleaned content. */
  safe: HastRoot;
}

/** Parses an article's HTML as its page will, and cleans it with the schema and the URL policy. */
export function inspectHtml(html: string): HtmlInspection {
  // parse5 is the HTML standard's parser, as the browser's is; no positions are needed here.
  const document = fromParse5(parse(articleInPage(html))) as HastRoot;
  const problems: string[] = [];
  const element = (nodes: readonly (RootContent | ElementContent)[], tag: string) => nodes.find((n): n is Element => n.type === 'element' && n.tagName === tag);
  const htmlElement = element(document.children, 'html');
  const head = htmlElement && element(htmlElement.children, 'head');
  const body = htmlElement && element(htmlElement.children, 'body');
  // The <div> the page start opened (an article may close it early: then more follows it in the body).
  const first = body?.children[0];
  const wrapper = first?.type === 'element' && first.tagName === 'div' ? first : undefined;
  const last = wrapper?.children.at(-1);
  const contained =
    htmlElement !== undefined && noProperties(htmlElement) && head !== undefined && noProperties(head) && head.children.length === 0 &&
    body !== undefined && noProperties(body) && body.children.length === 1 && wrapper !== undefined && noProperties(wrapper) &&
    last?.type === 'element' && last.tagName === END_MARK && noProperties(last) && last.children.length === 0;
  let before: HastRoot;
  if (contained) {
    before = { type: 'root', children: wrapper.children.slice(0, -1) };
  } else {
    problems.push('the HTML does not end where it began (a tag, comment or element left open at its end, a closing tag of the page around it, or attributes for the page itself)');
    before = { type: 'root', children: (body?.children ?? []).flatMap((n) => (n === wrapper ? n.children : [n])) };
    // The end mark is not the article's, wherever it ended up.
    visit(before, 'element', (el, index, parent) => {
      if (el.tagName !== END_MARK || !parent || index === undefined) return undefined;
      parent.children.splice(index, 1, ...el.children);
      return [SKIP, index];
    });
  }
  // The sanitizer copies what it keeps, so `before` stays as parsed.
  const safe = sanitize(before);
  const removed = [...problems, ...applyUrlPolicy(safe)];
  if (!sameTree(before, safe)) removed.push(...describeDifference(before, safe));
  return { clean: removed.length === 0, removed, safe };
}

/**
 * The article's HTML as it may be published: unchanged when inspectHtml finds it clean, else the cleaned tree, written
 * out. What is published must itself parse clean (written out and parsed again, markup may nest differently: then
 * it is cleaned again, a few times at most).
 */
export function safeHtml(html: string): { html: string; removed: string[] } {
  const first = inspectHtml(html);
  if (first.clean) return { html, removed: [] };
  let inspection = first;
  for (let round = 0; round < 3; round++) {
    const cleaned = toHtml(inspection.safe);
    inspection = inspectHtml(cleaned);
    if (inspection.clean) return { html: cleaned, removed: first.removed };
  }
  throw new UnsafeHtmlError(`the article's HTML could not be made safe: cleaned three times, it still has ${inspection.removed.join('; ')}`);
}

export class UnsafeHtmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeHtmlError';
  }
}

export interface SafeHtmlOptions {
  /** Where the verdicts are kept between builds, under a hash of the HTML (default: none). */
  cache?: BuildCache;
  /** Paths in messages are relative to this folder (default: the working directory). */
  root?: string;
}

/**
 * The sanitizer as the last step of the article pipeline, before rehype-stringify (which then writes its result).
 * What it removed, if anything, is left on `file.data.sanitized` (empty for everything Benchwright writes itself).
 */
export function rehypeSafeHtml(options: SafeHtmlOptions = {}) {
  return (tree: HastRoot, file: VFile): void => {
    const html = toHtml(tree, { allowDangerousHtml: true });
    const compute = (): { html?: string; removed?: string[] } => {
      const { html: published, removed } = safeHtml(html);
      return published === html ? {} : { html: published, removed };
    };
    // Keyed by the HTML itself: the same article rendered again is not parsed again (the pack's fingerprint covers this code).
    let verdict: { html?: string; removed?: string[] };
    try {
      verdict = options.cache ? options.cache.memo('safe-html', hashParts(html), compute) : compute();
    } catch (error) {
      if (!(error instanceof UnsafeHtmlError)) throw error;
      const path = file.path ? relative(options.root ?? process.cwd(), file.path) : '<article>';
      throw new BuildError(error.message, { place: { file: path, line: 1, column: 1 }, hint: 'remove the raw HTML from the prose, or write it in Markdown' });
    }
    tree.children = [{ type: 'raw', value: verdict.html ?? html } as unknown as RootContent];
    file.data.sanitized = verdict.removed ?? [];
  };
}

// ---------------------------------------------------------------------------------------------------
// Tree helpers

function noProperties(el: Element): boolean {
  return Object.keys(el.properties).length === 0;
}

function sameProperties(a: Properties, b: Properties): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    const x = a[key];
    const y = b[key];
    if (Array.isArray(x) || Array.isArray(y)) {
      if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length || x.some((v, i) => v !== y[i])) return false;
    } else if (x !== y) return false;
  }
  return true;
}

function sameTree(a: HastNodes, b: HastNodes): boolean {
  if (a.type !== b.type) return false;
  if (a.type === 'text' || a.type === 'comment') return a.value === (b as typeof a).value;
  if (a.type === 'element') {
    const e = b as Element;
    if (a.tagName !== e.tagName || !sameProperties(a.properties, e.properties)) return false;
  }
  if (a.type === 'element' || a.type === 'root') {
    const x = a.children;
    const y = (b as typeof a).children;
    return x.length === y.length && x.every((child, i) => sameTree(child, y[i]!));
  }
  return true;
}

/** Elements and attributes that are fewer after cleaning: `<script>`, `onerror on <img>`, `comment`. */
function describeDifference(before: HastRoot, after: HastRoot): string[] {
  const inventory = (tree: HastRoot) => {
    const counts = new Map<string, number>();
    const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
    visit(tree, (node) => {
      if (node.type === 'comment') add('an HTML comment');
      if (node.type !== 'element') return;
      add(`<${node.tagName}>`);
      for (const [property, value] of Object.entries(node.properties)) add(`${attributeName(property)}="${Array.isArray(value) ? value.join(' ') : String(value)}" on <${node.tagName}>`.slice(0, 160));
    });
    return counts;
  };
  const a = inventory(before);
  const b = inventory(after);
  const lost = [...a].filter(([key, n]) => (b.get(key) ?? 0) < n).map(([key]) => key);
  return lost.length > 0 ? lost : ['markup outside the allow-list'];
}
