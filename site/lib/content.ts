/** Reading the content collections the way every page needs them: published, sorted, linked. */
import { getCollection, type CollectionEntry } from 'astro:content';
import { READING_WORDS_PER_MINUTE } from '../consts';

export type Story = CollectionEntry<'stories'>;
export type Event = CollectionEntry<'events'>;
export type Profile = CollectionEntry<'profiles'>;
export type Fund = CollectionEntry<'funds'>;

/** Published stories, newest first. */
export async function getStories(): Promise<Story[]> {
  const stories = await getCollection('stories', (s) => !s.data.draft);
  return stories.sort((a, b) => b.data.date.getTime() - a.data.date.getTime() || a.id.localeCompare(b.id));
}

/** Every event, soonest first. */
export async function getEvents(): Promise<Event[]> {
  const events = await getCollection('events');
  return events.sort((a, b) => a.data.startsAt.getTime() - b.data.startsAt.getTime() || a.id.localeCompare(b.id));
}

/** Every profile, by name. */
export async function getProfiles(): Promise<Profile[]> {
  const profiles = await getCollection('profiles');
  return profiles.sort((a, b) => a.data.name.localeCompare(b.data.name, 'en'));
}

/** Every fund: open ones first, then by title. */
export async function getFunds(): Promise<Fund[]> {
  const funds = await getCollection('funds');
  return funds.sort((a, b) => Number(isClosed(a)) - Number(isClosed(b)) || a.data.title.localeCompare(b.data.title, 'en'));
}

export function isClosed(fund: Fund, now = new Date()): boolean {
  const closes = fund.data.closes;
  return closes !== undefined && closes.getTime() + 86_400_000 <= now.getTime();
}

/** Mentors open to new mentees. */
export const isMentor = (p: Profile): boolean => p.data.mentor?.available === true && p.data.mentor.capacity > 0;

/** Profiles by slug, for resolving `profiles` and `hosts` lists. */
export async function profilesBySlug(): Promise<Map<string, Profile>> {
  return new Map((await getProfiles()).map((p) => [p.id, p]));
}

/** The profiles a list of slugs names, in that order (unknown slugs are the content checks' concern). */
export function pick(map: Map<string, Profile>, slugs: readonly string[]): Profile[] {
  return slugs.flatMap((slug) => {
    const profile = map.get(slug);
    return profile ? [profile] : [];
  });
}

/** Minutes to read a Markdown body, at least one. */
export function readingMinutes(markdown: string): number {
  const words = markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/<[^>]+>|[#>*_`[\]()!-]/g, ' ')
    .split(/\s+/)
    .filter(Boolean).length;
  return Math.max(1, Math.ceil(words / READING_WORDS_PER_MINUTE));
}

/**
 * Stories related to one: those sharing featured alumni count most, then shared
 * tags; ties go to the newer story.
 */
export function relatedStories(story: Story, all: readonly Story[], count = 3): Story[] {
  const tags = new Set(story.data.tags);
  const people = new Set(story.data.profiles);
  return all
    .filter((s) => s.id !== story.id)
    .map((s) => ({
      s,
      score: 3 * s.data.profiles.filter((p) => people.has(p)).length + s.data.tags.filter((t) => tags.has(t)).length,
    }))
    .filter(({ score }) => score > 0)
    .sort((a, b) => b.score - a.score || b.s.data.date.getTime() - a.s.data.date.getTime())
    .slice(0, count)
    .map(({ s }) => s);
}

/** Every tag used by published stories, with counts, most used first. */
export function storyTags(stories: readonly Story[]): Array<{ tag: string; count: number }> {
  const counts = new Map<string, number>();
  for (const s of stories) for (const t of s.data.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts].map(([tag, count]) => ({ tag, count })).sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
}

/** "career-change" → "Career change". */
export const tagLabel = (tag: string): string => tag.charAt(0).toUpperCase() + tag.slice(1).replaceAll('-', ' ');
