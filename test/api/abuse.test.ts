/**
 * Issue 14, abuse resistance and privacy: each finding of the review, tried
 * again against the real local stack as an attacker would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personName } from '../../functions/schemas/fields';
import { signToken } from '../../functions/shared/tokens';
import { middleOfLatestMinute } from '../support/clock';
import { fixtureEvent, fixtureManifest } from '../support/manifest';
import { solvedHeader } from '../support/proof-of-work';
import { call, person, register } from '../support/requests';
import { signingSecret, startTestStack, type TestStack } from '../support/stack';

let t: TestStack;
const manifest = {
  ...fixtureManifest([fixtureEvent('reunion', { capacity: 120, maxGuests: 3 }), fixtureEvent('breakfast', { capacity: 10, maxGuests: 3 })]),
  funds: [{ slug: 'scholarship', title: 'Scholarship', goal: 1_000_000, currency: 'USD', closes: null }],
} as unknown as ReturnType<typeof fixtureManifest>;

beforeAll(async () => {
  t = await startTestStack({ api: { manifest } });
});
afterAll(async () => t?.stop());

/** Asks `api` for a challenge and solves it; the `x-altcha` header value the forms send. */
async function solved(api: string): Promise<string> {
  return solvedHeader((await call(`${api}/api/challenge`)).json);
}

const from = (address: string) => ({ 'CloudFront-Viewer-Address': `${address}:443` });
const registrationsOf = async (slug: string) => (await t.scan()).filter((i) => i.entity === 'Registration' && i.event === slug);

