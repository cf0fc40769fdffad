/**
 * The rules test/layers.test.ts checks, over the import statements of src/ as written (static `import … from`,
 * side-effect `import '…'` and dynamic `import('…')` of a literal path).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export const LAYERS = ['core', 'publish', 'mlperf', 'astro'] as const;
type Layer = (typeof LAYERS)[number];

/** What each layer may import, besides itself. */
const MAY_IMPORT: Record<Layer, Layer[]> = {
  core: ['core'],
  publish: ['core', 'publish'],
  mlperf: ['core', 'mlperf'],
  astro: ['core', 'publish', 'mlperf', 'astro'],
};

interface Import {
  file: string;
  line: number;
  spec: string;
}

function walk(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (/\.(ts|mjs)$/.test(name)) out.push(path);
  }
  return out;
}

function layerOf(root: string, path: string): Layer | undefined {
  const first = relative(join(root, 'src'), path).split(sep)[0];
  return (LAYERS as readonly string[]).includes(first ?? '') ? (first as Layer) : undefined;
}

/** The import statements of a file, with their line numbers (comments are skipped by requiring line starts or `import(`). */
function importsOf(file: string): Import[] {
  const out: Import[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      if (/^\s*(\/\/|\*|\/\*)/.test(text)) return;
      for (const m of text.matchAll(/(?:^\s*(?:import|export)\b[^'"]*?\bfrom\s*|^\s*import\s*|\bimport\(\s*)['"]([^'"]+)['"]/g)) out.push({ file, line: i + 1, spec: m[1]! });
    });
  return out;
}

function layerFiles(root: string): string[] {
  return LAYERS.flatMap((layer) => walk(join(root, 'src', layer)));
}

export function layerViolations(root: string): string[] {
  const problems: string[] = [];
  for (const file of layerFiles(root)) {
    const layer = layerOf(root, file)!;
    for (const { line, spec } of importsOf(file)) {
      const where = `${relative(root, file)}:${line}`;
      if (/^astro($|[/:])/.test(spec) || /^@astrojs\//.test(spec)) {
        if (layer !== 'astro') problems.push(`${where}: ${layer} imports the package ${spec}: only src/astro and the Astro files (pages, components, layouts) may use Astro`);
        continue;
      }
      if (!spec.startsWith('.')) continue;
      const target = layerOf(root, resolve(dirname(file), spec));
      if (!target) {
        if (spec.endsWith('.json')) continue; // package.json, for the toolkit's version
        problems.push(`${where}: ${layer} imports ${spec}, outside the layer folders of src/`);
        continue;
      }
      if (target !== layer && !MAY_IMPORT[layer].includes(target)) problems.push(`${where}: ${layer} imports ${target} (${spec}): ${layer} may import only ${MAY_IMPORT[layer].join(', ')}`);
    }
  }
  return problems;
}

/** Lines of core code (comments left out) that name MLPerf: its specifics belong in src/mlperf. */
export function mlperfInCore(root: string): string[] {
  const problems: string[] = [];
  for (const file of walk(join(root, 'src', 'core'))) {
    const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '));
    code.split('\n').forEach((text, i) => {
      const line = text.replace(/(^|[^:'"`])\/\/.*$/, '$1');
      if (/mlperf|mlcommons/i.test(line)) problems.push(`${relative(root, file)}:${i + 1}`);
    });
  }
  return problems;
}

/** Each import cycle among the layer folders' modules, once, as "a → b → a". */
export function importCycles(root: string): string[] {
  const graph = new Map<string, string[]>();
  for (const file of layerFiles(root)) {
    const deps = importsOf(file)
      .filter(({ spec }) => spec.startsWith('.'))
      .map(({ spec }) => resolve(dirname(file), spec))
      .filter((p) => existsSync(p));
    graph.set(file, [...new Set(deps)]);
  }
  const cycles = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const dep of graph.get(node) ?? []) {
      if (state.get(dep) === 'open') {
        const loop = stack.slice(stack.indexOf(dep)).map((p) => relative(root, p));
        // One name per cycle: start it at its smallest module.
        const start = loop.indexOf([...loop].sort()[0]!);
        const turned = [...loop.slice(start), ...loop.slice(0, start)];
        cycles.add([...turned, turned[0]].join(' → '));
      } else if (!state.has(dep)) visit(dep);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return [...cycles].sort();
}
