/**
 * Site-wide constants: the one place a university changes to make the site its own.
 * The public address comes from `site` in astro.config.mjs (SITE_URL when deploying).
 */
export const SITE = {
  /** Shown in the header, titles and feeds. */
  name: 'Northbridge Alumni',
  /** The institution whose alumni these are. */
  university: 'Northbridge University',
  /** Short name for tight spots. */
  shortName: 'Northbridge',
  tagline: 'Stories, events and mentoring from the Northbridge University alumni community.',
  description: 'The Northbridge University alumni community: success stories, reunions and webinars around the world, alumni profiles, mentoring and giving.',
  /** BCP 47 language of the content. */
  lang: 'en',
  /** Locale used to format dates, times and amounts (en-GB: day month year, 24-hour clock). */
  locale: 'en-GB',
  /** The university's IANA time zone: a story's `publishAt` without an offset is read in it. */
  timeZone: 'Europe/London',
  /** Optional X (Twitter) handle for cards, e.g. "@northbridge"; leave empty for none. */
  twitterHandle: '',
  /** The university's own website, for links and structured data. */
  universityUrl: 'https://www.example.edu/',
} as const;

/** Stories on one page of /stories/. */
export const STORIES_PER_PAGE = 9;

/** How many upcoming events the home page shows. */
export const HOME_EVENTS = 3;

/** Words read per minute, for "5 min read". */
export const READING_WORDS_PER_MINUTE = 220;

/** Stories a profile page shows before linking to the paged list of all the stories featuring them. */
export const PROFILE_STORIES = 3;
