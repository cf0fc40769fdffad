/** Where a project keeps its guide: `content/guide/<page>.md`. Only the file system: `astro dev`'s watcher uses it too. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The guide's folder in the content folder. */
export const GUIDE_FOLDER = 'guide';

/** The guide's Markdown files, in name order; none when the content folder has no guide. */
export function guideFiles(contentDir: string): string[] {
  const folder = join(contentDir, GUIDE_FOLDER);
  if (!existsSync(folder)) return [];
  return readdirSync(folder).filter((f) => f.endsWith('.md')).sort().map((f) => join(folder, f));
}
