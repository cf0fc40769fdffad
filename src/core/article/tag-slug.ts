/**
 * A report tag's URL segment (`/tags/<slug>/`), and what a tag must be to have one. Front matter is checked with
 * `tagProblem` (front-matter.ts), so a tag that would make no page, or a path that climbs out of /tags/, is an error
 * naming the file, the line and the tag rather than a failure deep in Astro.
 */

/** A tag's URL segment: lower-case, `-` for spaces (and for anything else that does not belong in a path). */
export function tagSlug(tag: string): string {
  return tag
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}._]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/** The longest URL segment a tag may make (a folder name in the output; file systems stop at 255 bytes). */
export const MAX_TAG_SLUG = 80;

/** Why `tag` cannot have a page of its own, or undefined when it can. */
export function tagProblem(tag: string): string | undefined {
  const slug = tagSlug(tag);
  if (slug === '') return `tag ${JSON.stringify(tag)} has no letter or digit, so it would have no page (its address would be /tags//)`;
  if (slug.startsWith('.')) {
    return `tag ${JSON.stringify(tag)} makes the address /tags/${slug}/, ${slug === '.' || slug === '..' ? `and "${slug}" in an address means ${slug === '.' ? 'the folder itself' : 'the folder above'}` : 'a hidden folder that many servers do not serve'}`;
  }
  if (slug.length > MAX_TAG_SLUG) return `tag ${JSON.stringify(tag.length > 40 ? `${tag.slice(0, 40)}…` : tag)} is too long for an address: ${slug.length} characters, at most ${MAX_TAG_SLUG}`;
  return undefined;
}
