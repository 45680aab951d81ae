import { contentManifest, type ContentManifest } from './manifest-schema';
import { parseCollection, readCollection } from './read-content';
import path from 'node:path';

const iso = (d: Date) => d.toISOString();

export async function buildManifest(contentDir: string): Promise<ContentManifest> {
  const root = path.dirname(contentDir);
  const [events, profiles, funds] = await Promise.all([
    readCollection(contentDir, 'events').then((e) => parseCollection(e, 'events', root)),
    readCollection(contentDir, 'profiles').then((e) => parseCollection(e, 'profiles', root)),
    readCollection(contentDir, 'funds').then((e) => parseCollection(e, 'funds', root)),
  ]);
  return contentManifest.parse({
    generatedAt: new Date().toISOString(),
    events: events.map(({ slug, data: e }) => ({
      slug,
      title: e.title,
      summary: e.summary,
      startsAt: iso(e.startsAt),
      endsAt: iso(e.endsAt),
      timezone: e.timezone,
      format: e.format,
      venue: e.venue,
      city: e.city,
      country: e.country,
      onlineUrl: e.onlineUrl,
      capacity: e.capacity ?? null,
      maxGuests: e.maxGuests,
      opensAt: e.opensAt ? iso(e.opensAt) : null,
      closesAt: iso(e.closesAt),
    })),
    mentors: profiles.flatMap(({ slug, data: p }) =>
      p.mentor
        ? [{ slug, name: p.name, role: p.role, organization: p.organization, industry: p.industry, city: p.city, country: p.country, languages: p.languages, ...p.mentor }]
        : [],
    ),
    funds: funds.map(({ slug, data: f }) => ({ slug, title: f.title, goal: f.goal, currency: f.currency, closes: f.closes ? iso(f.closes).slice(0, 10) : null })),
  });
}
