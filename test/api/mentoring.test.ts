/**
 * Mentor requests over HTTP against DynamoDB Local and local SES: suggestions,
 * the request to a preferred mentor, accept and decline by signed links, the
 * mentor's capacity under concurrency, the emails each person gets, and bad
 * input that stores nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManifestMentor } from '../../site/manifest/manifest-schema';
import { itRefuses, transportRefusals, type Refusal } from '../support/bad-input';
import { only } from '../support/inbox';
import { fixtureManifest, fixtureMentor } from '../support/manifest';
import { call } from '../support/requests';
import { records, siteUrl, startTestStack, type TestStack } from '../support/stack';
import { useMentorEmails, type MentorEmailsFile } from '../support/mentor-emails';

const mentor = (slug: string, name: string, overrides: Partial<ManifestMentor> = {}) => fixtureMentor(slug, { name, ...overrides });

const mentors = [
  mentor('li-wei-chen', 'Li Wei Chen', { languages: ['Mandarin', 'Spanish', 'English'], topics: ['product management', 'career change'], capacity: 3 }),
  mentor('sofia-herrera', 'Sofía Herrera', { country: 'Mexico', city: 'Monterrey', languages: ['Spanish', 'English'], topics: ['career change', 'data science'] }),
  mentor('kofi-mensah', 'Kofi Mensah', { industry: 'Financial Services', topics: ['fundraising'], country: 'Ghana' }),
  mentor('busy-bee', 'Busy Bee', { topics: ['product management'], capacity: 1 }),
  mentor('on-leave', 'On Leave', { available: false, topics: ['product management'] }),
  mentor('pair-mentor', 'Pair Mentor', { topics: ['robotics'], industry: 'Manufacturing', capacity: 2 }),
  mentor('no-room', 'No Room', { topics: ['product management'], capacity: 0 }),
];
const manifest = { ...fixtureManifest([]), mentors };
const mentorAddress = (slug: string) => `${slug}@mentors.example.test`;

let t: TestStack;
let mentorEmails: MentorEmailsFile;
beforeAll(async () => {
  // Mentors' addresses come from configuration only, which the mailer reads when it sends.
  mentorEmails = await useMentorEmails(Object.fromEntries(mentors.map((m) => [m.slug, mentorAddress(m.slug)])));
  t = await startTestStack({ api: { manifest } });
});
afterAll(async () => {
  await t?.stop();
  await mentorEmails?.remove();
});

const endpoint = () => `${t.url}/api/mentor-requests`;
const ask = (n: string, extra: Record<string, unknown> = {}) => ({
  name: `Requester ${n}`,
  email: `${n}@example.org`,
  role: 'student',
  program: 'BSc Computer Science',
  classYear: 2027,
  goals: 'I want to move from engineering into product management within two years.',
  topics: ['career change', 'product management'],
  industries: ['Technology'],
  languages: ['Spanish'],
  country: 'Mexico',
  format: 'short-term',
  consent: true,
  company: '',
  ...extra,
});
const request = (body: unknown, headers?: Record<string, string>) => call(endpoint(), { body, ...(headers ? { headers } : {}) });
const answer = (id: string, action: 'accept' | 'decline', token: string) =>
  call(`${t.url}/api/mentor-requests/${encodeURIComponent(id)}/${action}?token=${encodeURIComponent(token)}`, { method: 'POST' });
/** What is stored, by key: the mailer updates the status of email jobs meanwhile, which is not a change a request made. */
const storedKeys = async () =>
  records(await t.scan())
    .map((i) => `${i.PK} ${i.SK}`)
    .sort();

/** The accept or decline link in the mentor's email, and its parts. */
function answerLink(text: string, action: 'accept' | 'decline') {
  const match = new RegExp(`(https://\\S+/mentoring/respond/\\?id=([^&\\s]+)&token=([^&\\s]+)&action=${action})`).exec(text);
  if (!match) throw new Error(`no ${action} link in the email`);
  return { url: match[1]!, id: decodeURIComponent(match[2]!), token: decodeURIComponent(match[3]!) };
}

