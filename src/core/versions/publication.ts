/**
 * The publication: `content/publication.yaml`, the front page's order of the reports as one edited whole — a title,
 * an introduction and sections, each naming its reports by slug. Optional: without it the front page lists the
 * reports newest first. A slug that names no report, or a report named twice, is an error at its line; a report in
 * no section is listed after the sections, under "More reports", so a new report shows before it is placed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { z } from 'zod';
import { BuildError } from '../errors.ts';
import { locateYamlPath, parseYamlBlock, YamlBlockError } from '../article/yaml-block.ts';

export const PUBLICATION_FILE = 'publication.yaml';

const sectionSchema = z
  .object({
    title: z.string().min(1),
    /** One or two sentences under the section's title. */
    intro: z.string().min(1).optional(),
    reports: z.array(z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a report slug is lower-case words joined by hyphens')).min(1),
  })
  .strict();

export const publicationSchema = z
  .object({
    title: z.string().min(1),
    intro: z.string().min(1),
    sections: z.array(sectionSchema).min(1),
  })
  .strict();

export type Publication = z.infer<typeof publicationSchema>;

/** The publication of a content folder, checked against the reports there (their slugs); undefined without the file. */
export function readPublication(contentDir: string, slugs: ReadonlySet<string>, root: string = process.cwd()): Publication | undefined {
  const path = join(contentDir, PUBLICATION_FILE);
  if (!existsSync(path)) return undefined;
  const file = relative(root, path);
  const source = readFileSync(path, 'utf8');
  const fail = (reason: string, yamlPath: string, hint: string): never => {
    const at = locateYamlPath(source, yamlPath) ?? { line: 1, column: 1 };
    throw new BuildError(reason, { place: { file, ...at }, hint });
  };
  let raw: unknown;
  try {
    raw = parseYamlBlock(source);
  } catch (error) {
    if (!(error instanceof YamlBlockError)) throw error;
    throw new BuildError(error.message, { place: { file, ...error.place }, hint: error.hint ?? 'fix the YAML syntax (quote a value that contains ": ")' });
  }
  const parsed = publicationSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = issue.path.join('.').replace(/\.(\d+)/g, '[$1]');
    return fail(`${at || 'the publication'}: ${issue.message}`, at, 'the file holds title, intro and sections; each section a title, an optional intro and its reports (slugs of folders in content/reports/)');
  }
  const seen = new Map<string, string>();
  for (const [s, section] of parsed.data.sections.entries()) {
    for (const [r, slug] of section.reports.entries()) {
      const at = `sections[${s}].reports[${r}]`;
      if (!slugs.has(slug)) fail(`the publication names the report "${slug}", which content/reports/ does not have (a report is a folder there with at least v1.md)`, at, `name one of: ${[...slugs].sort().join(', ')}`);
      if (seen.has(slug)) fail(`the publication names the report "${slug}" twice (also in the section "${seen.get(slug)}")`, at, 'name each report in one section');
      seen.set(slug, section.title);
    }
  }
  return parsed.data;
}

/** The front page's sections: the publication's, then the reports it does not name, under "More reports". */
export function publicationSections<T extends { slug: string }>(publication: Publication | undefined, reports: T[], more = 'More reports'): { title?: string; intro?: string; reports: T[] }[] {
  if (!publication) return [{ reports }];
  const bySlug = new Map(reports.map((r) => [r.slug, r]));
  const named = new Set(publication.sections.flatMap((s) => s.reports));
  const sections: { title?: string; intro?: string; reports: T[] }[] = publication.sections.map((s) => ({
    title: s.title,
    ...(s.intro ? { intro: s.intro } : {}),
    reports: s.reports.flatMap((slug) => (bySlug.has(slug) ? [bySlug.get(slug)!] : [])),
  }));
  const rest = reports.filter((r) => !named.has(r.slug));
  if (rest.length) sections.push({ title: more, reports: rest });
  return sections;
}
