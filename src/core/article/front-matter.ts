/**
 * Report front matter: read with gray-matter, checked field by field with zod. An error names the
 * file, the field and its line, and what the field should hold.
 */
import matter from 'gray-matter';
import { isMap, isNode, isScalar, parseDocument } from 'yaml';
import { z } from 'zod';
import { BuildError } from '../errors.ts';
import { MAX_TAG_SLUG, tagProblem } from './tag-slug.ts';

const isoDate = z
  .union([z.date(), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'write the date as YYYY-MM-DD')])
  .transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d))
  .refine((d) => !Number.isNaN(Date.parse(d)), 'not a real date');

export const reportFrontMatterSchema = z
  .object({
    title: z.string().trim().min(1, 'give the report a title').describe('The report\'s title, the same in every version unless it changes on purpose.'),
    version: z.number().int().positive('versions count from 1').describe('The version number: 1 in v1.md, 2 in v2.md (it must match the file name).'),
    published: isoDate.describe('The date the version is published, YYYY-MM-DD.'),
    summary: z.string().trim().min(1, 'give a one-sentence summary').describe('One sentence: what the version shows (front page, feed, search, social card).'),
    /** Each tag has a page, /tags/<slug>/: one that would make no address, or a path out of /tags/, is refused. */
    tags: z
      .array(
        z.string().superRefine((tag, ctx) => {
          const problem = tagProblem(tag);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }),
      )
      .default([])
      .describe('Lower-case words; each tag has a page at /tags/<tag>/.'),
    authors: z.array(z.string().min(1)).min(1, 'name at least one author').describe('Who wrote it: at least one name.'),
    /** The language the version is written in, a BCP 47 tag (html lang, PDF footer, social card); English when absent. */
    lang: z
      .string()
      .superRefine((tag, ctx) => {
        const problem = langProblem(tag);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional()
      .describe('The language it is written in, a BCP 47 tag such as zh or de (English when absent): the words Benchwright writes follow it.'),
    /** Content hashes of the data a published version was built on (written by a command; see versions). */
    data: z.record(z.string(), z.string().regex(/^sha256:[0-9a-f]{64}$/)).optional().describe('The pins: each data file\'s SHA-256, written by npm run pin, never by hand.'),
  })
  .strict();

/** Why `tag` is not a language tag to write in `lang` (a well-formed BCP 47 tag in its canonical case), if it is not. */
export function langProblem(tag: string): string | undefined {
  let canonical: string;
  try {
    canonical = Intl.getCanonicalLocales(tag)[0]!;
  } catch {
    return `"${tag}" is not a BCP 47 language tag: write e.g. en, zh (Simplified Chinese: zh or zh-Hans), ja, de`;
  }
  return canonical === tag ? undefined : `write the language tag as "${canonical}"`;
}

export type ReportFrontMatter = z.infer<typeof reportFrontMatterSchema>;

export interface SplitSource {
  /** The raw YAML between the --- fences ('' when there is none). */
  yaml: string;
  /** The Markdown body, with the front matter's lines blanked so positions match the file. */
  body: string;
  /** 1-based line of the first YAML line. */
  yamlStartLine: number;
  /** 1-based line of the closing fence (0: no front matter; -1: opened but never closed). */
  endLine: number;
}

export function splitFrontMatter(source: string): SplitSource {
  const lines = source.split('\n');
  if (lines[0]?.trim() !== '---') return { yaml: '', body: source, yamlStartLine: 1, endLine: 0 };
  const end = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l));
  if (end === -1) return { yaml: '', body: source, yamlStartLine: 1, endLine: -1 };
  return {
    yaml: lines.slice(1, end).join('\n'),
    body: lines.map((l, i) => (i <= end ? '' : l)).join('\n'),
    yamlStartLine: 2,
    endLine: end + 1,
  };
}

/** A report's front matter, read and checked once: its fields, the split source, and where each key was written. */
export interface ReadFrontMatter {
  frontMatter: ReportFrontMatter;
  split: SplitSource;
  /** The file line of a top-level key (1 when it is not there), from the YAML's own positions. */
  keyLine: (key: string) => number;
}

/** Parses and validates a report's front matter. `file` is the path shown in errors. */
export function parseReportFrontMatter(source: string, file: string): ReportFrontMatter {
  return readReportFrontMatter(source, file).frontMatter;
}