describe('asking for a mentor', () => {
  it('stores the request, answers with at most five suggestions best first with reasons, and acknowledges it by email', async () => {
    const res = await request(ask('ana'));
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.json.request).toEqual({ id: expect.any(String), status: 'pending' });
    const suggestions = res.json.suggestions as { mentor: string; name: string; score: number; reasons: string[] }[];
    expect(suggestions.length).toBeGreaterThan(0);
    expect(suggestions.length).toBeLessThanOrEqual(5);
    expect(suggestions[0]).toEqual({
      mentor: 'li-wei-chen',
      name: 'Li Wei Chen',
      score: 1,
      reasons: [
        'Mentors on product management and career change',
        'Works in Technology',
        'Speaks Spanish',
        'Offers short-term mentoring',
        '3 of 3 mentoring places free',
        'Based in Singapore: mentoring across borders is welcome',
      ],
    });
    expect(suggestions.map((s) => s.mentor)).not.toContain('on-leave');
    for (let i = 1; i < suggestions.length; i++) expect(suggestions[i - 1]!.score).toBeGreaterThanOrEqual(suggestions[i]!.score);
    // Deterministic: the same request gets the same suggestions.
    expect((await request(ask('ana-again'))).json.suggestions).toEqual(suggestions);

    const ack = only(await t.inboxFor('ana@example.org'));
    expect(ack.subject).toBe('Your mentoring request');
    expect(ack.body.text).toContain('Li Wei Chen: Mentors on product management and career change');
    expect(ack.body.text).toContain(`${siteUrl}/profiles/li-wei-chen/`);
    expect(ack.body.html).toContain('<a href="https://alumni.example.org/profiles/li-wei-chen/">Li Wei Chen</a>');
    const stored = (await t.scan()).find((i) => i.entity === 'MentorRequest' && i.id === res.json.request.id);
    expect(stored).toMatchObject({ status: 'pending', email: 'ana@example.org', topics: ['career change', 'product management'], GSI1PK: 'MREQS#pending' });
    expect(stored!.mentor).toBeUndefined();
  });

  it('sends the request to a preferred mentor with free places, at the configured address, with accept and decline links; the requester gets an acknowledgement', async () => {
    const res = await request(ask('bruno', { preferredMentor: 'sofia-herrera', goals: 'Moving into data science.\nI would love advice on the first year.' }));
    expect(res.status).toBe(201);
    const id = res.json.request.id as string;

    const toMentor = only(await t.inboxFor(mentorAddress('sofia-herrera')));
    expect(toMentor.subject).toBe('Mentoring request from Requester bruno');
    expect(toMentor.destination.to).toEqual([mentorAddress('sofia-herrera')]);
    expect(toMentor.body.text).toContain('Hello Sofía,');
    expect(toMentor.body.text).toContain('Who: Student, BSc Computer Science, class of 2027');
    expect(toMentor.body.text).toContain('> Moving into data science.\n> I would love advice on the first year.');
    // The requester's address stays private until the mentor accepts.
    expect(toMentor.body.text).not.toContain('bruno@example.org');
    expect(toMentor.body.html).not.toContain('bruno@example.org');
    const accept = answerLink(toMentor.body.text!, 'accept');
    const decline = answerLink(toMentor.body.text!, 'decline');
    expect(accept.url.startsWith(`${siteUrl}/mentoring/respond/?id=`)).toBe(true);
    expect(accept.id).toBe(id);
    expect(decline.token).toBe(accept.token);
    expect(toMentor.body.html).toContain('Accept the request');

    const ack = only(await t.inboxFor('bruno@example.org'));
    expect(ack.subject).toBe('Your mentoring request to Sofía Herrera');
    expect(ack.body.text).toContain('We have sent it to Sofía Herrera');
  });

  it('answers 409 mentor_unavailable with suggestions for a preferred mentor without a free place, and stores nothing', async () => {
    for (const slug of ['on-leave', 'no-room']) {
      const before = await storedKeys();
      const res = await request(ask(`to-${slug}`, { preferredMentor: slug }));
      expect(res.status).toBe(409);
      expect(res.json.error.code).toBe('mentor_unavailable');
      expect(res.json.error.message).toMatch(slug === 'on-leave' ? /^On Leave is not taking mentoring requests/ : /^No Room has no free mentoring place/);
      expect(res.json.error.suggestions.length).toBeGreaterThan(0);
      expect(res.json.error.suggestions.map((s: { mentor: string }) => s.mentor)).not.toContain(slug);
      expect(await storedKeys()).toEqual(before);
    }
  });

  it('answers 400 for a preferred mentor who does not exist', async () => {
    const res = await request(ask('nobody', { preferredMentor: 'no-such-mentor' }));
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 'validation_failed', fields: { preferredMentor: expect.stringContaining('We do not know this mentor') } });
  });
});

