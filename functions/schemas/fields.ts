/**
 * Field rules shared by the request schemas. Plain zod, no Node imports and no
 * side effects: the React islands import these too, so a form and the API
 * judge input alike and show the same messages.
 *
 * zod/mini (the same zod 4 core, a functional API): a bundler keeps only the
 * checks used, so the forms ship a fraction of classic zod's method-laden
 * classes. Checks run in the order written, as classic zod's chained methods do.
 */
import * as z from 'zod/mini';

// Control characters other than tab and line breaks (C0, DEL and all of C1), and bidirectional overrides that can disguise text.
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
const controlCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
// What a single line may not hold on top of that: tab, CR, LF and the Unicode line and paragraph separators, so a
// name cannot start a paragraph of its own in an email, a CSV export or a log line.
const lineBreaks = /[\t\n\r\u2028\u2029]/;
// Characters that show nothing: whitespace of every kind, zero-width spaces and joiners, the word joiner and other
// invisible operators, the soft hyphen, variation selectors, fillers and the byte-order mark. A value made only of these looks empty.
// eslint-disable-next-line no-misleading-character-class -- the combining marks (U+034F, variation selectors) are listed on purpose, each one alone
const invisible = /[\s\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u2060-\u206F\u2800\u3164\uFE00-\uFE0F\uFEFF\uFFA0]/gu;
// Something a browser would read as the start of a tag: "<b", "</", "<!", "<?".
const markup = /<\s*[a-zA-Z!/?]/;

/** Zones already found valid (bounded: the IANA list has about 600, and a client may vary their case). */
const knownTimeZones = new Set<string>();

/**
 * An IANA time-zone name the runtime knows, e.g. "America/Sao_Paulo". (The
 * content schemas have the same check; it is repeated here so that functions
 * and form islands do not bundle the content schemas.)
 */
export function isTimeZone(value: string): boolean {
  if (!value.includes('/') && value !== 'UTC') return false;
  if (knownTimeZones.has(value)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
  } catch {
    return false;
  }
  // Building a formatter costs about a millisecond, on every registration; the zones people send are few.
  if (knownTimeZones.size < 1_000) knownTimeZones.add(value);
  return true;
}

/** The message for a missing value, or for a value of the wrong type. */
const missingOr = (missing: string, wrongType: string) => (issue: { input?: unknown }) => (issue.input === undefined ? missing : wrongType);

/** Trimmed, NFC-normalised text without control characters (line breaks and tabs allowed) or HTML, at most `max` characters. */
export function text(max: number, label: string, missing = `Enter ${label.toLowerCase()}.`) {
  return z.string({ error: missingOr(missing, `${label} must be text.`) }).check(
    z.trim(),
    z.normalize('NFC'),
    z.maxLength(max, `Keep ${label.toLowerCase()} to ${max} characters.`),
    z.refine((v) => !controlCharacters.test(v), `${label} contains characters that cannot be used.`),
    z.refine((v) => !markup.test(v), `Please remove the HTML from ${label.toLowerCase()}.`),
  );
}

/** Whether a value shows nothing at all (empty, or only invisible characters). */
export function looksEmpty(value: string): boolean {
  return value.replace(invisible, '') === '';
}

/**
 * A single line (names, class, programme, dietary and access needs, a dedication): text as above, and no tab, line
 * break or line separator, and not a value made only of invisible characters.
 */
export function line(max: number, label: string, missing = `Enter ${label.toLowerCase()}.`) {
  return text(max, label, missing).check(
    z.refine((v) => !lineBreaks.test(v), `${label} must be one line, without tabs or line breaks.`),
    z.refine((v) => v === '' || !looksEmpty(v), `${label} contains only invisible characters.`),
  );
}

/** Not given, or given as an empty string: either way left out of the output. */
const emptyAsNotGiven = (schema: z.ZodMiniType<string, string>) =>
  z.pipe(
    z.optional(schema),
    z.transform((v: string | undefined) => (v ? v : undefined)),
  );

/** Optional free text over several lines: an empty string counts as not given. */
export function optionalText(max: number, label: string) {
  return emptyAsNotGiven(text(max, label));
}

/** An optional single line: an empty string counts as not given. */
export function optionalLine(max: number, label: string) {
  return emptyAsNotGiven(line(max, label));
}

export const personName = line(100, 'Your name', 'Enter your name.').check(
  z.refine((v) => v.length > 0, 'Enter your name.'),
  z.refine((v) => !/[<>]/.test(v), 'A name cannot contain < or >.'),
);

export const emailAddress = z.pipe(
  z.string({ error: missingOr('Enter your email address.', 'Enter your email address as text.') }).check(z.trim(), z.maxLength(254, 'An email address has at most 254 characters.')),
  z.email('Enter a valid email address, like name@example.org.'),
);

/** A class year from 1900 to six years ahead (students who have not graduated yet). */
export const classYear = z.int({ error: 'Write the class year as a whole number, e.g. 2012.' }).check(
  z.gte(1900, 'Write a class year from 1900 on.'),
  z.refine((y) => y <= new Date().getUTCFullYear() + 6, 'That class year is too far in the future.'),
);

export const timeZone = z
  .string({ error: 'The time zone must be text, e.g. "Europe/Berlin".' })
  .check(z.trim(), z.maxLength(64, 'Use an IANA time-zone name, e.g. "Europe/Berlin".'), z.refine(isTimeZone, 'Use an IANA time-zone name, e.g. "Europe/Berlin".'));

export const consent = z.literal(true, { error: 'Please agree so that we can use your details for this.' });

/** The honeypot: hidden from people, so anything in it means a bot. */
export const honeypot = z.optional(z.string({ error: 'Leave this field empty.' }).check(z.maxLength(200, 'Leave this field empty.')));

export const slugField = (label: string) =>
  z
    .string({ error: missingOr(`Choose ${label.toLowerCase()}.`, `${label} must be text.`) })
    .check(z.trim(), z.regex(/^[a-z0-9]+(?:-[a-z0-9]+){0,20}$/, `${label} is not one we know.`), z.maxLength(100, `${label} is not one we know.`));

/** A whole number from `min` to `max`, with one message for each way it can be wrong. */
export const intBetween = (min: number, max: number, wrongType: string, below: string, above: string) => z.int({ error: wrongType }).check(z.gte(min, below), z.lte(max, above));

export function textList(item: z.ZodMiniType<string, string>, max: number, label: string) {
  return z.array(item, { error: missingOr(`Choose ${label.toLowerCase()}.`, `${label} must be a list.`) }).check(z.maxLength(max, `Choose at most ${max} ${label.toLowerCase()}.`));
}
