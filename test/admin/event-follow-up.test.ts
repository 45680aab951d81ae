/**
 * `admin events feedback` and `admin events announce` against DynamoDB Local:
 * ratings given through the API summarised without names; an announcement
 * previewed, tested on one address, then sent once to each registrant
 * however often the command is run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { to } from '../support/inbox';
import { days, fixtureEvent, fixtureManifest, fromNow } from '../support/manifest';
import { call, person, register } from '../support/requests';
import { startTestStack, type TestStack } from '../support/stack';
import { adminRunner } from './admin';

const hour = 3_600_000;
const events = [fixtureEvent('held', { capacity: 2, maxGuests: 0, startsAt: fromNow(-3 * hour), endsAt: fromNow(-hour), closesAt: fromNow(-3 * hour) }), fixtureEvent('coming', { capacity: null })];
const manifest = fixtureManifest(events);
let t: TestStack;
const admin = adminRunner(
  () => manifest,
  () => t.env,
);
beforeAll(async () => {
  t = await startTestStack({ api: { manifest } });
});
afterAll(async () => t?.stop());

async function manageLink(who: string) {
  await t.drainMail();
  const mail = (await t.inbox(to(`${who}@example.org`)))[0]!;
  const [, id, token] = /manage\/\?r=([^&\s]+)&t=(\S+)/.exec(mail.body.text!)!;
  return { id: decodeURIComponent(id!), token: decodeURIComponent(token!) };
}

describe('events feedback', () => {
  it('gives the response rate, the average, the spread and the comments, without names', async () => {
    const past = await t.serveApi({ now: () => new Date(Date.now() - days(2)) });
    for (const who of ['fb-a', 'fb-b', 'fb-c']) expect((await register(past, 'held', person(who))).status).toBe(201);
    const a = await manageLink('fb-a');
    const b = await manageLink('fb-b');
    const rate = (l: { id: string; token: string }, body: unknown) => call(`${t.url}/api/registrations/${l.id}/feedback?token=${encodeURIComponent(l.token)}`, { body });
    expect((await rate(a, { rating: 5, comment: 'Great evening.' })).status).toBe(200);
    expect((await rate(b, { rating: 2 })).status).toBe(200);
    expect((await rate(b, { rating: 3, comment: 'Too loud.' })).status).toBe(200);

    const run = await admin('events', 'feedback', 'held');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('2 of 2 confirmed registrants rated it (100%)');
    expect(run.stdout).toContain('Average 4.00 out of 5');
    expect(run.stdout).toContain('Great evening.');
    expect(run.stdout).toContain('Too loud.');
    expect(run.stdout).not.toContain('Person');
    const json = JSON.parse((await admin('events', 'feedback', 'held', '--format', 'json')).stdout);
    expect(json).toMatchObject({ confirmed: 2, rated: 2, average: 4, counts: [0, 0, 1, 0, 1] });
    expect((await admin('events', 'feedback', 'no-such-event')).code).not.toBe(0);
  });
});

describe('events announce', () => {
  it('previews, tests on one address, then sends once to each registrant through the outbox', async () => {
    for (const who of ['an-a', 'an-b', 'an-c']) expect((await register(t.url, 'coming', person(who))).status).toBe(201);
    const cancelled = await manageLink('an-c');
    await call(`${t.url}/api/registrations/${cancelled.id}?token=${encodeURIComponent(cancelled.token)}`, { method: 'DELETE' });
    const args = ['events', 'announce', 'coming', '--subject', 'New room', '--message', 'We moved to the Great Hall.\n\nSame time, same floor.'];

    const preview = await admin(...args);
    expect(preview.code).toBe(0);
    expect(preview.stdout).toContain('to 2 registrants');
    expect(preview.stdout).toContain('Subject: New room: Test event coming');
    expect(preview.stdout).toContain('Nothing was sent');
    await t.drainMail();
    expect(await t.inbox((e) => e.subject.startsWith('New room'))).toHaveLength(0);

    expect((await admin(...args, '--test', 'staff@example.org')).code).toBe(0);
    await t.drainMail();
    expect(await t.inbox((e) => e.subject.startsWith('New room'))).toHaveLength(1);
    expect(await t.inboxFor('staff@example.org')).toHaveLength(1);

    expect((await admin(...args, '--send')).stdout).toContain('Queued 2 emails');
    expect((await admin(...args, '--send')).stdout).toContain('Queued 0 emails');
    await t.drainMail();
    for (const who of ['an-a', 'an-b']) {
      const mail = (await t.inboxFor(`${who}@example.org`)).filter((e) => e.subject.startsWith('New room'));
      expect(mail).toHaveLength(1);
      expect(mail[0]!.body.text).toContain('Same time, same floor.');
    }
    expect((await t.inboxFor('an-c@example.org')).filter((e) => e.subject.startsWith('New room'))).toHaveLength(0);
  });
});