/** Splits, parses and validates a report's front matter. `file` is the path shown in errors. */
export function readReportFrontMatter(source: string, file: string): ReadFrontMatter {
  const split = splitFrontMatter(source);
  if (!split.yaml) {
    throw new BuildError('the report has no front matter', {
      place: { file, line: 1, column: 1 },
      hint: 'start the file with a --- block holding title, version, published, summary, tags and authors',
    });
  }
  let data: unknown;
  try {
    // An options object bypasses gray-matter's cache, which hands out one shared object per input.
    data = matter(source, {}).data;
  } catch (error) {
    const mark = (error as { mark?: { line: number; column: number } }).mark;
    const reason = ((error as { reason?: string }).reason ?? (error as Error).message).split('\n')[0];
    throw new BuildError(`invalid YAML in the front matter: ${reason}`, {
      place: { file, line: split.yamlStartLine + (mark?.line ?? 0), column: (mark?.column ?? 0) + 1 },
      hint: 'fix the YAML syntax (quote values that contain ": " or start with a special character)',
    });
  }
  // The YAML's own positions (the yaml library's tree; gray-matter gives values only), for every error's line.
  const places = yamlPlaces(split);
  const keyLine = (key: string) => places.keyLine(key);
  // YAML reads 2025-02-30 as a timestamp and JavaScript rolls it over to 2 March: compare with what was written.
  const written = /^["']?(\d{4}-\d{2}-\d{2})["']?$/.exec(places.written('published') ?? '')?.[1];
  if (written && (Number.isNaN(Date.parse(`${written}T00:00:00Z`)) || new Date(`${written}T00:00:00Z`).toISOString().slice(0, 10) !== written)) {
    throw new BuildError(`front matter field "published": not a real date (${written})`, {
      place: { file, line: keyLine('published'), column: 1 },
      hint: 'write an existing date as YYYY-MM-DD',
    });
  }
  const parsed = reportFrontMatterSchema.safeParse(data ?? {});
  if (!parsed.success) {
    const issue = frontMatterIssue(parsed.error.issues);
    const field = issue.path.length > 0 ? String(issue.path[0]) : undefined;
    const unknown = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    const key = unknown ?? field;
    // A tag's own problem names the tag, and is placed on the tag's line.
    const tag = field === 'tags' && issue.code === 'custom' && typeof issue.path[1] === 'number';
    const message = unknown
      ? `unknown front matter field "${unknown}"`
      : `front matter field "${tag ? 'tags' : issue.path.join('.') || '(top level)'}": ${issueText(issue)}`;
    const at = tag ? places.valueAt(issue.path as (string | number)[]) : undefined;
    throw new BuildError(message, {
      place: { file, line: at?.line ?? (key ? keyLine(key) : 1), column: at?.column ?? 1 },
      hint: unknown
        ? `the fields are: ${Object.keys(reportFrontMatterSchema.shape).join(', ')}`
        : tag
          ? `start each tag with a letter or digit, and keep it to ${MAX_TAG_SLUG} characters (a tag is shown as written; its address is lower-case, with - for spaces)`
          : 'see "Writing an article" in the README for the fields and their types',
    });
  }
  return { frontMatter: parsed.data, split, keyLine };
}

/** The problem to report first: a misspelt field, the likely cause of a missing one ("tittle" for "title"), else the first. */
export function frontMatterIssue(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue {
  return issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0]!;
}

/** An issue in the author's words: zod's "expected string, received undefined" for an absent field says it is missing. */
export function issueText(issue: z.core.$ZodIssue): string {
  return /received undefined$/.test(issue.message) ? 'missing (the front matter needs it)' : issue.message;
}

/** Places in the front matter's YAML, as file lines and columns: of a top-level key, of a value, and a value's text as written. */
function yamlPlaces(split: SplitSource) {
  const document = parseDocument(split.yaml);
  const at = (offset: number) => {
    const before = split.yaml.slice(0, offset).split('\n');
    return { line: split.yamlStartLine + before.length - 1, column: before.at(-1)!.length + 1 };
  };
  const pair = (key: string) => (isMap(document.contents) ? document.contents.items.find((p) => isScalar(p.key) && String(p.key.value) === key) : undefined);
  return {
    keyLine(key: string): number {
      const range = (pair(key)?.key as { range?: [number, number, number] } | undefined)?.range;
      return range ? at(range[0]).line : 1;
    },
    /** The file line and column of a value (e.g. ['tags', 2]). */
    valueAt(path: (string | number)[]): { line: number; column: number } | undefined {
      try {
        const node = document.getIn(path, true);
        return isNode(node) && node.range ? at(node.range[0]) : undefined;
      } catch {
        return undefined;
      }
    },
    /** A top-level scalar value's text as written (quotes included), before YAML typed it. */
    written(key: string): string | undefined {
      const value = pair(key)?.value;
      return isScalar(value) && value.range ? split.yaml.slice(value.range[0], value.range[1]).trim() : undefined;
    },
  };
}
