/**
 * Sending an issue at scale, on DynamoDB Local and local SES with no other
 * mailer running: each job holds only the subscriber's picks from the issue's
 * one digest item, and the digest arrives whole; the sweep sends several at
 * once but never faster than the rate; a sweep stopped at its deadline, a
 * sender that died holding its jobs and a missing digest item all end with
 * every subscriber getting exactly one.
 */
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, type MailerOptions } from '../../functions/mailer/mailer';
import { bundledDigestContent } from '../../functions/newsletter/content';
import { digestFor } from '../../functions/newsletter/digest';
import type { NewsletterJobData } from '../../functions/newsletter/emails';
import { issueJobCounts, issueMaterial, queueIssue, startIssue, type IssueContext } from '../../functions/newsletter/issue';
import { createSesClient } from '../../functions/shared/clients';
import { bundledManifest } from '../../functions/shared/content';
import { indexKeys, keys } from '../../functions/shared/table';
import { countByRecipient, to, toAddressesStarting } from '../support/inbox';
import { seedSubscribers } from '../support/newsletter';
import { mailFrom, signingSecret, siteUrl, startTestStack, type TestStack } from '../support/stack';
import { until } from '../support/until';

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack({ mailer: false });
});
afterAll(async () => t?.stop());

const issueContext = (): IssueContext => ({ table: t.stack.table, siteUrl, signingSecret, content: bundledDigestContent, manifest: bundledManifest, now: () => new Date() });

/** Subscribers of earlier tests: unsubscribed (out of the active index) before the next issue, so each issue goes to its own test's. */
const earlier: string[] = [];

/** An issue to `count` new weekly subscribers (every issue goes to them), every job written (due now at a rate of 1,000/s). */
async function queuedIssue(prefix: string, count: number) {
  for (const id of earlier.splice(0)) {
    await t.stack.table.db.send(
      new UpdateCommand({
        TableName: t.stack.tableName,
        Key: keys.subscription(id),
        UpdateExpression: 'SET #status = :unsubscribed REMOVE GSI1PK, GSI1SK',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':unsubscribed': 'unsubscribed' },
      }),
    );
  }
  const seeded = await seedSubscribers(t.stack.table, count, { prefix, frequency: 'weekly' });
  earlier.push(...seeded.map((s) => s.id));
  const ctx = issueContext();
  const { issue } = await startIssue(ctx, 1_000);
  const done = await queueIssue(ctx, issue.id);
  expect(done).toMatchObject({ status: 'queued', queued: count });
  return { issue: done, seeded, ctx };
}

/** An SES client on the stack's local SES that records when each send starts and how many are in flight. */
function watchedSes() {
  const ses = createSesClient(t.stack.env);
  const starts: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  ses.middlewareStack.add(
    (next) => async (args) => {
      starts.push(Date.now());
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      try {
        return await next(args);
      } finally {
        inFlight--;
      }
    },
    { step: 'initialize', name: 'watchSends' },
  );
  return { ses, starts, maxInFlight: () => maxInFlight };
}

/** Sweeps until no job of the issue is pending or being sent. */
async function sweepUntilSent(options: Omit<MailerOptions, 'table' | 'mailFrom'>, issueId: string) {
  const mailer = createMailer({ table: t.stack.table, mailFrom, retryBaseMs: 100, retryMaxMs: 200, ...options });
  await until(
    async () => {
      await mailer.sweep();
      return issueJobCounts(t.stack.table, issueId);
    },
    (counts) => !counts.pending && !counts.sending,
    'every job of the issue sent',
    30_000,
  );
}

const mailTo = async (prefix: string) => countByRecipient((await t.emails()).filter(toAddressesStarting(prefix)));

describe("an issue's jobs", () => {
  it('hold only the picks from one digest item, and each subscriber gets the whole digest once', async () => {
    const { issue, seeded, ctx } = await queuedIssue('picks', 12);
    const items = await t.scan();
    const digestItems = items.filter((i) => i.entity === 'NewsletterDigest' && i.PK === keys.newsletterIssue(issue.id).PK);
    expect(digestItems).toHaveLength(1);
    const jobs = items.filter((i) => i.entity === 'EmailJob' && String(i.id).startsWith(`nl-${issue.id}-`));
    expect(jobs).toHaveLength(12);
    for (const job of jobs) {
      expect((job.data as NewsletterJobData).digest).toBe(digestItems[0]!.SK);
      // The subscriber's own parts and positions, not the stories, events, mentors and funds themselves.
      expect(Buffer.byteLength(JSON.stringify(job))).toBeLessThan(2_000);
    }

    const { ses } = watchedSes();
    await sweepUntilSent({ ses }, issue.id);
    const perRecipient = await mailTo('picks-');
    for (const s of seeded) expect(perRecipient.get(s.email)).toBe(1);
    // What arrives is the digest the subscriber's preferences choose, put back together.
    const material = await issueMaterial(ctx, issue.title);
    const expected = digestFor(material, { id: seeded[0]!.id, topics: [], regions: [] }, new Date(issue.since.weekly!), { issueId: issue.id, preferencesUrl: '', unsubscribeUrl: '' });
    const email = (await t.emails()).find(to(seeded[0]!.email))!;
    expect(expected.stories.length + expected.events.length + expected.funds.length).toBeGreaterThan(0);
    for (const entry of [...expected.stories, ...expected.events, ...expected.funds]) expect(email.body.text).toContain(entry.title);
    ses.destroy();
  });
});

