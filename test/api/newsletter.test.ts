/**
 * The newsletter over HTTP against DynamoDB Local and local SES: double
 * opt-in with one confirmation a day, preferences by signed link, one-click
 * unsubscribe (RFC 8058 headers in the raw MIME), issues written through the
 * outbox exactly once per subscriber (after a crash and while SES is down),
 * and SES bounces and complaints suppressing an address for every email.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledDigestContent } from '../../functions/newsletter/content';
import { handleSesNotification } from '../../functions/newsletter/bounces';
import { issueJobCounts, queueIssue, startIssue, type IssueContext } from '../../functions/newsletter/issue';
import { bundledManifest } from '../../functions/shared/content';
import { suppressionOf } from '../../functions/shared/suppression';
import { countByRecipient, to, toAddressesStarting } from '../support/inbox';
import { seedSubscribers, subscriptionLink } from '../support/newsletter';
import { call } from '../support/requests';
import { records, signingSecret, siteUrl, startTestStack, type TestStack } from '../support/stack';

let t: TestStack;
/** Every raw MIME message the mailer handed to SES. */
const raw: string[] = [];
beforeAll(async () => {
  t = await startTestStack();
  t.stack.sesClient.middlewareStack.add(
    (next) => async (args) => {
      const data = (args.input as { RawMessage?: { Data?: Uint8Array } }).RawMessage?.Data;
      if (data) raw.push(Buffer.from(data).toString('utf8'));
      return next(args);
    },
    { step: 'initialize', name: 'captureRawMessage' },
  );
});
afterAll(async () => t?.stop());

const subscribeUrl = () => `${t.url}/api/subscriptions`;
const form = (email: string, extra: Record<string, unknown> = {}) => ({ email, topics: ['careers'], regions: ['Europe'], frequency: 'monthly', consent: true, company: '', ...extra });
const issueContext = (): IssueContext => ({ table: t.stack.table, siteUrl, signingSecret, content: bundledDigestContent, manifest: bundledManifest, now: () => new Date() });
const subscribedAndConfirmed = async (email: string) => {
  expect((await call(subscribeUrl(), { body: form(email) })).status).toBe(202);
  const [confirmation] = await t.inboxFor(email);
  const link = subscriptionLink(confirmation?.body.text);
  expect((await call(`${t.url}/api/subscriptions/${link.id}/confirm?token=${encodeURIComponent(link.token)}`, { method: 'POST' })).status).toBe(200);
  return link;
};

describe('subscribing (double opt-in)', () => {
  it('answers 202 pending and sends one confirmation, however often the address is submitted', async () => {
    // Prepare / Act: ten submissions of one address within a minute.
    const answers = [];
    for (let i = 0; i < 10; i++) answers.push(await call(subscribeUrl(), { body: form('ten@example.org', { name: 'Ten Times' }) }));
    // Assess
    for (const a of answers) expect([a.status, a.json]).toEqual([202, { subscription: { status: 'pending' } }]);
    const inbox = await t.inboxFor('ten@example.org');
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.subject).toMatch(/Confirm your subscription/);
    const subs = (await t.scan()).filter((i) => i.entity === 'Subscription' && i.email === 'ten@example.org');
    expect(subs).toHaveLength(1);
    expect(subs[0]!.status).toBe('pending');
  });

  it('answers an active address exactly as a new one, and changes nothing of it', async () => {
    const link = await subscribedAndConfirmed('known@example.org');
    const before = (await t.inboxFor('known@example.org')).length;
    const again = await call(subscribeUrl(), { body: form('KNOWN@example.org', { topics: ['law'], frequency: 'weekly' }) });
    expect([again.status, again.json]).toEqual([202, { subscription: { status: 'pending' } }]);
    // A confirmed address was mailed within the day: nothing more is sent, and its preferences stand.
    expect(await t.inboxFor('known@example.org')).toHaveLength(before);
    const read = await call(`${t.url}/api/subscriptions/${link.id}?token=${encodeURIComponent(link.token)}`);
    expect(read.json.subscription).toMatchObject({ status: 'active', topics: ['careers'], frequency: 'monthly' });
  });

  it('refuses unknown topics and regions and a frequency outside the list, by field, storing nothing', async () => {
    const before = records(await t.scan()).length;
    const topic = await call(subscribeUrl(), { body: form('bad@example.org', { topics: ['astrology'] }) });
    const region = await call(subscribeUrl(), { body: form('bad@example.org', { regions: ['Atlantis'] }) });
    const frequency = await call(subscribeUrl(), { body: form('bad@example.org', { frequency: 'daily' }) });
    const consent = await call(subscribeUrl(), { body: form('bad@example.org', { consent: false }) });
    expect([topic.status, Object.keys(topic.json.error.fields)]).toEqual([400, ['topics']]);
    expect(topic.json.error.fields.topics).toContain('"astrology"');
    expect([region.status, Object.keys(region.json.error.fields)]).toEqual([400, ['regions']]);
    expect([frequency.status, frequency.json.error.fields.frequency]).toEqual([400, 'Choose weekly or monthly.']);
    expect([consent.status, Object.keys(consent.json.error.fields)]).toEqual([400, ['consent']]);
    expect(records(await t.scan())).toHaveLength(before);
    expect(await t.inboxFor('bad@example.org')).toHaveLength(0);
  });

  it('confirms once; the link used again answers active and sends nothing', async () => {
    await call(subscribeUrl(), { body: form('twice@example.org') });
    const link = subscriptionLink((await t.inboxFor('twice@example.org'))[0]?.body.text);
    const url = `${t.url}/api/subscriptions/${link.id}/confirm?token=${encodeURIComponent(link.token)}`;
    const first = await call(url, { method: 'POST' });
    const second = await call(url, { method: 'POST' });
    expect([first.status, first.json.subscription.status]).toEqual([200, 'active']);
    expect([second.status, second.json.subscription.status]).toEqual([200, 'active']);
    expect(await t.inboxFor('twice@example.org')).toHaveLength(1);
  });
});

