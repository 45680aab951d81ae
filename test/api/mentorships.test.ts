/**
 * Mentorships after the request, against DynamoDB Local and local SES with an
 * injected clock: the reminder at 3 days and expiry at 7 (with one-click
 * requests to fresh suggestions), ending by either side's link with the place
 * back at once, the check-in at 30 days, the note a week before the end, the
 * extension and the end by itself, pause and resume, live availability,
 * feedback and its bad input, concurrency on the mentor's load, SES down
 * during reminders, and mentorships from before the lifecycle.
 *
 * The clock starts well in the past, so that the email jobs the steps write
 * are already due for the mailer, which runs on real time.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMentoringSchedule } from '../../functions/mentoring/lifecycle';
import { mentorLoads } from '../../functions/mentoring/store';
import { indexKeys, keys } from '../../functions/shared/table';
import type { ManifestMentor } from '../../site/manifest/manifest-schema';
import { days, fixtureManifest, fixtureMentor } from '../support/manifest';
import { call } from '../support/requests';
import { signingSecret, siteUrl, startTestStack, type TestStack } from '../support/stack';
import { useMentorEmails, type MentorEmailsFile } from '../support/mentor-emails';

const mentors: ManifestMentor[] = [
  fixtureMentor('li-wei-chen', { name: 'Li Wei Chen', topics: ['changing careers', 'product management'], capacity: 2, formats: ['one-off', 'short-term', 'long-term'] }),
  fixtureMentor('sofia-herrera', { name: 'Sofía Herrera', country: 'Mexico', topics: ['career changes', 'data science'], capacity: 2, formats: ['short-term', 'long-term'] }),
  fixtureMentor('kofi-mensah', { name: 'Kofi Mensah', country: 'Ghana', topics: ['careers in finance', 'career change'], capacity: 1 }),
  fixtureMentor('solo-mentor', { name: 'Solo Mentor', topics: ['robotics'], industry: 'Manufacturing', capacity: 1, formats: ['one-off', 'short-term', 'long-term'] }),
];
const manifest = { ...fixtureManifest([]), mentors };
const mentorAddress = (slug: string) => `${slug}@mentors.example.test`;

let t: TestStack;
let mentorEmails: MentorEmailsFile;
/** The injected clock: every API server and schedule run of this file reads it. */
let clock = Date.now() - days(200);
const now = () => new Date(clock);
const advance = (n: number) => (clock += days(n));

beforeAll(async () => {
  mentorEmails = await useMentorEmails(Object.fromEntries(mentors.map((m) => [m.slug, mentorAddress(m.slug)])));
  t = await startTestStack({ api: { manifest, now } });
});
afterAll(async () => {
  await t?.stop();
  await mentorEmails?.remove();
});

const schedule = () => runMentoringSchedule({ table: t.stack.table, mentors, siteUrl, retentionDays: 365, secret: signingSecret, now: now() });
const ask = (who: string, extra: Record<string, unknown> = {}) =>
  call(`${t.url}/api/mentor-requests`, {
    body: {
      name: `Requester ${who}`,
      email: `${who}@example.org`,
      role: 'alumni',
      goals: 'I would like to change careers into product work within a year.',
      topics: ['career change'],
      languages: ['English'],
      country: 'Mexico',
      format: 'short-term',
      consent: true,
      company: '',
      ...extra,
    },
  });
const api = (pathAndQuery: string, body?: unknown) => call(`${t.url}/api${pathAndQuery}`, { method: 'POST', ...(body !== undefined ? { body } : {}) });

/** The link for `action` in an email's text, and what it carries. */
function link(text: string, action: string, extra: Record<string, string> = {}) {
  const urls = [...text.matchAll(/https:\/\/\S+/g)].map((m) => new URL(m[0]));
  const found = urls.find((u) => u.searchParams.get('action') === action && Object.entries(extra).every(([k, v]) => u.searchParams.get(k) === v));
  if (!found) throw new Error(`no ${action} link in:\n${text}`);
  const p: Record<string, string | undefined> = Object.fromEntries(found.searchParams);
  return { ...p, url: found.toString(), token: p.token!, id: p.id, action: p.action!, met: p.met };
}
const endpointFor = (l: ReturnType<typeof link>) => `/mentor-requests/${l.id}/${l.action}?token=${encodeURIComponent(l.token)}`;

