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
import type { DigestEventItem, DigestFundItem, DigestMentorItem, DigestStoryItem, IssueDigest, NewsletterEmailData } from './emails';
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

const storyItem = (siteUrl: string, s: DigestContent['stories'][number]): DigestStoryItem => ({ title: s.title, summary: s.summary, url: `${siteUrl}${s.path}`, date: s.date });
const eventItem = (siteUrl: string, e: DigestContent['events'][number]): DigestEventItem => ({
  title: e.title,
  summary: e.summary,
  url: `${siteUrl}${e.path}`,
  startsAt: e.startsAt,
  endsAt: e.endsAt,
  timezone: e.timezone,
  format: e.format,
  city: e.city,
  country: e.country,
});
const mentorItem = (siteUrl: string, m: IssueMaterial['mentors'][number]) => ({
  name: m.name,
  role: m.role,
  organization: m.organization,
  url: `${siteUrl}/profiles/${m.slug}/`,
  freePlaces: m.freePlaces,
});
const storiesAfter = (content: DigestContent, since: Date, now: Date) => content.stories.filter((s) => Date.parse(s.publishedAt) > since.getTime() && Date.parse(s.publishedAt) <= now.getTime());
const eventsAhead = (content: DigestContent, now: Date) => {
  const horizon = now.getTime() + eventHorizonDays * 86_400_000;
  return content.events.filter((e) => Date.parse(e.startsAt) > now.getTime() && Date.parse(e.startsAt) <= horizon);
};

/**
 * Every entry a subscriber's digest of this issue can show, whatever their preferences, for stories published after
 * `since` (the earliest of the issue's frequencies): what the issue's digest item holds (see emails.ts).
 */
export function issueDigest(material: IssueMaterial, issueId: string, since: Date): IssueDigest {
  const { content, now, siteUrl } = material;
  return {
    issueId,
    title: material.title,
    siteUrl,
    stories: storiesAfter(content, since, now).map((s) => storyItem(siteUrl, s)),
    events: eventsAhead(content, now).map((e) => eventItem(siteUrl, e)),
    mentors: material.mentors.map((m) => mentorItem(siteUrl, m)),
    funds: material.funds,
  };
}

export function digestFor(
  material: IssueMaterial,
  subscription: Pick<SubscriptionItem, 'id' | 'name' | 'topics' | 'regions' | 'timeZone'>,
  since: Date,
  links: { issueId: string; preferencesUrl: string; unsubscribeUrl: string },
): NewsletterEmailData {
  const { content, now, siteUrl } = material;
  const topics = subscription.topics ?? [];
  const regions = subscription.regions ?? [];
  const stories = storiesAfter(content, since, now)
    .filter((s) => inTopics(topics, s.tags))
    .slice(0, limits.stories)
    .map((s) => storyItem(siteUrl, s));
  const events = eventsAhead(content, now)
    .filter((e) => inRegions(regions, e.regions))
    .slice(0, limits.events)
    .map((e) => eventItem(siteUrl, e));
  const mentors: DigestMentorItem[] = material.mentors
    .flatMap((m) => {
      const meeting = topics.length === 0 ? m.topics : m.topics.filter((topic) => topics.some((tag) => tagMeetsTopic(tag, topic)));
      return meeting.length > 0 ? [{ ...mentorItem(siteUrl, m), topics: meeting }] : [];
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
