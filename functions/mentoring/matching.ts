/**
 * Mentor matching: a deterministic, explainable score. Pure (no I/O), so the
 * same content, loads and request always give the same suggestions.
 *
 * Each part of the score is a share of 1, and each part that counts says so
 * in plain words:
 *
 * | part      | weight | how it counts                                                        | reason, e.g.                         |
 * | --------- | ------ | -------------------------------------------------------------------- | ------------------------------------ |
 * | topics    | 0.45   | share of the requested topics the mentor mentors on                  | "Mentors on product management"      |
 * | industry  | 0.20   | the mentor works in one of the requested industries                  | "Works in Technology"                |
 * | languages | 0.15   | the mentor speaks one of the requested languages                     | "Speaks Spanish"                     |
 * | format    | 0.10   | the mentor offers the requested format                               | "Offers short-term mentoring"        |
 * | capacity  | 0.10   | share of the mentor's places still free (spreads requests out)       | "2 of 3 mentoring places free"       |
 *
 * Topics are compared by word stems (Porter's algorithm, the `stemmer`
 * package): "career change" finds a mentor who offers "changing careers".
 *
 * Country is told, never scored: "Based in Mexico, like you" or "Based in
 * Singapore: mentoring across borders is welcome". A mentor abroad ranks
 * exactly as one next door would, because alumni networks exist to connect
 * people across borders.
 *
 * Only mentors who are available, have a free place, and share at least a
 * topic, an industry or a language are suggested; at most five, best first;
 * ties go to the mentor with more free places, then by name.
 */
import { stemmer } from 'stemmer';
import type { ManifestMentor } from '../../site/manifest/manifest-schema';
import type { MentoringFormat } from '../../site/schemas/vocabularies';
import type { MentorSuggestion } from '../schemas/mentor-request';

export const weights = { topics: 0.45, industry: 0.2, languages: 0.15, format: 0.1, capacity: 0.1 } as const;
export const maxSuggestions = 5;

export interface MatchRequest {
  topics: readonly string[];
  industries?: readonly string[] | undefined;
  languages?: readonly string[] | undefined;
  country?: string | undefined;
  format: MentoringFormat;
}

/** A suggested mentor, as the API answers it. */
export type Suggestion = MentorSuggestion;

/** Lower case, punctuation as spaces, single spaces: "Product-Management " → "product management". */
export function normalise(value: string): string {
  return value
    .normalize('NFKC')
    .toLocaleLowerCase('en')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The significant words (3 letters or more) of a topic as Porter stems, so
 * that "changing careers" and "career change" are the same two words
 * ("chang", "career"). English stems only: a word in another language is
 * compared as it is written, as before.
 */
const significantStems = (value: string) =>
  new Set(
    normalise(value)
      .split(' ')
      .filter((w) => w.length >= 3)
      .map((w) => stemmer(w)),
  );

/**
 * Whether a requested topic is one the mentor covers: the same words, or all
 * the significant words of one inside the other, compared by their stems, so
 * "fundraising" matches "startup fundraising" either way round and "career
 * change" matches "changing careers". Word order does not count.
 */
export function topicsMatch(requested: string, offered: string): boolean {
  const a = normalise(requested);
  const b = normalise(offered);
  if (a === b) return true;
  const wa = significantStems(a);
  const wb = significantStems(b);
  if (wa.size === 0 || wb.size === 0) return false;
  const within = (small: Set<string>, large: Set<string>) => [...small].every((w) => large.has(w));
  return within(wa, wb) || within(wb, wa);
}

/** "a", "a and b", "a, b and c". */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const formatWords = { 'one-off': 'one-off conversations', 'short-term': 'short-term mentoring', 'long-term': 'long-term mentoring' } as const satisfies Record<MentoringFormat, string>;

/**
 * Scores one mentor for a request; `free` is the mentor's places not yet
 * taken. Returns undefined for a mentor who cannot be suggested.
 */
export function scoreMentor(mentor: ManifestMentor, free: number, request: MatchRequest): Suggestion | undefined {
  if (!mentor.available || mentor.capacity <= 0 || free <= 0) return undefined;
  const reasons: string[] = [];
  let score = 0;

  const covered = mentor.topics.filter((offered) => request.topics.some((wanted) => topicsMatch(wanted, offered)));
  const wantedCovered = request.topics.filter((wanted) => mentor.topics.some((offered) => topicsMatch(wanted, offered)));
  if (wantedCovered.length > 0) {
    score += weights.topics * (wantedCovered.length / request.topics.length);
    reasons.push(`Mentors on ${listInWords(covered)}`);
  }

  const industryMatch = (request.industries ?? []).some((i) => normalise(i) === normalise(mentor.industry));
  if (industryMatch) {
    score += weights.industry;
    reasons.push(`Works in ${mentor.industry}`);
  }

  const spoken = mentor.languages.filter((l) => (request.languages ?? []).some((wanted) => normalise(wanted) === normalise(l)));
  if (spoken.length > 0) {
    score += weights.languages;
    reasons.push(`Speaks ${listInWords(spoken)}`);
  }

  // Without a shared topic, industry or language there is nothing to build on.
  if (wantedCovered.length === 0 && !industryMatch && spoken.length === 0) return undefined;

  if (mentor.formats.includes(request.format)) {
    score += weights.format;
    reasons.push(`Offers ${formatWords[request.format]}`);
  }

  const placesFree = Math.min(free, mentor.capacity);
  score += weights.capacity * (placesFree / mentor.capacity);
  reasons.push(`${placesFree} of ${mentor.capacity} mentoring ${mentor.capacity === 1 ? 'place' : 'places'} free`);

  if (request.country) {
    reasons.push(normalise(request.country) === normalise(mentor.country) ? `Based in ${mentor.country}, like you` : `Based in ${mentor.country}: mentoring across borders is welcome`);
  }

  return { mentor: mentor.slug, name: mentor.name, score: Math.round(score * 100) / 100, reasons };
}

/**
 * The best mentors for a request, at most five. `active` holds each mentor's
 * accepted mentees (missing: none); `exclude` leaves out mentors (e.g. the one
 * who declined).
 */
export function suggestMentors(mentors: readonly ManifestMentor[], active: ReadonlyMap<string, number>, request: MatchRequest, exclude: readonly string[] = []): Suggestion[] {
  const scored = mentors
    .filter((m) => !exclude.includes(m.slug))
    .map((m) => ({ mentor: m, free: m.capacity - (active.get(m.slug) ?? 0) }))
    .map(({ mentor, free }) => ({ free, suggestion: scoreMentor(mentor, free, request) }))
    .filter((s): s is { free: number; suggestion: Suggestion } => s.suggestion !== undefined);
  scored.sort(
    (a, b) => b.suggestion.score - a.suggestion.score || b.free - a.free || a.suggestion.name.localeCompare(b.suggestion.name, 'en') || a.suggestion.mentor.localeCompare(b.suggestion.mentor, 'en'),
  );
  return scored.slice(0, maxSuggestions).map((s) => s.suggestion);
}

/** Free places of a mentor, given accepted mentees (a lowered capacity never goes below zero). */
export function freePlaces(mentor: ManifestMentor, active: number): number {
  return mentor.available ? Math.max(0, mentor.capacity - active) : 0;
}