describe('the mentor answers', () => {
  async function requestTo(slug: string, n: string) {
    const res = await request(ask(n, { preferredMentor: slug }));
    expect(res.status).toBe(201);
    const mine = only((await t.inboxFor(mentorAddress(slug))).filter((e) => e.subject === `Mentoring request from Requester ${n}`));
    return answerLink(mine.body.text!, 'accept');
  }

  it('accept introduces the two by email, takes one place, and answering again changes nothing', async () => {
    const link = await requestTo('li-wei-chen', 'carla');
    const res = await answer(link.id, 'accept', link.token);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ request: { id: link.id, status: 'accepted' } });
    expect(res.headers.get('cache-control')).toBe('no-store');

    const carlaMail = await t.inboxFor('carla@example.org');
    // The acknowledgement, the introduction, and her own note with the private link to end the mentorship.
    expect(carlaMail).toHaveLength(3);
    const intro = only(carlaMail.filter((e) => e.subject.startsWith('Introduction')));
    expect(intro.subject).toBe('Introduction: Requester carla and Li Wei Chen');
    expect(intro.destination.to).toEqual(['carla@example.org']);
    expect(intro.destination.cc).toEqual([mentorAddress('li-wei-chen')]);
    expect(intro.body.text).toContain('Hello Requester and Li,');
    expect(intro.body.text).toContain('Li, Requester (carla@example.org) asked for short-term mentoring');
    expect(intro.body.text).toContain(`${siteUrl}/profiles/li-wei-chen/`);

    const load = (await t.scan()).find((i) => i.entity === 'MentorLoad' && i.slug === 'li-wei-chen');
    expect(load!.active).toBe(1);
    // The place shows in the next suggestions.
    const next = await request(ask('dora'));
    expect(next.json.suggestions.find((s: { mentor: string }) => s.mentor === 'li-wei-chen').reasons).toContain('2 of 3 mentoring places free');

    // Again, and a decline after it: the first answer stands, no second email, no second place.
    expect((await answer(link.id, 'accept', link.token)).json).toEqual({ request: { id: link.id, status: 'accepted' } });
    expect((await answer(link.id, 'decline', link.token)).json).toEqual({ request: { id: link.id, status: 'accepted' } });
    expect(await t.inbox((e) => e.subject.startsWith('Introduction: Requester carla'))).toHaveLength(1);
    expect((await t.scan()).find((i) => i.entity === 'MentorLoad' && i.slug === 'li-wei-chen')!.active).toBe(1);
  });

  it('decline tells the requester and points them to other mentors, never the one who declined', async () => {
    const link = await requestTo('sofia-herrera', 'emil');
    const res = await answer(link.id, 'decline', link.token);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ request: { id: link.id, status: 'declined' } });
    const email = only((await t.inboxFor('emil@example.org')).filter((e) => e.body.text!.includes('cannot take on')));
    expect(email.subject).toBe('Your mentoring request to Sofía Herrera');
    expect(email.body.text).toContain('Sofía Herrera cannot take on your mentoring request');
    expect(email.body.text).toContain('Li Wei Chen: Mentors on');
    expect(email.body.text).not.toContain('Sofía Herrera: ');
    expect(email.body.html).toContain('Find a mentor');
    // Answering again gives the recorded answer; an accept after a decline takes no place.
    expect((await answer(link.id, 'accept', link.token)).json).toEqual({ request: { id: link.id, status: 'declined' } });
    expect((await t.scan()).find((i) => i.entity === 'MentorLoad' && i.slug === 'sofia-herrera')).toBeUndefined();
  });

  it('a wrong token and an unknown id answer alike: 403 invalid_token, and nothing changes', async () => {
    const link = await requestTo('kofi-mensah', 'fara');
    const wrongToken = await answer(link.id, 'accept', link.token.slice(0, -2) + 'xx');
    const unknownId = await answer('no-such-request-id', 'accept', link.token);
    const noToken = await call(`${t.url}/api/mentor-requests/${link.id}/decline`, { method: 'POST' });
    for (const res of [wrongToken, unknownId, noToken]) {
      expect(res.status).toBe(403);
      expect(res.json).toEqual(wrongToken.json);
      expect(res.json.error.code).toBe('invalid_token');
    }
    // Another request's valid token does not open this one.
    const other = await requestTo('kofi-mensah', 'gus');
    expect((await answer(link.id, 'accept', other.token)).status).toBe(403);
    const stored = (await t.scan()).find((i) => i.entity === 'MentorRequest' && i.id === link.id);
    expect(stored!.status).toBe('pending');
  });

  it('never gives a mentor more mentees than their capacity, whatever the concurrency: extra accepts get 409 mentor_unavailable', async () => {
    const links = [];
    for (let i = 0; i < 6; i++) links.push(await requestTo('pair-mentor', `pair-${i}`));
    const answers = await Promise.all(links.map((l) => answer(l.id, 'accept', l.token)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, 200, 409, 409, 409, 409]);
    for (const refused of answers.filter((a) => a.status === 409)) {
      expect(refused.json.error.code).toBe('mentor_unavailable');
      expect(refused.json.error.message).toContain('All your mentoring places are taken (2 of 2)');
    }
    const items = await t.scan();
    expect(items.find((i) => i.entity === 'MentorLoad' && i.slug === 'pair-mentor')!.active).toBe(2);
    const accepted = items.filter((i) => i.entity === 'MentorRequest' && i.mentor === 'pair-mentor' && i.status === 'accepted');
    expect(accepted).toHaveLength(2);
    expect(items.filter((i) => i.entity === 'MentorRequest' && i.mentor === 'pair-mentor' && i.status === 'pending')).toHaveLength(4);
    expect(items.filter((i) => i.entity === 'EmailJob' && i.kind === 'mentor-introduction' && (i.cc as { mentor: string }).mentor === 'pair-mentor')).toHaveLength(2);
    // A full mentor is no longer suggested, and asking for them directly gets 409.
    const full = await request(ask('late', { topics: ['robotics'], industries: ['Manufacturing'], preferredMentor: 'pair-mentor' }));
    expect(full.status).toBe(409);
    expect(full.json.error.message).toContain('Pair Mentor has no free mentoring place');
    expect(full.json.error.suggestions.map((s: { mentor: string }) => s.mentor)).not.toContain('pair-mentor');
  });
});