/** Asks `mentor` on behalf of `who`, and accepts by the mentor's link; returns the request id and the two "started" emails. */
async function pair(who: string, mentor: string, extra: Record<string, unknown> = {}) {
  const res = await ask(who, { preferredMentor: mentor, ...extra });
  expect(res.status).toBe(201);
  const id = res.json.request.id as string;
  const request = (await t.inboxFor(mentorAddress(mentor))).filter((e) => e.body.text?.includes(id)).at(-1)!;
  const accept = new URL(/https:\/\/\S+action=accept/.exec(request.body.text!)![0]);
  const accepted = await api(`/mentor-requests/${id}/accept?token=${encodeURIComponent(accept.searchParams.get('token')!)}`);
  expect(accepted.json.request.status).toBe('accepted');
  const started = (address: string) => t.inboxFor(address).then((all) => all.find((e) => e.subject.includes('keep this email') && e.body.text!.includes(id))!);
  return { id, mentee: await started(`${who}@example.org`), mentor: await started(mentorAddress(mentor)) };
}

const emailsTo = async (address: string, since: number) => (await t.inboxFor(address)).slice(since);
const count = async (address: string) => (await t.inboxFor(address)).length;
/** Each mentor's load equals their accepted requests. */
async function loadsMatch() {
  const loads = await mentorLoads(t.stack.table);
  const accepted = (await t.scan()).filter((i) => i.entity === 'MentorRequest' && i.status === 'accepted');
  for (const m of mentors) expect(loads.get(m.slug) ?? 0, m.slug).toBe(accepted.filter((r) => r.mentor === m.slug).length);
}

describe('a request that is not answered', () => {
  it('reminds the mentor once after 3 days, then after 7 expires it: the requester gets fresh suggestions (that mentor left out), each a one-click request carrying over what they wrote', async () => {
    const res = await ask('quiet', { preferredMentor: 'kofi-mensah', goals: 'Moving from engineering into careers in finance, step by step.' });
    const id = res.json.request.id as string;
    const mentorBefore = await count(mentorAddress('kofi-mensah'));
    const requesterBefore = await count('quiet@example.org');

    advance(2);
    expect((await schedule()).reminded).toBe(0);
    advance(1.1);
    expect((await schedule()).reminded).toBe(1);
    expect((await schedule()).reminded).toBe(0);
    const [reminder, ...more] = await emailsTo(mentorAddress('kofi-mensah'), mentorBefore);
    expect(more).toHaveLength(0);
    expect(reminder!.subject).toBe('Reminder: Requester quiet is waiting for your answer');
    expect(reminder!.body.text).toContain(`/mentoring/respond/?id=${id}`);
    expect(link(reminder!.body.text!, 'pause', { mentor: 'kofi-mensah' }).url).toContain('/mentoring/manage/');
    expect(reminder!.body.text).toContain(`${siteUrl}/mentoring/guidelines/`);

    advance(4);
    const run = await schedule();
    expect(run).toMatchObject({ expired: 1, reminded: 0 });
    expect((await schedule()).expired).toBe(0);
    const [expired, ...others] = await emailsTo('quiet@example.org', requesterBefore);
    expect(others).toHaveLength(0);
    expect(expired!.subject).toBe('Your mentoring request to Kofi Mensah has closed: other mentors to ask');
    expect(expired!.body.text).not.toContain('kofi-mensah');
    // "career change" finds mentors who offer "changing careers" and "career changes" (word stems).
    expect(expired!.body.text).toContain('Li Wei Chen: Mentors on changing careers');
    expect(expired!.body.text).toContain('Sofía Herrera: Mentors on career changes');
    // Still no answer from the mentor: the late link answers the status, it cannot accept an expired request.
    const late = new URL(/https:\/\/\S+action=accept/.exec(reminder!.body.text!)![0]);
    const lateAccept = await api(`/mentor-requests/${id}/accept?token=${encodeURIComponent(late.searchParams.get('token')!)}`);
    expect(lateAccept.status).toBe(200);
    expect(lateAccept.json.request.status).toBe('expired');

    const again = link(expired!.body.text!, 'again', { mentor: 'sofia-herrera' });
    const first = await api(`${endpointFor(again)}`, { mentor: 'sofia-herrera' });
    expect(first.status).toBe(201);
    const second = await api(`${endpointFor(again)}`, { mentor: 'sofia-herrera' });
    expect(second.json.request.id).toBe(first.json.request.id);
    const made = (await t.scan()).find((i) => i.id === first.json.request.id)!;
    expect(made).toMatchObject({ status: 'pending', mentor: 'sofia-herrera', goals: 'Moving from engineering into careers in finance, step by step.', email: 'quiet@example.org' });
    expect((await t.inboxFor(mentorAddress('sofia-herrera'))).filter((e) => e.body.text!.includes(first.json.request.id))).toHaveLength(1);
    // The link asks only mentors: another side's token or a made-up mentor is refused.
    expect((await api(`${endpointFor(again)}`, { mentor: 'nobody-here' })).status).toBe(400);
    expect((await api(`/mentor-requests/${id}/again?token=wrong`, { mentor: 'li-wei-chen' })).status).toBe(403);
  });

  it('loses no reminder when SES is down: the jobs wait and each is sent once SES is back', async () => {
    const ids: string[] = [];
    for (const who of ['down-1', 'down-2']) ids.push((await ask(who, { preferredMentor: 'solo-mentor', topics: ['robotics'] })).json.request.id as string);
    await t.drainMail();
    const before = await count(mentorAddress('solo-mentor'));
    await t.stopSes();
    advance(3.1);
    // Both of these, and the request made again in the test before (to another mentor), are 3 days old now.
    expect((await schedule()).reminded).toBe(3);
    expect((await schedule()).reminded).toBe(0);
    await t.startSes();
    const reminders = (await emailsTo(mentorAddress('solo-mentor'), before)).filter((e) => e.subject.startsWith('Reminder'));
    expect(reminders.map((e) => ids.find((id) => e.body.text!.includes(id))).sort()).toEqual([...ids].sort());
    // Answer them, so the later tests start with solo-mentor's requests settled.
    for (const id of ids) {
      const respond = (await t.inboxFor(mentorAddress('solo-mentor'))).find((e) => e.body.text!.includes(id))!;
      const decline = new URL(/https:\/\/\S+action=decline/.exec(respond.body.text!)![0]);
      expect((await api(`/mentor-requests/${id}/decline?token=${encodeURIComponent(decline.searchParams.get('token')!)}`)).status).toBe(200);
    }
  });
});

