/**
 * The mailer on DynamoDB Local's stream and a local SES that goes away and
 * comes back: nothing accepted is lost, every email arrives exactly once,
 * and what keeps failing is parked where staff can see it.
 */
import { DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureEvent, fixtureManifest } from '../support/manifest';
import { call, startTestStack, type TestStack } from '../support/stack';

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack({ api: { manifest: fixtureManifest([fixtureEvent('reunion', { capacity: 10, maxGuests: 1 })]) }, mailer: { maxAttempts: 10, retryBaseMs: 200, retryMaxMs: 1_000 } });
});
afterAll(async () => t?.stop());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const register = (email: string, guests = 0) => call(`${t.url}/api/events/reunion/registrations`, { body: { name: 'Reunion Guest', email, guests, consent: true } });
const jobsOf = async (prefix: string) =>
  (await t.scan()).filter((i) => i.entity === 'EmailJob' && String(i.to).startsWith(prefix)) as Array<{ id: string; status: string; attempts: number; lastError?: string }>;

describe('when SES is down', () => {
  it('registrations still succeed, nothing is lost, and every email arrives exactly once when SES is back', async () => {
    await t.stopSes();
    // 14 people: 10 seats, so some are confirmed and some waitlisted.
    const responses = await Promise.all(Array.from({ length: 14 }, (_, i) => register(`outage-${i}@example.org`)));
    expect(responses.map((r) => r.status)).toEqual(Array(14).fill(201));

    // The mailer tried, failed, and keeps the jobs pending for a retry.
    await sleep(1_500);
    const waiting = await jobsOf('outage-');
    expect(waiting).toHaveLength(14);
    expect(waiting.every((j) => j.status !== 'sent')).toBe(true);
    expect(waiting.some((j) => j.attempts >= 1 && /Error/.test(j.lastError ?? ''))).toBe(true);

    await t.startSes();
    const inbox = await t.waitForEmails((all) => all.filter((e) => e.destination.to.join().includes('outage-')).length >= 14, 30_000);
    // Let any stray retry or redelivery happen before counting.
    await sleep(2_000);
    const outageMail = (await t.emails()).filter((e) => e.destination.to.join().includes('outage-'));
    expect(inbox.length).toBeGreaterThanOrEqual(14);
    expect(outageMail).toHaveLength(14);
    const perAddress = new Map<string, number>();
    for (const e of outageMail) perAddress.set(e.destination.to.join(), (perAddress.get(e.destination.to.join()) ?? 0) + 1);
    expect([...perAddress.values()].every((n) => n === 1)).toBe(true);
    expect(perAddress.size).toBe(14);
    expect(outageMail.filter((e) => e.subject.startsWith('You are registered'))).toHaveLength(10);
    expect(outageMail.filter((e) => e.subject.startsWith('You are on the waitlist'))).toHaveLength(4);
    expect((await jobsOf('outage-')).every((j) => j.status === 'sent')).toBe(true);
  });

  it('parks a job that keeps failing as failed, listed for staff, and sends it once staff put it back', async () => {
    await t.stopSes();
    expect((await register('parked@example.org')).status).toBe(201);
    const doc = DynamoDBDocumentClient.from(t.stack.client);
    const failedJobs = async () =>
      (await doc.send(new QueryCommand({ TableName: t.stack.tableName, IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': 'JOBS#failed' } }))).Items ?? [];
    const deadline = Date.now() + 30_000;
    while ((await failedJobs()).length === 0 && Date.now() < deadline) await sleep(250);
    const [parked] = await failedJobs();
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
    await t.waitForEmails((all) => all.some((e) => e.destination.to.join().includes('parked@')));
    await sleep(1_000);
    expect((await t.emails()).filter((e) => e.destination.to.join().includes('parked@'))).toHaveLength(1);
    expect(await failedJobs()).toHaveLength(0);
  });
});
