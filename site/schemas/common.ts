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
export const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Write the slug: the file name without ".md", e.g. "li-wei-chen".');

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
 * Why a written day is not a day of the calendar ("there is no month 13",
 * "February 2027 has 28 days"), or undefined when it is one. YAML and `Date`
 * would otherwise roll it over silently: 2026-13-01 becomes 1 January 2027.
 */
export function impossibleDate(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12) return `there is no month ${month}`;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > days) return `${monthNames[month - 1]} ${year} has ${days} days`;
  return undefined;
}
const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Why a written time of day (or UTC offset) does not exist, or undefined. */
function impossibleTime(hour: number, minute: number, second: number, offset: string | undefined): string | undefined {
  if (hour > 23)
    return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')} is not a time of day (the last minute of a day is 23:59; midnight at the end of a day is 00:00 of the next)`;
  if (minute > 59) return `there is no minute ${minute}`;
  if (second > 59) return `there is no second ${second}`;
  const m = offset ? /^([+-])(\d{2}):?(\d{2})$/.exec(offset) : null;
  if (m && (Number(m[2]) > 14 || Number(m[3]) > 59)) return `${offset} is not a UTC offset (offsets run from -12:00 to +14:00)`;
  return undefined;
}

/** A finding about the value itself (no path: zod adds the field's), with what is wrong and what to write. */
function valueIssue(problem: string, fix: string, input: unknown) {
  return { code: 'custom' as const, message: `${problem}: ${fix}`, params: { problem, fix }, input };
}

const show = (value: string) => (value.length > 40 ? `${value.slice(0, 37)}…` : value);

/**
 * A calendar date, e.g. `2026-03-14`. YAML may already have turned an
 * unquoted date into a Date (Astro's loader does; `content:check` reads the
 * text, so a day that does not exist is caught there before any build); a
 * written one must be a real day. Anything else (a number, "March 2026") is
 * refused rather than guessed at.
 */
const dateMessage = 'Write a date as YYYY-MM-DD, e.g. 2026-03-14.';
const writtenDate = /^(\d{4})-(\d{2})-(\d{2})$/;
export const calendarDate = z.union(
  [
    z.date(),
    z
      .string()
      .superRefine((value, ctx) => {
        const m = writtenDate.exec(value);
        if (!m) return void ctx.addIssue(valueIssue(`"${show(value)}" is not a date written YYYY-MM-DD`, 'write a date as YYYY-MM-DD, e.g. 2026-03-14', value));
        const why = impossibleDate(+m[1]!, +m[2]!, +m[3]!);
        if (why) ctx.addIssue(valueIssue(`${value} is not a date: ${why}`, 'write a day that exists, as YYYY-MM-DD, e.g. 2026-03-14', value));
      })
      .transform((value) => new Date(`${value}T00:00:00Z`)),
  ],
  { error: dateMessage },
);

/**
 * A date-time as an editor writes it: either with an offset
 * (`2027-06-12T18:00+02:00`) or as wall-clock time (`2027-06-12T18:00`) that is
 * read in the item's `timezone`. YAML turns values with seconds into Dates
 * (instants), which are taken as written; `content:check` flags seconds without
 * an offset, because YAML then reads the time as UTC. A written value must name
 * a day and a time that exist (no 30 February, no 24:00).
 */
const dateTimeMessage = "Write a date-time as YYYY-MM-DDTHH:MM, e.g. 2027-06-12T18:00 (read in the event's timezone), or add an offset: 2027-06-12T18:00+02:00.";
const writtenDateTime = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
export function whyNotDateTime(value: string): { problem: string; fix: string } | undefined {
  const written = show(value);
  const m = writtenDateTime.exec(value);
  if (!m) {
    const day = writtenDate.exec(value);
    if (day && !impossibleDate(+day[1]!, +day[2]!, +day[3]!)) {
      return { problem: `${value} has no time of day, so it would be read as midnight UTC`, fix: `write the local time too, e.g. ${value}T09:00 (read in \`timezone\`)` };
    }
    return {
      problem: `"${written}" is not a date-time written YYYY-MM-DDTHH:MM`,
      fix: "write a date-time as YYYY-MM-DDTHH:MM, e.g. 2027-06-12T18:00 (read in the event's timezone), or add an offset: 2027-06-12T18:00+02:00",
    };
  }
  const why = impossibleDate(+m[1]!, +m[2]!, +m[3]!) ?? impossibleTime(+m[4]!, +m[5]!, +(m[6] ?? 0), m[8] === 'Z' ? undefined : m[8]);
  if (why) return { problem: `${value} is not a date-time: ${why}`, fix: 'write a day and time that exist, as YYYY-MM-DDTHH:MM (24-hour clock), e.g. 2027-06-12T18:00' };
  return undefined;
}
export const dateTimeInput = z.union(
  [
    z.date(),
    z.string().superRefine((value, ctx) => {
      const why = whyNotDateTime(value);
      if (why) ctx.addIssue(valueIssue(why.problem, why.fix, value));
    }),
  ],
  { error: dateTimeMessage },
);

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
        ctx.addIssue(editorIssue(altField, `the ${imageField} has no alt text`, `add \`${altField}:\` with a sentence describing what the picture shows, for readers who cannot see it`));
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
