/**
 * The staff commands of the mentoring lifecycle against DynamoDB Local and
 * local SES, with requests, answers and feedback made through the API:
 * `mentoring end` (the place comes back, both are told, a second end changes
 * nothing), `mentoring recount` (each load set to the running mentorships),
 * `mentoring report` (the figures of what this file made, in table, CSV and
 * JSON, with and without --since), and `privacy erase` of someone in a
 * running mentorship (it ends without emails, the place comes back, nothing
 * of the person is left).
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMentoringSchedule } from '../../functions/mentoring/lifecycle';
import { mentorLoads } from '../../functions/mentoring/store';
import { signToken } from '../../functions/shared/tokens';
import { keys } from '../../functions/shared/table';
import type { ManifestMentor } from '../../site/manifest/manifest-schema';
import { days, fixtureManifest, fixtureMentor } from '../support/manifest';
import { call } from '../support/requests';
import { records, signingSecret, siteUrl, startTestStack, type TestStack } from '../support/stack';
import { adminRunner } from './admin';
import { useMentorEmails, type MentorEmailsFile } from '../support/mentor-emails';

const mentors: ManifestMentor[] = [
  fixtureMentor('ana-lopez', { name: 'Ana Lopez', country: 'Spain', capacity: 3, topics: ['product management'], formats: ['one-off', 'short-term', 'long-term'] }),
  fixtureMentor('ben-osei', { name: 'Ben Osei', country: 'Ghana', capacity: 1, topics: ['product management'], formats: ['one-off', 'short-term', 'long-term'] }),
  fixtureMentor('cara-diaz', { name: 'Cara Diaz', country: 'Spain', capacity: 2, topics: ['product management'], formats: ['one-off', 'short-term', 'long-term'] }),
];
const manifest = { ...fixtureManifest([]), mentors };
const mentorAddress = (slug: string) => `${slug}@mentors.example.test`;
const menteeAddress = (who: string) => `${who}@example.org`;

let t: TestStack;
let mentorEmails: MentorEmailsFile;
const admin = adminRunner(
  () => manifest,
  () => t.env,
);

beforeAll(async () => {
  mentorEmails = await useMentorEmails(Object.fromEntries(mentors.map((m) => [m.slug, mentorAddress(m.slug)])));
  t = await startTestStack({ api: { manifest } });
});
afterAll(async () => {
  await t?.stop();
  await mentorEmails?.remove();
});

const json = async (...argv: string[]) => {
  const run = await admin(...argv, '--format', 'json');
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Record<string, unknown>[];
};
const ask = async (apiUrl: string, who: string, extra: Record<string, unknown>) => {
  const res = await call(`${apiUrl}/api/mentor-requests`, {
    body: {
      name: `Requester ${who}`,
      email: menteeAddress(who),
      role: 'alumni',
      goals: 'I want to move from engineering into product management.',
      topics: ['product management'],
      format: 'short-term',
      consent: true,
      ...extra,
    },
  });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json.request.id as string;
};
const answer = async (id: string, action: 'accept' | 'decline') =>
  expect((await call(`${t.url}/api/mentor-requests/${id}/${action}?token=${signToken(signingSecret, 'mentor-request', id)}`, { method: 'POST' })).status).toBe(200);
const feedback = async (id: string, role: 'mentor' | 'mentee', rating: number, comment?: string) => {
  const res = await call(`${t.url}/api/mentor-requests/${id}/feedback?token=${signToken(signingSecret, `mentorship-${role}`, id)}`, { body: { met: true, rating, ...(comment ? { comment } : {}) } });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json.feedback.stage as string;
};
const availability = async () => (await call(`${t.url}/api/mentors/availability`)).json.mentors as Record<string, { free: number; accepting: boolean }>;
const count = async (address: string) => (await t.inboxFor(address)).length;
const setLoad = (slug: string, active: number) =>
  t.stack.table.db.send(new UpdateCommand({ TableName: t.stack.table.name, Key: keys.mentorLoad(slug), UpdateExpression: 'SET active = :n', ExpressionAttributeValues: { ':n': active } }));
const request = async (id: string) => (await t.scan()).find((i) => i.entity === 'MentorRequest' && i.id === id)!;

/** A day three days ago (YYYY-MM-DD): after the expired request was made, before everything else. */
const threeDaysAgo = new Date(Date.now() - days(3)).toISOString().slice(0, 10);
/** Request ids, filled in by the setup below. */
const ids = { expired: '', endMe: '', running: '', declined: '', subject: '', bees: '', bees2: '', waiting: '' };
const subject = { name: 'Wanjiru Kamau', email: 'Wanjiru.Kamau@Example.org', goals: 'Launch the Nairobi cooperative app I have been sketching.' };

