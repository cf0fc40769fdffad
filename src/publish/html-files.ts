/** The pages of a built site folder. */
import { readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

/** Every .html file under `dir`, as sorted paths relative to it with `/` separators. */
export function htmlFiles(dir: string): string[] {
  const root = resolve(dir);
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.html')) found.push(relative(root, path).split(sep).join('/'));
    }
  };
  walk(root);
  return found.sort();
}
