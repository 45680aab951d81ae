/**
 * The Markdown file `npm run new` writes for each kind of item: every field,
 * each with a comment saying what it is for (from the field guide), optional
 * ones that need real data left commented out. Stories, events and funds
 * start as drafts (`draft: true`), so a merged file is not published by
 * accident; the example values ("Your name", "Venue name and address") and the
 * body's example text are `content:check` findings until they are replaced.
 */
import { toSlug } from '../schemas';
import { fieldGuide } from '../content-check/field-guide';
import type { CollectionName } from '../content-check/load';

export const kinds = { story: 'stories', event: 'events', profile: 'profiles', fund: 'funds' } as const satisfies Record<string, CollectionName>;
export type Kind = keyof typeof kinds;

export interface TemplateInput {
  title: string;
  /** Today, for dates in the template. */
  today: Date;
  /** The tags editors may use, listed in a comment. */
  tags: readonly string[];
}

/** A field line: the value, or commented out (`null` value means "comment out the example"). */
type Line = [field: string, value: string | null];

/**
 * The example values `npm run new` writes, by field: `content:check` reports any
 * of them still there (rules/text.ts), so none reaches the site.
 */
export const placeholders = {
  summary: ['One or two sentences that make people want to read the story.', 'One or two sentences on what happens and who it is for.', 'One or two sentences on what a gift to this fund does.'],
  author: ['Your name'],
  venue: ['Venue name and address'],
  city: ['City'],
  country: ['Country'],
  degree: ['Degree and programme'],
  role: ['Job title'],
  organization: ['Employer or own company'],
  industry: ['Industry'],
} as const satisfies Record<string, readonly string[]>;

const quote = (text: string): string => JSON.stringify(text); // a JSON string is a valid YAML double-quoted string
const isoDay = (date: Date): string => date.toISOString().slice(0, 10);
const addDays = (date: Date, days: number): Date => new Date(date.getTime() + days * 86_400_000);

function fields(kind: Kind, { title, today }: TemplateInput): Line[] {
  switch (kind) {
    case 'story':
      return [
        ['title', quote(title)],
        ['summary', quote(placeholders.summary[0])],
        ['date', isoDay(today)],
        ['author', quote(placeholders.author[0])],
        ['tags', '[]'],
        ['profiles', '[]'],
        ['image', null],
        ['imageAlt', null],
        ['featured', 'false'],
        ['draft', 'true'],
        ['publishAt', null],
      ];
    case 'event': {
      const day = isoDay(addDays(today, 42));
      return [
        ['title', quote(title)],
        ['summary', quote(placeholders.summary[1])],
        ['start', `${day}T18:00`],
        ['end', `${day}T20:00`],
        ['timezone', 'Europe/Berlin'],
        ['format', 'in-person'],
        ['venue', quote(placeholders.venue[0])],
        ['city', quote(placeholders.city[0])],
        ['country', quote(placeholders.country[0])],
        ['onlineUrl', null],
        ['capacity', '100'],
        ['maxGuests', '0'],
        ['registrationOpens', null],
        ['registrationCloses', null],
        ['tags', '[]'],
        ['image', null],
        ['imageAlt', null],
        ['hosts', '[]'],
        ['draft', 'true'],
        ['publishAt', null],
        ['status', 'scheduled'],
        ['statusNote', null],
        ['reminders', '[2d, 2h]'],
        ['recordingUrl', null],
        ['materials', '[]'],
        ['whosComing', 'false'],
        ['confirmWithin', null],
      ];
    }
    case 'profile':
      return [
        ['name', quote(title)],
        ['classYear', String(today.getUTCFullYear() - 10)],
        ['degree', quote(placeholders.degree[0])],
        ['role', quote(placeholders.role[0])],
        ['organization', quote(placeholders.organization[0])],
        ['industry', quote(placeholders.industry[0])],
        ['city', quote(placeholders.city[0])],
        ['country', quote(placeholders.country[0])],
        ['languages', '[English]'],
        ['photo', null],
        ['photoAlt', null],
        ['links', '[]'],
        ['mentor', null],
        ['tags', '[]'],
      ];
    case 'fund':
      return [
        ['title', quote(title)],
        ['summary', quote(placeholders.summary[2])],
        ['goal', '100000'],
        ['currency', 'USD'],
        ['image', null],
        ['imageAlt', null],
        ['closes', null],
        ['draft', 'true'],
      ];
  }
}

