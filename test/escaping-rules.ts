/**
 * The escaping check of test/escaping.test.ts: every escapeHtml use outside src/core/render/html.ts and every untagged
 * template literal that builds markup with interpolation (and every escapeXml use outside src/core/render/xml.ts), found with the TypeScript parser (comments are no code;
 * SQL or Markdown templates without an element tag are not markup).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** The folders whose .ts files are checked (pages, layouts and components' .astro files are Astro's to escape). */
const FOLDERS = ['src/core', 'src/publish', 'src/mlperf', 'src/astro', 'src/components', 'src/pages'];
/** The one module that may call escapeHtml: the template that escapes. */
export const ESCAPER = 'src/core/render/html.ts';
/** The one module that may call escapeXml: the template for XML (SVG, RSS), which escapes the same way. */
export const XML_ESCAPER = 'src/core/render/xml.ts';
/** The tags that escape every interpolated value: html`…` (html.ts) and xml`…` (xml.ts). */
const ESCAPING_TAGS = new Set(['html', 'xml']);

/** Element names of HTML and SVG: `<name` of one of these is markup; `<id>` in "accelerators/<id>/" is not. */
const ELEMENTS = new Set(
  (
    'a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption cite code col colgroup data ' +
    'datalist dd del details dfn dialog div dl dt em embed fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hr ' +
    'html i iframe img input ins kbd label legend li link main map mark menu meta meter nav noscript object ol optgroup option output ' +
    'p picture pre progress q rp rt ruby s samp script section select slot small source span strong style sub summary sup table tbody ' +
    'td template textarea tfoot th thead time title tr track u ul var video wbr ' +
    'svg g path rect circle ellipse line polyline polygon text tspan defs use symbol clippath lineargradient radialgradient stop ' +
    'pattern mask filter foreignobject image marker'
  ).split(' '),
);

/**
 * Whether a template's literal text writes markup: a closing tag (`</td>`, or `</${tag}>`), an element with
 * attributes (`<td class=`), an element right before a value or another tag (`<li>${x}`, `<tr><td>`) or a tag whose
 * name is a value (`<h${level}`). An element named in prose ("a <style> element", "open on <details>") is not
 * markup; nor is a placeholder such as `accelerators/<id>/`, whose name is no element of HTML or SVG.
 */
function writesMarkup(part: string, beforeSubstitution: boolean): boolean {
  if (beforeSubstitution && /<\/$/.test(part)) return true;
  for (const m of part.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)/g)) {
    const rest = part.slice(m.index + m[0].length);
    if (rest === '') {
      if (beforeSubstitution) return true;
      continue;
    }
    if (!ELEMENTS.has(m[2]!.toLowerCase())) continue;
    if (m[1] === '/' && rest.startsWith('>')) return true;
    if (/^\s+[a-zA-Z-]+(=|\s|>|\/>|$)/.test(rest) && m[1] === '') return true;
    if (/^\/?>(<|$)/.test(rest) && (rest.match(/^\/?>(<|$)/)![1] === '<' || beforeSubstitution)) return true;
  }
  return false;
}

/** Every escapeHtml use and every untagged template literal with markup and interpolation, as "file:line: what". */
export function escapingProblems(root: string): string[] {
  const problems: string[] = [];
  for (const folder of FOLDERS) {
    for (const file of tsFiles(join(root, folder))) {
      const name = relative(root, file).split('\\').join('/');
      const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      const line = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      const visit = (node: ts.Node): void => {
        if (name !== ESCAPER && ts.isIdentifier(node) && node.text === 'escapeHtml' && !isInImport(node)) {
          problems.push(`${name}:${line(node)}: escapeHtml is used outside ${ESCAPER}: build the HTML with html\`…\`, which escapes every value`);
        }
        if (name !== XML_ESCAPER && ts.isIdentifier(node) && node.text === 'escapeXml' && !isInImport(node)) {
          problems.push(`${name}:${line(node)}: escapeXml is used outside ${XML_ESCAPER}: build the XML with xml\`…\`, which escapes every value`);
        }
        if (ts.isTemplateExpression(node) && !isEscapingTagged(node)) {
          const parts = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)];
          if (parts.some((part, i) => writesMarkup(part, i < parts.length - 1))) {
            problems.push(`${name}:${line(node)}: markup built in an untagged template literal with interpolation: write html\`…\` so every value is escaped`);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
  }
  return problems;
}

function isEscapingTagged(node: ts.TemplateExpression): boolean {
  const parent = node.parent;
  return ts.isTaggedTemplateExpression(parent) && ts.isIdentifier(parent.tag) && ESCAPING_TAGS.has(parent.tag.text);
}

function isInImport(node: ts.Node): boolean {
  for (let n: ts.Node | undefined = node; n; n = n.parent) if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) return true;
  return false;
}

function tsFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [join(dir, e.name)] : []));
}
