/**
 * A month of a small mentoring programme, end to end, against DynamoDB Local
 * and local SES with an injected clock: five mentors, requests every day
 * (some to a chosen mentor, as the form offers them, some to nobody in
 * particular), mentors who accept, decline or stay silent, mentees who end,
 * one mentor who pauses for a week, and the schedule run every morning.
 * At the end every mentor's load equals their running mentorships, and the
 * API's availability says so too.
 *
 * Choices come from a fixed sequence, so the month is the same on every run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMentoringSchedule, type ScheduleRun } from '../../functions/mentoring/lifecycle';
import { mentorLoads } from '../../functions/mentoring/store';
import { signToken } from '../../functions/shared/tokens';
import type { ManifestMentor } from '../../site/manifest/manifest-schema';
import { days, fixtureManifest, fixtureMentor } from '../support/manifest';
import { call } from '../support/requests';
import { signingSecret, siteUrl, startTestStack, type TestStack } from '../support/stack';
import { useMentorEmails, type MentorEmailsFile } from '../support/mentor-emails';

const all = ['one-off', 'short-term', 'long-term'] as const;
const mentors: ManifestMentor[] = [
  fixtureMentor('ana-lima', { topics: ['career change', 'product management'], capacity: 2, formats: [...all] }),
  fixtureMentor('ben-okoro', { topics: ['finance careers', 'career change'], capacity: 2, formats: [...all] }),
  fixtureMentor('chen-yu', { topics: ['data science'], capacity: 1, formats: [...all] }),
  fixtureMentor('dana-weiss', { topics: ['starting a company', 'fundraising'], capacity: 1, formats: [...all] }),
  fixtureMentor('eli-sato', { topics: ['career change', 'design'], capacity: 3, formats: [...all] }),
];
const manifest = { ...fixtureManifest([]), mentors };

let t: TestStack;
let mentorEmails: MentorEmailsFile;
let clock = Date.now() - days(120);
const now = () => new Date(clock);

beforeAll(async () => {
  mentorEmails = await useMentorEmails(Object.fromEntries(mentors.map((m) => [m.slug, `${m.slug}@mentors.example.test`])));
  t = await startTestStack({ api: { manifest, now } });
});
afterAll(async () => {
  await t?.stop();
  await mentorEmails?.remove();
});

/** A fixed pseudo-random sequence (a linear congruential generator), so the month is the same every run. */
let seed = 12;
const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;

const post = (p: string, body?: unknown) => call(`${t.url}/api${p}`, { method: 'POST', ...(body === undefined ? {} : { body }) });
const availability = async (): Promise<Record<string, { free: number; accepting: boolean }>> => (await call(`${t.url}/api/mentors/availability`)).json.mentors;

