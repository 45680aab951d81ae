/**
 * The static filter indexes of the directory (`/profiles/index.json`) and the
 * stories list (`/stories/index.json`): one compact row per profile or story,
 * with repeated values (industries, countries, languages, tags, images) kept
 * once in a table and named by their position. Written at build time by
 * site/pages/profiles/index.json.ts and site/pages/stories/index.json.ts, read
 * in the browser by site/scripts/directory-filter.ts and story-filter.ts,
 * which build the same cards as ProfileCard.astro and StoryCard.astro.
 *
 * Addresses in an index are the site's own (`/profiles/x/`, `/_astro/…`); a
 * script puts the base path in front (a pull request's preview).
 */

/** Alumni on one page of the directory (/profiles/) and of each filter value's pages. */
export const PROFILES_PER_PAGE = 24;

/** An optimised image as the card's <img> uses it. */
export interface IndexImage {
  src: string;
  srcset: string;
  width: number;
  height: number;
  alt: string;
}

/** [label, slug] of a filter value. */
export type IndexValue = [label: string, slug: string];

/** A profile: slug, name, class year, degree, role, organisation, industry, city, country, languages, open to mentoring (1/0), photo (-1: none). */
export type ProfileRow = [
  slug: string,
  name: string,
  year: number,
  degree: string,
  role: string,
  organization: string,
  industry: number,
  city: string,
  country: number,
  languages: number[],
  mentor: 0 | 1,
  photo: number,
];

export interface DirectoryIndex {
  industries: IndexValue[];
  countries: IndexValue[];
  languages: IndexValue[];
  photos: IndexImage[];
  /** In the directory's order (by name). */
  profiles: ProfileRow[];
}

/** A story: slug, title, date (YYYY-MM-DD), tags, summary, image (-1: none). */
export type StoryRow = [slug: string, title: string, date: string, tags: number[], summary: string, image: number];

export interface StoryIndex {
  /** Tag slugs; the label is tagLabel(tag). */
  tags: string[];
  images: IndexImage[];
  /** Newest first, as the stories list. */
  stories: StoryRow[];
}

/** Keeps each distinct value once and gives its position. */
export function table<T>(key: (value: T) => string = String): { values: T[]; id: (value: T) => number } {
  const values: T[] = [];
  const ids = new Map<string, number>();
  return {
    values,
    id: (value) => {
      const k = key(value);
      let id = ids.get(k);
      if (id === undefined) {
        id = values.length;
        ids.set(k, id);
        values.push(value);
      }
      return id;
    },
  };
}

/** A filter value in addresses: "United Kingdom" → "united-kingdom", "São Tomé" → "sao-tome". */
export function valueSlug(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
