/**
 * Escaping by default (issue #16, item 5): HTML in src/ is built with the tagged template `html` of
 * src/core/render/html.ts, which escapes every interpolated value unless it is marked as markup. So no file but
 * html.ts itself calls `escapeHtml(` (one forgotten call was an injection), and no untagged template literal builds
 * markup with interpolation (`<p>${x}</p>` without `html` in front); XML (chart SVGs, social cards, the feed) likewise
 * with `xml` of xml.ts and escapeXml; see escaping-rules.ts. The check runs on a copy
 * with offending code planted, to show it fails and names file and line.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ESCAPER, escapingProblems, XML_ESCAPER } from './escaping-rules.ts';
import { ROOT } from './helpers.ts';

const fileOf = (problem: string) => problem.replace(/:\d+: .*$/, '');

describe('escaping by default', () => {
  it('no file but html.ts calls escapeHtml, and no untagged template literal builds markup with interpolation', () => {
    const problems = escapingProblems(ROOT);
    expect(problems).toEqual([]);
  });

  it('planted offences fail the check, naming file and line; comments, SQL, Markdown, messages naming elements and html`…` pass', () => {
    const copy = mkdtempSync(join(ROOT, '.tmp', 'bw-escaping-'));
    try {
      cpSync(join(ROOT, 'src'), join(copy, 'src'), { recursive: true });
      writeFileSync(
        join(copy, 'src/publish/planted.ts'),
        [
          "import { escapeHtml, html } from '../core/render/html.ts';",
          'export const cell = (x: string) => `<td class="n">${x}</td>`;',
          'export const safe = (x: string) => escapeHtml(x);',
          '// A comment is no code: `<p>${x}</p>` and escapeHtml(x) here are fine.',
          '/* Nor a block comment: `<div>${x}</div>`. */',
          "export const sql = (id: string) => `SELECT * FROM t WHERE a <> ${id} AND b < 3`;",
          'export const markdown = (title: string) => `## ${title}\\n\\nSee accelerators/<id>/ for ${title}.`;',
          'export const tagged = (x: string) => html`<p>${x}</p>`;',
          'export const nested = (x: string, bold: boolean) => html`<p>${bold ? `<b>${x}</b>` : x}</p>`;',
          'export const dynamic = (level: number, x: string) => `<h${level}>${x}</h${level}>`;',
          'export const message = (problem: string) => `CSS in a <style> element that ${problem}`;',
          'export const named = (tag: string) => `only <${tag}> and open on <details>, in ${tag}`;',
        ].join('\n'),
      );
      writeFileSync(
        join(copy, 'src/core/charts/planted-svg.ts'),
        [
          "import { escapeXml, xml } from '../render/xml.ts';",
          'export const label = (x: string) => `<text x="4">${escapeXml(x)}</text>`;',
          'export const tagged = (x: string) => xml`<text x="4">${x}</text>`;',
        ].join('\n'),
      );
      expect(escapingProblems(copy).filter((p) => p.startsWith('src/core/charts/planted-svg.ts'))).toEqual([
        'src/core/charts/planted-svg.ts:2: markup built in an untagged template literal with interpolation: write html`…` so every value is escaped',
        `src/core/charts/planted-svg.ts:2: escapeXml is used outside ${XML_ESCAPER}: build the XML with xml\`…\`, which escapes every value`,
      ]);
      expect(escapingProblems(copy).filter((p) => p.startsWith('src/publish/planted.ts'))).toEqual([
        'src/publish/planted.ts:2: markup built in an untagged template literal with interpolation: write html`…` so every value is escaped',
        `src/publish/planted.ts:3: escapeHtml is used outside ${ESCAPER}: build the HTML with html\`…\`, which escapes every value`,
        'src/publish/planted.ts:9: markup built in an untagged template literal with interpolation: write html`…` so every value is escaped',
        'src/publish/planted.ts:10: markup built in an untagged template literal with interpolation: write html`…` so every value is escaped',
      ]);
      // The same check as the first test, on the copy: it fails, and on the planted files only.
      expect([...new Set(escapingProblems(copy).map(fileOf))]).toEqual(['src/core/charts/planted-svg.ts', 'src/publish/planted.ts']);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

