// Writes the JSON Schemas editors use (src/core/editor-schemas.ts) to public/schemas/, from the code's own checks.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { editorSchemas } from '../src/core/editor-schemas.ts';
import { mlperfContent } from '../src/mlperf/content.ts';
import { scriptArgs } from './script-args.ts';

const { values } = scriptArgs('schemas', `npm run schemas [-- --check]

Writes JSON Schemas for editors to public/schemas/ (front matter, \`\`\`plot and \`\`\`table blocks, data/catalog.yaml and
content/publication.yaml), generated from the checks the build runs and from Plot's type declarations. Run it after
upgrading Plot or changing a schema. .vscode/settings.json points VS Code's YAML extension at them.

  --check    exit 1 if a file is out of date, writing nothing
  --help     this text`, { options: { check: { type: 'boolean' } } });

const folder = join(import.meta.dirname, '..', 'public', 'schemas');
const check = values.check === true;
let stale = 0;
mkdirSync(folder, { recursive: true });
for (const [name, schema] of Object.entries(editorSchemas(mlperfContent))) {
  const path = join(folder, name);
  const text = `${JSON.stringify(schema, null, 2)}\n`;
  if (existsSync(path) && readFileSync(path, 'utf8') === text) continue;
  stale++;
  if (check) console.error(`public/schemas/${name} is out of date: run npm run schemas`);
  else {
    writeFileSync(path, text);
    console.log(`wrote public/schemas/${name}`);
  }
}
if (check && stale) process.exit(1);
if (!stale) console.log('public/schemas/ is up to date');
