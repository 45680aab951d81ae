/**
 * Building blocks shared by every content schema. Plain zod (zod 4), no Astro
 * imports, so the manifest writer and `content:check` can use them in Node too.
 *
 * Messages are written for editors. A message given to a type (`z.int('…')`)
 * says what to write; a cross-field check says what is wrong and what to write,
 * separately in `params` so `content:check` can show them in two columns.
 */
import { z } from 'zod';

/** A tag: one lower-case word or hyphenated words, from `content/tags.yaml`. */
export const tag = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, {
  error: (issue) => `Write tags in lower case with hyphens between words, e.g. "${toSlug(String(issue.input)) || 'career-change'}".`,
});

/** "Career Change" → "career-change"; "Émile's Story" → "emiles-story". */
export function toSlug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** A file-name slug of another item, e.g. `li-wei-chen`. */
export const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Write the slug: the file name without ".md", e.g. "li-wei-chen".');

/** An IANA time-zone name such as `Europe/Berlin`. */
export const timeZone = z.string().refine(isTimeZone, {
  message: 'Write an IANA time-zone name, e.g. "Europe/Berlin" or "America/Sao_Paulo".',
});

export function isTimeZone(value: string): boolean {
  if (!value.includes('/') && value !== 'UTC') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/**
 * A calendar date, e.g. `2026-03-14`. YAML already turns an unquoted date into
 * a Date; a quoted one is accepted too. Anything else (a number, "March 2026")
 * is refused rather than guessed at.
 */
const dateMessage = 'Write a date as YYYY-MM-DD, e.g. 2026-03-14.';
export const calendarDate = z.union(
  [
    z.date(),
    z.iso.date(dateMessage).transform((value) => new Date(`${value}T00:00:00Z`)),
  ],
  { error: dateMessage },
);

/**
 * A date-time as an editor writes it: either with an offset
 * (`2027-06-12T18:00+02:00`) or as wall-clock time (`2027-06-12T18:00`) that is
 * read in the item's `timezone`. YAML turns values with seconds into Dates
 * (instants), which are taken as written; `content:check` flags seconds without
 * an offset, because YAML then reads the time as UTC.
 */
const dateTimeMessage = 'Write a date-time as YYYY-MM-DDTHH:MM, e.g. 2027-06-12T18:00 (read in the event\'s timezone), or add an offset: 2027-06-12T18:00+02:00.';
export const dateTimeInput = z.union([z.date(), z.string().regex(/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/, dateTimeMessage)], {
  error: dateTimeMessage,
});

/** A finding with what is wrong and what to write, for cross-field checks. */
export function editorIssue(path: string, problem: string, fix: string) {
  return { code: 'custom' as const, path: [path], message: `${problem}: ${fix}`, params: { problem, fix } };
}

/**
 * Runs a cross-field check once the fields it reads have parsed, even if other
 * fields failed: so one pass reports a missing title and an end before the start.
 */
export function whenValid(...fields: string[]) {
  return {
    when: (payload: { issues: ReadonlyArray<{ path?: ReadonlyArray<PropertyKey> | undefined }> }) =>
      !payload.issues.some((issue) => issue.path !== undefined && issue.path.length > 0 && fields.includes(String(issue.path[0]))),
  };
}

/** The check that an image field comes with its alt-text field. */
export function altTextFor(imageField: string, altField: string) {
  return [
    (item: Record<string, unknown>, ctx: { addIssue: (issue: ReturnType<typeof editorIssue>) => void }) => {
      if (item[imageField] !== undefined && item[altField] === undefined) {
        ctx.addIssue(
          editorIssue(altField, `the ${imageField} has no alt text`, `add \`${altField}:\` with a sentence describing what the picture shows, for readers who cannot see it`),
        );
      }
    },
    whenValid(imageField, altField),
  ] as const;
}

/** Alt text: what the picture shows, in words. */
export const altText = z.string().min(1).max(300, 'Keep alt text to one or two sentences (300 characters at most).');

/** Link shown on a profile. */
export const link = z.strictObject({
  /** What the reader sees, e.g. "LinkedIn". */
  label: z.string().min(1).max(60),
  /** Where it goes: https://… */
  url: z.url({ protocol: /^https?$/, error: 'Write a full web address starting with https://' }),
});
