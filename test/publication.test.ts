/** content/publication.yaml: the front page's sections, checked against the reports, errors at their line. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BuildError } from '../src/core/errors.ts';
import { publicationSections, readPublication } from '../src/core/versions/publication.ts';

const SLUGS = new Set(['alpha', 'beta', 'gamma']);

function folderWith(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'bw-publication-'));
  writeFileSync(join(dir, 'publication.yaml'), text);
  return dir;
}

function errorOf(text: string): BuildError {
  const dir = folderWith(text);
  try {
    readPublication(dir, SLUGS, dir);
  } catch (error) {
    expect(error).toBeInstanceOf(BuildError);
    return error as BuildError;
  }
  throw new Error('expected an error');
}

const GOOD = `title: The publication
intro: Reports on hardware.
sections:
  - title: First
    intro: The first ones.
    reports: [beta, alpha]
`;

describe('the publication', () => {
  it('is optional: without the file the front page is one list', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-publication-'));
    expect(readPublication(dir, SLUGS, dir)).toBeUndefined();
    expect(publicationSections(undefined, [{ slug: 'a' }])).toEqual([{ reports: [{ slug: 'a' }] }]);
  });

  it('orders its sections as written, and lists the reports it does not name after them', () => {
    const dir = folderWith(GOOD);
    const publication = readPublication(dir, SLUGS, dir)!;
    const sections = publicationSections(publication, [{ slug: 'alpha' }, { slug: 'beta' }, { slug: 'gamma' }]);
    expect(sections).toEqual([
      { title: 'First', intro: 'The first ones.', reports: [{ slug: 'beta' }, { slug: 'alpha' }] },
      { title: 'More reports', reports: [{ slug: 'gamma' }] },
    ]);
  });

  it('refuses a report that does not exist, at its line and column, naming the ones that do', () => {
    const error = errorOf(GOOD.replace('[beta, alpha]', '\n      - beta\n      - alpah'));
    expect(error.place).toEqual({ file: 'publication.yaml', line: 8, column: 9 });
    expect(error.message).toContain('the publication names the report "alpah", which content/reports/ does not have');
    expect(error.message).toContain('name one of: alpha, beta, gamma');
  });

  it('refuses a report named twice', () => {
    const error = errorOf(`${GOOD}  - title: Second\n    reports: [gamma, beta]\n`);
    expect(error.message).toContain('names the report "beta" twice (also in the section "First")');
    expect(error.place.line).toBe(8);
  });

  it('refuses an unknown key and a missing one, at the key', () => {
    const unknown = errorOf(GOOD.replace('    intro: The first ones.', '    intro: The first ones.\n    colour: red'));
    expect(unknown.message).toMatch(/sections\[0\]: Unrecognized key: "colour"/);
    expect(unknown.place.line).toBe(4);
    const missing = errorOf(GOOD.replace('intro: Reports on hardware.\n', ''));
    expect(missing.message).toMatch(/intro: /);
  });

  it('says to quote a value with a colon', () => {
    const error = errorOf(GOOD.replace('intro: Reports on hardware.', 'intro: Inference: per accelerator'));
    expect(error.place.line).toBe(2);
    expect(error.message).toContain('needs quotes');
  });
});
