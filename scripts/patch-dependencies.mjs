// Runs after `npm install` (package.json "postinstall"), on whatever Node runs npm, so plain JavaScript.
//
// linkedom (the DOM Plot draws charts into on the server) gives every node it creates an empty listener Map in a
// module-wide WeakMap, in EventTarget's constructor. Chart nodes never get a listener, and a build creates hundreds
// of thousands of them: those WeakMap entries made drawing a chart about twice as slow as it needs to be (500
// charts drawn alone: 0.8–1.0 s against 0.5 s). This makes the Map lazy, created by the first addEventListener, as jsdom
// (jsdom/jsdom#4258) and happy-dom (capricorn86/happy-dom#2271) did for the same cost. Event dispatch is unchanged.
//
// The edit is exact: on a linkedom whose file differs (a new version), this fails with a message rather than
// guess; already patched files are left as they are.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const EDITS = [
  ['constructor() {\n    wm.set(this, new Map);\n  }', 'constructor() {\n    // Benchwright: the listener Map is made by the first addEventListener (scripts/patch-dependencies.mjs).\n  }'],
  ['addEventListener(type, listener, options) {\n    const map = wm.get(this);', 'addEventListener(type, listener, options) {\n    if (!wm.has(this)) wm.set(this, new Map);\n    const map = wm.get(this);'],
  ['removeEventListener(type, listener) {\n    const map = wm.get(this);\n    if (map.has(type)) {', 'removeEventListener(type, listener) {\n    const map = wm.get(this);\n    if (map && map.has(type)) {'],
];

const PATCHED_FILES = ['esm', 'cjs'].map((flavour) => join(root, 'node_modules', 'linkedom', flavour, 'interface', 'event-target.js'));

for (const file of PATCHED_FILES) {
  let text = readFileSync(file, 'utf8');
  if (text.includes('Benchwright: the listener Map is made by the first addEventListener')) continue;
  for (const [before, after] of EDITS) {
    if (!text.includes(before)) {
      console.error(`patch-dependencies: ${file} does not hold the code this patch expects (was linkedom upgraded?):\n  ${before.split('\n')[0]}\n  what to do: check whether linkedom now makes its listener maps lazily; then update or remove this edit in scripts/patch-dependencies.mjs`);
      process.exit(1);
    }
    text = text.replace(before, after);
  }
  writeFileSync(file, text);
}