describe('finding 1: booking out an event costs work and is limited per network', () => {
  let api: string;
  beforeAll(async () => {
    api = await t.serveApi({ formChallenge: true, challengeMaxNumber: 2_000 });
  });

  it('answers a fresh ALTCHA challenge, never cached', async () => {
    const res = await call(`${api}/api/challenge`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.json).toMatchObject({ algorithm: 'SHA-256', challenge: expect.stringMatching(/^[0-9a-f]{64}$/), maxnumber: 2_000, signature: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(res.json.salt).toMatch(/\?expires=\d+&$/);
  });

  it('refuses a form write without a solution, with a wrong one, an expired one or a used one: 400 challenge_failed, nothing stored', async () => {
    const slug = 'reunion';
    const before = (await registrationsOf(slug)).length;
    const missing = await register(api, slug, person('pow-missing'));
    expect(missing.status).toBe(400);
    expect(missing.json.error.code).toBe('challenge_failed');

    const good = JSON.parse(Buffer.from(await solved(api), 'base64').toString());
    const wrong = Buffer.from(JSON.stringify({ ...good, number: good.number + 1 })).toString('base64');
    expect((await register(api, slug, person('pow-wrong'), { 'x-altcha': wrong })).json.error.code).toBe('challenge_failed');
    expect((await register(api, slug, person('pow-junk'), { 'x-altcha': 'not base64 json' })).json.error.code).toBe('challenge_failed');

    // The same solution presented after the challenge's half hour: a server whose clock is 31 minutes on.
    const later = await t.serveApi({ formChallenge: true, challengeMaxNumber: 2_000, now: () => new Date(Date.now() + 31 * 60_000) });
    expect((await register(later, slug, person('pow-expired'), { 'x-altcha': await solved(api) })).json.error.code).toBe('challenge_failed');

    const once = await solved(api);
    const first = await register(api, slug, person('pow-once'), { 'x-altcha': once });
    expect(first.status).toBe(201);
    const again = await register(api, slug, person('pow-twice'), { 'x-altcha': once });
    expect(again.status).toBe(400);
    expect(again.json.error.code).toBe('challenge_failed');
    expect((await registrationsOf(slug)).length).toBe(before + 1);
  });

  it('marks a registration’s solution used in the registration’s own transaction: the same solution sent twice at once registers once', async () => {
    const slug = 'reunion';
    const before = (await registrationsOf(slug)).length;
    const shared = await solved(api);
    const answers = await Promise.all([1, 2, 3].map((i) => register(api, slug, person(`pow-race-${i}`), { 'x-altcha': shared, ...from(`198.18.${i}.1`) })));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 400, 400]);
    expect(answers.filter((a) => a.status === 400).map((a) => a.json.error.code)).toEqual(['challenge_failed', 'challenge_failed']);
    expect((await registrationsOf(slug)).length).toBe(before + 1);
    const used = (await t.scan()).filter((i) => i.entity === 'UsedChallenge' && i.PK === `CHALLENGE#${JSON.parse(Buffer.from(shared, 'base64').toString()).signature}`);
    expect(used).toHaveLength(1);
  });

  it('uses up the solution of a registration for an address already registered, also when its email went out minutes ago', async () => {
    const slug = 'reunion';
    expect((await register(api, slug, person('pow-again'), { 'x-altcha': await solved(api), ...from('198.18.10.1') })).status).toBe(201);
    for (const attempt of [1, 2]) {
      // The first repeat sends the manage link again; the second finds that email already sent in the last ten minutes.
      const solution = await solved(api);
      const repeat = await register(api, slug, person('pow-again'), { 'x-altcha': solution, ...from(`198.18.1${attempt}.2`) });
      expect(repeat.status).toBe(201);
      const reused = await register(api, slug, person(`pow-again-other-${attempt}`), { 'x-altcha': solution, ...from(`198.18.1${attempt}.3`) });
      expect(reused.status).toBe(400);
      expect(reused.json.error.code).toBe('challenge_failed');
    }
    expect((await registrationsOf(slug)).filter((r) => String(r.email).startsWith('pow-again'))).toHaveLength(1);
  });

  it('does not remember a refused solution under its Idempotency-Key, and a request refused before writing leaves its solution unused', async () => {
    const slug = 'reunion';
    const used = await solved(api);
    expect((await register(api, slug, person('pow-key-first'), { 'x-altcha': used, ...from('198.18.20.1') })).status).toBe(201);
    const key = { 'Idempotency-Key': 'pow-key-1' };
    const refused = await register(api, slug, person('pow-key'), { 'x-altcha': used, ...key, ...from('198.18.20.2') });
    expect(refused.status).toBe(400);
    expect(refused.json.error.code).toBe('challenge_failed');
    const retried = await register(api, slug, person('pow-key'), { 'x-altcha': await solved(api), ...key, ...from('198.18.20.2') });
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();

    // Too many guests (the event takes 3): refused by the handler before anything is written, so the solution still buys one write.
    const unused = await solved(api);
    const tooMany = await register(api, slug, person('pow-guests', { guests: 4 }), { 'x-altcha': unused, ...from('198.18.21.1') });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.error.fields).toHaveProperty('guests');
    expect((await register(api, slug, person('pow-guests', { guests: 3 }), { 'x-altcha': unused, ...from('198.18.21.1') })).status).toBe(201);
    expect((await register(api, slug, person('pow-guests-2'), { 'x-altcha': unused, ...from('198.18.21.2') })).json.error.code).toBe('challenge_failed');
  });

  it('guards every form write: mentor requests and donations too', async () => {
    const mentor = await call(`${api}/api/mentor-requests`, {
      body: { name: 'A', email: 'a@example.org', role: 'student', goals: 'I would like to learn about careers.', topics: ['careers'], format: 'one-off', consent: true },
    });
    expect(mentor.json.error.code).toBe('challenge_failed');
    const gift = await call(`${api}/api/donations`, { body: { name: 'A', email: 'a@example.org', amount: 5000, currency: 'USD', fund: 'scholarship', frequency: 'once', consent: true } });
    expect(gift.json.error.code).toBe('challenge_failed');
  });

  it('takes at most the configured registrations per event from one IPv4 /24 or IPv6 /48 per hour, whatever the addresses', async () => {
    const limited = await t.serveApi({ eventNetworkLimitPerHour: 3 });
    const v4 = await Promise.all([1, 2, 3, 4].map((i) => register(limited, 'breakfast', person(`net4-${i}`), from(`198.51.100.${i}`))));
    expect(v4.map((r) => r.status).sort()).toEqual([201, 201, 201, 429]);
    expect(v4.find((r) => r.status === 429)!.headers.get('retry-after')).toMatch(/^\d+$/);
    // Another network, and the same network at another event, are counted apart.
    expect((await register(limited, 'breakfast', person('net4-other'), from('203.0.113.9'))).status).toBe(201);
    expect((await register(limited, 'reunion', person('net4-5'), from('198.51.100.5'))).status).toBe(201);

    const v6 = [];
    for (const host of ['2001:db8:1:1::1', '2001:db8:1:2::1', '2001:db8:1:ffff::9', '2001:db8:1:3:4:5:6:7'])
      v6.push((await register(limited, 'reunion', person(`net6-${v6.length}`), from(`[${host}]`))).status);
    expect(v6).toEqual([201, 201, 201, 429]);
  });
});