describe('preferences by signed link', () => {
  it('reads and changes preferences; a wrong token gets 403 and changes nothing', async () => {
    const link = await subscribedAndConfirmed('prefs@example.org');
    const url = `${t.url}/api/subscriptions/${link.id}?token=${encodeURIComponent(link.token)}`;
    const wrong = await call(`${t.url}/api/subscriptions/${link.id}?token=${'x'.repeat(43)}`, { method: 'PATCH', body: { frequency: 'weekly' } });
    expect([wrong.status, wrong.json.error.code]).toEqual([403, 'invalid_token']);
    const changed = await call(url, { method: 'PATCH', body: { topics: ['law', 'finance'], regions: ['asia', 'Germany'], frequency: 'weekly', timeZone: 'Asia/Tokyo' } });
    expect(changed.status).toBe(200);
    expect(changed.json.subscription).toEqual({ id: link.id, status: 'active', topics: ['law', 'finance'], regions: ['Asia', 'Germany'], frequency: 'weekly', timeZone: 'Asia/Tokyo' });
    const badFrequency = await call(url, { method: 'PATCH', body: { frequency: 'hourly' } });
    expect(badFrequency.status).toBe(400);
    expect((await call(url)).json.subscription.frequency).toBe('weekly');
  });
});

describe('unsubscribing', () => {
  it('one-click POST (RFC 8058) unsubscribes at once and keeps no address; the links then say so', async () => {
    const link = await subscribedAndConfirmed('oneclick@example.org');
    const token = encodeURIComponent(link.token);
    // As a mail client's button posts it: a form body, none of our headers.
    const response = await fetch(`${t.url}/api/subscriptions/${link.id}/unsubscribe?token=${token}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ subscription: { id: link.id, status: 'unsubscribed' } });
    // Only the outbox's sent confirmation still names the address, until it expires (7 days).
    const left = (await t.scan()).filter((i) => i.entity !== 'EmailJob' && JSON.stringify(i).includes('oneclick@example.org'));
    expect(left).toEqual([]);
    expect((await call(`${t.url}/api/subscriptions/${link.id}?token=${token}`)).json.subscription).toEqual({ id: link.id, status: 'unsubscribed' });
    const patch = await call(`${t.url}/api/subscriptions/${link.id}?token=${token}`, { method: 'PATCH', body: { frequency: 'weekly' } });
    expect([patch.status, patch.json.error.message]).toEqual([403, expect.stringMatching(/unsubscribed/)]);
    const confirmAgain = await call(`${t.url}/api/subscriptions/${link.id}/confirm?token=${token}`, { method: 'POST' });
    expect(confirmAgain.status).toBe(403);
    const deleteAgain = await call(`${t.url}/api/subscriptions/${link.id}?token=${token}`, { method: 'DELETE' });
    expect([deleteAgain.status, deleteAgain.json.subscription.status]).toEqual([200, 'unsubscribed']);
  });
});

describe('an issue', () => {
  it('goes once to every active subscriber with List-Unsubscribe headers, never to a pending one; resumes after a crash and while SES is down', async () => {
    // Prepare: 30 active subscribers, one pending address.
    const seeded = await seedSubscribers(t.stack.table, 30, { prefix: 'issue', topics: ['careers'], regions: ['Europe'], timeZone: 'America/New_York' });
    await call(subscribeUrl(), { body: form('issue-pending@example.org') });
    await t.drainMail();
    await t.stopSes();
    // Act: start, "crash" after one page of 10, resume to the end; SES comes back afterwards.
    const ctx = issueContext();
    const { issue } = await startIssue(ctx, 1000);
    const partial = await queueIssue(ctx, issue.id, { pageSize: 10, maxPages: 1 });
    expect(partial.status).toBe('queueing');
    const resumedStart = await startIssue(ctx, 1000);
    expect(resumedStart).toMatchObject({ resumed: true, issue: { id: issue.id } });
    // The crashed page is written again: its jobs exist and are not doubled.
    const done = await queueIssue(ctx, issue.id, { pageSize: 10 });
    expect(done.status).toBe('queued');
    await t.startSes();
    // Assess
    const digests = await t.inbox(toAddressesStarting('issue-'));
    const perRecipient = countByRecipient(digests.filter((e) => !/Confirm/.test(e.subject)));
    for (const s of seeded) expect(perRecipient.get(s.email)).toBe(1);
    expect(perRecipient.has('issue-pending@example.org')).toBe(false);
    expect(await issueJobCounts(t.stack.table, issue.id)).toMatchObject({ sent: done.queued });
    // Headers as a mail client reads them: long ones are folded onto continuation lines.
    const mime = raw.find((m) => m.includes(`nl-${issue.id}-${seeded[0]!.id}`))!.replace(/\r?\n[ \t]+/g, ' ');
    expect(mime).toMatch(new RegExp(`List-Unsubscribe: <${siteUrl}/api/subscriptions/${seeded[0]!.id}/unsubscribe\\?token=[^>]+>`));
    expect(mime).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(mime).not.toMatch(/<img/i);
    const digest = digests.find(to(seeded[0]!.email))!;
    expect(digest.body.text).toContain('Choose topics, regions and how often');
  });
});

describe('bounces and complaints (SES notifications)', () => {
  const bounce = (address: string, bounceType: 'Permanent' | 'Transient') =>
    JSON.stringify({
      eventType: 'Bounce',
      bounce: {
        bounceType,
        bounceSubType: bounceType === 'Permanent' ? 'General' : 'MailboxFull',
        bouncedRecipients: [{ emailAddress: address, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
        timestamp: '2027-01-10T10:00:00.000Z',
        feedbackId: 'x',
      },
      mail: { timestamp: '2027-01-10T09:59:59.000Z', source: 'events@alumni.example.org', messageId: 'm1', destination: [address] },
    });
  const complaint = (address: string) =>
    JSON.stringify({
      notificationType: 'Complaint',
      complaint: { complainedRecipients: [{ emailAddress: address }], timestamp: '2027-01-10T10:00:00.000Z', feedbackId: 'y', complaintFeedbackType: 'abuse' },
      mail: { timestamp: '2027-01-10T09:59:59.000Z', source: 'events@alumni.example.org', messageId: 'm2', destination: [address] },
    });

  it('suppresses a permanent bounce and a complaint for every kind of email; a transient bounce changes nothing', async () => {
    expect(await handleSesNotification(t.stack.table, bounce('Gone@Example.org', 'Permanent'), new Date())).toEqual({ suppressed: 1, ignored: 0 });
    expect(await handleSesNotification(t.stack.table, complaint('angry@example.org'), new Date())).toEqual({ suppressed: 1, ignored: 0 });
    expect(await handleSesNotification(t.stack.table, bounce('full@example.org', 'Transient'), new Date())).toEqual({ suppressed: 0, ignored: 1 });
    expect(await handleSesNotification(t.stack.table, 'not json', new Date())).toEqual({ suppressed: 0, ignored: 1 });
    expect(await suppressionOf(t.stack.table, 'gone@example.org')).toMatchObject({ reason: 'bounce', detail: 'Permanent/General' });
    // Any email to them is withheld: the subscription confirmation here, a registration's in the same way.
    for (const address of ['gone@example.org', 'angry@example.org', 'full@example.org']) await call(subscribeUrl(), { body: form(address) });
    expect(await t.inboxFor('gone@example.org')).toHaveLength(0);
    expect(await t.inboxFor('angry@example.org')).toHaveLength(0);
    expect(await t.inboxFor('full@example.org')).toHaveLength(1);
    const withheld = (await t.scan()).filter((i) => i.entity === 'EmailJob' && i.status === 'suppressed');
    expect(withheld).toHaveLength(2);
    expect(JSON.stringify((await t.scan()).filter((i) => i.entity === 'Suppression'))).not.toContain('@');
  });
});