describe('the sweep', () => {
  it('sends several at once but never more than the rate in any second', async () => {
    const { issue, seeded } = await queuedIssue('paced', 60);
    const watched = watchedSes();
    const rate = 20;
    await sweepUntilSent({ ses: watched.ses, sendRatePerSecond: rate, maxSendRate: rate }, issue.id);
    expect([...(await mailTo('paced-')).values()]).toEqual(seeded.map(() => 1));
    const starts = watched.starts.sort((a, b) => a - b);
    expect(starts).toHaveLength(60);
    // As SES counts its rate: at most `rate` sends start in any one second (one more at its edge), so the 60 start over at least 2 s.
    const mostInASecond = Math.max(...starts.map((at) => starts.filter((s) => s >= at && s < at + 1_000).length));
    expect(mostInASecond).toBeLessThanOrEqual(rate + 1);
    expect(starts.at(-1)! - starts[0]!).toBeGreaterThanOrEqual((Math.ceil(60 / rate) - 1) * 1_000 - 50);
    watched.ses.destroy();

    // Without a rate, `sweepConcurrency` sends are in flight at once, and never more.
    const parallel = await queuedIssue('parallel', 40);
    const unpaced = watchedSes();
    await sweepUntilSent({ ses: unpaced.ses, sweepConcurrency: 8 }, parallel.issue.id);
    expect([...(await mailTo('parallel-')).values()]).toEqual(parallel.seeded.map(() => 1));
    expect(unpaced.maxInFlight()).toBeGreaterThan(1);
    expect(unpaced.maxInFlight()).toBeLessThanOrEqual(8);
    unpaced.ses.destroy();
  });

  it('stopped at its deadline, or by a sender that died holding jobs, leaves nobody without a digest and nobody with two', async () => {
    const { issue, seeded } = await queuedIssue('resume', 30);
    const jobId = (i: number) => `nl-${issue.id}-${seeded[i]!.id}`;
    // A sender died after claiming three jobs: they are "sending" under a lease that runs out in a few seconds.
    const leaseEnd = new Date(Date.now() + 4_000).toISOString();
    for (const i of [0, 1, 2]) {
      await t.stack.table.db.send(
        new UpdateCommand({
          TableName: t.stack.tableName,
          Key: keys.emailJob(jobId(i)),
          UpdateExpression: 'SET #status = :sending, dueAt = :lease, GSI1PK = :pk, GSI1SK = :sk',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':sending': 'sending',
            ':lease': leaseEnd,
            ':pk': indexKeys.jobsByStatus('sending', leaseEnd, jobId(i)).GSI1PK,
            ':sk': indexKeys.jobsByStatus('sending', leaseEnd, jobId(i)).GSI1SK,
          },
        }),
      );
    }
    // A sweep at 10/s told to stop after 0.5 s: it sends a few, records each, and leaves the rest pending.
    const ses = createSesClient(t.stack.env);
    const mailer = createMailer({ table: t.stack.table, ses, mailFrom, sendRatePerSecond: 10, maxSendRate: 10 });
    const first = await mailer.sweep({ deadline: Date.now() + 500 });
    expect(first.sent).toBeGreaterThan(0);
    expect(first.sent).toBeLessThan(27);
    const afterStop = await issueJobCounts(t.stack.table, issue.id);
    expect(afterStop).toMatchObject({ sent: first.sent, pending: 27 - first.sent, sending: 3 });

    // Later sweeps send the rest, the dead sender's three once their lease has run out.
    await sweepUntilSent({ ses }, issue.id);
    expect(await issueJobCounts(t.stack.table, issue.id)).toEqual({ sent: 30 });
    const perRecipient = await mailTo('resume-');
    for (const s of seeded) expect(perRecipient.get(s.email)).toBe(1);
    ses.destroy();
  });

  it('does not send a digest whose digest item is missing: the job waits for a retry', async () => {
    const { issue, seeded } = await queuedIssue('orphan', 1);
    const digestItem = (await t.scan()).find((i) => i.entity === 'NewsletterDigest' && i.PK === keys.newsletterIssue(issue.id).PK)!;
    await t.stack.table.db.send(new DeleteCommand({ TableName: t.stack.tableName, Key: { PK: digestItem.PK, SK: digestItem.SK } }));
    const ses = createSesClient(t.stack.env);
    const mailer = createMailer({ table: t.stack.table, ses, mailFrom, retryBaseMs: 60_000 });
    expect(await mailer.sweep()).toMatchObject({ sent: 0, retry: 1 });
    expect(await issueJobCounts(t.stack.table, issue.id)).toEqual({ pending: 1 });
    expect((await mailTo('orphan-')).get(seeded[0]!.email)).toBeUndefined();
    ses.destroy();
  });
});
