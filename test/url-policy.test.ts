/**
 * The URL policy (src/core/render/url-policy.ts) on its own: values judged as the browser reads them (references decoded,
 * controls and whitespace removed), lists and objects refused, and CSS that loads or runs something.
 */
import { describe, expect, it } from 'vitest';
import { browserUrlText, cssProblem, cssUrls, decodeCharacterReferences, urlProblem, urlScheme } from '../src/core/render/url-policy.ts';

describe('urlProblem', () => {
  it('allows web, mail, relative and #fragment addresses, and no address at all', () => {
    for (const ok of ['https://example.org/x?a=1&b=2', 'http://example.org', 'HTTPS://EXAMPLE.ORG', 'mailto:a@example.org', '/reports/x/', 'x/y.png', '../up', './here', '?q=1', '#claim-1', '//cdn.example.org/x.png', 'x/y:z', '', null, undefined, 42, 7n]) {
      expect(urlProblem(ok), String(ok)).toBeUndefined();
    }
  });

  it('refuses every other scheme, however it is written', () => {
    const cases: [string, string][] = [
      ['javascript:alert(1)', 'javascript'],
      ['JavaScript:alert(1)', 'javascript'],
      ['  javascript:alert(1)', 'javascript'],
      ['java\tscript:alert(1)', 'javascript'],
      ['java\nscript:alert(1)', 'javascript'],
      ['\u0000javascript:alert(1)', 'javascript'],
      ['javascript&colon;alert(1)', 'javascript'],
      ['javascript&#58;alert(1)', 'javascript'],
      ['javascript&#x3A;alert(1)', 'javascript'],
      ['javascript&amp;colon;alert(1)', 'javascript'],
      ['&#106;avascript:alert(1)', 'javascript'],
      ['vbscript:msgbox(1)', 'vbscript'],
      ['data:text/html,<script>alert(1)</script>', 'data'],
      ['data:image/svg+xml,<svg onload=alert(1)>', 'data'],
      ['data:image/png;base64,iVBORw0KGgo=', 'data'],
      ['file:///etc/passwd', 'file'],
      ['blob:https://example.org/x', 'blob'],
    ];
    for (const [value, scheme] of cases) {
      expect(urlScheme(value), value).toBe(scheme);
      expect(urlProblem(value), value).toMatch(new RegExp(`^uses the ${scheme}: scheme.*, which is not allowed$`));
    }
    // Whitespace inside is removed too, which is stricter than the browser (it sees no scheme in "a b:c").
    expect(urlProblem('a b:c')).toContain('uses the ab: scheme');
    // How the browser reads it is said when it is not plain to see.
    expect(urlProblem('javascript&colon;alert(1)')).toBe('uses the javascript: scheme (the browser reads it as "javascript:alert(1)"), which is not allowed');
    expect(urlProblem('javascript:alert(1)')).toBe('uses the javascript: scheme, which is not allowed');
  });

  it('refuses lists and objects instead of turning them into text', () => {
    expect(urlProblem(['javascript:alert(1)'])).toBe('is a list, not one address');
    expect(urlProblem(['https://example.org'])).toBe('is a list, not one address');
    expect(urlProblem({ toString: () => 'javascript:alert(1)' })).toBe('is an object, not an address');
    expect(urlProblem(true)).toBe('is a boolean, not an address');
  });

  it('decodes references to a fixed point and removes what the URL parser removes', () => {
    expect(decodeCharacterReferences('a&amp;amp;b')).toBe('a&b');
    expect(decodeCharacterReferences('&lt;&#x3C;&#60;')).toBe('<<<');
    expect(browserUrlText(' java\tscr\nipt&colon;x ')).toBe('javascript:x');
  });
});

describe('cssProblem', () => {
  it('allows colours, relative and web addresses in url()', () => {
    for (const ok of ['red', '#4269d0', 'rgb(1, 2, 3)', 'url(#plot-clip-1)', 'url("/img/x.png")', "url('https://example.org/x.png')", 'color: red; background: url(x.png)', 'image-set("a.png" 1x, "b.png" 2x)', ':where(.plot-d6a7b5) { display: block; }', null, 3]) {
      expect(cssProblem(ok), String(ok)).toBeUndefined();
    }
  });

  it('refuses url() to a refused scheme, written plainly, escaped, quoted or in image-set()', () => {
    expect(cssProblem('url(javascript:alert(1))')).toContain('javascript:');
    expect(cssProblem('background: url( "data:image/svg+xml,x" )')).toBe('loads "data:image/svg+xml,x", which uses the data: scheme, which is not allowed');
    expect(cssProblem('background: u\\72l(data:x)')).toContain('uses the data: scheme');
    expect(cssProblem('background: u\\000072 l(data:x)')).toContain('uses the data: scheme'); // the space ends the escape
    expect(cssProblem('background: url/**/(data:x)')).toContain('uses the data: scheme');
    expect(cssProblem('background-image: image-set("data:image/png;base64,AA" 1x)')).toContain('uses the data: scheme');
    expect(cssProblem('background: url(&quot;data:x&quot;)')).toContain('uses the data: scheme');
    expect(cssUrls('a: url(x.png); b: src("y.woff"); c: -webkit-image-set("z.png" 1x)')).toEqual(['x.png', 'y.woff', 'z.png']);
  });

  it('refuses CSS that runs something or imports a sheet', () => {
    expect(cssProblem('width: expression(alert(1))')).toContain('expression(');
    expect(cssProblem('behavior: url(x.htc)')).toContain('behavior:');
    expect(cssProblem('-moz-binding: url(x.xml#y)')).toContain('-moz-binding:');
    expect(cssProblem('@import "x.css";')).toContain('@import');
    expect(cssProblem(['red'])).toBe('is a list, not one CSS value');
  });
});