beforeAll(async () => {
  // Made eight days ago and never answered: the schedule expires it.
  ids.expired = await ask(await t.serveApi({ now: () => new Date(Date.now() - days(8)) }), 'old', { preferredMentor: 'ana-lopez', country: 'Spain' });
  ids.endMe = await ask(t.url, 'end-me', { preferredMentor: 'ana-lopez', country: 'Spain' });
  ids.running = await ask(t.url, 'running', { preferredMentor: 'ana-lopez', country: 'Mexico' });
  // Each mentor is sent at most three new requests a day (the rest wait in the outbox): Ana gets three today, Cara one.
  ids.declined = await ask(t.url, 'declined', { preferredMentor: 'cara-diaz', country: 'Spain' });
  ids.subject = await ask(t.url, 'subject', { name: subject.name, email: subject.email, goals: subject.goals, preferredMentor: 'ben-osei', country: 'Kenya' });
  // Topics no mentor covers: nobody is suggested.
  ids.bees = await ask(t.url, 'bees', { topics: ['Beekeeping'] });
  ids.bees2 = await ask(t.url, 'bees2', { topics: ['beekeeping', 'urban farming'] });
  await answer(ids.endMe, 'accept');
  await answer(ids.running, 'accept');
  await answer(ids.declined, 'decline');
  await answer(ids.subject, 'accept');
  ids.waiting = await ask(t.url, 'waiting', { preferredMentor: 'ana-lopez', country: 'Spain' });
  const run = await runMentoringSchedule({ table: t.stack.table, mentors, siteUrl, retentionDays: 365, secret: signingSecret, now: new Date() });
  expect(run).toMatchObject({ expired: 1, reminded: 0, ended: 0 });
  // Check-ins while running: 5 and 4 on the running pair, 2 from the subject (with a comment that is theirs).
  expect(await feedback(ids.running, 'mentor', 5)).toBe('check-in');
  expect(await feedback(ids.running, 'mentee', 4)).toBe('check-in');
  expect(await feedback(ids.subject, 'mentee', 2, `Wanjiru here: ${subject.goals}`)).toBe('check-in');
  await t.drainMail();
});

describe('admin mentoring end', () => {
  it('ends a running mentorship: the place comes back at once and both get the end email with the survey', async () => {
    expect(await availability()).toMatchObject({ 'ana-lopez': { free: 1, accepting: true } });
    const before = { mentor: await count(mentorAddress('ana-lopez')), mentee: await count(menteeAddress('end-me')) };
    const run = await admin('mentoring', 'end', ids.endMe);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(`Ended mentorship ${ids.endMe} with Ana Lopez (ana-lopez); the place is free again and both were emailed.\n`);
    expect(await request(ids.endMe)).toMatchObject({ status: 'ended', endedBy: 'staff' });
    expect((await mentorLoads(t.stack.table)).get('ana-lopez')).toBe(1);
    expect(await availability()).toMatchObject({ 'ana-lopez': { free: 2, accepting: true } });

    const toMentor = (await t.inboxFor(mentorAddress('ana-lopez'))).slice(before.mentor);
    const toMentee = (await t.inboxFor(menteeAddress('end-me'))).slice(before.mentee);
    expect(toMentor).toHaveLength(1);
    expect(toMentee).toHaveLength(1);
    for (const email of [...toMentor, ...toMentee]) {
      expect(email.body.text).toContain(`/mentoring/manage/?action=feedback&id=${ids.endMe}`);
      expect(email.body.text).toContain(`${siteUrl}/mentoring/guidelines/`);
    }
    expect(toMentor[0]!.body.text).toContain('as=mentor');
    expect(toMentee[0]!.body.text).toContain('as=mentee');
    // The end survey, now that it has ended: 4 and 3.
    expect(await feedback(ids.endMe, 'mentee', 4)).toBe('end');
    expect(await feedback(ids.endMe, 'mentor', 3)).toBe('end');
  });

  it('ending it again answers the same and changes nothing: no write, no email', async () => {
    const before = await t.scan();
    const inbox = (await t.inbox()).length;
    const again = await admin('mentoring', 'end', ids.endMe);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe(`Mentorship ${ids.endMe} had already ended; nothing changed.\n`);
    expect(await t.scan()).toEqual(before);
    expect(await t.inbox()).toHaveLength(inbox);
  });

  it('refuses a request that is not a running mentorship, and an unknown id, with exit 1', async () => {
    const before = await t.scan();
    const pending = await admin('mentoring', 'end', ids.waiting);
    expect(pending.code).toBe(1);
    expect(pending.stderr).toContain(`Request ${ids.waiting} is pending, not a running mentorship`);
    const unknown = await admin('mentoring', 'end', 'no-such-request');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('There is no mentor request "no-such-request"');
    expect(await t.scan()).toEqual(before);
  });
});

