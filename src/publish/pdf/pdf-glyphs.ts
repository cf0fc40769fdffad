/**
 * The missing-glyph check for PDFs: before Chromium prints, every character of every report version page it will
 * print (glyph-check.ts pageTexts) is checked against the installed fonts; a version with a character no font
 * covers fails the publish build, named by its article, line and text.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { formatBuildError } from '../../core/errors.ts';
import { missingGlyphError, missingGlyphs, pageTexts } from '../fonts/glyph-check.ts';
import { findVersionPages, pdfName } from './pdf.ts';

/** One message per report version whose PDF would show boxes (none when every character has a glyph). */
export function pdfGlyphProblems(siteDir: string, contentDir: string, root: string): string[] {
  const problems: string[] = [];
  for (const page of findVersionPages(siteDir)) {
    const missing = missingGlyphs(pageTexts(readFileSync(join(siteDir, page.path, 'index.html'), 'utf8')));
    if (missing.length === 0) continue;
    const article = join(contentDir, 'reports', page.slug, `v${page.version}.md`);
    const error = missingGlyphError(missing, {
      file: relative(root, article),
      source: existsSync(article) ? readFileSync(article, 'utf8') : '',
      what: `the PDFs pdf/${pdfName(page.slug, page.version, 'A4')} and pdf/${pdfName(page.slug, page.version, 'Letter')}`,
    });
    problems.push(formatBuildError(error.reason, { place: error.place, hint: error.advice }));
  }
  return problems;
}
