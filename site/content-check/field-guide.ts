/**
 * What each front-matter field means and an example of it, in editors' words.
 * Used for the "what to write" hints of `content:check` and the comments of
 * `npm run new`; a test keeps it in step with the schemas in `site/schemas/`.
 */
import type { CollectionName } from './load';

export interface FieldHelp {
  /** One line on what the field is for. */
  about: string;
  /** A value as it is written in YAML. */
  example: string;
  /** May be left out. */
  optional?: true;
}

type Guide = Record<string, FieldHelp>;

const image: Guide = {
  image: { about: 'Picture: a file next to this one (./picture.jpg) or under content/images/ (../images/picture.jpg).', example: '../images/picture.jpg', optional: true },
  imageAlt: {
    about: 'What the picture shows, for readers who cannot see it. Needed whenever there is an image.',
    example: 'Graduates in blue gowns throwing caps in front of the Old Library',
    optional: true,
  },
};

const stories: Guide = {
  title: { about: 'Headline, shown on cards and at the top of the page (120 characters at most).', example: 'From Banking to Diagnostics at Thirty-Eight' },
  summary: { about: 'One or two sentences for cards and the feed (200 characters at most).', example: 'Priya Raman left banking to bring low-cost medical tests to rural clinics.' },
  date: { about: 'Publication date, YYYY-MM-DD. Stories are listed newest first.', example: '2026-06-03' },
  author: { about: 'Who wrote the story, as it should appear on the page.', example: 'Grace Adeyemi, Alumni Relations' },
  tags: { about: 'Topics, from content/tags.yaml, in square brackets.', example: '[career-change, healthcare]', optional: true },
  profiles: { about: 'The alumni the story features: file names of their profiles, without .md.', example: '[priya-raman]', optional: true },
  ...image,
  featured: { about: 'true to show the story on the home page.', example: 'false', optional: true },
  draft: { about: 'true hides the story from the site while you are still writing it; set false to publish.', example: 'false', optional: true },
  publishAt: {
    about: 'Publish later: the story appears with the first site build after this date and time (UK time unless you add an offset). Leave it out to publish when the change is merged.',
    example: '2027-03-01T09:00',
    optional: true,
  },
};

const events: Guide = {
  title: { about: 'Name of the event (120 characters at most).', example: 'Class of 2017 Ten-Year Reunion' },
  summary: { about: 'One or two sentences for cards and calendars (200 characters at most).', example: 'Back on campus for tours, talks and a dinner.' },
  start: { about: 'When it starts, as local time in `timezone`: YYYY-MM-DDTHH:MM (24-hour clock).', example: '2027-06-12T17:00' },
  end: { about: 'When it ends, after `start`, in the same form.', example: '2027-06-12T23:00' },
  timezone: { about: "Time zone of the times above: an IANA name. Online events use the host's zone.", example: 'Europe/Berlin' },
  format: { about: 'in-person, online or hybrid.', example: 'in-person' },
  venue: { about: 'Venue name and address, for in-person and hybrid events.', example: 'Old Library Hall', optional: true },
  city: { about: 'City, for in-person and hybrid events.', example: 'Berlin', optional: true },
  country: { about: 'Country, for in-person and hybrid events.', example: 'Germany', optional: true },
  onlineUrl: { about: 'Join link for online and hybrid events. Never shown on the page: it is emailed to registrants.', example: 'https://meet.example.com/your-event', optional: true },
  capacity: { about: 'Places, counting guests. Leave it out for no limit; 0 means waitlist only.', example: '120', optional: true },
  maxGuests: { about: 'Guests each person may bring (0 to 10).', example: '1', optional: true },
  registrationOpens: { about: 'When registration opens, in `timezone`. Leave it out to open on publication.', example: '2027-01-10T09:00', optional: true },
  registrationCloses: { about: 'When registration closes, before `start`. It also closes when the event starts.', example: '2027-06-05T23:59', optional: true },
  tags: { about: 'Topics, from content/tags.yaml, in square brackets.', example: '[reunion, networking]', optional: true },
  ...image,
  hosts: { about: 'Who hosts it: file names of their profiles, without .md.', example: '[jonas-becker]', optional: true },
  draft: { about: 'true keeps the event off the site, and registration closed, while you prepare it; set false to publish.', example: 'false', optional: true },
  publishAt: {
    about: 'Publish later: the event appears with the first site build after this time, in `timezone`. Leave it out to publish when the change is merged.',
    example: '2027-03-01T09:00',
    optional: true,
  },
  status: {
    about: 'scheduled, postponed or cancelled: shown on the page and cards, and emailed to registrants when it changes. A cancelled event takes no registrations.',
    example: 'scheduled',
    optional: true,
  },
  statusNote: {
    about: 'One or two sentences about a postponement or cancellation (300 characters at most), shown with the status and put in the email.',
    example: 'The venue flooded; a new date follows in March.',
    optional: true,
  },
  reminders: { about: 'When registrants are reminded, before the start: a whole number and d, h or m, at most 60d. [2d, 2h] if left out, [] for none.', example: '[2d, 2h]', optional: true },
  recordingUrl: {
    about: 'Link to the recording, once there is one: shown on the page after the event and emailed once to everyone who registered.',
    example: 'https://video.example.com/your-event',
    optional: true,
  },
  materials: {
    about: 'Slides and other materials, shown after the event and sent with the thank-you: each with a label and a full https:// address (10 at most).',
    example: '\n  - label: Slides\n    url: https://files.example.com/slides.pdf',
    optional: true,
  },
  'materials.label': { about: 'What the reader sees.', example: 'Slides' },
  'materials.url': { about: 'The full address.', example: 'https://files.example.com/slides.pdf' },
  whosComing: { about: 'true lists, on the page, the names and class years of registrants who chose to be listed.', example: 'false', optional: true },
  confirmWithin: {
    about:
      'For events that always sell out: a new registration holds its places until the person clicks the confirm link in their email within this time (15m to 7d); unconfirmed places go to the waitlist. Leave it out for no hold.',
    example: '2h',
    optional: true,
  },
};

