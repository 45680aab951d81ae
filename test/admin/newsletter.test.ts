/**
 * `admin newsletter …`, `admin emails suppressed|unsuppress` and the
 * newsletter in `admin privacy`: a preview file, a test send, an issue sent
 * once to each active subscriber with its status, suppressions listed by
 * hash and lifted, and a subscription exported and erased.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { handleSesNotification } from '../../functions/newsletter/bounces';
import { bundledManifest } from '../../functions/shared/content';
import { countByRecipient, toAddressesStarting } from '../support/inbox';
import { seedSubscribers } from '../support/newsletter';
import { call } from '../support/requests';
import { startTestStack, type TestStack } from '../support/stack';
import { adminRunner } from './admin';

let t: TestStack;
const admin = adminRunner(
  () => bundledManifest,
  () => t.env,
);
beforeAll(async () => {
  t = await startTestStack();
});
afterAll(async () => t?.stop());

it('previews the digest as an HTML file and sends a test to one address', async () => {
  const preview = await admin('newsletter', 'preview', '--topics', 'careers,finance', '--regions', 'Europe', '--time-zone', 'Asia/Tokyo');
  expect(preview.code).toBe(0);
  const file = preview.stdout.trim().split('\n')[1]!;
  const html = await readFile(file, 'utf8');
  expect(html).toContain('prefers-color-scheme: dark');
  expect(html).not.toMatch(/<img/i);
  expect((await admin('newsletter', 'test', 'staff@example.org')).code).toBe(0);
  const inbox = await t.inboxFor('staff@example.org');
  expect(inbox).toHaveLength(1);
  expect(inbox[0]!.subject).toMatch(/Northbridge Alumni: Preview/);
});

it('sends an issue once to each active subscriber and reports it', async () => {
  const seeded = await seedSubscribers(t.stack.table, 12, { prefix: 'cli' });
  const dry = await admin('newsletter', 'send', '--dry-run');
  expect(dry.stdout).toMatch(/weekly: 6 subscribers[\s\S]*monthly: 6 subscribers[\s\S]*Nothing was written/);
  const sent = await admin('newsletter', 'send', '--rate', '500');
  expect([sent.code, sent.stdout]).toEqual([0, expect.stringMatching(/12 emails queued/)]);
  const counts = countByRecipient(await t.inbox(toAddressesStarting('cli-')));
  for (const s of seeded) expect(counts.get(s.email)).toBe(1);
  const status = JSON.parse((await admin('newsletter', 'status', '--format', 'json')).stdout) as Record<string, unknown>[];
  expect(status[0]).toMatchObject({ queued: 12, sent: 12, waiting: 0, failed: 0 });
  // The next issue a day later goes to weekly subscribers only: monthly ones had theirs.
  const again = await admin('newsletter', 'send', '--dry-run');
  expect(again.stdout).not.toMatch(/monthly/);
});

it('lists suppressions by hash only and lifts one', async () => {
  await handleSesNotification(
    t.stack.table,
    JSON.stringify({ eventType: 'Complaint', complaint: { complainedRecipients: [{ emailAddress: 'noisy@example.org' }], complaintFeedbackType: 'abuse', timestamp: '2027-01-10T10:00:00.000Z' } }),
    new Date(),
  );
  const listed = await admin('emails', 'suppressed');
  expect(listed.stdout).toMatch(/complaint/);
  expect(listed.stdout).not.toContain('noisy@example.org');
  expect((await admin('emails', 'suppressed', '--address', 'NOISY@example.org')).stdout).toMatch(/^Suppressed since/);
  expect((await admin('emails', 'unsuppress', 'noisy@example.org')).stdout).toMatch(/Lifted/);
  expect((await admin('emails', 'unsuppress', 'noisy@example.org')).code).toBe(1);
  expect((await admin('emails', 'suppressed', '--address', 'noisy@example.org')).stdout).toBe('Not suppressed.\n');
});

it('exports a subscription and erases it, after which its links stop working', async () => {
  const subscribed = await call(`${t.url}/api/subscriptions`, { body: { email: 'private@example.org', topics: ['law'], regions: [], frequency: 'weekly', consent: true } });
  expect(subscribed.status).toBe(202);
  await t.drainMail();
  const exported = JSON.parse((await admin('privacy', 'export', 'private@example.org')).stdout) as { newsletterSubscriptions: Array<{ id: string; topics: string[] }> };
  expect(exported.newsletterSubscriptions).toHaveLength(1);
  expect(exported.newsletterSubscriptions[0]!.topics).toEqual(['law']);
  const erased = await admin('privacy', 'erase', 'private@example.org', '--yes');
  expect(erased.stdout).toMatch(/1 newsletter subscription deleted/);
  expect(JSON.stringify(await t.scan())).not.toContain('private@example.org');
});
