/**
 * The page's colours, read from the stylesheet the pages use (src/styles/site.css, its first `:root` rule), so a
 * chart's PNG and SVG files and the social card are drawn in the colours the page shows and cannot drift from
 * them: the background, and the text colour that Plot's `currentColor` (axes, and marks without a colour)
 * takes on the page.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface SiteColours {
  text: string;
  muted: string;
  bg: string;
  link: string;
}

// From the project root, like raster.ts: inside Astro's build this code runs from a bundled chunk.
export const SITE_CSS = resolve(process.cwd(), 'src/styles/site.css');

/** The light scheme's custom properties from a stylesheet's first `:root { … }` rule. */
export function coloursOf(css: string, file = SITE_CSS): SiteColours {
  const root = /(?:^|\})\s*:root\s*\{([^}]*)\}/.exec(css.replace(/\/\*[\s\S]*?\*\//g, ''))?.[1];
  const read = (name: keyof SiteColours) => {
    const value = root && new RegExp(`--${name}\\s*:\\s*([^;]+);`).exec(root)?.[1]?.trim();
    if (!value) throw new Error(`${file}: its first :root rule sets no --${name}; charts' images and the social card take the page's colours from it`);
    return value;
  };
  return { text: read('text'), muted: read('muted'), bg: read('bg'), link: read('link') };
}

let colours: SiteColours | undefined;

export function siteColours(): SiteColours {
  colours ??= coloursOf(readFileSync(SITE_CSS, 'utf8'));
  return colours;
}