describe('a mentorship', () => {
  it("is ended by either side's link: the place comes back at once, both get the end survey, and ending again answers the same", async () => {
    const { id, mentee, mentor } = await pair('ender', 'li-wei-chen');
    expect(mentee.body.text).not.toContain('action=pause');
    expect(link(mentor.body.text!, 'pause', { mentor: 'li-wei-chen' })).toBeTruthy();
    const availability = async () => (await call(`${t.url}/api/mentors/availability`)).json.mentors['li-wei-chen'];
    expect(await availability()).toEqual({ free: 1, accepting: true });
    const menteeEnd = link(mentee.body.text!, 'end');
    const mentorEnd = link(mentor.body.text!, 'end');
    expect(menteeEnd.token).not.toBe(mentorEnd.token);

    const beforeMentee = await count('ender@example.org');
    const ended = await api(endpointFor(menteeEnd));
    expect(ended.status).toBe(200);
    expect(ended.json).toEqual({ request: { id, status: 'ended' } });
    expect(await availability()).toEqual({ free: 2, accepting: true });
    // Twice, and by the other side: the same answer, nothing changed, no more email.
    expect((await api(endpointFor(menteeEnd))).json).toEqual({ request: { id, status: 'ended' } });
    expect((await api(endpointFor(mentorEnd))).json).toEqual({ request: { id, status: 'ended' } });
    await loadsMatch();
    const survey = await emailsTo('ender@example.org', beforeMentee);
    expect(survey.map((e) => e.subject)).toEqual(['Your mentorship with Li Wei Chen has ended']);
    expect(survey[0]!.body.text).toContain('You ended it.');
    const mentorSurvey = (await t.inboxFor(mentorAddress('li-wei-chen'))).filter((e) => e.subject === 'Your mentorship with Requester ender has ended');
    expect(mentorSurvey).toHaveLength(1);
    expect(mentorSurvey[0]!.body.text).toContain('Requester ender ended it.');

    // Extending an ended mentorship is refused plainly; the end survey is taken.
    const extend = await api(`/mentor-requests/${id}/extend?token=${encodeURIComponent(mentorEnd.token)}`);
    expect(extend.status).toBe(403);
    expect(extend.json.error.message).toMatch(/has ended/);
    const rate = link(survey[0]!.body.text!, 'feedback', { rating: '4' });
    const answer = await api(`/mentor-requests/${id}/feedback?token=${encodeURIComponent(rate.token)}`, { met: true, rating: 4, comment: 'Helpful and kind.' });
    expect(answer.json).toEqual({ feedback: { stage: 'end', recorded: true } });
    // The mentee's token cannot extend (a mentor's action), and a made-up token ends nothing.
    expect((await api(`/mentor-requests/${id}/extend?token=${encodeURIComponent(menteeEnd.token)}`)).status).toBe(403);
    expect((await api(`/mentor-requests/${id}/end?token=nope`)).status).toBe(403);
  });

  it('asks both how it is going 30 days after acceptance, once; the answers are kept apart from names, a second answer replaces the first, bad ratings are refused', async () => {
    const { id } = await pair('checked', 'sofia-herrera', { format: 'long-term' });
    const before = { mentee: await count('checked@example.org'), mentor: await count(mentorAddress('sofia-herrera')) };
    advance(29);
    expect((await schedule()).checkIns).toBe(0);
    advance(1.1);
    expect((await schedule()).checkIns).toBe(1);
    expect((await schedule()).checkIns).toBe(0);
    const [menteeCheckIn, ...more] = await emailsTo('checked@example.org', before.mentee);
    expect(more).toHaveLength(0);
    expect(menteeCheckIn!.subject).toBe('How is your mentorship with Sofía Herrera going?');
    const mentorCheckIn = (await emailsTo(mentorAddress('sofia-herrera'), before.mentor)).filter((e) => e.subject.startsWith('How is'));
    expect(mentorCheckIn).toHaveLength(1);
    expect(link(mentorCheckIn[0]!.body.text!, 'pause', { mentor: 'sofia-herrera' })).toBeTruthy();

    const rating = link(menteeCheckIn!.body.text!, 'feedback', { rating: '5' });
    expect(rating.met).toBe('yes');
    const feedback = (body: unknown, token = rating.token) => api(`/mentor-requests/${id}/feedback?token=${encodeURIComponent(token)}`, body);
    for (const [body, field] of [
      [{ met: true, rating: 0 }, 'rating'],
      [{ met: true, rating: 6 }, 'rating'],
      [{ met: true, rating: 4.5 }, 'rating'],
      [{ met: 'yes', rating: 4 }, 'met'],
      [{ met: true, rating: 4, comment: 'x'.repeat(1001) }, 'comment'],
      [{ met: true, rating: 4, mentor: 'li-wei-chen' }, 'mentor'],
    ] as const) {
      const refused = await feedback(body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.json.error.code).toBe('validation_failed');
      expect(Object.keys(refused.json.error.fields ?? {})).toContain(field);
    }
    expect((await feedback({ met: true, rating: 5 })).json).toEqual({ feedback: { stage: 'check-in', recorded: true } });
    expect((await feedback({ met: true, rating: 3, comment: 'We met twice; slow start.' })).status).toBe(200);
    const mentorRating = link(mentorCheckIn[0]!.body.text!, 'feedback', { met: 'no' });
    expect((await feedback({ met: false, rating: 3 }, mentorRating.token)).status).toBe(200);

    const answers = (await t.scan()).filter((i) => i.entity === 'MentorshipFeedback' && i.stage === 'check-in');
    const mine = answers.filter((a) => a.format === 'long-term');
    expect(mine).toHaveLength(2);
    expect(mine.find((a) => a.role === 'mentee')).toMatchObject({ met: true, rating: 3, comment: 'We met twice; slow start.', crossBorder: false, topics: ['career change'] });
    for (const a of mine) {
      const text = JSON.stringify(a);
      expect(text).not.toContain(id);
      expect(text).not.toContain('checked');
      expect(text).not.toContain('sofia');
    }
  });

  it('tells both a week before the end; the mentor may extend once (a second extend answers the same date); otherwise it ends by itself and the place comes back', async () => {
    const { id, mentor } = await pair('spanned', 'solo-mentor', { format: 'one-off', topics: ['robotics'] });
    const mentorToken = link(mentor.body.text!, 'end').token;
    const before = await count('spanned@example.org');
    advance(23.1);
    const run = await schedule();
    expect(run.endingNotices).toBe(1);
    expect(run.checkIns).toBe(0);
    expect((await schedule()).endingNotices).toBe(0);
    const notice = (await t.inboxFor(mentorAddress('solo-mentor'))).filter((e) => e.subject.startsWith('Your mentorship with Requester spanned ends on'));
    expect(notice).toHaveLength(1);
    const extend = link(notice[0]!.body.text!, 'extend');
    const first = await api(endpointFor(extend));
    expect(first.json.request.status).toBe('accepted');
    const second = await api(endpointFor(extend));
    expect(second.json).toEqual(first.json);
    const endsAt = Date.parse(first.json.request.endsAt);
    expect(Math.round((endsAt - clock) / days(1))).toBe(37);

    // A week before the new end, the note comes again (the mentor can no longer extend); then it ends by itself.
    advance(30);
    expect((await schedule()).endingNotices).toBe(1);
    const secondNotice = (await t.inboxFor(mentorAddress('solo-mentor'))).filter((e) => e.subject.startsWith('Your mentorship with Requester spanned ends on'));
    expect(secondNotice).toHaveLength(2);
    expect(secondNotice[1]!.body.text).not.toContain('action=extend');
    advance(7.1);
    expect((await schedule()).ended).toBe(1);
    expect((await schedule()).ended).toBe(0);
    await loadsMatch();
    expect((await call(`${t.url}/api/mentors/availability`)).json.mentors['solo-mentor']).toEqual({ free: 1, accepting: true });
    const mine = await emailsTo('spanned@example.org', before);
    // Extended to 60 days, the mentorship now lasts past the 30-day check-in, which goes out too. Jobs that are due
    // together are sent in no fixed order, so the count of each kind is asserted, not the order of arrival.
    const subjects = mine.map((e) => e.subject);
    expect(subjects).toHaveLength(4);
    expect(subjects.filter((s) => s.startsWith('Your mentorship with Solo Mentor ends on'))).toHaveLength(2);
    expect(subjects.filter((s) => s === 'How is your mentorship with Solo Mentor going?')).toHaveLength(1);
    const ended = mine.filter((e) => e.subject === 'Your mentorship with Solo Mentor has ended');
    expect(ended).toHaveLength(1);
    expect(ended[0]!.body.text).toContain('It reached the end of its agreed span.');
    expect((await api(`/mentor-requests/${id}/end?token=${encodeURIComponent(mentorToken)}`)).json.request.status).toBe('ended');
  });
});

