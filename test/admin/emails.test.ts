/**
 * `admin emails …`: email jobs the mailer parked as failed (SES down through
 * every attempt) are listed without whom they were to, and a retry sends them
 * once SES is back.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { recipientsOf } from '../support/inbox';
import { fixtureEvent, fixtureManifest } from '../support/manifest';
import { person, register } from '../support/requests';
import { startTestStack, type TestStack } from '../support/stack';
import { adminRunner } from './admin';

const manifest = fixtureManifest([fixtureEvent('gala', { capacity: 10 })]);
let t: TestStack;
const admin = adminRunner(
  () => manifest,
  () => t.env,
);

beforeAll(async () => {
  t = await startTestStack({ api: { manifest }, mailer: { maxAttempts: 1 } });
});
afterAll(async () => t?.stop());

const failedJson = async () => JSON.parse((await admin('emails', 'failed', '--format', 'json')).stdout) as Record<string, unknown>[];

it('lists failed email jobs without addresses, and retries them once SES is back', async () => {
  expect((await admin('emails', 'failed')).stdout).toBe('No failed email jobs.\n');
  await t.stopSes();
  const ids: string[] = [];
  for (const who of ['ines', 'jon']) {
    const res = await register(t.url, 'gala', person(who));
    ids.push(res.json.registration.id);
  }
  // One attempt each (maxAttempts 1): once nothing is left to send, both are parked.
  await t.drainMail();
  const failed = await failedJson();
  expect(failed).toHaveLength(2);
  expect(failed.map((r) => r.about).sort()).toEqual(ids.map((id) => `registration ${id} (gala)`).sort());
  for (const row of failed) expect(row).toMatchObject({ kind: 'registration-confirmed', attempts: 1 });
  const table = await admin('emails', 'failed');
  expect(table.stdout).toMatch(/^job\s+kind\s+about\s+mentor\s+attempts\s+created\s+failed\s+last error/);
  expect(table.stdout).not.toMatch(/example\.org|Person/);

  await t.startSes();
  const one = await admin('emails', 'retry', String(failed[0]!.job));
  expect(one.stdout).toBe('Queued 1 of 1 job to be sent again.\n');
  const first = await t.inbox();
  expect(first).toHaveLength(1);
  expect(await failedJson()).toHaveLength(1);
  const all = await admin('emails', 'retry', '--all');
  expect(all.stdout).toBe('Queued 1 of 1 job to be sent again.\n');
  const inbox = await t.inbox();
  expect(inbox).toHaveLength(2);
  expect(inbox.flatMap(recipientsOf).sort()).toEqual(['ines@example.org', 'jon@example.org']);
  expect(await failedJson()).toEqual([]);
});

it('refuses a retry of a job that is not failed, or without jobs named', async () => {
  const none = await admin('emails', 'retry');
  expect(none.code).toBe(1);
  expect(none.stderr).toContain('Name the jobs to retry, or give --all');
  const unknown = await admin('emails', 'retry', 'no-such-job');
  expect(unknown.code).toBe(1);
  expect(unknown.stderr).toContain('Job no-such-job is not a failed email job');
});