describe('finding 3: single-line fields refuse hidden lines and invisible values', () => {
  const refused: [string, string][] = [
    ['CR', 'Amara\rOkafor'],
    ['LF', 'Amara\nIMPORTANT: your seat is not secured until you pay at example.com'],
    ['CRLF', 'Amara\r\nOkafor'],
    ['TAB', 'Amara\tOkafor'],
    ['C1 NEL U+0085', 'Amara\u0085Okafor'],
    ['C1 CSI U+009B', 'Amara\u009BOkafor'],
    ['C1 first U+0080', 'Amara\u0080Okafor'],
    ['C1 last U+009F', 'Amara\u009FOkafor'],
    ['line separator U+2028', 'Amara\u2028Okafor'],
    ['paragraph separator U+2029', 'Amara\u2029Okafor'],
    ['only zero-width spaces', '\u200B\u200B\u200B'],
    ['only joiners and a BOM', '\u200D\u2060\uFEFF'],
    ['only a Hangul filler', '\u3164'],
  ];
  const accepted: [string, string][] = [
    ['accents', 'Sofía Martínez'],
    ['U+007E just below DEL', 'Amara~Okafor'],
    ['U+00A0 just above C1 (no-break space)', 'Amara\u00A0Okafor'],
    ['a joiner inside a real name', 'Zoë\u200DKim'],
    ['CJK', '陈丽伟'],
  ];

  it.each(refused)('refuses a name with %s, in the shared schema and through the API', async (_, name) => {
    expect(personName.safeParse(name).success).toBe(false);
    const res = await register(t.url, 'reunion', { ...person('fields'), name });
    expect(res.status).toBe(400);
    expect(res.json.error.fields).toHaveProperty('name');
  });

  it.each(accepted)('accepts a name with %s', (_, name) => {
    expect(personName.safeParse(name).success).toBe(true);
  });

  it('applies the same rules to dietary, accessibility, programme and dedication; goals may still have paragraphs', async () => {
    expect((await register(t.url, 'reunion', person('fields-d', { dietary: 'none\nPAY NOW' }))).json.error.fields).toHaveProperty('dietary');
    expect((await register(t.url, 'reunion', person('fields-a', { accessibility: 'ramp\u2028PAY' }))).json.error.fields).toHaveProperty('accessibility');
    const mentor = await call(`${t.url}/api/mentor-requests`, {
      body: {
        name: 'Ana',
        email: 'ana@example.org',
        role: 'student',
        program: 'BSc\tCS',
        goals: 'First paragraph about me.\n\nSecond paragraph.',
        topics: ['careers'],
        format: 'one-off',
        consent: true,
      },
    });
    expect(Object.keys(mentor.json.error.fields)).toEqual(['program']);
    const gift = await call(`${t.url}/api/donations`, {
      body: { name: 'Ana', email: 'ana@example.org', amount: 5000, currency: 'USD', fund: 'scholarship', frequency: 'once', dedication: 'In memory\u0085PAY', consent: true },
    });
    expect(gift.json.error.fields).toHaveProperty('dedication');
  });
});

describe('finding 4: an IPv6 client is its /64', () => {
  it('counts every address of one /64 as one client, and another /64 apart', async () => {
    const limited = await t.serveApi({ rateLimitPerMinute: 2, now: middleOfLatestMinute() });
    const statuses = [];
    for (const host of ['2001:db8:aa:1::1', '2001:db8:aa:1::2', '2001:db8:aa:1:ffff:ffff:ffff:ffff']) {
      statuses.push((await register(limited, 'reunion', person(`v6-${statuses.length}`), from(`[${host}]`))).status);
    }
    expect(statuses).toEqual([201, 201, 429]);
    expect((await register(limited, 'reunion', person('v6-other'), from('[2001:db8:aa:2::1]'))).status).toBe(201);
    // An IPv4-mapped address is its IPv4 address.
    const mapped = await t.serveApi({ rateLimitPerMinute: 1, now: middleOfLatestMinute() });
    expect((await register(mapped, 'reunion', person('v4m-1'), from('192.0.2.77'))).status).toBe(201);
    expect((await register(mapped, 'reunion', person('v4m-2'), from('[::ffff:192.0.2.77]'))).status).toBe(429);
  });
});

