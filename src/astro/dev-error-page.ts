/**
 * `astro dev`'s page for a failed build: while a content loader's last load failed, every page the browser asks for is
 * this one (HTTP 500), so the author sees the error where they look — each error's file:line:column, message and what
 * to do, with the offending lines of the source and a caret — and not a stale page. It loads Vite's client, so the
 * save that fixes the error reloads it into the page.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { BuildError } from '../core/errors.ts';
import { html, joinHtml, trusted } from '../core/render/html.ts';
import { excerptBeside } from '../core/source-excerpt.ts';

/** The errors a loader's failure holds: an article build's several (BuildFailedError.failures), or the one. */
function errorsOf(failure: unknown): unknown[] {
  const failures = (failure as { failures?: unknown[] } | null)?.failures;
  return Array.isArray(failures) && failures.length > 0 ? failures : [failure];
}

/** Lines around the error's place, numbered, with a caret under its column (unless its message shows them). */
function errorExcerpt(error: BuildError, root: string): string {
  const { file, line, column } = error.place;
  const path = isAbsolute(file) ? file : join(root, file);
  if (!existsSync(path)) return '';
  return excerptBeside(error.message, readFileSync(path, 'utf8').split(/\r?\n/), line, column);
}

/** The page's style: fixed text, no value in it. */
const STYLE = `body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; padding: 1.5rem 1rem; max-width: 60rem; color: #1f2328; background: #fff; }
h1 { font-size: 1.4rem; color: #b42318; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; font: 14px/1.45 ui-monospace, monospace; padding: 0.75rem; border-radius: 6px; }
.message { background: #fef3f2; border: 1px solid #fda29b; }
.source { background: #f6f8fa; border: 1px solid #d0d7de; white-space: pre; overflow-x: auto; }
.label, .note { color: #59636e; font-size: 0.9rem; margin: 0.5rem 0 0.25rem; }
@media (prefers-color-scheme: dark) { body { color: #e6edf3; background: #0d1117; } h1 { color: #ff7b72; } .message { background: #2d1214; border-color: #8e1519; } .source { background: #161b22; border-color: #30363d; } .label, .note { color: #9198a1; } }`;

export function devErrorPage(failures: unknown[], root: string, base = '/'): string {
  const errors = failures.flatMap(errorsOf);
  const items = errors.map((error) => {
    const message = error instanceof Error ? error.message : String(error);
    const excerpt = error instanceof BuildError ? errorExcerpt(error, root) : '';
    return html`<section class="error"><pre class="message">${message}</pre>${excerpt ? html`<p class="label">In the source:</p><pre class="source">${excerpt}</pre>` : ''}</section>`;
  });
  const one = errors.length === 1;
  const title = `${errors.length} error${one ? '' : 's'} in the build`;
  const client = `${base.replace(/\/?$/, '/')}@vite/client`;
  return String(html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Benchwright</title>
<script type="module" src="${client}"></script>
<style>${trusted(STYLE)}</style></head>
<body><main>
<h1>${title}</h1>
<p class="note">The site is not built while ${one ? 'this error stands' : 'these errors stand'}. Fix ${one ? 'it' : 'them'} and save: this page reloads by itself.</p>
${joinHtml(items, '\n')}
</main></body></html>
`);
}
