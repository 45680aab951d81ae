/**
 * The alumni directory's filters, shared by its pages and its filter index:
 * each filter (industry, country, class year, language, open to mentoring),
 * its values with their address slug and count, and which profiles match.
 *
 * Without scripting every value has its own paged list (`/profiles/industry/technology/`,
 * `/profiles/year/2012/`, `/profiles/mentors/`); with scripting the filter form
 * narrows the list in the browser from `/profiles/index.json`
 * (site/scripts/directory-filter.ts), and the address keeps the choice as
 * `?industry=technology&year=2012&mentor=yes`, the same slugs.
 */
import { isMentor, type Profile } from './content';
import { valueSlug } from './list-index';

export { valueSlug };

export const facetNames = ['industry', 'country', 'year', 'language'] as const;
export type FacetName = (typeof facetNames)[number];

/** How each filter is named on the page. */
export const facetLabels: Record<FacetName, { label: string; all: string; plural: string }> = {
  industry: { label: 'Industry', all: 'All industries', plural: 'industries' },
  country: { label: 'Country', all: 'All countries', plural: 'countries' },
  year: { label: 'Class year', all: 'All years', plural: 'class years' },
  language: { label: 'Language', all: 'All languages', plural: 'languages' },
};

export interface FacetValue {
  /** As written in the content, e.g. "United Kingdom". */
  label: string;
  /** In addresses, e.g. "united-kingdom". */
  slug: string;
  count: number;
}

/** The values one profile has for a filter (a profile speaks several languages). */
export function profileValues(p: Profile, facet: FacetName): string[] {
  switch (facet) {
    case 'industry':
      return [p.data.industry];
    case 'country':
      return [p.data.country];
    case 'year':
      return [String(p.data.classYear)];
    case 'language':
      return p.data.languages;
  }
}

export interface Facet {
  name: FacetName;
  values: FacetValue[];
}

/**
 * Every filter's values among `profiles`, alphabetical (years newest first).
 * Two values that would share an address (e.g. "Data science" and
 * "Data Science") stop the build with what to change.
 */
export function directoryFacets(profiles: readonly Profile[]): Facet[] {
  return facetNames.map((name) => {
    const counts = new Map<string, number>();
    for (const p of profiles) for (const v of new Set(profileValues(p, name))) counts.set(v, (counts.get(v) ?? 0) + 1);
    const values = [...counts].map(([label, count]) => ({ label, slug: valueSlug(label), count }));
    values.sort(name === 'year' ? (a, b) => Number(b.label) - Number(a.label) : (a, b) => a.label.localeCompare(b.label, 'en'));
    const bySlug = new Map<string, string>();
    for (const v of values) {
      const other = bySlug.get(v.slug);
      if (other !== undefined || v.slug === '') {
        throw new Error(
          `The directory's ${facetLabels[name].label.toLowerCase()} filter has "${v.label}"${other === undefined ? '' : ` and "${other}"`}, which cannot have an address of their own: write them the same way in every profile, with at least one letter or digit.`,
        );
      }
      bySlug.set(v.slug, v.label);
    }
    return { name, values };
  });
}

/** The profiles with `slug` as their value for `facet`. */
export function profilesWith(profiles: readonly Profile[], facet: FacetName, slug: string): Profile[] {
  return profiles.filter((p) => profileValues(p, facet).some((v) => valueSlug(v) === slug));
}

export const mentors = (profiles: readonly Profile[]): Profile[] => profiles.filter(isMentor);

/** Folder names under /profiles/ that are the directory's own: a profile cannot take one as its slug. */
const reserved = new Set<string>([...facetNames, 'mentors', 'index.json']);

/** Stops the build when a profile's slug would take a directory page's address (`/profiles/2/`, `/profiles/mentors/`). */
export function checkProfileSlugs(profiles: readonly Profile[]): void {
  for (const p of profiles) {
    if (reserved.has(p.id) || /^\d+$/.test(p.id)) {
      throw new Error(`The profile file "${p.id}" would take the address of a directory page (/profiles/${p.id}/): rename the file, e.g. after the person's name.`);
    }
  }
}