describe('pausing', () => {
  it("stops new requests to a paused mentor, who shows as not accepting, and resumes by the same email; another mentor's link is refused", async () => {
    const requestEmail = (await t.inboxFor(mentorAddress('li-wei-chen')))[0]!;
    const pause = link(requestEmail.body.text!, 'pause', { mentor: 'li-wei-chen' });
    const resume = link(requestEmail.body.text!, 'resume', { mentor: 'li-wei-chen' });
    expect((await api(`/mentors/sofia-herrera/pause?token=${encodeURIComponent(pause.token)}`)).status).toBe(403);
    expect((await api(`/mentors/li-wei-chen/pause?token=`)).status).toBe(403);

    const paused = await api(`/mentors/li-wei-chen/pause?token=${encodeURIComponent(pause.token)}`);
    expect(paused.json).toEqual({ mentor: { slug: 'li-wei-chen', accepting: false } });
    expect((await api(`/mentors/li-wei-chen/pause?token=${encodeURIComponent(pause.token)}`)).json).toEqual(paused.json);
    const live = await call(`${t.url}/api/mentors/availability`);
    expect(live.headers.get('cache-control')).toBe('public, max-age=5');
    expect(live.json.mentors['li-wei-chen']).toMatchObject({ accepting: false });
    const refused = await ask('to-paused', { preferredMentor: 'li-wei-chen' });
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toMatch(/^Li Wei Chen is not taking mentoring requests right now/);
    expect((await ask('open-ask')).json.suggestions.map((s: { mentor: string }) => s.mentor)).not.toContain('li-wei-chen');

    expect((await api(`/mentors/li-wei-chen/resume?token=${encodeURIComponent(resume.token)}`)).json).toEqual({ mentor: { slug: 'li-wei-chen', accepting: true } });
    expect((await ask('after-resume')).json.suggestions.map((s: { mentor: string }) => s.mentor)).toContain('li-wei-chen');
  });
});

