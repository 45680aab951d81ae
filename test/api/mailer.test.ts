/**
 * The mailer on DynamoDB Local's stream and a local SES that goes away and
 * comes back: nothing accepted is lost, every email arrives exactly once,
 * and what keeps failing is parked where staff can see it.
 */
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countByRecipient, to, toAddressesStarting } from '../support/inbox';
import { fixtureEvent, fixtureManifest } from '../support/manifest';
import { register } from '../support/requests';
import { startTestStack, type TestStack } from '../support/stack';
import { until } from '../support/until';

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack({ api: { manifest: fixtureManifest([fixtureEvent('reunion', { capacity: 10, maxGuests: 1 })]) }, mailer: { maxAttempts: 10, retryBaseMs: 200, retryMaxMs: 1_000 } });
});
afterAll(async () => t?.stop());

const registerAs = (email: string) => register(t.url, 'reunion', { name: 'Reunion Guest', email, guests: 0, consent: true });
const jobsOf = async (prefix: string) =>
  (await t.scan()).filter((i) => i.entity === 'EmailJob' && String(i.to).startsWith(prefix)) as Array<{ id: string; status: string; attempts: number; lastError?: string }>;

describe('when SES is down', () => {
  it('registrations still succeed, nothing is lost, and every email arrives exactly once when SES is back', async () => {
    await t.stopSes();
    // 14 people: 10 seats, so some are confirmed and some waitlisted.
    const responses = await Promise.all(Array.from({ length: 14 }, (_, i) => registerAs(`outage-${i}@example.org`)));
    expect(responses.map((r) => r.status)).toEqual(Array(14).fill(201));

    // The mailer tried every job, failed, and keeps them pending for a retry.
    const waiting = await until(
      () => jobsOf('outage-'),
      (jobs) => jobs.length === 14 && jobs.every((j) => j.attempts >= 1),
      'every outage job tried once',
    );
    expect(waiting.every((j) => j.status !== 'sent')).toBe(true);
    expect(waiting.every((j) => /Error/.test(j.lastError ?? ''))).toBe(true);

    await t.startSes();
    const outageMail = await t.inbox(toAddressesStarting('outage-'));
    expect(outageMail).toHaveLength(14);
    const perAddress = countByRecipient(outageMail);
    expect(perAddress.size).toBe(14);
    expect([...perAddress.values()].every((n) => n === 1)).toBe(true);
    expect(outageMail.filter((e) => e.subject.startsWith('You are registered'))).toHaveLength(10);
    expect(outageMail.filter((e) => e.subject.startsWith('You are on the waitlist'))).toHaveLength(4);
    expect((await jobsOf('outage-')).every((j) => j.status === 'sent')).toBe(true);
  });

  it('parks a job that keeps failing as failed, listed for staff, and sends it once staff put it back', async () => {
    await t.stopSes();
    expect((await registerAs('parked@example.org')).status).toBe(201);
    const doc = t.stack.table.db;
    const failedJobs = async () =>
      (await doc.send(new QueryCommand({ TableName: t.stack.tableName, IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': 'JOBS#failed' } }))).Items ?? [];
    // Through all ten attempts and their backoff: nothing is left to send, and the one job is parked.
    await t.drainMail();
    const parkedJobs = await failedJobs();
    expect(parkedJobs).toHaveLength(1);
    const [parked] = parkedJobs;
    expect(parked).toMatchObject({ status: 'failed', attempts: 10, to: 'parked@example.org' });
    expect(parked!.lastError).toMatch(/\w+: /);

    // Staff retry: back to pending, due now (what the staff tool does).
    await t.startSes();
    await doc.send(
      new UpdateCommand({
        TableName: t.stack.tableName,
        Key: { PK: parked!.PK, SK: parked!.SK },
        UpdateExpression: 'SET #s = :pending, attempts = :zero, dueAt = :now, GSI1PK = :pk, GSI1SK = :sk',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':pending': 'pending', ':zero': 0, ':now': new Date().toISOString(), ':pk': 'JOBS#pending', ':sk': `${new Date().toISOString()}#${parked!.id}` },
      }),
    );
    expect(await t.inbox(to('parked@example.org'))).toHaveLength(1);
    expect(await failedJobs()).toHaveLength(0);
  });
});
