import { describe, expect, it } from 'vitest';
import { escapeHtml, html, joinHtml, trusted } from '../src/core/render/html.ts';
import { joinXml, trustedXml, xml } from '../src/core/render/xml.ts';

describe('html, the escaping template', () => {
  it('escapes every interpolated value, in content and in attributes', () => {
    const title = '"><script>alert(1)</script>';
    expect(String(html`<p title="${title}">${title}</p>`)).toBe('<p title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(String(html`<i>${"it's"}</i>`)).toBe('<i>it&#39;s</i>');
  });

  it('places markup made by html or marked trusted as it is, and escapes a plain string that looks like markup', () => {
    const inner = html`<b>${'a&b'}</b>`;
    expect(String(html`<p>${inner}${trusted('<svg/>')}${'<svg/>'}</p>`)).toBe('<p><b>a&amp;b</b><svg/>&lt;svg/&gt;</p>');
  });

  it('writes arrays item by item, nothing for null, undefined and false, and numbers and zero as text', () => {
    expect(String(html`<ul>${['<a>', html`<li>x</li>`]}</ul>`)).toBe('<ul>&lt;a&gt;<li>x</li></ul>');
    expect(String(html`${null}${undefined}${false}${0}${1.5}`)).toBe('01.5');
    expect(String(joinHtml([html`<i>a</i>`, html`<i>b</i>`], ', '))).toBe('<i>a</i>, <i>b</i>');
    expect(escapeHtml(undefined)).toBe('');
  });
});

describe('xml, the escaping template for SVG and RSS', () => {
  it("escapes every value with the XML escaper (which drops what XML forbids), and places xml`…` and trustedXml as they are", () => {
    const label = `a<b>&"'\u0001\r`;
    expect(String(xml`<text x="${4}" aria-label="${label}">${label}</text>`)).toBe(
      '<text x="4" aria-label="a&lt;b&gt;&amp;&quot;&apos;&#13;">a&lt;b&gt;&amp;&quot;&apos;&#13;</text>',
    );
    expect(String(xml`<g>${[xml`<rect/>`, '<rect/>', trustedXml('<svg/>'), null, false]}</g>`)).toBe('<g><rect/>&lt;rect/&gt;<svg/></g>');
    expect(String(joinXml([xml`<a/>`, '<b/>'], '\n'))).toBe('<a/>\n&lt;b/&gt;');
  });
});
