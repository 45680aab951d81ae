/**
 * Issue 14, the per-recipient email cap: an address whose holder has proven it
 * is theirs (a deliberate action on a signed link emailed to it) is not capped;
 * any other address gets five form emails a UTC day. Against DynamoDB Local,
 * local SES and the mailer on the stream: mail drained, then counted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isVerifiedAddress } from '../../functions/mailer/recipient-cap';
import { emailHash, keys } from '../../functions/shared/table';
import { signToken } from '../../functions/shared/tokens';
import { recordVerifiedAddress } from '../../functions/shared/verified-address';
import { adminRunner } from '../admin/admin';
import { fixtureEvent, fixtureManifest, fixtureMentor } from '../support/manifest';
import { subscriptionLink } from '../support/newsletter';
import { call, register } from '../support/requests';
import { signingSecret, startTestStack, type TestStack } from '../support/stack';

const talks = Array.from({ length: 8 }, (_, i) => `talk-${i + 1}`);
const manifest = { ...fixtureManifest(talks.map((slug) => fixtureEvent(slug, { capacity: 50, maxGuests: 2 }))), mentors: [fixtureMentor('ines-ruiz')] };

let t: TestStack;
const admin = adminRunner(
  () => manifest,
  () => t.env,
);
beforeAll(async () => {
  t = await startTestStack({ api: { manifest } });
});
afterAll(async () => t?.stop());

const registered = async (slug: string, email: string): Promise<string> => {
  const response = await register(t.url, slug, { name: 'Someone', email, consent: true });
  expect(response.status).toBe(201);
  return response.json.registration.id as string;
};
/** The form emails to `email`: delivered (in the inbox, after draining) and withheld by the cap. */
const counts = async (email: string) => {
  const delivered = (await t.inboxFor(email)).length;
  const withheld = (await t.scan()).filter((i) => i.entity === 'EmailJob' && i.to === email && i.suppressedReason === 'recipient-cap').length;
  return { delivered, withheld };
};
const marker = async (email: string) => (await t.scan()).find((i) => i.PK === keys.verifiedAddress(emailHash(email)).PK && i.SK === 'VERIFIED');