describe('bad input gets a clear 4xx and stores nothing', () => {
  const cases: Refusal[] = [
    ...transportRefusals(endpoint, () => request(ask('big', { goals: 'g'.repeat(17 * 1024) })), 'text/plain'),
    [
      'wrong types',
      () => request(ask('types', { topics: 'career change', classYear: '2027', languages: [42], consent: 'yes' })),
      400,
      'validation_failed',
      { topics: 'Topics must be a list.', classYear: expect.any(String), languages: expect.any(String), consent: expect.any(String) },
    ],
    [
      'unknown fields',
      () => request(ask('unknown', { status: 'accepted', mentor: 'li-wei-chen' })),
      400,
      'validation_failed',
      { status: 'This field is not accepted.', mentor: 'This field is not accepted.' },
    ],
    [
      'a script tag in the goals',
      () => request(ask('script', { goals: 'Help me please <script>alert(1)</script> with my career' })),
      400,
      'validation_failed',
      { goals: expect.stringContaining('HTML') },
    ],
    ['markup in a topic', () => request(ask('markup', { topics: ['<img src=x onerror=alert(1)>'] })), 400, 'validation_failed', { topics: expect.any(String) }],
    ['a very long Unicode name', () => request(ask('long', { name: '名'.repeat(3000) })), 400, 'validation_failed', { name: 'Keep your name to 100 characters.' }],
    ['goals too short', () => request(ask('short', { goals: 'Help me.' })), 400, 'validation_failed', { goals: expect.stringContaining('at least 20 characters') }],
    ['no topics', () => request(ask('none', { topics: [] })), 400, 'validation_failed', { topics: 'Choose at least one topic.' }],
    ['eleven topics', () => request(ask('many', { topics: Array.from({ length: 11 }, (_, i) => `topic ${i}`) })), 400, 'validation_failed', { topics: 'Choose at most 10 topics.' }],
    ['an unknown role and format', () => request(ask('role', { role: 'admin', format: 'forever' })), 400, 'validation_failed', { role: 'Choose student or alumni.', format: expect.any(String) }],
    ['no consent', () => request(ask('consent', { consent: false })), 400, 'validation_failed', { consent: expect.any(String) }],
  ];
  itRefuses(cases, storedKeys);

  it('a filled honeypot gets the normal success answer and stores nothing', async () => {
    const before = await storedKeys();
    const res = await request(ask('bot', { company: 'Spam Inc.', preferredMentor: 'li-wei-chen' }));
    expect(res.status).toBe(201);
    expect(res.json.request.status).toBe('pending');
    expect(res.json.suggestions.length).toBeGreaterThan(0);
    expect(await storedKeys()).toEqual(before);
  });

  it('an Idempotency-Key replays the first answer and stores one request', async () => {
    const headers = { 'Idempotency-Key': 'mentor-replay-1' };
    const first = await request(ask('idem'), headers);
    const again = await request(ask('idem'), headers);
    expect(again.status).toBe(201);
    expect(again.json).toEqual(first.json);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await t.scan()).filter((i) => i.entity === 'MentorRequest' && i.email === 'idem@example.org')).toHaveLength(1);
  });
});
