/**
 * Issue 14, finding 2: a mentor gets at most three new requests a day; the
 * rest wait politely in the outbox and are sent on a later day, against the
 * real local stack (the mailer sends a queued email only once it falls due).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expiryAfterDays, reminderAfterDays, runMentoringSchedule } from '../../functions/mentoring/lifecycle';
import { requestsPerMentorPerDay } from '../../functions/mentoring/queue';
import { days, fixtureManifest, fixtureMentor } from '../support/manifest';
import { call } from '../support/requests';
import { signingSecret, siteUrl, startTestStack, type TestStack } from '../support/stack';
import { useMentorEmails, type MentorEmailsFile } from '../support/mentor-emails';

const mentors = [
  fixtureMentor('busy-mentor', { topics: ['fundraising'], capacity: 10, formats: ['one-off'] }),
  fixtureMentor('queued-mentor', { name: 'Queued Mentor', topics: ['fundraising'], capacity: 10, formats: ['one-off'] }),
];
const manifest = { ...fixtureManifest([]), mentors };
/** The injected clock: real time for the first test; the clock test sets it back, so the jobs it writes are due for the mailer (which runs on real time). */
let clock = Date.now();
const now = () => new Date(clock);
let t: TestStack;
let mentorEmails: MentorEmailsFile;
beforeAll(async () => {
  mentorEmails = await useMentorEmails({ 'busy-mentor': 'busy@mentors.example.test', 'queued-mentor': 'queued@mentors.example.test' });
  t = await startTestStack({ api: { manifest, mentorRequestsPerDay: requestsPerMentorPerDay, now } });
});
afterAll(async () => {
  await t?.stop();
  await mentorEmails?.remove();
});

const ask = (n: number | string, mentor = 'busy-mentor') =>
  call(`${t.url}/api/mentor-requests`, {
    body: {
      name: `Requester ${n}`,
      email: `requester-${n}@example.org`,
      role: 'alumni',
      goals: 'Raise a first round for my start-up.',
      topics: ['fundraising'],
      preferredMentor: mentor,
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
    const tomorrow = new Date(clock + 86_400_000).toISOString().slice(0, 10);
    for (const job of queued) expect(job.dueAt).toBe(`${tomorrow}T08:00:00.000Z`);
  });

  it('gives a queued request its full week with the mentor: reminded 3 days and expired 7 days after it reached them, not after it was made', async () => {
    // Noon UTC, 40 days ago: three requests go to the mentor now, three tomorrow at 08:00, the seventh the day after.
    const day0 = new Date(Date.now() - days(40)).toISOString().slice(0, 10);
    const madeAt = Date.parse(`${day0}T12:00:00Z`);
    clock = madeAt;
    const ids: string[] = [];
    for (let n = 1; n <= 2 * requestsPerMentorPerDay + 1; n++) ids.push((await ask(`q${n}`, 'queued-mentor')).json.request.id as string);
    const last = ids.at(-1)!;
    const deliveredAt = Date.parse(`${new Date(madeAt + days(2)).toISOString().slice(0, 10)}T08:00:00Z`);
    expect((deliveredAt - madeAt) / days(1)).toBeCloseTo(1.83, 2);
    await t.drainMail();

    // The requester is told it waits, and when it goes to the mentor; one sent at once is told it was sent.
    const [queuedAck] = await t.inboxFor(`requester-q${ids.length}@example.org`);
    expect(queuedAck!.body.text).toContain('waits in line and goes to them on');
    expect(queuedAck!.body.text).toContain(`(08:00 UTC). From then they have a week`);
    expect((await t.inboxFor('requester-q1@example.org'))[0]!.body.text).toContain('We have sent it to Queued Mentor');

    const schedule = () => runMentoringSchedule({ table: t.stack.table, mentors, siteUrl, retentionDays: 365, secret: signingSecret, now: now() });
    const remindersOf = async (id: string) => (await t.inboxFor('queued@mentors.example.test')).filter((e) => e.subject.startsWith('Reminder') && e.body.text!.includes(id));
    const status = async (id: string) => (await t.scan()).find((i) => i.entity === 'MentorRequest' && i.id === id)!.status;

    // 3 days after it was made, but not yet 3 days after it reached the mentor: the first three are reminded, not the last.
    clock = madeAt + days(reminderAfterDays) + 60_000;
    expect((await schedule()).reminded).toBe(requestsPerMentorPerDay);
    clock = deliveredAt + days(reminderAfterDays) - 60_000;
    await schedule();
    await t.drainMail();
    expect(await remindersOf(last)).toHaveLength(0);
    // A minute past 3 days after delivery: reminded, once, however often the schedule runs.
    clock = deliveredAt + days(reminderAfterDays) + 60_000;
    await schedule();
    await schedule();
    await t.drainMail();
    expect(await remindersOf(last)).toHaveLength(1);

    // 7 days after it was made it is still open; a minute before 7 days after delivery too; a minute after, it expires.
    clock = madeAt + days(expiryAfterDays) + 60_000;
    await schedule();
    expect(await status(ids[0]!)).toBe('expired');
    expect(await status(last)).toBe('pending');
    clock = deliveredAt + days(expiryAfterDays) - 60_000;
    await schedule();
    expect(await status(last)).toBe('pending');
    clock = deliveredAt + days(expiryAfterDays) + 60_000;
    expect((await schedule()).expired).toBe(1);
    expect(await status(last)).toBe('expired');
    await t.drainMail();
    expect(await remindersOf(last)).toHaveLength(1);
  });
});
