/**
 * Building blocks shared by every content schema. Plain zod (zod 4), no Astro
 * imports, so the manifest writer and `content:check` can use them in Node too.
 */
import { z } from 'zod';

/** A tag: one lower-case word or hyphenated words, from `content/tags.yaml`. */
export const tag = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Tags are lower-case words joined by hyphens, e.g. "career-change".');

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

/** A calendar date, e.g. `2026-03-14`. YAML already turns it into a Date. */
export const calendarDate = z.coerce.date({
  error: 'Write a date as YYYY-MM-DD, e.g. 2026-03-14.',
});

/**
 * A date-time as an editor writes it: either with an offset
 * (`2027-06-12T18:00+02:00`) or as wall-clock time (`2027-06-12T18:00`) that is
 * read in the item's `timezone`. YAML turns values with seconds into Dates
 * (instants), which are taken as written.
 */
export const dateTimeInput = z.union([z.date(), z.string().regex(/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/)], {
  error: 'Write a date-time as YYYY-MM-DDTHH:MM, e.g. 2027-06-12T18:00 (read in the event\'s timezone), or add an offset: 2027-06-12T18:00+02:00.',
});

export const imageAltPairMessage = 'An image needs alt text: add `imageAlt` describing what the picture shows.';

/** Link shown on a profile. */
export const link = z.object({
  /** What the reader sees, e.g. "LinkedIn". */
  label: z.string().min(1).max(60),
  /** Where it goes: https://… */
  url: z.url({ protocol: /^https?$/, error: 'Write a full web address starting with https://' }),
});
