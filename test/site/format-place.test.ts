/**
 * How a place reads on pages, cards and in emails (site/lib/format.ts): the
 * parts that are given, and a city-state once.
 */
import { describe, expect, it } from 'vitest';
import { formatPlace } from '../../site/lib/format';

describe('a place', () => {
  it('joins the parts that are given', () => {
    expect(formatPlace('Old Library Hall', 'Berlin', 'Germany')).toBe('Old Library Hall, Berlin, Germany');
    expect(formatPlace(undefined, 'Berlin', '', 'Germany')).toBe('Berlin, Germany');
    expect(formatPlace(undefined, '')).toBe('');
  });

  it('names a city-state once, also after a venue, but keeps a repeat that is not next to it', () => {
    expect(formatPlace('Singapore', 'Singapore')).toBe('Singapore');
    expect(formatPlace('Harbourline, 1 Marina Boulevard', 'Singapore', 'Singapore')).toBe('Harbourline, 1 Marina Boulevard, Singapore');
    expect(formatPlace('Monaco', undefined, 'Monaco')).toBe('Monaco');
    expect(formatPlace('Luxembourg', 'Esch', 'Luxembourg')).toBe('Luxembourg, Esch, Luxembourg');
  });
});