describe("the mentor's load under concurrency", () => {
  it('stays equal to the active mentorships when an end and an accept run at once, and when the same mentorship is ended many times at once', async () => {
    const { mentee } = await pair('racer-1', 'kofi-mensah', { topics: ['careers in finance'] });
    const pending = await ask('racer-2', { preferredMentor: 'sofia-herrera' });
    const { mentee: other } = await pair('racer-3', 'sofia-herrera');
    const respond = (await t.inboxFor(mentorAddress('sofia-herrera'))).find((e) => e.body.text!.includes(pending.json.request.id))!;
    const accept = new URL(/https:\/\/\S+action=accept/.exec(respond.body.text!)![0]);
    const end = link(other.body.text!, 'end');
    const [ended, accepted] = await Promise.all([api(endpointFor(end)), api(`/mentor-requests/${pending.json.request.id}/accept?token=${encodeURIComponent(accept.searchParams.get('token')!)}`)]);
    expect(ended.json.request.status).toBe('ended');
    // Sofía's places were all taken: the accept gets the place the end gives back, or (if it ran first) a clear 409.
    if (accepted.status === 409) expect(accepted.json.error.code).toBe('mentor_unavailable');
    else expect(accepted.json.request.status).toBe('accepted');
    await loadsMatch();

    const kofiEnd = link(mentee.body.text!, 'end');
    const answers = await Promise.all(Array.from({ length: 8 }, () => api(endpointFor(kofiEnd))));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    expect(new Set(answers.map((a) => a.json.request.status))).toEqual(new Set(['ended']));
    await loadsMatch();
    expect((await t.inboxFor('racer-1@example.org')).filter((e) => e.subject.endsWith('has ended'))).toHaveLength(1);
  });
});

