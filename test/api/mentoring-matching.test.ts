/**
 * Mentor matching, the pure part: the score, its reasons in plain words, the
 * order, and the rules about who can be suggested.
 */
import { describe, expect, it } from 'vitest';
import { listInWords, maxSuggestions, scoreMentor, suggestMentors, topicsMatch } from '../../functions/mentoring/matching';
import type { ManifestMentor } from '../../site/manifest/manifest-schema';
import { fixtureMentor } from '../support/manifest';

const mentor = (slug: string, overrides: Partial<ManifestMentor> = {}) => fixtureMentor(slug, { role: 'Engineer', formats: ['short-term'], ...overrides });

const request = { topics: ['career change', 'product management'], industries: ['Technology'], languages: ['Spanish'], country: 'Mexico', format: 'short-term' as const };

describe('scoring one mentor', () => {
  it('adds up topics, industry, languages, format and free places, with a plain reason for each', () => {
    const m = mentor('li-wei-chen', { languages: ['Mandarin', 'Spanish', 'English'], topics: ['product management', 'career change', 'scaling teams'], capacity: 3 });
    const s = scoreMentor(m, 3, request)!;
    expect(s.score).toBe(1);
    expect(s.reasons).toEqual([
      'Mentors on product management and career change',
      'Works in Technology',
      'Speaks Spanish',
      'Offers short-term mentoring',
      '3 of 3 mentoring places free',
      'Based in Singapore: mentoring across borders is welcome',
    ]);
  });

  it('counts the share of requested topics covered and the share of places free', () => {
    const s = scoreMentor(mentor('a', { industry: 'Law', languages: [], formats: ['long-term'], capacity: 4 }), 1, request)!;
    // Half the topics (0.45 / 2) and a quarter of the places (0.10 / 4).
    expect(s.score).toBe(Math.round((0.225 + 0.025) * 100) / 100);
    expect(s.reasons).toEqual(['Mentors on product management', '1 of 4 mentoring places free', 'Based in Singapore: mentoring across borders is welcome']);
  });

  it('does not penalise a mentor in another country: the same mentor scores the same wherever they live', () => {
    const abroad = scoreMentor(mentor('abroad', { country: 'Singapore' }), 2, request)!;
    const local = scoreMentor(mentor('local', { country: 'Mexico' }), 2, request)!;
    expect(abroad.score).toBe(local.score);
    expect(local.reasons).toContain('Based in Mexico, like you');
  });

  it('suggests nobody without a free place, nobody unavailable, nobody sharing no topic, industry or language', () => {
    expect(scoreMentor(mentor('full'), 0, request)).toBeUndefined();
    expect(scoreMentor(mentor('away', { available: false }), 2, request)).toBeUndefined();
    expect(scoreMentor(mentor('unrelated', { industry: 'Law', topics: ['litigation'], languages: ['German'] }), 2, request)).toBeUndefined();
  });

  it('matches topics however they are spelled and by their words', () => {
    expect(topicsMatch('Product-Management ', 'product management')).toBe(true);
    expect(topicsMatch('fundraising', 'startup fundraising')).toBe(true);
    expect(topicsMatch('startup fundraising', 'fundraising')).toBe(true);
    expect(topicsMatch('data science', 'political science')).toBe(false);
    expect(listInWords(['a', 'b', 'c'])).toBe('a, b and c');
  });
});

describe('suggesting mentors', () => {
  const mentors = [
    mentor('best', { topics: ['product management', 'career change'], languages: ['Spanish'] }),
    mentor('second', { topics: ['product management'], languages: ['Spanish'] }),
    mentor('third', { topics: ['career change'] }),
    mentor('fourth-b', { topics: ['accounting'], formats: ['long-term'] }),
    mentor('fourth-a', { topics: ['accounting'], formats: ['long-term'] }),
    mentor('sixth', { industry: 'Law', topics: ['career change'], formats: ['long-term'] }),
    mentor('full', { topics: ['product management', 'career change'], languages: ['Spanish'] }),
  ];
  const active = new Map([['full', 2]]);

  it('gives at most five, best first, leaving out mentors with no free place, ties by free places then name', () => {
    const suggestions = suggestMentors(mentors, active, request);
    expect(suggestions).toHaveLength(maxSuggestions);
    // fourth-a and fourth-b score alike: the name decides, and only one fits in five.
    expect(suggestions.map((s) => s.mentor)).toEqual(['best', 'second', 'third', 'sixth', 'fourth-a']);
    for (let i = 1; i < suggestions.length; i++) expect(suggestions[i - 1]!.score).toBeGreaterThanOrEqual(suggestions[i]!.score);
  });

  it('prefers, at an equal match, the mentor with more places free', () => {
    const suggestions = suggestMentors([mentor('busy', { capacity: 2 }), mentor('free', { capacity: 2 })], new Map([['busy', 1]]), request);
    expect(suggestions.map((s) => s.mentor)).toEqual(['free', 'busy']);
  });

  it('is deterministic: the same content, loads and request give the same answer in any input order', () => {
    const once = suggestMentors(mentors, active, request);
    expect(suggestMentors([...mentors].reverse(), active, request)).toEqual(once);
    expect(suggestMentors(mentors, new Map(active), { ...request })).toEqual(once);
  });

  it('leaves out the mentors it is told to (e.g. the one who declined)', () => {
    expect(suggestMentors(mentors, active, request, ['best']).map((s) => s.mentor)).not.toContain('best');
  });
});
