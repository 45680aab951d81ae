/**
 * The shared HTTP guards, on a real route: bad input gets the right 4xx and
 * stores nothing (the table is scanned to prove it); honeypot; idempotency;
 * rate limits; the error shape and headers.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { middleOfLatestMinute } from '../support/clock';
import { itRefuses, transportRefusals, type Refusal } from '../support/bad-input';
import { fixtureEvent, fixtureManifest } from '../support/manifest';
import { call } from '../support/requests';
import { startTestStack, type TestStack } from '../support/stack';

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack({ api: { manifest: fixtureManifest([fixtureEvent('mixer', { capacity: 100, maxGuests: 2 }), fixtureEvent('gala', { capacity: 100, maxGuests: 3 })]) } });
});
afterAll(async () => t?.stop());

const endpoint = () => `${t.url}/api/events/mixer/registrations`;
const valid = { name: 'Amara Okafor', email: 'amara@example.org', guests: 1, consent: true };

describe('the API basics', () => {
  it('answers GET /api/health', async () => {
    const res = await call(`${t.url}/api/health`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'ok' });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('answers unknown paths with the error shape and 404', async () => {
    const res = await call(`${t.url}/api/nothing/here`);
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });
});

describe('bad input gets a clear 4xx and stores nothing', () => {
  beforeEach(async () => {
    expect(await t.scan()).toEqual([]);
  });

  const cases: Refusal[] = [
    ...transportRefusals(endpoint, () => call(endpoint(), { body: { ...valid, dietary: 'x'.repeat(17 * 1024) } })),
    ['an empty body', () => call(endpoint(), { raw: '' }), 400, 'malformed_json'],
    ['a JSON array instead of an object', () => call(endpoint(), { raw: '[1,2]' }), 400, 'validation_failed'],
    [
      'no media type',
      () => fetch(endpoint(), { method: 'POST', body: JSON.stringify(valid) }).then(async (r) => ({ status: r.status, headers: r.headers, text: '', json: await r.json() })),
      415,
      'unsupported_media_type',
    ],
    [
      'wrong types',
      () => call(endpoint(), { body: { name: 42, email: ['a@example.org'], guests: '1', classYear: '2012', consent: 'yes' } }),
      400,
      'validation_failed',
      {
        name: 'Your name must be text.',
        email: 'Enter your email address as text.',
        guests: 'Write the number of guests as a whole number.',
        classYear: 'Write the class year as a whole number, e.g. 2012.',
        consent: expect.any(String),
      },
    ],
    ['missing fields', () => call(endpoint(), { body: {} }), 400, 'validation_failed', { name: 'Enter your name.', email: 'Enter your email address.', consent: expect.any(String) }],
    ['an invalid email', () => call(endpoint(), { body: { ...valid, email: 'amara@' } }), 400, 'validation_failed', { email: 'Enter a valid email address, like name@example.org.' }],
    [
      'unknown fields',
      () => call(endpoint(), { body: { ...valid, isAdmin: true, status: 'confirmed' } }),
      400,
      'validation_failed',
      { isAdmin: 'This field is not accepted.', status: 'This field is not accepted.' },
    ],
    ['a script tag in a name', () => call(endpoint(), { body: { ...valid, name: '<script>alert(1)</script>' } }), 400, 'validation_failed', { name: expect.any(String) }],
    [
      'markup in free text',
      () => call(endpoint(), { body: { ...valid, dietary: 'none <img src=x onerror=alert(1)>' } }),
      400,
      'validation_failed',
      { dietary: 'Please remove the HTML from dietary needs.' },
    ],
    ['a very long Unicode name', () => call(endpoint(), { body: { ...valid, name: '名'.repeat(3000) } }), 400, 'validation_failed', { name: 'Keep your name to 100 characters.' }],
    ['a very long Unicode body', () => call(endpoint(), { body: { ...valid, accessibility: '🎉'.repeat(5000) } }), 413, 'payload_too_large'],
    ['control characters', () => call(endpoint(), { body: { ...valid, name: 'Amara\u0000Okafor' } }), 400, 'validation_failed', { name: expect.any(String) }],
    ['a right-to-left override', () => call(endpoint(), { body: { ...valid, name: 'Amara \u202Erotkaf' } }), 400, 'validation_failed', { name: expect.any(String) }],
    ['no consent', () => call(endpoint(), { body: { ...valid, consent: false } }), 400, 'validation_failed', { consent: 'Please agree so that we can use your details for this.' }],
    ['an unknown time zone', () => call(endpoint(), { body: { ...valid, timeZone: 'Mars/Olympus' } }), 400, 'validation_failed', { timeZone: expect.any(String) }],
    [
      'a class year far ahead',
      () => call(endpoint(), { body: { ...valid, classYear: new Date().getFullYear() + 7 } }),
      400,
      'validation_failed',
      { classYear: 'That class year is too far in the future.' },
    ],
    ['negative guests', () => call(endpoint(), { body: { ...valid, guests: -1 } }), 400, 'validation_failed', { guests: expect.any(String) }],
    ['fractional guests', () => call(endpoint(), { body: { ...valid, guests: 1.5 } }), 400, 'validation_failed', { guests: expect.any(String) }],
    ['a bad Idempotency-Key', () => call(endpoint(), { body: valid, headers: { 'Idempotency-Key': 'x'.repeat(129) } }), 400, 'validation_failed'],
  ];

  // The table is empty before each case (beforeEach) and must stay so.
  itRefuses(cases, () => t.scan());

  it('a filled honeypot gets the normal success answer and stores nothing', async () => {
    const res = await call(endpoint(), { body: { ...valid, company: 'Spam Inc.' } });
    expect(res.status).toBe(201);
    expect(res.json.registration).toMatchObject({ event: 'mixer', status: 'confirmed', seats: 2 });
    expect(await t.scan()).toEqual([]);
  });
});

describe('Idempotency-Key', () => {
  it('replays the first answer for the same key and body (however it is spaced) and changes nothing', async () => {
    const key = 'idem-replay-1';
    const first = await call(endpoint(), { body: { ...valid, email: 'idem@example.org' }, headers: { 'Idempotency-Key': key } });
    expect(first.status).toBe(201);
    const again = await call(endpoint(), { body: { ...valid, email: ' idem@example.org', name: 'Amara Okafor ' }, headers: { 'Idempotency-Key': key } });
    expect(again.status).toBe(201);
    expect(again.json).toEqual(first.json);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const registrations = (await t.scan()).filter((i) => i.entity === 'Registration' && i.email === 'idem@example.org');
    expect(registrations).toHaveLength(1);
  });

  it('answers 409 idempotency_conflict for the same key with another body', async () => {
    const key = 'idem-conflict-1';
    expect((await call(endpoint(), { body: { ...valid, email: 'idem2@example.org' }, headers: { 'Idempotency-Key': key } })).status).toBe(201);
    const other = await call(endpoint(), { body: { ...valid, email: 'someone-else@example.org' }, headers: { 'Idempotency-Key': key } });
    expect(other.status).toBe(409);
    expect(other.json.error.code).toBe('idempotency_conflict');
    expect((await t.scan()).filter((i) => i.entity === 'Registration' && i.email === 'someone-else@example.org')).toHaveLength(0);
  });

  it('gives concurrent retries with the same key the same single answer', async () => {
    const body = { ...valid, email: 'idem3@example.org' };
    const responses = await Promise.all(Array.from({ length: 5 }, () => call(endpoint(), { body, headers: { 'Idempotency-Key': 'idem-concurrent-1' } })));
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(responses.map((r) => r.json.registration.id)).size).toBe(1);
    expect((await t.scan()).filter((i) => i.entity === 'Registration' && i.email === 'idem3@example.org')).toHaveLength(1);
  });

  it('replays a 4xx answer too, and scopes keys by route', async () => {
    // More guests than the event takes: the handler's 400 is the answer to that request, remembered and replayed.
    const body = { ...valid, email: 'idem4@example.org', guests: 3 };
    const first = await call(endpoint(), { body, headers: { 'Idempotency-Key': 'idem-400' } });
    expect(first.status).toBe(400);
    expect(first.json.error).toMatchObject({ code: 'validation_failed', fields: { guests: 'You can bring up to 2 guests.' } });
    const again = await call(endpoint(), { body, headers: { 'Idempotency-Key': 'idem-400' } });
    expect(again.status).toBe(400);
    expect(again.json).toEqual(first.json);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    // The same key and body on another route (another event's registrations) is another request.
    const elsewhere = await call(`${t.url}/api/events/gala/registrations`, { body, headers: { 'Idempotency-Key': 'idem-400' } });
    expect(elsewhere.status).toBe(201);
    expect(elsewhere.headers.get('idempotent-replayed')).toBeNull();
    expect((await t.scan()).filter((i) => i.entity === 'Registration' && i.email === 'idem4@example.org').map((i) => i.event)).toEqual(['gala']);
  });

  it('never remembers a 429: a retry with the same key runs again', async () => {
    // One registration per network and event per hour on this server; the key is not scoped by address.
    const limited = await t.serveApi({ eventNetworkLimitPerHour: 1 });
    const from = (viewer: string, body: unknown, headers: Record<string, string> = {}) =>
      call(`${limited}/api/events/mixer/registrations`, { body, headers: { 'CloudFront-Viewer-Address': viewer, ...headers } });
    expect((await from('192.0.2.10:50000', { ...valid, email: 'net-1@example.org' })).status).toBe(201);
    const body = { ...valid, email: 'net-2@example.org' };
    const refused = await from('192.0.2.11:50000', body, { 'Idempotency-Key': 'idem-429' });
    expect(refused.status).toBe(429);
    expect(refused.json.error.code).toBe('rate_limited');
    const retried = await from('192.0.2.11:50000', body, { 'Idempotency-Key': 'idem-429' });
    expect(retried.status).toBe(429);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    // From another network the same request goes through: the refusal was not what the key remembered.
    const elsewhere = await from('2001:db8:4::1:50000', body, { 'Idempotency-Key': 'idem-429' });
    expect(elsewhere.status).toBe(201);
    expect(elsewhere.headers.get('idempotent-replayed')).toBeNull();
    const again = await from('2001:db8:4::1:50000', body, { 'Idempotency-Key': 'idem-429' });
    expect(again.json).toEqual(elsewhere.json);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await t.scan()).filter((i) => i.entity === 'Registration' && i.email === 'net-2@example.org')).toHaveLength(1);
  });

  it('keeps its records for at most a day', async () => {
    const records = (await t.scan()).filter((i) => i.PK === 'IDEMPOTENCY');
    expect(records.length).toBeGreaterThan(0);
    const now = Date.now() / 1000;
    for (const r of records) expect(r.expiresAt as number).toBeLessThanOrEqual(now + 86_400 + 5);
  });
});

describe('rate limit', () => {
  it('answers 429 rate_limited with Retry-After over the limit, per client address and route family, without storing more', async () => {
    const limited = await t.serveApi({ rateLimitPerMinute: 3, now: middleOfLatestMinute() });
    const from = (address: string, i: number) =>
      call(`${limited}/api/events/mixer/registrations`, { body: { ...valid, email: `rl-${address}-${i}@example.org` }, headers: { 'CloudFront-Viewer-Address': `${address}:50000` } });
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await from('198.51.100.7', i));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 429, 429]);
    const limitedAnswer = answers[3]!;
    expect(limitedAnswer.json.error.code).toBe('rate_limited');
    const retryAfter = Number(limitedAnswer.headers.get('retry-after'));
    // Until the window ends: 30 seconds from the middle of the minute.
    expect(retryAfter).toBe(30);
    // Another address has its own budget.
    expect((await from('203.0.113.9', 0)).status).toBe(201);
    expect((await t.scan()).filter((i) => i.entity === 'Registration' && String(i.email).startsWith('rl-198'))).toHaveLength(3);
    // Counter items expire within minutes, and hold no address.
    const counters = (await t.scan()).filter((i) => i.entity === 'RateLimit');
    for (const c of counters) {
      expect(c.expiresAt as number).toBeLessThan(Date.now() / 1000 + 86_400);
      expect(JSON.stringify(c)).not.toContain('198.51.100.7');
    }
  });
});
