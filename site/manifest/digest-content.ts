/**
 * The newsletter's content, generated from `content/` next to the content
 * manifest (`npm run manifest` writes functions/generated/digest-content.json)
 * and bundled into the newsletter functions: the published stories, events and
 * funds a digest may mention, with their pages' addresses as paths, the topics
 * (content/tags.yaml) and the regions a subscriber may choose. Mentors and
 * their capacities come from the content manifest; their free places from the
 * table when an issue is sent.
 */
import path from 'node:path';
import { readTagList } from '../content-check/tag-list';
import { continentOfZone, continents, eventRegions } from '../lib/regions';
import { parseCollection, readCollection } from './read-content';
import { isPublished } from '../lib/published';

export interface DigestStory {
  slug: string;
  title: string;
  summary: string;
  tags: string[];
  /** Publication day, YYYY-MM-DD. */
  date: string;
  /** When it appeared on the site (publishAt, else the day). */
  publishedAt: string;
  path: string;
}

export interface DigestEvent {
  slug: string;
  title: string;
  summary: string;
  startsAt: string;
  endsAt: string;
  timezone: string;
  format: string;
  city?: string | undefined;
  country?: string | undefined;
  continent?: string | undefined;
  /** Continent and country; absent for online events, which belong to every region. */
  regions?: string[] | undefined;
  tags: string[];
  path: string;
}

export interface DigestFund {
  slug: string;
  title: string;
  summary: string;
  /** Minor units. */
  goal: number;
  currency: string;
  closes: string | null;
  path: string;
}

export interface DigestContent {
  generatedAt: string;
  /** Every topic a subscriber may choose: the tags of content/tags.yaml. */
  topics: string[];
  /** Every region a subscriber may choose: the continents, then the countries events name. */
  regions: string[];
  stories: DigestStory[];
  events: DigestEvent[];
  funds: DigestFund[];
}

export async function buildDigestContent(contentDir: string, now = new Date()): Promise<DigestContent> {
  const root = path.dirname(contentDir);
  const [tagList, storyEntries, eventEntries, fundEntries] = await Promise.all([
    readTagList(root),
    readCollection(contentDir, 'stories'),
    readCollection(contentDir, 'events'),
    readCollection(contentDir, 'funds'),
  ]);
  const stories = parseCollection(storyEntries, 'stories', root)
    .filter((s) => isPublished(s.data, now))
    .map(({ slug, data }) => ({
      slug,
      title: data.title,
      summary: data.summary,
      tags: data.tags,
      date: data.date.toISOString().slice(0, 10),
      publishedAt: (data.publishesAt ?? data.date).toISOString(),
      path: `/stories/${slug}/`,
    }))
    .sort((a, b) => b.publishedAt.localeCompare(a.publishedAt));
  const events = parseCollection(eventEntries, 'events', root)
    .filter((e) => isPublished(e.data, now))
    .map(({ slug, data }) => ({
      slug,
      title: data.title,
      summary: data.summary,
      startsAt: data.startsAt.toISOString(),
      endsAt: data.endsAt.toISOString(),
      timezone: data.timezone,
      format: data.format,
      city: data.city,
      country: data.country,
      continent: continentOfZone(data.timezone),
      regions: eventRegions(data),
      tags: data.tags,
      path: `/events/${slug}/`,
    }))
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const funds = parseCollection(fundEntries, 'funds', root)
    .filter((f) => !f.data.draft)
    .map(({ slug, data }) => ({
      slug,
      title: data.title,
      summary: data.summary,
      goal: data.goalMinor,
      currency: data.currency,
      closes: data.closes ? data.closes.toISOString().slice(0, 10) : null,
      path: `/funds/${slug}/`,
    }));
  return { generatedAt: now.toISOString(), ...choices(tagList, events), stories, events, funds };
}

/** What a subscriber may choose: every tag of content/tags.yaml, and the continents, then the countries events name. */
function choices(tagList: { tags: Iterable<string> }, events: ReadonlyArray<{ country?: string | undefined }>): Pick<DigestContent, 'topics' | 'regions'> {
  const countries = [...new Set(events.flatMap((e) => (e.country ? [e.country] : [])))].sort((a, b) => a.localeCompare(b));
  return { topics: [...tagList.tags], regions: [...continents, ...countries] };
}

/**
 * The topics and regions of `buildDigestContent(contentDir, now)` without
 * reading the stories and funds: the newsletter pages offer them, and a site
 * of thousands of stories would otherwise read and check every story for them.
 */
export async function readDigestChoices(contentDir: string, now = new Date()): Promise<Pick<DigestContent, 'topics' | 'regions'>> {
  const root = path.dirname(contentDir);
  const [tagList, eventEntries] = await Promise.all([readTagList(root), readCollection(contentDir, 'events')]);
  const events = parseCollection(eventEntries, 'events', root).filter((e) => isPublished(e.data, now));
  return choices(
    tagList,
    events.map((e) => e.data),
  );
}