describe('admin mentoring recount', () => {
  it('without --yes shows what would change and writes nothing; with --yes sets each load to the running mentorships', async () => {
    // Counts gone wrong (e.g. made before mentorships could end): Ana holds 1 running, Ben 1.
    await setLoad('ana-lopez', 3);
    await setLoad('ben-osei', 0);
    expect(await availability()).toMatchObject({ 'ana-lopez': { free: 0 }, 'ben-osei': { free: 1 } });

    const dry = await admin('mentoring', 'recount', '--format', 'csv');
    expect(dry.code, dry.stderr).toBe(0);
    // The CSV reads back whole; the hint goes to stderr (after a table it follows on stdout).
    expect(parse(dry.stdout, { columns: true, bom: true })).toEqual([
      { mentor: 'ana-lopez', 'mentor name': 'Ana Lopez', 'active (stored)': '3', 'accepted requests': '1', 'would change': 'yes' },
      { mentor: 'ben-osei', 'mentor name': 'Ben Osei', 'active (stored)': '0', 'accepted requests': '1', 'would change': 'yes' },
      { mentor: 'cara-diaz', 'mentor name': 'Cara Diaz', 'active (stored)': '0', 'accepted requests': '0', 'would change': 'unchanged' },
    ]);
    expect(dry.stderr).toContain('Run again with --yes to write these counts.\n');
    expect((await admin('mentoring', 'recount')).stdout).toMatch(/\nRun again with --yes to write these counts\.\n$/);
    expect((await mentorLoads(t.stack.table)).get('ana-lopez')).toBe(3);

    const wrote = await admin('mentoring', 'recount', '--yes');
    expect(wrote.code, wrote.stderr).toBe(0);
    expect(wrote.stdout).toMatch(/Ana Lopez \(ana-lopez\)\s+3\s+1\s+set/);
    expect(wrote.stdout).toMatch(/Ben Osei \(ben-osei\)\s+0\s+1\s+set/);
    expect(wrote.stdout).not.toContain('Run again');
    const loads = await mentorLoads(t.stack.table);
    expect([loads.get('ana-lopez'), loads.get('ben-osei')]).toEqual([1, 1]);
    expect(await availability()).toEqual({ 'ana-lopez': { free: 2, accepting: true }, 'ben-osei': { free: 0, accepting: true }, 'cara-diaz': { free: 2, accepting: true } });

    // Right counts stay as they are.
    const again = await admin('mentoring', 'recount', '--yes', '--format', 'csv');
    expect((parse(again.stdout, { columns: true, bom: true }) as Record<string, string>[]).map((r) => r.result)).toEqual(['unchanged', 'unchanged', 'unchanged']);
  });
});

