/** The in-place PDF normalisation that makes two prints of the same page byte-identical (src/publish/pdf/pdf-normalize.ts). */
import { describe, expect, it } from 'vitest';
import { normalizePdf } from '../src/publish/pdf/pdf-normalize.ts';

/** A fragment shaped like Chromium's output: dates, a document ID and structure-element node IDs. */
const pdf = (nodes: number[], date: string, id: string) =>
  Buffer.from(
    `%PDF-1.4\n<</CreationDate (D:${date}+00'00') /ModDate (D:${date}+00'00')>>\n` +
      nodes.map((n, i) => `${i} 0 obj\n<</Type /StructElem /ID (node${String(n).padStart(8, '0')})>>\nendobj\n`).join('') +
      `trailer <</ID [<${id}> <${id}>]>>\n`,
    'latin1',
  );

describe('normalizePdf', () => {
  it('gives two prints the same bytes, though the DOM node counter started elsewhere and skipped a number', () => {
    // The second print's counter started 40 higher and skipped one number between the 2nd and 3rd node (seen in a
    // real print of the shipped report's US Letter PDF).
    const a = normalizePdf(pdf([527, 528, 529, 530], '20261203230801', 'AB12CD34AB12CD34'));
    const b = normalizePdf(pdf([567, 568, 570, 571], '20261203231544', '99FF00EE99FF00EE'));
    expect(b.equals(a)).toBe(true);
    expect(a.length).toBe(pdf([527, 528, 529, 530], '20261203230801', 'AB12CD34AB12CD34').length);
    expect(a.toString('latin1')).toContain('(node00000003)');
    expect(a.toString('latin1')).toContain('D:20000101000000');
  });

  it('keeps the order of node IDs, so different structures stay different', () => {
    const a = normalizePdf(pdf([10, 11, 12], '20261203230801', 'AB12'));
    const b = normalizePdf(pdf([11, 10, 12], '20261203230801', 'AB12'));
    expect(b.equals(a)).toBe(false);
  });

  it('is idempotent', () => {
    const once = normalizePdf(pdf([527, 529, 530], '20261203230801', 'AB12CD34'));
    expect(normalizePdf(once).equals(once)).toBe(true);
  });
});
