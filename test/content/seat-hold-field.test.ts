/**
 * `confirmWithin` (seat holds until the emailed link is clicked): the values
 * editors write at its edges, each refusal a finding at its file and line
 * saying what to write, and the manifest carrying it to the API.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildManifest } from '../../site/manifest/build-manifest';
import { eventSchema } from '../../site/schemas/event';
import { change, contentRoot, event, expectFinding, findingsFor, lineOf, removeRoots } from './fixtures';

afterAll(removeRoots);

const eventFile = 'content/events/spring-reunion.md';
const withHold = (value: string) => change(event, 'capacity: 40', `capacity: 40\nconfirmWithin: ${value}`);
const line = lineOf(withHold('2h'), 'confirmWithin:');

describe('confirmWithin', () => {
  it.each(['15m', '2h', '1d', '7d', '168h'])('takes %s (15 minutes to 7 days)', async (value) => {
    expect(await findingsFor({ [eventFile]: withHold(value) })).toEqual([]);
  });

  it('is optional: no hold when left out', () => {
    expect(eventSchema(z.string()).parse({ title: 'T', summary: 'S', start: '2027-06-12T17:00', end: '2027-06-12T18:00', timezone: 'Europe/Berlin', format: 'online', onlineUrl: 'https://meet.example.org/x' }).confirmWithin).toBeUndefined();
  });

  it.each([
    ['0', /"0" is not a time to confirm within/, /write a whole number and d, h or m, e\.g\. 2h/],
    ['0h', /"0h" is not a time to confirm within/, /write a whole number and d, h or m/],
    ['-2h', /"-2h" is not a time to confirm within/, /write a whole number and d, h or m/],
    ['2', /"2" is not a time to confirm within/, /add the unit, e\.g\. 2h/],
    ['2 hours', /"2 hours" is not a time to confirm within/, /write a whole number and d, h or m/],
    ['2w', /"2w" is not a time to confirm within/, /write a whole number and d, h or m/],
    ['14m', /"14m" is too short for the email to arrive and be read/, /write at least 15m/],
    ['169h', /"169h" is longer than 7 days/, /write at most 7d/],
    ['8d', /"8d" is longer than 7 days/, /write at most 7d/],
  ])('refuses %s with a finding at its line', async (value, problem, fix) => {
    const findings = await findingsFor({ [eventFile]: withHold(value) });
    expect(findings).toHaveLength(1);
    expectFinding(findings, { file: eventFile, field: 'confirmWithin', line, problem, fix });
  });

  it('a hold longer than the time left before the start is fine: registration closes at the start anyway', async () => {
    // Registration closes a week before the start; a 7-day hold from the last minute would end at the start.
    expect(await findingsFor({ [eventFile]: withHold('7d') })).toEqual([]);
  });

  it('reaches the manifest the API reads, and is absent where it is not written', async () => {
    const root = await contentRoot({ [eventFile]: withHold('90m') });
    const manifest = await buildManifest(path.join(root, 'content'));
    expect(manifest.events.find((e) => e.slug === 'spring-reunion')?.confirmWithin).toBe('90m');
    const plain = await buildManifest(path.join(await contentRoot(), 'content'));
    expect(plain.events.find((e) => e.slug === 'spring-reunion')?.confirmWithin).toBeUndefined();
  });
});
