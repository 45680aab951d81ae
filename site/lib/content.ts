/** Reading the content collections the way every page needs them: published, sorted, linked. */
import { getCollection, type CollectionEntry } from 'astro:content';
import { READING_WORDS_PER_MINUTE } from '../consts';
import { isFundClosed } from './funds';
import { oncePerBuild } from './once-per-build';
import { isPublished } from './published';

export type Story = CollectionEntry<'stories'>;
export type Event = CollectionEntry<'events'>;
export type Profile = CollectionEntry<'profiles'>;
export type Fund = CollectionEntry<'funds'>;

export { isPublished };

/** Published stories, newest first. */
export const getStories = oncePerBuild(async (): Promise<Story[]> => {
  const stories = await getCollection('stories', (s) => isPublished(s.data));
  return stories.sort((a, b) => b.data.date.getTime() - a.data.date.getTime() || a.id.localeCompare(b.id));
});

/** Every published event, soonest first. */
export const getEvents = oncePerBuild(async (): Promise<Event[]> => {
  const events = await getCollection('events', (e) => isPublished(e.data));
  return events.sort((a, b) => a.data.startsAt.getTime() - b.data.startsAt.getTime() || a.id.localeCompare(b.id));
});

/** Every profile, by name. */
export const getProfiles = oncePerBuild(async (): Promise<Profile[]> => {
  const profiles = await getCollection('profiles');
  return profiles.sort((a, b) => a.data.name.localeCompare(b.data.name, 'en'));
});

/** Every published fund: open ones first (by the build's clock), then by title. */
export const getFunds = oncePerBuild(async (): Promise<Fund[]> => {
  const funds = await getCollection('funds', (f) => !f.data.draft);
  return funds.sort((a, b) => Number(isClosed(a)) - Number(isClosed(b)) || a.data.title.localeCompare(b.data.title, 'en'));
});

/** Whether a fund has stopped taking gifts (the rule, shared with the API, is in ./funds.ts). */
export function isClosed(fund: Fund, now = new Date()): boolean {
  return isFundClosed(fund.data.closes, now);
}

/** Mentors open to new mentees. */
export const isMentor = (p: Profile): boolean => p.data.mentor?.available === true && p.data.mentor.capacity > 0;

/** Profiles by slug, for resolving `profiles` and `hosts` lists. */
export const profilesBySlug = oncePerBuild(async (): Promise<Map<string, Profile>> => new Map((await getProfiles()).map((p) => [p.id, p])));

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

export { relatedStories } from './related-stories';

/** Stories grouped by tag and by featured profile, each group in the order of the list it came from. */
interface StoryGroups {
  byTag: Map<string, Story[]>;
  byProfile: Map<string, Story[]>;
}

/** Built once per story list (getStaticPaths of tag and profile pages pass the same list), not once per page. */
const storyGroups = new WeakMap<readonly Story[], StoryGroups>();

function groups(all: readonly Story[]): StoryGroups {
  let found = storyGroups.get(all);
  if (found) return found;
  const add = (map: Map<string, Story[]>, key: string, story: Story) => {
    const list = map.get(key);
    if (!list) map.set(key, [story]);
    else if (list[list.length - 1] !== story) list.push(story);
  };
  found = { byTag: new Map(), byProfile: new Map() };
  for (const story of all) {
    for (const t of story.data.tags) add(found.byTag, t, story);
    for (const p of story.data.profiles) add(found.byProfile, p, story);
  }
  storyGroups.set(all, found);
  return found;
}

/** The stories of `all` carrying each tag, in the order of `all` (newest first for getStories()). Callers must not change the lists. */
export const storiesByTag = (all: readonly Story[]): ReadonlyMap<string, readonly Story[]> => groups(all).byTag;

/** The stories of `all` featuring each profile (by slug), in the order of `all`. Callers must not change the lists. */
export const storiesByProfile = (all: readonly Story[]): ReadonlyMap<string, readonly Story[]> => groups(all).byProfile;

/** Every tag used by published stories, with counts, most used first. */
export function storyTags(stories: readonly Story[]): Array<{ tag: string; count: number }> {
  const counts = new Map<string, number>();
  for (const s of stories) for (const t of s.data.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts].map(([tag, count]) => ({ tag, count })).sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
}

/** "career-change" → "Career change". */
export const tagLabel = (tag: string): string => tag.charAt(0).toUpperCase() + tag.slice(1).replaceAll('-', ' ');
