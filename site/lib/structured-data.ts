/** JSON-LD (schema.org) for stories, events and profiles, so search engines read them right. */
import { SITE } from '../consts';
import type { Event, Profile, Story } from './content';
import { isoInZone } from './format';

type Thing = Record<string, unknown>;

const university = (): Thing => ({ '@type': 'CollegeOrUniversity', name: SITE.university, url: SITE.universityUrl });

const absolute = (path: string, site: URL) => new URL(path, site).href;

export function personLd(profile: Profile, site: URL, image?: string): Thing {
  const p = profile.data;
  return {
    '@context': 'https://schema.org',
    '@type': 'Person',
    name: p.name,
    url: absolute(`/profiles/${profile.id}/`, site),
    jobTitle: p.role,
    worksFor: { '@type': 'Organization', name: p.organization },
    alumniOf: university(),
    address: { '@type': 'PostalAddress', addressLocality: p.city, addressCountry: p.country },
    knowsLanguage: p.languages,
    ...(p.links.length > 0 && { sameAs: p.links.map((l) => l.url) }),
    ...(image && { image: absolute(image, site) }),
  };
}

export function articleLd(story: Story, site: URL, featured: Profile[], image?: string): Thing {
  const s = story.data;
  const url = absolute(`/stories/${story.id}/`, site);
  return {
    '@context': 'https://schema.org',
    '@type': 'Article',
    headline: s.title,
    description: s.summary,
    datePublished: s.date.toISOString().slice(0, 10),
    author: { '@type': 'Person', name: s.author },
    publisher: { '@type': 'Organization', name: SITE.university, url: SITE.universityUrl },
    mainEntityOfPage: url,
    url,
    keywords: s.tags.join(', '),
    ...(featured.length > 0 && { about: featured.map((p) => ({ '@type': 'Person', name: p.data.name, url: absolute(`/profiles/${p.id}/`, site) })) }),
    ...(image && { image: absolute(image, site) }),
  };
}

/** schema.org's word for each status (a postponed event keeps its old dates until the new ones are written). */
const eventStatusLd = { scheduled: 'EventScheduled', postponed: 'EventPostponed', cancelled: 'EventCancelled' } as const;

export function eventLd(event: Event, site: URL, hosts: Profile[], image?: string): Thing {
  const e = event.data;
  const url = absolute(`/events/${event.id}/`, site);
  const place = { '@type': 'Place', name: e.venue, address: { '@type': 'PostalAddress', addressLocality: e.city, addressCountry: e.country } };
  // The join link is private: the virtual location points at the event page.
  const virtual = { '@type': 'VirtualLocation', url };
  const mode = { 'in-person': 'OfflineEventAttendanceMode', online: 'OnlineEventAttendanceMode', hybrid: 'MixedEventAttendanceMode' }[e.format];
  return {
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: e.title,
    description: e.summary,
    url,
    startDate: isoInZone(e.startsAt, e.timezone),
    endDate: isoInZone(e.endsAt, e.timezone),
    eventStatus: `https://schema.org/${eventStatusLd[e.status]}`,
    eventAttendanceMode: `https://schema.org/${mode}`,
    location: e.format === 'online' ? virtual : e.format === 'hybrid' ? [place, virtual] : place,
    organizer: { '@type': 'Organization', name: SITE.university, url: SITE.universityUrl },
    isAccessibleForFree: true,
    ...(e.capacity !== undefined && { maximumAttendeeCapacity: e.capacity }),
    ...(hosts.length > 0 && { performer: hosts.map((h) => ({ '@type': 'Person', name: h.data.name, url: absolute(`/profiles/${h.id}/`, site) })) }),
    ...(image && { image: absolute(image, site) }),
  };
}

export function websiteLd(site: URL): Thing {
  return {
    '@context': 'https://schema.org',
    '@type': 'WebSite',
    name: SITE.name,
    url: site.href,
    publisher: university(),
    potentialAction: { '@type': 'SearchAction', target: `${absolute('/search/', site)}?q={query}`, 'query-input': 'required name=query' },
  };
}

/** JSON for a `<script type="application/ld+json">`: `<` escaped so content cannot close the element. */
export const ldJson = (thing: Thing): string => JSON.stringify(thing).replace(/</g, '\\u003c');
