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
//
// micromark (the Markdown tokenizer under remark) merges adjacent `data` events of a paragraph with one
// Array#splice per run of them, each moving the rest of the paragraph's events: quadratic in the paragraph's length.
// GFM's autolink-literal extension cuts text into a data event per word, so one long paragraph took 31 s at 4 MB
// (2 MB: 24 s with remark-gfm, 1.3 s without). The merge is rewritten as one pass that compacts the array in place:
// the same events and the same tree (checked on every Markdown file here and 20,000 generated inputs), in linear time.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const LINKEDOM_EDITS = [
  ['constructor() {\n    wm.set(this, new Map);\n  }', 'constructor() {\n    // Benchwright: the listener Map is made by the first addEventListener (scripts/patch-dependencies.mjs).\n  }'],
  ['addEventListener(type, listener, options) {\n    const map = wm.get(this);', 'addEventListener(type, listener, options) {\n    if (!wm.has(this)) wm.set(this, new Map);\n    const map = wm.get(this);'],
  ['removeEventListener(type, listener) {\n    const map = wm.get(this);\n    if (map.has(type)) {', 'removeEventListener(type, listener) {\n    const map = wm.get(this);\n    if (map && map.has(type)) {'],
];

/** micromark's resolveAllText, as published (lib/) and in its development build (dev/, with `types.data`). */
const micromarkMerge = (semi, data, gap) => [
  [
    `    let index = -1${semi}\n    /** @type {number | undefined} */\n    let enter${semi}\n\n    // A rather boring computation (to merge adjacent \`data\` events) which\n    // improves mm performance by 29%.\n    while (++index <= events.length) {\n      if (enter === undefined) {\n        if (events[index] && events[index][1].type === ${data}) {\n          enter = index${semi}\n          index++${semi}\n        }\n      } else if (!events[index] || events[index][1].type !== ${data}) {\n        // Don’t do anything if there is one data token.\n        if (index !== enter + 2) {\n          events[enter][1].end = events[index - 1][1].end${semi}\n          events.splice(enter + 2, index - enter - 2)${semi}\n          index = enter + 2${semi}\n        }\n${gap}        enter = undefined${semi}\n      }\n    }\n`,
    [
      `    // Benchwright: adjacent data events merged in one pass (scripts/patch-dependencies.mjs): a splice per run made a long paragraph quadratic.`,
      `    const length = events.length${semi}`,
      `    let read = 0${semi}`,
      `    let write = 0${semi}`,
      `    while (read < length) {`,
      `      if (events[read][1].type === ${data}) {`,
      `        let end = read + 1${semi}`,
      `        while (end < length && events[end][1].type === ${data}) end++${semi}`,
      `        // The run becomes its first token (its enter and exit events), ending where the run ends.`,
      `        if (end - read > 2) events[read][1].end = events[end - 1][1].end${semi}`,
      `        events[write++] = events[read]${semi}`,
      `        if (end - read > 1) events[write++] = events[read + 1]${semi}`,
      `        read = end${semi}`,
      `      } else {`,
      `        events[write++] = events[read++]${semi}`,
      `      }`,
      `    }`,
      `    events.length = write${semi}`,
      ``,
    ].join('\n'),
  ],
];

const PATCHES = [
  {
    what: 'linkedom',
    check: 'whether linkedom now makes its listener maps lazily',
    marker: 'Benchwright: the listener Map is made by the first addEventListener',
    files: ['esm', 'cjs'].map((flavour) => [join(root, 'node_modules', 'linkedom', flavour, 'interface', 'event-target.js'), LINKEDOM_EDITS]),
  },
  {
    what: 'micromark',
    check: 'whether micromark now merges data events without a splice per run',
    marker: 'Benchwright: adjacent data events merged in one pass',
    files: [
      [join(root, 'node_modules', 'micromark', 'lib', 'initialize', 'text.js'), micromarkMerge(';', '"data"', '')],
      [join(root, 'node_modules', 'micromark', 'dev', 'lib', 'initialize', 'text.js'), micromarkMerge('', 'types.data', '\n')],
    ],
  },
];

for (const { what, check, marker, files } of PATCHES) {
  for (const [file, edits] of files) {
    let text = readFileSync(file, 'utf8');
    if (text.includes(marker)) continue;
    for (const [before, after] of edits) {
      if (!text.includes(before)) {
        console.error(`patch-dependencies: ${file} does not hold the code this patch expects (was ${what} upgraded?):\n  ${before.split('\n')[0]}\n  what to do: check ${check}; then update or remove this edit in scripts/patch-dependencies.mjs`);
        process.exit(1);
      }
      text = text.replace(before, after);
    }
    writeFileSync(file, text);
  }
}