describe('mentorships from before the lifecycle', () => {
  it('are given an end date on the first run (never less than a week away, so both are told) and then end as any other', async () => {
    const acceptedAt = new Date(clock - days(200)).toISOString();
    const legacy = {
      ...keys.mentorRequest('0123456789abcdef01234567'),
      entity: 'MentorRequest',
      id: '0123456789abcdef01234567',
      name: 'Old Pair',
      email: 'old-pair@example.org',
      role: 'alumni',
      goals: 'Accepted before mentorships could end.',
      topics: ['robotics'],
      format: 'short-term',
      mentor: 'solo-mentor',
      status: 'accepted',
      suggestions: [],
      createdAt: acceptedAt,
      updatedAt: acceptedAt,
      answeredAt: acceptedAt,
      consentAt: acceptedAt,
      expiresAt: Math.floor(clock / 1000) + 86_400 * 365,
      ...indexKeys.mentorRequestsByStatus('accepted', acceptedAt, '0123456789abcdef01234567'),
    };
    await t.stack.table.db.send(new PutCommand({ TableName: t.stack.table.name, Item: legacy }));
    await t.stack.table.db.send(new PutCommand({ TableName: t.stack.table.name, Item: { ...keys.mentorLoad('solo-mentor'), entity: 'MentorLoad', slug: 'solo-mentor', active: 1 } }));
    const run = await schedule();
    expect(run.migrated).toBe(1);
    expect(run.endingNotices).toBe(1);
    const stored = (await t.scan()).find((i) => i.id === legacy.id)!;
    expect(Date.parse(String(stored.endsAt)) - clock).toBeCloseTo(days(7), -3);
    advance(7.1);
    expect((await schedule()).ended).toBe(1);
    await loadsMatch();
  });
});
