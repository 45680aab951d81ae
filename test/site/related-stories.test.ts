/**
 * The related stories under a story: the best matches of the whole list, as a
 * reader would rank them by hand (a shared person counts 3, a shared tag 1;
 * ties to the newer story, then to the one earlier in the list), however the
 * list is searched.
 */
import { describe, expect, it } from 'vitest';
import { relatedStories, type RelatedCandidate } from '../../site/lib/related-stories';

/** The rule written out: score every other story, sort them all, keep the best. */
function byHand<S extends RelatedCandidate>(story: S, all: readonly S[], count: number): S[] {
  const shared = (mine: readonly string[], theirs: readonly string[]) => theirs.filter((x) => mine.includes(x)).length;
  return all
    .map((s, i) => ({ s, i, score: 3 * shared(story.data.profiles, s.data.profiles) + shared(story.data.tags, s.data.tags) }))
    .filter(({ s, score }) => s.id !== story.id && score > 0)
    .sort((a, b) => b.score - a.score || b.s.data.date.getTime() - a.s.data.date.getTime() || a.i - b.i)
    .slice(0, count)
    .map(({ s }) => s);
}

/** A deterministic list: few tags and dates, so that many stories tie. */
function stories(n: number, seed: number, days: number): RelatedCandidate[] {
  let state = seed;
  const next = (below: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state % below;
  };
  const some = (pool: string[], most: number) => [...new Set(Array.from({ length: next(most + 1) }, () => pool[next(pool.length)]!))];
  const tags = ['careers', 'health', 'education', 'fintech'];
  const people = Array.from({ length: 6 }, (_, i) => `person-${i}`);
  return Array.from({ length: n }, (_, i) => ({
    id: `story-${i}`,
    data: { tags: some(tags, 3), profiles: some(people, 2), date: new Date(Date.UTC(2026, 0, 1 + next(days))) },
  }));
}

describe('related stories', () => {
  it.each([
    [1, 400, 1, 40],
    [3, 400, 2, 40],
    [5, 400, 3, 40],
    [3, 300, 4, 3],
    [3, 600, 5, 300],
  ])('are the best %i of every story by the rule, for each of %i stories (list %i, over %i days)', (count, n, seed, days) => {
    const all = stories(n, seed, days);
    for (const story of all) expect(relatedStories(story, all, count).map((s) => s.id)).toEqual(byHand(story, all, count).map((s) => s.id));
  });

  it('put a shared person before shared tags, and the newer story first among equals', () => {
    const at = (day: number) => new Date(Date.UTC(2026, 0, day));
    const all: RelatedCandidate[] = [
      { id: 'this', data: { tags: ['careers', 'health'], profiles: ['amara'], date: at(20) } },
      { id: 'both-tags-old', data: { tags: ['careers', 'health'], profiles: [], date: at(1) } },
      { id: 'both-tags-new', data: { tags: ['health', 'careers'], profiles: [], date: at(10) } },
      { id: 'one-tag-newest', data: { tags: ['careers'], profiles: [], date: at(30) } },
      { id: 'same-person-oldest', data: { tags: [], profiles: ['amara'], date: at(2) } },
      { id: 'unrelated', data: { tags: ['arts'], profiles: ['li'], date: at(25) } },
    ];
    expect(relatedStories(all[0]!, all, 3).map((s) => s.id)).toEqual(['same-person-oldest', 'both-tags-new', 'both-tags-old']);
    expect(relatedStories(all[0]!, all, 10).map((s) => s.id)).toEqual(['same-person-oldest', 'both-tags-new', 'both-tags-old', 'one-tag-newest']);
    expect(relatedStories(all[5]!, all, 3)).toEqual([]);
  });

  it('break a tie between a shared person and as many shared tags by the order of the list', () => {
    const at = (day: number) => new Date(Date.UTC(2026, 0, day));
    const all: RelatedCandidate[] = [
      { id: 'this', data: { tags: ['a', 'b', 'c'], profiles: ['amara'], date: at(20) } },
      { id: 'all-tags-newest', data: { tags: ['a', 'b', 'c'], profiles: [], date: at(9) } },
      { id: 'all-tags-newer', data: { tags: ['c', 'b', 'a'], profiles: [], date: at(8) } },
      { id: 'all-tags-first', data: { tags: ['b', 'a', 'c'], profiles: [], date: at(5) } },
      { id: 'two-tags', data: { tags: ['a', 'b'], profiles: [], date: at(7) } },
      { id: 'same-person-after', data: { tags: [], profiles: ['amara'], date: at(5) } },
    ];
    // Three points each for the last place: the story earlier in the list takes it.
    expect(relatedStories(all[0]!, all, 3).map((s) => s.id)).toEqual(['all-tags-newest', 'all-tags-newer', 'all-tags-first']);
  });
});
