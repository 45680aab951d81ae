/**
 * Content fixtures for API tests: events dated relative to now, so tests do
 * not depend on the sample content or on the day they run.
 */
import type { ContentManifest, ManifestEvent, ManifestMentor } from '../../site/manifest/manifest-schema';

const day = 86_400_000;
const iso = (msFromNow: number) => new Date(Date.now() + msFromNow).toISOString();

export function fixtureEvent(slug: string, overrides: Partial<ManifestEvent> = {}): ManifestEvent {
  return {
    slug,
    title: `Test event ${slug}`,
    summary: 'An event made up for the API tests.',
    startsAt: iso(30 * day),
    endsAt: iso(30 * day + 4 * 3_600_000),
    timezone: 'Europe/Berlin',
    format: 'in-person',
    venue: 'Old Library Hall',
    city: 'Berlin',
    country: 'Germany',
    capacity: 50,
    maxGuests: 2,
    opensAt: null,
    closesAt: iso(29 * day),
    status: 'scheduled',
    reminders: ['2d', '2h'],
    materials: [],
    whosComing: false,
    ...overrides,
  };
}

export function fixtureManifest(events: ManifestEvent[]): ContentManifest {
  return { generatedAt: new Date().toISOString(), events, mentors: [], funds: [] };
}

export const days = (n: number) => n * day;
export { iso as fromNow };

/** A mentor profile as the manifest carries it; the name defaults to the slug in words ("li-wei" → "Li Wei"). */
export function fixtureMentor(slug: string, overrides: Partial<ManifestMentor> = {}): ManifestMentor {
  return {
    slug,
    name: slug
      .split('-')
      .map((w) => w[0]!.toUpperCase() + w.slice(1))
      .join(' '),
    role: 'Director',
    organization: 'Example Ltd',
    industry: 'Technology',
    city: 'Singapore',
    country: 'Singapore',
    languages: ['English'],
    available: true,
    capacity: 2,
    topics: ['product management'],
    formats: ['one-off', 'short-term'],
    ...overrides,
  };
}