describe('admin mentoring report', () => {
  /** What this file made: 8 requests (6 to a mentor), 3 became mentorships (1 ended), 1 declined, 1 expired, 1 waiting. */
  const expected = {
    requests: 8,
    'requests to a mentor': 6,
    'accepted (running or ended)': 3,
    'acceptance rate (of requests answered or expired)': '60%',
    declined: 1,
    'expired unanswered': 1,
    'waiting for an answer': 1,
    'active mentorships': 2,
    'ended mentorships': 1,
    'average rating at check-in (1–5)': '3.67',
    'check-in answers': 3,
    'average rating at the end (1–5)': '3.50',
    'end survey answers': 2,
    // Mexico–Spain and Kenya–Ghana across 3 pairs; Spain–Spain is not.
    'cross-border pairs': '66.7%',
    'no mentor suggested: beekeeping': 2,
    'no mentor suggested: urban farming': 1,
  };

  it('gives the figures of what was made, as JSON', async () => {
    const rows = await json('mentoring', 'report');
    const figures = Object.fromEntries(rows.map((r) => [r.measure, r.value]));
    expect(figures).toMatchObject(expected);
    expect(typeof figures['median time to answer (hours)']).toBe('number');
    // Only the two topics nobody covers are listed as unmatched.
    expect(rows.filter((r) => String(r.measure).startsWith('no mentor suggested')).map((r) => r.measure)).toEqual(['no mentor suggested: beekeeping', 'no mentor suggested: urban farming']);
  });

  it('gives the same figures as CSV and as a table, with no names or addresses', async () => {
    const csv = await admin('mentoring', 'report', '--format', 'csv');
    expect(csv.code, csv.stderr).toBe(0);
    const rows = parse(csv.stdout, { columns: true, bom: true }) as { measure: string; value: string }[];
    expect(Object.fromEntries(rows.map((r) => [r.measure, r.value]))).toMatchObject(Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, String(v)])));
    const table = await admin('mentoring', 'report');
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/acceptance rate \(of requests answered or expired\)\s+60%/);
    expect(table.stdout).toMatch(/cross-border pairs\s+66\.7%/);
    expect(table.stdout).toMatch(/no mentor suggested: beekeeping\s+2/);
    for (const out of [csv.stdout, table.stdout]) expect(out).not.toMatch(/Requester|Wanjiru|example\.org|Nairobi/);
  });

  it('--since leaves out requests made before that day', async () => {
    const figures = Object.fromEntries((await json('mentoring', 'report', '--since', threeDaysAgo)).map((r) => [r.measure, r.value]));
    expect(figures).toMatchObject({
      requests: 7,
      'requests to a mentor': 5,
      'accepted (running or ended)': 3,
      'acceptance rate (of requests answered or expired)': '75%',
      'expired unanswered': 0,
      'check-in answers': 3,
    });
    const bad = await admin('mentoring', 'report', '--since', 'last week');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--since takes a day as YYYY-MM-DD');
  });
});

describe('admin privacy erase of someone in a running mentorship', () => {
  it('ends the mentorship without emails, gives the place back, and leaves nothing of the person', async () => {
    expect(await availability()).toMatchObject({ 'ben-osei': { free: 0 } });
    const before = { mentor: await count(mentorAddress('ben-osei')), mentee: await count(subject.email), all: (await t.inbox()).length };
    const run = await admin('privacy', 'erase', subject.email.toLowerCase(), '--yes');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('1 mentor request');
    expect(run.stdout).not.toMatch(/wanjiru/i);

    expect(await request(ids.subject)).toMatchObject({ status: 'ended', endedBy: 'erasure', name: '(erased)', mentor: 'ben-osei' });
    expect((await mentorLoads(t.stack.table)).get('ben-osei')).toBe(0);
    expect(await availability()).toMatchObject({ 'ben-osei': { free: 1, accepting: true } });
    // Nobody was emailed: not the erased address, not the mentor.
    expect(await t.inbox()).toHaveLength(before.all);
    expect([await count(mentorAddress('ben-osei')), await count(subject.email)]).toEqual([before.mentor, before.mentee]);

    // Nothing of the person in the table, in any spelling: not the name, address, goals, country, nor what they wrote in feedback.
    const text = JSON.stringify(records(await t.scan())).toLowerCase();
    for (const trace of ['wanjiru', 'kamau', 'nairobi', 'cooperative app', 'kenya']) expect(text).not.toContain(trace);
    expect(JSON.parse((await admin('privacy', 'export', subject.email)).stdout)).toMatchObject({ mentorRequests: [], emailJobs: [] });

    // The mentee's links stop working; the staff figures count the mentorship as ended.
    const end = await call(`${t.url}/api/mentor-requests/${ids.subject}/end?token=${signToken(signingSecret, 'mentorship-mentee', ids.subject)}`, { method: 'POST' });
    expect([end.status, end.text]).toEqual([403, expect.stringContaining('invalid_token')]);
    const figures = Object.fromEntries((await json('mentoring', 'report')).map((r) => [r.measure, r.value]));
    expect(figures).toMatchObject({ 'active mentorships': 1, 'ended mentorships': 2 });
  });
});
