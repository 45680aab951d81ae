/**
 * Issue 14, finding 2: a mentor gets at most three new requests a day; the
 * rest wait politely in the outbox and are sent on a later day, against the
 * real local stack (the mailer sends a queued email only once it falls due).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestsPerMentorPerDay } from '../../functions/mentoring/queue';
import { fixtureManifest, fixtureMentor } from '../support/manifest';
import { call } from '../support/requests';
import { startTestStack, type TestStack } from '../support/stack';

const manifest = { ...fixtureManifest([]), mentors: [fixtureMentor('busy-mentor', { topics: ['fundraising'], capacity: 10, formats: ['one-off'] })] };
let t: TestStack;
let configDir: string;
beforeAll(async () => {
  configDir = await mkdtemp(path.join(tmpdir(), 'mentors-'));
  process.env.MENTOR_EMAILS_FILE = path.join(configDir, 'mentor-emails.local.json');
  await writeFile(process.env.MENTOR_EMAILS_FILE, JSON.stringify({ 'busy-mentor': 'busy@mentors.example.test' }));
  t = await startTestStack({ api: { manifest, mentorRequestsPerDay: requestsPerMentorPerDay } });
});
afterAll(async () => {
  await t?.stop();
  await rm(configDir, { recursive: true, force: true });
});

const ask = (n: number) =>
  call(`${t.url}/api/mentor-requests`, {
    body: {
      name: `Requester ${n}`,
      email: `requester-${n}@example.org`,
      role: 'alumni',
      goals: 'Raise a first round for my start-up.',
      topics: ['fundraising'],
      preferredMentor: 'busy-mentor',
      format: 'one-off',
      consent: true,
    },
  });

describe('the mentor queue', () => {
  it('sends a mentor three requests today and queues the rest for later days; every requester is answered as usual', async () => {
    for (let n = 1; n <= 5; n++) {
      const res = await ask(n);
      expect(res.status).toBe(201);
      expect(res.json.request.status).toBe('pending');
    }
    const toMentor = await t.inboxFor('busy@mentors.example.test');
    expect(toMentor).toHaveLength(requestsPerMentorPerDay);
    // Every requester has their acknowledgement now.
    for (let n = 1; n <= 5; n++) expect(await t.inboxFor(`requester-${n}@example.org`)).toHaveLength(1);

    const queued = (await t.scan()).filter((i) => i.entity === 'EmailJob' && i.kind === 'mentor-request' && i.status === 'pending') as { dueAt: string }[];
    expect(queued).toHaveLength(2);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    for (const job of queued) expect(job.dueAt).toBe(`${tomorrow}T08:00:00.000Z`);
  });
});
