/**
 * The real content/ passes every check, has what the pages and the API tests
 * rely on (the brief's minimums), and the manifest the functions read says the
 * same: wall-clock times read in each event's zone, capacities, mentors, funds.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkContent, formatFinding, projectRoot } from '../../site/content-check/index';
import { loadContent } from '../../site/content-check/load';
import { buildManifest } from '../../site/manifest/build-manifest';
import type { ContentManifest } from '../../site/manifest/manifest-schema';
import { nodeSchemas } from '../../site/manifest/read-content';

/** "Today" for the sample content: events before it are past. */
const today = new Date('2026-11-23T12:00:00Z');

let manifest: ContentManifest;
beforeAll(async () => {
  manifest = await buildManifest(path.join(projectRoot, 'content'));
});

describe('content/', () => {
  it('passes every content check', async () => {
    const { findings } = await checkContent();
    expect(findings.map(formatFinding)).toEqual([]);
  });

  it('has enough stories, profiles, events and funds to make every page and filter meaningful', async () => {
    const { files } = await loadContent(projectRoot);
    const dataOf = (collection: string) => files.filter((f) => f.collection === collection).map((f) => f.data);
    const stories = dataOf('stories').map((d) => nodeSchemas.stories.parse(d));
    const profiles = dataOf('profiles').map((d) => nodeSchemas.profiles.parse(d));
    const funds = dataOf('funds').map((d) => nodeSchemas.funds.parse(d));
    expect(stories.length).toBeGreaterThanOrEqual(12);
    expect(stories.some((s) => s.featured)).toBe(true);
    expect(profiles.length).toBeGreaterThanOrEqual(12);
    expect(new Set(profiles.map((p) => p.country)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(profiles.map((p) => p.industry)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(profiles.flatMap((p) => p.languages)).size).toBeGreaterThanOrEqual(10);
    expect(funds.length).toBeGreaterThanOrEqual(3);
    expect(new Set(funds.map((f) => f.currency)).size).toBeGreaterThanOrEqual(3);
  });
});

describe('the manifest the functions read', () => {
  const event = (slug: string) => {
    const found = manifest.events.find((e) => e.slug === slug);
    if (!found) throw new Error(`no event ${slug} in the manifest`);
    return found;
  };

  it('reads wall-clock times in the event\'s zone, summer and winter', () => {
    // Berlin in June is UTC+2: 17:00 local is 15:00 UTC; registration closes 23:59 local.
    expect(event('reunion-2027')).toMatchObject({ startsAt: '2027-06-12T15:00:00.000Z', endsAt: '2027-06-12T21:00:00.000Z', closesAt: '2027-06-05T21:59:00.000Z', timezone: 'Europe/Berlin' });
    // Sydney in January is UTC+11 (daylight saving), Singapore always UTC+8, Lagos UTC+1.
    expect(event('sydney-summer-picnic-2027').startsAt).toBe('2027-01-16T00:00:00.000Z');
    expect(event('founders-breakfast-singapore').startsAt).toBe('2026-12-10T00:00:00.000Z');
    expect(event('lagos-alumni-mixer').startsAt).toBe('2027-01-22T17:30:00.000Z');
    // London in February is UTC+0.
    expect(event('winter-lights-festival-2027')).toMatchObject({ startsAt: '2027-02-13T14:00:00.000Z', opensAt: '2027-01-10T09:00:00.000Z' });
  });

  it('takes a written offset as written', () => {
    expect(event('webinar-changing-careers')).toMatchObject({ startsAt: '2026-12-03T17:00:00.000Z', timezone: 'America/Toronto' });
  });

  it('closes registration at the start when no closing time is given', () => {
    expect(event('sydney-summer-picnic-2027').closesAt).toBe(event('sydney-summer-picnic-2027').startsAt);
  });

  it('has the events the pages and API tests need', () => {
    expect(manifest.events.length).toBeGreaterThanOrEqual(8);
    expect(event('founders-breakfast-singapore')).toMatchObject({ capacity: 10, maxGuests: 2 });
    expect(manifest.events.some((e) => e.capacity === null)).toBe(true);
    expect(manifest.events.some((e) => e.opensAt !== null && new Date(e.opensAt) > today)).toBe(true);
    expect(manifest.events.some((e) => new Date(e.endsAt) < today)).toBe(true);
    expect(manifest.events.filter((e) => new Date(e.startsAt) > today).length).toBeGreaterThanOrEqual(5);
    expect(new Set(manifest.events.map((e) => e.format))).toEqual(new Set(['in-person', 'online', 'hybrid']));
    expect(new Set(manifest.events.map((e) => e.timezone)).size).toBeGreaterThanOrEqual(3);
  });

  it('keeps the join link of online events for registrants, and gives in-person events none', () => {
    expect(event('virtual-career-fair-2027').onlineUrl).toMatch(/^https:\/\//);
    expect(event('reunion-2027').onlineUrl).toBeUndefined();
  });

  it('lists mentors with their offer: at least six open, and some full or paused', () => {
    const open = manifest.mentors.filter((m) => m.available && m.capacity > 0);
    expect(open.length).toBeGreaterThanOrEqual(6);
    expect(manifest.mentors.find((m) => m.slug === 'lucas-oliveira')).toMatchObject({ available: true, capacity: 0 });
    expect(manifest.mentors.find((m) => m.slug === 'hana-kobayashi')).toMatchObject({ available: false });
    expect(manifest.mentors.find((m) => m.slug === 'emma-lindqvist')).toBeUndefined();
    expect(manifest.mentors.find((m) => m.slug === 'amara-okafor')).toMatchObject({ languages: ['English', 'Yoruba', 'French'], formats: ['one-off', 'short-term'], country: 'Nigeria' });
  });

  it('lists funds with goals in minor units and their currency', () => {
    expect(manifest.funds.find((f) => f.slug === 'student-emergency-fund')).toEqual({ slug: 'student-emergency-fund', title: 'Student Emergency Fund', goal: 5_000_000, currency: 'EUR', closes: '2027-06-30' });
    expect(manifest.funds.find((f) => f.slug === 'first-generation-scholarship')).toMatchObject({ goal: 25_000_000, currency: 'USD', closes: null });
  });
});
