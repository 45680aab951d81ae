/**
 * One subscriber's digest, chosen from the site's content when an issue is
 * sent (pure: the issue worker gathers mentor loads and fund totals once and
 * calls this per subscriber):
 *
 * - stories published since the previous issue of the subscriber's frequency,
 *   in their topics (all topics when they chose none), newest first;
 * - upcoming events in the next 60 days in their regions (a region is a
 *   continent or a country; online events are in every region), soonest first;
 * - mentors with free places whose topics meet theirs: a mentor's topics are
 *   free text ("careers in finance"), so a tag matches a topic that contains
 *   its words ("finance");
 * - every open fund with its progress.
 */
import { SITE } from '../../site/consts';
import type { ManifestMentor } from '../../site/manifest/manifest-schema';
import type { DigestContent } from './content';
import type { DigestFundItem, DigestMentorItem, NewsletterEmailData } from './emails';
import type { SubscriptionItem } from './store';

export const limits = { stories: 5, events: 5, mentors: 3 } as const;
export const eventHorizonDays = 60;

/** What an issue knows once, for every subscriber. */
export interface IssueMaterial {
  content: DigestContent;
  mentors: Array<ManifestMentor & { freePlaces: number }>;
  funds: DigestFundItem[];
  siteUrl: string;
  now: Date;
  title: string;
}

const stem = (word: string) => word.toLowerCase().replace(/s$/, '');

/** Whether a tag ("career-change") is about a mentor's topic ("career change after 30"). */
export function tagMeetsTopic(tag: string, topic: string): boolean {
  const words = new Set(
    topic
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean)
      .map(stem),
  );
  return tag.split('-').every((w) => words.has(stem(w)));
}

const inRegions = (wanted: string[], regions: string[] | undefined) => regions === undefined || wanted.length === 0 || regions.some((r) => wanted.includes(r));
const inTopics = (wanted: string[], tags: string[]) => wanted.length === 0 || tags.some((t) => wanted.includes(t));

export function digestFor(
  material: IssueMaterial,
  subscription: Pick<SubscriptionItem, 'id' | 'name' | 'topics' | 'regions' | 'timeZone'>,
  since: Date,
  links: { issueId: string; preferencesUrl: string; unsubscribeUrl: string },
): NewsletterEmailData {
  const { content, now, siteUrl } = material;
  const topics = subscription.topics ?? [];
  const regions = subscription.regions ?? [];
  const horizon = now.getTime() + eventHorizonDays * 86_400_000;
  const stories = content.stories
    .filter((s) => Date.parse(s.publishedAt) > since.getTime() && Date.parse(s.publishedAt) <= now.getTime() && inTopics(topics, s.tags))
    .slice(0, limits.stories)
    .map((s) => ({ title: s.title, summary: s.summary, url: `${siteUrl}${s.path}`, date: s.date }));
  const events = content.events
    .filter((e) => Date.parse(e.startsAt) > now.getTime() && Date.parse(e.startsAt) <= horizon && inRegions(regions, e.regions))
    .slice(0, limits.events)
    .map((e) => ({ title: e.title, summary: e.summary, url: `${siteUrl}${e.path}`, startsAt: e.startsAt, endsAt: e.endsAt, timezone: e.timezone, format: e.format, city: e.city, country: e.country }));
  const mentors: DigestMentorItem[] = material.mentors
    .flatMap((m) => {
      const meeting = topics.length === 0 ? m.topics : m.topics.filter((topic) => topics.some((tag) => tagMeetsTopic(tag, topic)));
      return meeting.length > 0 ? [{ name: m.name, role: m.role, organization: m.organization, url: `${siteUrl}/profiles/${m.slug}/`, freePlaces: m.freePlaces, topics: meeting }] : [];
    })
    .sort((a, b) => b.topics.length - a.topics.length || b.freePlaces - a.freePlaces || a.name.localeCompare(b.name, SITE.locale))
    .slice(0, limits.mentors);
  return {
    issueId: links.issueId,
    subscriptionId: subscription.id,
    ...(subscription.name ? { name: subscription.name } : {}),
    title: material.title,
    ...(subscription.timeZone ? { timeZone: subscription.timeZone } : {}),
    stories,
    events,
    mentors,
    funds: material.funds,
    preferencesUrl: links.preferencesUrl,
    unsubscribeUrl: links.unsubscribeUrl,
    siteUrl,
  };
}
