// Whether the site has a guide (content/guide/): asked of the folder, since asking Astro for an empty collection
// logs a warning on every page.
import { guideFiles } from '../core/guide/guide-folder.ts';
import { projectPaths } from '../core/project.ts';

export function siteHasGuide(): boolean {
  return guideFiles(projectPaths().contentDir).length > 0;
}
