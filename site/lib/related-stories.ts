/** The stories shown as related under a story. */

/** What the choice reads of a story (a collection entry of `stories`). */
export interface RelatedCandidate {
  id: string;
  data: { tags: readonly string[]; profiles: readonly string[]; date: Date };
}

/** Which stories (by position in the list) carry each tag and feature each profile. */
interface RelatedIndex {
  /** Per tag and per person, their stories newest first (then in list order): the order in which they can still make the best three. */
  byTag: Map<string, number[]>;
  byProfile: Map<string, number[]>;
  times: number[];
  /** Per story, the call that last scored it: each candidate is scored once per call. */
  seen: Uint32Array;
  calls: number;
}

/** Built once per story list: getStaticPaths passes the same list for every story. */
const relatedIndexes = new WeakMap<readonly RelatedCandidate[], RelatedIndex>();

function relatedIndex(all: readonly RelatedCandidate[]): RelatedIndex {
  let index = relatedIndexes.get(all);
  if (index) return index;
  const byTag = new Map<string, number[]>();
  const byProfile = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, key: string, i: number) => {
    const list = map.get(key);
    if (!list) map.set(key, [i]);
    else if (list[list.length - 1] !== i) list.push(i);
  };
  all.forEach((s, i) => {
    for (const t of s.data.tags) add(byTag, t, i);
    for (const p of s.data.profiles) add(byProfile, p, i);
  });
  const times = all.map((s) => s.data.date.getTime());
  for (const map of [byTag, byProfile]) for (const list of map.values()) list.sort((a, b) => times[b]! - times[a]! || a - b);
  index = { byTag, byProfile, times, seen: new Uint32Array(all.length), calls: 0 };
  relatedIndexes.set(all, index);
  return index;
}

/**
 * Stories related to one: those sharing featured alumni count most (3 for each
 * person), then shared tags (1 for each); ties go to the newer story, then to
 * the one earlier in `all`. Only stories sharing a tag or a person are scored
 * (through an index built once per list), and the best `count` are kept as they
 * come instead of sorting them all.
 *
 * A person's and a tag's stories are read newest first and no further than
 * they can matter: once the best `count` all score at least as much as any
 * older story of that list can (a person's: every person and tag of this
 * story; a tag's, after every person's: every tag), no older story of it can
 * take a place. At 10,000 stories on a few tags and people, scoring every story
 * of each was the largest piece of our own work in the build.
 *
 * `all` must not change between calls (the index is cached by its identity).
 */
export function relatedStories<S extends RelatedCandidate>(story: S, all: readonly S[], count = 3): S[] {
  if (count <= 0) return [];
  const index = relatedIndex(all);
  const { byTag, byProfile, times, seen } = index;
  const call = ++index.calls;
  const tags = new Set(story.data.tags);
  const people = new Set(story.data.profiles);
  // The best so far, best first: higher score, then newer, then earlier in `all`.
  const topI: number[] = [];
  const topScore: number[] = [];
  const before = (score: number, i: number, at: number) => {
    const j = topI[at]!;
    const other = topScore[at]!;
    return score !== other ? score > other : times[i] !== times[j] ? times[i]! > times[j]! : i < j;
  };
  const consider = (i: number) => {
    if (seen[i] === call) return;
    seen[i] = call;
    const s = all[i]!;
    if (s.id === story.id) return;
    let score = 0;
    for (const p of s.data.profiles) if (people.has(p)) score += 3;
    for (const t of s.data.tags) if (tags.has(t)) score += 1;
    if (score === 0 || (topI.length === count && !before(score, i, count - 1))) return;
    let at = topI.length;
    while (at > 0 && before(score, i, at - 1)) at--;
    topI.splice(at, 0, i);
    topScore.splice(at, 0, score);
    if (topI.length > count) {
      topI.pop();
      topScore.pop();
    }
  };
  /** Whether the last of the best is ahead of story `i` in a list's order (newer, or as new and earlier in `all`). */
  const lastIsAhead = (i: number) => {
    const last = topI[count - 1]!;
    return times[last]! > times[i]! || (times[last] === times[i] && last < i);
  };
  /** Reads a list newest first until no older story of it can score more than `most` and so take a place. */
  const read = (list: readonly number[] | undefined, most: number) => {
    for (const i of list ?? []) {
      if (topI.length === count && topScore[count - 1]! >= most && lastIsAhead(i)) break;
      consider(i);
    }
  };
  // A story lists a person or a tag once (the content checks refuse a repeat), so one scores at most 3 per person and 1 per tag.
  for (const p of people) read(byProfile.get(p), 3 * people.size + tags.size);
  // Every story sharing a person that could take a place has been scored: the rest share only tags.
  for (const t of tags) read(byTag.get(t), tags.size);
  return topI.map((i) => all[i]!);
}