const profiles: Guide = {
  name: { about: 'Full name as they want it shown.', example: 'Amara Okafor' },
  classYear: { about: 'Year they graduated (or will).', example: '2011' },
  degree: { about: 'Degree and programme.', example: 'BSc Economics' },
  role: { about: 'Current job title.', example: 'Co-founder and CEO' },
  organization: { about: 'Employer or own company.', example: 'Kudi Rails' },
  industry: { about: 'Industry, used by the directory filter and mentor matching. Reuse an existing spelling.', example: 'Financial Services' },
  city: { about: 'City they live in.', example: 'Lagos' },
  country: { about: 'Country they live in.', example: 'Nigeria' },
  languages: { about: 'Languages they speak, in square brackets.', example: '[English, Yoruba, French]' },
  photo: { about: 'Portrait: a file next to this one or under content/images/. Only with their consent.', example: '../images/amara-okafor.jpg', optional: true },
  photoAlt: { about: 'What the portrait shows. Needed whenever there is a photo.', example: 'Amara Okafor smiling in front of a market stall', optional: true },
  links: { about: 'Links they chose to publish, each with a label and a full https:// address.', example: '\n  - label: LinkedIn\n    url: https://www.linkedin.com/in/example', optional: true },
  'links.label': { about: 'What the reader sees.', example: 'LinkedIn' },
  'links.url': { about: 'The full address.', example: 'https://www.linkedin.com/in/example' },
  mentor: { about: 'Their mentoring offer, if they mentor.', example: '\n  available: true\n  capacity: 2', optional: true },
  'mentor.available': { about: 'true while they take new mentees.', example: 'true' },
  'mentor.capacity': { about: 'How many mentees at once.', example: '2' },
  'mentor.topics': { about: 'What they mentor on, in plain words.', example: '[fundraising, starting a company]', optional: true },
  'mentor.formats': { about: 'one-off, short-term and/or long-term.', example: '[one-off, short-term]', optional: true },
  tags: { about: 'Topics, from content/tags.yaml, in square brackets.', example: '[entrepreneurship, fintech]', optional: true },
};

const funds: Guide = {
  title: { about: 'Name of the fund.', example: 'First-Generation Scholarship' },
  summary: { about: 'One or two sentences for cards (200 characters at most).', example: 'Full scholarships for students who are the first in their family at university.' },
  goal: { about: "Target, a whole amount in the fund's currency, without separators: 250000 is 250,000.", example: '250000' },
  currency: { about: 'ISO 4217 currency code of every gift to this fund.', example: 'USD' },
  ...image,
  closes: { about: 'Last day to give, YYYY-MM-DD. Leave it out for a fund that stays open.', example: '2027-06-30', optional: true },
  draft: { about: 'true keeps the fund off the site, and closed to gifts, while you prepare it; set false to publish.', example: 'false', optional: true },
};

const pages: Guide = {
  title: { about: 'Heading at the top of the page (120 characters at most).', example: 'Guidelines for mentors and mentees' },
  description: {
    about: 'One or two sentences for search results and link previews (200 characters at most).',
    example: 'What to expect from a mentorship, how to end it well, and how to report a problem.',
  },
  updated: { about: 'When the text was last reviewed, YYYY-MM-DD; shown under the heading.', example: '2026-11-20', optional: true },
};

export const fieldGuide: Record<CollectionName, Guide> = { stories, events, profiles, funds, pages };

/** Help for a field path such as ["mentor", "capacity"] or ["links", 0, "url"]. */
export function helpFor(collection: CollectionName, path: readonly PropertyKey[]): FieldHelp | undefined {
  const key = path.filter((part) => typeof part === 'string').join('.');
  return fieldGuide[collection][key];
}

/** Singular names, for messages: "a story", "an event". */
export const itemName: Record<CollectionName, string> = { stories: 'a story', events: 'an event', profiles: 'a profile', funds: 'a fund', pages: 'a page' };