/** The first line of each body `npm run new` writes: still there, it is a finding. */
export const bodyPlaceholders: readonly string[] = [
  'Start with the moment that makes this story worth telling, in two or three sentences.',
  'What the event is and who it is for, in two or three sentences.',
  'In their own words: what they studied, what they do now and what they are proud of.',
  'What a gift to this fund makes possible, in two or three sentences.',
];

const bodies: Record<Kind, string> = {
  story: `Start with the moment that makes this story worth telling, in two or three sentences.

## A heading for the next part

Tell the story in short paragraphs. Link to the people in it and to related events or funds, written like
\`[Amara Okafor](/profiles/amara-okafor/)\` with the address of the page on this site.

## What comes next

End with what readers can do: come to an event, ask for a mentor, give to a fund.
`,
  event: `What the event is and who it is for, in two or three sentences.

## Programme

- **18:00** Arrival
- **18:30** The main part
- **20:00** Close

## Practical details

Access (step-free? lift?), food, what to bring, how to get there. The join link of an online event is emailed to
registrants, so do not write it here.
`,
  profile: `In their own words: what they studied, what they do now and what they are proud of.

## Career

Two or three short paragraphs.

## Mentoring

If they mentor: what they can help with, and how they like to work.
`,
  fund: `What a gift to this fund makes possible, in two or three sentences.

## What your gift does

- **50** buys …
- **250** pays for …

## Who benefits

How recipients are chosen, and a story of one of them.
`,
};

/** Extra comments for fields whose guide line is not enough to fill them in. */
function extra(field: string, kind: Kind, { tags }: TemplateInput): string[] {
  if (field === 'tags') return [`# Choose from content/tags.yaml: ${tags.join(', ')}`];
  if (field === 'profiles' || field === 'hosts') return ['# For example [amara-okafor, li-wei-chen]; the names of files in content/profiles/.'];
  if (field === 'timezone') return ['# For example Europe/London, America/New_York, Asia/Singapore, Africa/Lagos.'];
  if (field === 'links' && kind === 'profile') return ['# For example:', '# links:', '#   - label: LinkedIn', '#     url: https://www.linkedin.com/in/their-name'];
  if (field === 'materials') return ['# For example:', '# materials:', '#   - label: Slides', '#     url: https://files.example.com/slides.pdf'];
  if (field === 'mentor') return ['#   available: true', '#   capacity: 2', '#   topics: [starting a company, changing careers]', '#   formats: [one-off, short-term, long-term]'];
  return [];
}

export function template(kind: Kind, input: TemplateInput): string {
  const guide = fieldGuide[kinds[kind]];
  const lines = ['---'];
  for (const [field, value] of fields(kind, input)) {
    const help = guide[field];
    if (!help) throw new Error(`No field guide entry for ${kinds[kind]}.${field}`);
    lines.push(`# ${help.optional ? 'Optional. ' : ''}${help.about}`);
    const more = extra(field, kind, input);
    if (value === null && field === 'mentor') lines.push('# mentor:', ...more);
    else if (value === null) lines.push(`# ${field}: ${help.example}`, ...more);
    else if (field === 'links' || field === 'materials') lines.push(`${field}: ${value}`, ...more);
    else lines.push(...more, `${field}: ${value}`);
  }
  lines.push('---', '');
  return lines.join('\n') + bodies[kind];
}

/** The file name for a title: "Class of 2017 Reunion" → "class-of-2017-reunion". Long titles are cut at a word. */
export function slugFor(title: string): string {
  const slug = toSlug(title);
  if (slug.length <= 60) return slug;
  return slug.slice(0, 61).replace(/-[^-]*$/, '');
}