describe('finding 5: no oracles', () => {
  it('answers a second registration with the same address like a first one, and emails the holder their manage link', async () => {
    const first = await register(t.url, 'breakfast', person('oracle', { guests: 1 }));
    expect(first.status).toBe(201);
    const second = await register(t.url, 'breakfast', person('ORACLE', { guests: 1 }));
    const stranger = await register(t.url, 'breakfast', person('oracle-new', { guests: 1 }));
    expect(second.status).toBe(stranger.status);
    expect(Object.keys(second.json.registration).sort()).toEqual(Object.keys(stranger.json.registration).sort());
    expect(second.json.registration).toMatchObject({ event: 'breakfast', status: 'confirmed', seats: 2 });
    expect(second.json.registration.id).not.toBe(first.json.registration.id);
    const mail = await t.inboxFor('oracle@example.org');
    expect(mail).toHaveLength(2);
    expect(mail.some((m) => (m.body.text ?? '').includes(`r=${first.json.registration.id}`))).toBe(true);
    expect((await registrationsOf('breakfast')).filter((r) => r.email === 'oracle@example.org' || r.email === 'ORACLE@example.org')).toHaveLength(1);
  });

  it('shows fund progress that does not depend on whether an address gave before', async () => {
    const gift = (email: string, anonymous = false) =>
      call(`${t.url}/api/donations`, { body: { name: 'Kwame', email, amount: 1000, currency: 'USD', fund: 'scholarship', frequency: 'once', anonymous, consent: true } });
    const donors = async () => (await call(`${t.url}/api/funds/scholarship/progress`)).json.donors as number;
    expect((await gift('giver@example.org', true)).status).toBe(201);
    const before = await donors();
    expect((await gift('giver@example.org')).status).toBe(201);
    const afterKnown = await donors();
    expect((await gift('never-gave@example.org')).status).toBe(201);
    const afterNew = await donors();
    expect(afterKnown - before).toBe(afterNew - afterKnown);
  });
});

describe('finding 7: a remembered answer is replayed only after the token check; 429 is never remembered', () => {
  it("gives a DELETE with a known Idempotency-Key but a wrong token, or none, 403 and never the holder's answer", async () => {
    const made = await register(t.url, 'reunion', person('idem-holder'));
    const id = made.json.registration.id;
    const token = signToken(signingSecret, 'registration', id);
    const key = { 'Idempotency-Key': 'cancel-once-123' };
    const holder = await call(`${t.url}/api/registrations/${id}?token=${token}`, { method: 'DELETE', headers: key });
    expect(holder.status).toBe(200);
    expect(holder.json.registration.name).toBe('Person idem-holder');
    for (const query of ['?token=wrong', '']) {
      const probe = await call(`${t.url}/api/registrations/${id}${query}`, { method: 'DELETE', headers: key });
      expect(probe.status).toBe(403);
      expect(probe.text).not.toContain('idem-holder');
      expect(probe.headers.get('idempotent-replayed')).toBeNull();
    }
  });

  it('runs a retry of a refused (429) request again instead of replaying the refusal', async () => {
    // A rate limit of 1 in a window; the second request is refused, then the window moves on. The clock stands in
    // the middle of the minute before the latest one, and then in the latest one: never ahead of the real clock.
    const clock = { at: middleOfLatestMinute()().getTime() - 60_000 };
    const limited = await t.serveApi({ rateLimitPerMinute: 1, now: () => new Date(clock.at) });
    const key = { 'Idempotency-Key': 'retry-after-429', ...from('192.0.2.200') };
    expect((await register(limited, 'reunion', person('idem-429-a'), from('192.0.2.200'))).status).toBe(201);
    const refused = await register(limited, 'reunion', person('idem-429-b'), key);
    expect(refused.status).toBe(429);
    clock.at += 60_000;
    const retry = await register(limited, 'reunion', person('idem-429-b'), key);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
  });
});

describe('finding 9: capability links stop working once their record has expired or been erased', () => {
  it('answers 403 invalid_token for a registration past its retention, before the table deletes it', async () => {
    const made = await register(t.url, 'reunion', person('expiring'));
    const id = made.json.registration.id;
    const token = signToken(signingSecret, 'registration', id);
    expect((await call(`${t.url}/api/registrations/${id}?token=${token}`)).status).toBe(200);
    const afterRetention = await t.serveApi({ now: () => new Date(Date.now() + 400 * 86_400_000) });
    const late = await call(`${afterRetention}/api/registrations/${id}?token=${token}`);
    expect(late.status).toBe(403);
    expect(late.json.error.code).toBe('invalid_token');
  });
});
