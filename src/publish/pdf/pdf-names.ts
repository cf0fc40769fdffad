/**
 * Names of the PDFs a build publishes. Apart from pdf.ts so that pages linking to PDFs do not load the
 * browser driver (playwright-core) into every site build.
 */
export type PaperFormat = 'A4' | 'Letter';

/** File name of a version's PDF: <slug>-v<N>.pdf (A4) or <slug>-v<N>-letter.pdf. */
export function pdfName(slug: string, version: number, format: PaperFormat): string {
  return `${slug}-v${version}${format === 'Letter' ? '-letter' : ''}.pdf`;
}
