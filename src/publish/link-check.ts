/**
 * Link check over a built site folder: every internal `href` and `src` of every HTML page must name a file
 * that exists, and every `#fragment` must name an element of the target page (an `id`, or an `<a name>`).
 *
 * URLs are resolved as the browser would, with the page at its address under the base path (`x/index.html` is
 * at `<base>x/`), so relative and absolute links are both checked. A link outside the base path cannot be
 * served by this site and is a problem too. `/x/` needs `x/index.html`; `/x` is satisfied by `x`, `x.html` or
 * `x/index.html`. Links with an allowed scheme (http:, https:, mailto:) and protocol-relative links are
 * external and not followed.
 *
 * It is also the last line of the URL policy (url-policy.ts), over the whole built site: every URL attribute of
 * every element (`href`, `src`, `xlink:href`, `srcset`, `poster`, `action`, `formaction`, …), decoded as the
 * browser decodes it, must have an allowed scheme (no `javascript:`, `data:`, …), and every piece of CSS (`style`
 * attributes, `<style>` elements, `fill`, `stroke`, `filter`, … attributes) may load only such addresses with
 * `url()` and run nothing. Pure: reads the folder, writes nothing.
 */
import { readFileSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { htmlFiles } from './html-files.ts';
import { parseHTML } from 'linkedom';
import { cssProblem, looksLikeCss, urlProblem } from '../core/render/url-policy.ts';

export interface LinkProblem {
  /** The page with the link, relative to the site folder (`reports/x/index.html`). */
  page: string;
  /** The link exactly as written. */
  href: string;
  reason: string;
  /** The file the link resolves to, relative to the site folder (the first candidate when none exists). */
  target?: string;
}

export interface LinkCheckOptions {
  /** The base path the site is served under (`/` or `/reports/`); default `/`. */
  base?: string;
}

/** `/`, `/reports/`: a leading and a trailing slash. */
export function normaliseBase(base = '/'): string {
  const trimmed = base.trim().replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '/' : `/${trimmed}/`;
}

/** The address a page file is served at: `index.html` → `<base>`, `x/index.html` → `<base>x/`, `404.html` → `<base>404.html`. */
export function pageAddress(page: string, base = '/'): string {
  const path = page === 'index.html' ? '' : page.endsWith('/index.html') ? page.slice(0, -'index.html'.length) : page;
  return `${normaliseBase(base)}${path.split('/').map(encodeURIComponent).join('/')}`;
}

const ORIGIN = 'http://link-check.invalid';
const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;
/** Attributes whose value is an address the browser follows or loads. */
const URL_ATTRIBUTES = new Set(['href', 'src', 'xlink:href', 'srcset', 'imagesrcset', 'poster', 'action', 'formaction', 'cite', 'background', 'longdesc', 'ping', 'data', 'codebase', 'manifest', 'itemid', 'profile', 'lowsrc', 'dynsrc']);
/** Attributes whose value is CSS, which may load an address with url(). */
const CSS_ATTRIBUTES = new Set(['style', 'fill', 'stroke', 'filter', 'clip-path', 'mask', 'marker-start', 'marker-mid', 'marker-end', 'cursor']);

interface ParsedPage {
  document: Document;
  ids: Set<string>;
}

export function checkLinks(dir: string, options: LinkCheckOptions = {}): LinkProblem[] {
  const root = resolve(dir);
  const base = normaliseBase(options.base);
  const cache = new Map<string, ParsedPage>();
  const parse = (page: string): ParsedPage => {
    let parsed = cache.get(page);
    if (!parsed) {
      const { document } = parseHTML(readFileSync(join(root, page), 'utf8'));
      const ids = new Set<string>();
      for (const el of document.querySelectorAll('[id]')) ids.add(el.getAttribute('id')!);
      for (const el of document.querySelectorAll('a[name]')) ids.add(el.getAttribute('name')!);
      parsed = { document: document as unknown as Document, ids };
      cache.set(page, parsed);
    }
    return parsed;
  };
  const isFile = (path: string) => {
    const full = resolve(root, path);
    if (full !== root && !full.startsWith(root + sep)) return false;
    try {
      return statSync(full).isFile();
    } catch {
      return false;
    }
  };

  const problems: LinkProblem[] = [];
  for (const page of htmlFiles(root)) {
    const { document } = parse(page);
    const here = new URL(pageAddress(page, base), ORIGIN);
    const baseElement = document.querySelector('base[href]')?.getAttribute('href');
    const documentUrl = baseElement && !EXTERNAL.test(baseElement.trim()) ? new URL(baseElement.trim(), here) : here;
    const seen = new Set<string>();
    const unsafe = new Set<string>();
    const refuse = (value: string, reason: string) => {
      if (unsafe.has(value)) return;
      unsafe.add(value);
      problems.push({ page, href: value, reason });
    };
    for (const el of document.querySelectorAll('*')) {
      for (const { name, value } of el.attributes) {
        const attribute = name.toLowerCase();
        if (URL_ATTRIBUTES.has(attribute)) {
          const urls = attribute.endsWith('srcset') ? value.split(',').map((c) => c.trim().split(/\s+/)[0] ?? '') : attribute === 'ping' ? value.split(/\s+/) : [value];
          const problem = urls.map((url) => urlProblem(url)).find(Boolean);
          if (problem) refuse(value, `an address in ${attribute} of <${el.localName}> that ${problem}`);
        } else if (CSS_ATTRIBUTES.has(attribute) && looksLikeCss(value)) {
          const problem = cssProblem(value);
          if (problem) refuse(value, `CSS in ${attribute} of <${el.localName}> that ${problem}`);
        }
      }
      if (el.localName === 'style') {
        const problem = cssProblem(el.textContent ?? '');
        if (problem) refuse((el.textContent ?? '').trim().slice(0, 80), `CSS in a <style> element that ${problem}`);
      }
      if (el.localName === 'base') continue;
      for (const attribute of ['href', 'src']) {
        const href = el.getAttribute(attribute);
        if (href === null || seen.has(href) || unsafe.has(href)) continue;
        seen.add(href);
        const problem = checkLink(href.trim(), href);
        if (problem) problems.push({ page, ...problem });
      }
    }

    function checkLink(link: string, href: string): Omit<LinkProblem, 'page'> | undefined {
      if (link === '' || link === '#' || EXTERNAL.test(link)) return undefined;
      let url: URL;
      let pathname: string;
      try {
        url = new URL(link, link.startsWith('#') ? here : documentUrl);
        pathname = decodeURIComponent(url.pathname);
      } catch {
        return { href, reason: 'is not a valid URL' };
      }
      let target: string;
      if (link.startsWith('#')) target = page;
      else {
        if (`${pathname}/` === base) pathname = base;
        if (!pathname.startsWith(base)) return { href, reason: `points outside the base path ${base} (to ${pathname})` };
        const path = pathname.slice(base.length);
        const candidates = path === '' || path.endsWith('/') ? [`${path}index.html`] : [path, `${path}.html`, `${path}/index.html`];
        const found = candidates.find(isFile);
        if (!found) return { href, target: candidates[0]!, reason: `no such file: ${candidates.join(' or ')}` };
        target = found;
      }
      const fragment = url.hash.slice(1);
      if (fragment === '' || fragment.startsWith(':~:') || !target.endsWith('.html')) return undefined;
      let id: string;
      try {
        id = decodeURIComponent(fragment);
      } catch {
        return { href, target, reason: 'has a malformed #fragment' };
      }
      if (parse(target).ids.has(id) || id.toLowerCase() === 'top') return undefined;
      return { href, target, reason: target === page ? `no element with id "${id}" on this page` : `no element with id "${id}" in ${target}` };
    }
  }
  return problems.sort((a, b) => cmp(a.page, b.page) || cmp(a.href, b.href));
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** One line per problem: `page: href — reason`. */
export function formatProblems(problems: LinkProblem[]): string {
  return problems.map((p) => `${p.page}: ${p.href} — ${p.reason}`).join('\n');
}