describe('a newsletter subscription confirmed from its emailed link', () => {
  const email = 'Proven.Holder@example.org';
  let link: { id: string; token: string };

  it('an unproven address gets five form emails a day; the sixth is withheld, and a wrong token changes nothing', async () => {
    const subscribed = await call(`${t.url}/api/subscriptions`, { body: { email, topics: ['careers'], regions: ['Europe'], frequency: 'monthly', consent: true, company: '' } });
    expect(subscribed.status).toBe(202);
    for (const slug of talks.slice(0, 4)) await registered(slug, email);
    expect(await counts(email)).toEqual({ delivered: 5, withheld: 0 });
    // The confirmation email is the one with the subscription's link (a registration email is "confirmed" too, and may arrive first).
    link = subscriptionLink((await t.inboxFor(email)).find((m) => /\/newsletter\/confirm\//.test(m.body.text ?? ''))?.body.text);

    const wrong = await call(`${t.url}/api/subscriptions/${link.id}/confirm?token=${'x'.repeat(43)}`, { method: 'POST' });
    expect([wrong.status, wrong.json.error.code]).toEqual([403, 'invalid_token']);
    // Another subscription's valid token is just as wrong for this one.
    const other = await call(`${t.url}/api/subscriptions/${link.id}/confirm?token=${signToken(signingSecret, 'subscription', 'f'.repeat(24))}`, { method: 'POST' });
    expect(other.status).toBe(403);
    expect(await marker(email)).toBeUndefined();

    await registered(talks[4]!, email);
    expect(await counts(email)).toEqual({ delivered: 5, withheld: 1 });
  });

  it('after the holder confirms, the sixth and seventh form emails of the same day are delivered', async () => {
    const confirmed = await call(`${t.url}/api/subscriptions/${link.id}/confirm?token=${encodeURIComponent(link.token)}`, { method: 'POST' });
    expect(confirmed.status).toBe(200);
    const item = await marker(email);
    expect(item).toMatchObject({ entity: 'VerifiedAddress', via: 'newsletter-confirm', GSI2PK: `EMAIL#${emailHash(email)}`, GSI2SK: 'VERIFIED' });
    // A hash and dates: the address is not in it.
    expect(JSON.stringify(item).toLowerCase()).not.toContain('proven.holder');
    const retentionDays = (item!.expiresAt as number) - Date.parse(item!.verifiedAt as string) / 1000;
    expect(Math.round(retentionDays / 86_400)).toBe(365);

    await registered(talks[5]!, email);
    await registered(talks[6]!, email);
    expect(await counts(email)).toEqual({ delivered: 7, withheld: 1 });
  });

  it('privacy export lists the record readably', async () => {
    const run = await admin('privacy', 'export', email);
    expect(run.code, run.stderr).toBe(0);
    const exported = JSON.parse(run.stdout) as { addressProven?: Record<string, unknown>[] };
    expect(exported.addressProven).toEqual([
      {
        meaning: expect.stringMatching(/^This address is yours/),
        provenAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        how: 'you confirmed your newsletter subscription from the link we emailed you',
        deletedAfter: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      },
    ]);
  });

  it('erasure deletes the record, and the address is capped again', async () => {
    const run = await admin('privacy', 'erase', email, '--yes');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('the record that the address was proven');
    expect(await marker(email)).toBeUndefined();
    expect(await isVerifiedAddress(t.stack.table, emailHash(email), new Date())).toBe(false);

    const before = await counts(email);
    await registered(talks[7]!, email);
    // Erasure deleted the withheld job with the person's others; the new one is withheld, nothing delivered.
    expect(await counts(email)).toEqual({ delivered: before.delivered, withheld: 1 });
  });
});

describe('a registration edited from its manage link', () => {
  const email = 'editor@example.org';

  it('a GET of the manage link alone proves nothing; a PATCH does', async () => {
    const ids: string[] = [];
    for (const slug of talks.slice(0, 5)) ids.push(await registered(slug, email));
    expect(await counts(email)).toEqual({ delivered: 5, withheld: 0 });
    const manage = `${t.url}/api/registrations/${ids[0]}?token=${signToken(signingSecret, 'registration', ids[0]!)}`;

    // What a mail scanner does: open the link.
    expect((await call(manage)).status).toBe(200);
    // A wrong token's edit is refused and proves nothing.
    const wrong = await call(`${t.url}/api/registrations/${ids[0]}?token=${signToken(signingSecret, 'registration', ids[1]!)}`, { method: 'PATCH', body: { guests: 1 } });
    expect(wrong.status).toBe(403);
    expect(await marker(email)).toBeUndefined();
    await registered(talks[5]!, email);
    expect(await counts(email)).toEqual({ delivered: 5, withheld: 1 });

    const edited = await call(manage, { method: 'PATCH', body: { guests: 1 } });
    expect([edited.status, edited.json.registration.guests]).toEqual([200, 1]);
    expect(await marker(email)).toMatchObject({ entity: 'VerifiedAddress', via: 'registration-edit' });
    await registered(talks[6]!, email);
    await registered(talks[7]!, email);
    expect(await counts(email)).toEqual({ delivered: 7, withheld: 1 });
  });
});

describe('the marker', () => {
  it('counts until its expiry, not after, although the TTL has not deleted it yet', async () => {
    const email = 'expiring@example.org';
    const now = new Date('2030-01-01T00:00:00Z');
    await recordVerifiedAddress({ table: t.stack.table, now, retentionDays: 2 }, email, 'registration-cancel');
    const expiry = now.getTime() + 2 * 86_400_000;
    expect(await isVerifiedAddress(t.stack.table, emailHash(email), new Date(expiry - 1000))).toBe(true);
    expect(await isVerifiedAddress(t.stack.table, emailHash(email), new Date(expiry))).toBe(false);
    expect(await isVerifiedAddress(t.stack.table, emailHash('someone-else@example.org'), now)).toBe(false);
    // Any case and spacing of the address finds it.
    expect(await isVerifiedAddress(t.stack.table, emailHash('  EXPIRING@example.org '), now)).toBe(true);
  });
});

// Last: the mentor's own emails have no configured address here, so nothing after this drains the mailer.
describe('a mentorship link', () => {
  it("proves the requester's address with the mentee's token only, not the mentor's", async () => {
    const email = 'mentee@example.org';
    const asked = await call(`${t.url}/api/mentor-requests`, {
      body: { name: 'Someone', email, role: 'alumni', goals: 'I would like to learn about careers.', topics: ['product management'], format: 'one-off', preferredMentor: 'ines-ruiz', consent: true },
    });
    expect(asked.status).toBe(201);
    const id = asked.json.request.id as string;
    const mentorAnswer = await call(`${t.url}/api/mentor-requests/${id}/accept?token=${signToken(signingSecret, 'mentor-request', id)}`, { method: 'POST' });
    expect(mentorAnswer.json.request.status).toBe('accepted');
    const feedback = (purpose: 'mentorship-mentor' | 'mentorship-mentee') =>
      call(`${t.url}/api/mentor-requests/${id}/feedback?token=${signToken(signingSecret, purpose, id)}`, { body: { met: true, rating: 4 } });

    expect((await feedback('mentorship-mentor')).status).toBe(200);
    expect(await marker(email)).toBeUndefined();
    expect((await feedback('mentorship-mentee')).status).toBe(200);
    expect(await marker(email)).toMatchObject({ entity: 'VerifiedAddress', via: 'mentorship-link' });
  });
});
