/** Where a project keeps its guide: `content/guide/<page>.md`. Only the file system: `astro dev`'s watcher uses it too. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The guide's folder in the content folder. */
export const GUIDE_FOLDER = 'guide';

/**
 * The guide's files, in name order (hidden ones, such as an editor's, left out); none when the content folder has no
 * guide. Every one must be a page, `<page>.md`: the guide's build says so of any other (guide-pages.ts).
 */
export function guideFiles(contentDir: string): string[] {
  const folder = join(contentDir, GUIDE_FOLDER);
  if (!existsSync(folder)) return [];
  return readdirSync(folder).filter((f) => !f.startsWith('.')).sort().map((f) => join(folder, f));
}