describe('a month of a small programme', () => {
  it("ends with every mentor's load equal to their running mentorships", async () => {
    const tally = { requests: 0, toMentor: 0, toNobody: 0, accepted: 0, declined: 0, endedByLink: 0, refusedAsFull: 0 };
    const runs: ScheduleRun[] = [];
    const pending = new Map<string, { mentor: string; answerOn: number | undefined; accept: boolean }>();
    const running = new Map<string, { endOn: number | undefined }>();

    for (let day = 0; day < 30; day++) {
      // The schedule runs every morning.
      runs.push(await runMentoringSchedule({ table: t.stack.table, mentors, siteUrl, retentionDays: 365, secret: signingSecret, now: now() }));
      if (day === 8) expect((await post(`/mentors/dana-weiss/pause?token=${signToken(signingSecret, 'mentor-availability', 'dana-weiss')}`)).status).toBe(200);
      if (day === 15) expect((await post(`/mentors/dana-weiss/resume?token=${signToken(signingSecret, 'mentor-availability', 'dana-weiss')}`)).status).toBe(200);

      // One to three requests a day. The form offers only mentors with a free place who take requests.
      const offered = Object.entries(await availability())
        .filter(([, a]) => a.accepting && a.free > 0)
        .map(([slug]) => slug);
      for (let n = 1 + Math.floor(next() * 3); n > 0; n--) {
        const who = `m${tally.requests + 1}`;
        const chosen = next() < 0.85 && offered.length > 0 ? pick(offered) : undefined;
        const res = await post('/mentor-requests', {
          name: `Mentee ${who}`,
          email: `${who}@example.org`,
          role: pick(['student', 'alumni']),
          goals: 'I would like advice on changing careers over the coming year.',
          topics: [pick(['career change', 'data science', 'fundraising', 'design'])],
          format: pick(all),
          consent: true,
          company: '',
          ...(chosen ? { preferredMentor: chosen } : {}),
        });
        if (res.status === 409) {
          // Full since the availability was read (the 5-second cache in a browser): the API refuses, nothing is stored.
          expect(res.json.error.code).toBe('mentor_unavailable');
          tally.refusedAsFull++;
          continue;
        }
        expect(res.status).toBe(201);
        tally.requests++;
        if (!chosen) {
          tally.toNobody++;
          continue;
        }
        tally.toMentor++;
        // Most mentors answer within a few days; about one in five never does (the schedule expires those).
        const silent = next() < 0.2;
        pending.set(res.json.request.id, { mentor: chosen, answerOn: silent ? undefined : day + Math.floor(next() * 5), accept: next() < 0.7 });
      }

      // Mentors answer what is due today.
      for (const [id, p] of pending) {
        if (p.answerOn !== day) continue;
        pending.delete(id);
        const res = await post(`/mentor-requests/${id}/${p.accept ? 'accept' : 'decline'}?token=${signToken(signingSecret, 'mentor-request', id)}`);
        if (p.accept && res.status === 409) {
          // Full by now: the mentor is told and declines instead.
          expect((await post(`/mentor-requests/${id}/decline?token=${signToken(signingSecret, 'mentor-request', id)}`)).status).toBe(200);
          tally.declined++;
          continue;
        }
        expect(res.status).toBe(200);
        if (res.json.request.status === 'accepted') {
          tally.accepted++;
          // About half of mentees end it themselves, one to two weeks in (a one-off conversation is soon over).
          running.set(id, { endOn: next() < 0.5 ? day + 5 + Math.floor(next() * 10) : undefined });
        } else if (res.json.request.status === 'declined') tally.declined++;
      }
      for (const [id, r] of running) {
        if (r.endOn !== day) continue;
        running.delete(id);
        const res = await post(`/mentor-requests/${id}/end?token=${signToken(signingSecret, 'mentorship-mentee', id)}`);
        expect(res.json.request.status).toBe('ended');
        tally.endedByLink++;
      }
      clock += days(1);
    }
    runs.push(await runMentoringSchedule({ table: t.stack.table, mentors, siteUrl, retentionDays: 365, secret: signingSecret, now: now() }));

    const items = await t.scan();
    const requests = items.filter((i) => i.entity === 'MentorRequest');
    const byStatus = (status: string) => requests.filter((r) => r.status === status);
    const sum = (key: keyof ScheduleRun) => runs.reduce((n, r) => n + r[key], 0);
    const figures = {
      ...tally,
      reminded: sum('reminded'),
      expired: sum('expired'),
      checkIns: sum('checkIns'),
      endingNotices: sum('endingNotices'),
      endedBySchedule: sum('ended'),
      status: {
        pending: byStatus('pending').length,
        accepted: byStatus('accepted').length,
        declined: byStatus('declined').length,
        expired: byStatus('expired').length,
        ended: byStatus('ended').length,
      },
    };
    console.info(`a month of mentoring: ${JSON.stringify(figures)}`);

    // Everything adds up: every request is in one status, each step counted once.
    expect(requests).toHaveLength(tally.requests);
    expect(figures.status.expired).toBe(figures.expired);
    expect(figures.status.ended).toBe(tally.endedByLink + figures.endedBySchedule);
    expect(figures.status.accepted + figures.status.ended).toBe(tally.accepted);
    expect(figures.expired).toBeGreaterThan(0);
    expect(sum('failed')).toBe(0);
    // Requests to no particular mentor are left to the alumni office: never reminded or expired.
    expect(requests.filter((r) => !r.mentor).every((r) => r.status === 'pending' && !r.remindedAt)).toBe(true);

    // The invariant: every mentor's load equals their running mentorships, within capacity, and availability says the same.
    const loads = await mentorLoads(t.stack.table);
    const live = await availability();
    for (const m of mentors) {
      const active = byStatus('accepted').filter((r) => r.mentor === m.slug).length;
      expect(loads.get(m.slug) ?? 0, m.slug).toBe(active);
      expect(active, m.slug).toBeLessThanOrEqual(m.capacity);
      expect(live[m.slug], m.slug).toEqual({ free: m.capacity - active, accepting: true });
    }
  }, 300_000);
});
