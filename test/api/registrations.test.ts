/**
 * Event registrations over HTTP against DynamoDB Local and local SES:
 * availability, register, waitlist, manage links, cancel and promotion, the
 * emails people get, and the rules from the content manifest.
 */
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { only } from '../support/inbox';
import { days, fixtureEvent, fixtureManifest, fromNow } from '../support/manifest';
import { call, person, register } from '../support/requests';
import { records, siteUrl, startTestStack, type TestStack } from '../support/stack';

const events = [
  fixtureEvent('gala', { capacity: 4, maxGuests: 2 }),
  fixtureEvent('webinar', {
    capacity: null,
    maxGuests: 0,
    format: 'online',
    onlineUrl: 'https://meet.example.org/webinar',
    venue: undefined,
    city: undefined,
    country: undefined,
    timezone: 'Asia/Tokyo',
  }),
  fixtureEvent('later', { opensAt: fromNow(days(5)) }),
  fixtureEvent('closed', { closesAt: fromNow(-days(1)), startsAt: fromNow(days(3)), endsAt: fromNow(days(3) + 3_600_000) }),
  fixtureEvent('queue', { capacity: 3, maxGuests: 2 }),
  fixtureEvent('shrinking', { capacity: 5, maxGuests: 1 }),
  fixtureEvent('started', { startsAt: fromNow(-3_600_000), endsAt: fromNow(3_600_000), closesAt: fromNow(-3_600_000) }),
];

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack({ api: { manifest: fixtureManifest(events) } });
});
afterAll(async () => t?.stop());

const registerAt = (slug: string, body: unknown, headers?: Record<string, string>) => register(t.url, slug, body, headers);
/** The id and token from a manage link in an email. */
function manageLink(text: string): { id: string; token: string; url: string } {
  const match = /(https:\/\/\S+\/manage\/\?r=([^&\s]+)&t=([^\s]+))/.exec(text);
  if (!match) throw new Error('no manage link in the email');
  return { url: match[1]!, id: decodeURIComponent(match[2]!), token: decodeURIComponent(match[3]!) };
}

describe('availability', () => {
  it('answers seats, status and the window for an event, cached for a few seconds', async () => {
    const res = await call(`${t.url}/api/events/gala/availability`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ event: 'gala', capacity: 4, confirmed: 0, held: 0, waitlisted: 0, remaining: 4, status: 'open', opensAt: null, closesAt: events[0]!.closesAt });
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('gives null capacity and remaining for an unlimited event', async () => {
    const res = await call(`${t.url}/api/events/webinar/availability`);
    expect(res.json).toMatchObject({ capacity: null, remaining: null, status: 'open' });
  });

  it('says not_open_yet before the window and closed after it or once the event started', async () => {
    expect((await call(`${t.url}/api/events/later/availability`)).json.status).toBe('not_open_yet');
    expect((await call(`${t.url}/api/events/closed/availability`)).json.status).toBe('closed');
    expect((await call(`${t.url}/api/events/started/availability`)).json.status).toBe('closed');
  });

  it('answers 404 not_found for an unknown event', async () => {
    const res = await call(`${t.url}/api/events/no-such-event/availability`);
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('not_found');
  });
});

describe('registering', () => {
  it('confirms a registration with its guests, emails a confirmation with the .ics and the manage link, and counts the seats', async () => {
    const res = await registerAt('gala', person('amara', { guests: 1, classYear: 2012, dietary: 'vegetarian', timeZone: 'America/Sao_Paulo' }));
    expect(res.status).toBe(201);
    expect(res.json.registration).toMatchObject({ event: 'gala', status: 'confirmed', seats: 2 });
    expect(res.json.registration.position).toBeUndefined();
    expect(res.headers.get('cache-control')).toBe('no-store');

    const email = only(await t.inboxFor('amara@example.org'));
    expect(email.subject).toContain('You are registered');
    expect(email.body.text).toContain('Hello Person amara');
    // The event's zone by name, and the registrant's own.
    expect(email.body.text).toMatch(/When: .*Central European (Summer|Standard) Time \(Europe\/Berlin\)/);
    expect(email.body.text).toMatch(/Your time: .*Brasilia Standard Time \(America\/Sao_Paulo\)/);
    expect(email.body.html).toContain('See or cancel your registration');
    const link = manageLink(email.body.text!);
    expect(link.url.startsWith(`${siteUrl}/events/gala/manage/?r=`)).toBe(true);
    expect(link.id).toBe(res.json.registration.id);

    const ics = email.attachments.find((a) => a.filename === 'gala.ics');
    expect(ics?.contentType).toContain('text/calendar');
    const calendar = new ICAL.Component(ICAL.parse(Buffer.from(ics!.content, 'base64').toString('utf8')));
    for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
    const start = calendar.getFirstSubcomponent('vevent')!.getFirstPropertyValue('dtstart') as ICAL.Time;
    expect(start.zone?.tzid).toBe('Europe/Berlin');
    expect(start.toUnixTime()).toBe(Math.floor(Date.parse(events[0]!.startsAt) / 1000));

    const availability = await call(`${t.url}/api/events/gala/availability`);
    expect(availability.json).toMatchObject({ confirmed: 2, remaining: 2, status: 'open' });
  });

  it('keeps the registration and its email job until RETENTION_DAYS after the event ends', async () => {
    const res = await registerAt('gala', person('retention'));
    const items = await t.scan();
    const registration = items.find((i) => i.entity === 'Registration' && i.id === res.json.registration.id)!;
    const job = items.find((i) => i.entity === 'EmailJob' && (i.data as { registrationId?: string }).registrationId === res.json.registration.id)!;
    const expected = Math.floor(new Date(events[0]!.endsAt).getTime() / 1000) + 365 * 86_400;
    expect(registration.expiresAt).toBe(expected);
    expect(job.expiresAt).toBe(expected);
  });

  it('waitlists when the seats do not fit, with its 1-based position, and emails the waitlist notice', async () => {
    // gala: 4 seats, 3 taken now.
    const two = await registerAt('gala', person('bruno', { guests: 1 }));
    expect(two.status).toBe(201);
    expect(two.json.registration).toMatchObject({ status: 'waitlisted', seats: 2, position: 1 });
    // One seat is free, but someone is waiting: strict order puts the next person behind them.
    const one = await registerAt('gala', person('chen'));
    expect(one.json.registration).toMatchObject({ status: 'waitlisted', seats: 1, position: 2 });
    const email = only(await t.inboxFor('bruno@example.org'));
    expect(email.subject).toContain('waitlist');
    expect(email.attachments).toHaveLength(0);
    expect((await call(`${t.url}/api/events/gala/availability`)).json).toMatchObject({ confirmed: 3, waitlisted: 3, remaining: 1, status: 'waitlist' });
  });

  it('never needs a waitlist for an unlimited event, and emails the join link and both time zones', async () => {
    const res = await registerAt('webinar', person('dana', { timeZone: 'Europe/London' }));
    expect(res.json.registration).toMatchObject({ status: 'confirmed', seats: 1 });
    const email = only(await t.inboxFor('dana@example.org'));
    expect(email.body.text).toContain('Join online: https://meet.example.org/webinar');
    expect(email.body.text).toMatch(/Japan Standard Time \(Asia\/Tokyo\)/);
  });

  it('answers the same email in any case and spacing like a new registration (no oracle), and emails the manage link again', async () => {
    const first = await registerAt('webinar', person('erin'));
    expect(first.status).toBe(201);
    const again = await registerAt('webinar', { ...person('erin'), email: '  ERIN@Example.org ' });
    expect(again.status).toBe(201);
    expect(again.json.registration.id).not.toBe(first.json.registration.id);
    // The confirmation and the manage link again: two emails, no more, each with the link to the one registration.
    const mails = await t.inboxFor('erin@example.org');
    expect(mails.map((m) => manageLink(m.body.text!).id)).toEqual([first.json.registration.id, first.json.registration.id]);
    expect(records(await t.scan()).filter((i) => i.entity === 'Registration' && i.email === 'erin@example.org')).toHaveLength(1);
  });

  it('rejects more guests than the event allows, with the field named', async () => {
    const res = await registerAt('webinar', person('frank', { guests: 1 }));
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 'validation_failed', fields: { guests: 'This event does not take guests.' } });
  });

  it('answers 409 registration_closed before the window opens and after it closes', async () => {
    const early = await registerAt('later', person('gita'));
    expect(early.status).toBe(409);
    expect(early.json.error.code).toBe('registration_closed');
    expect(early.json.error.message).toMatch(/Registration opens on .*\(Europe\/Berlin\)/);
    const late = await registerAt('closed', person('gita'));
    expect(late.status).toBe(409);
    expect(late.json.error.code).toBe('registration_closed');
  });

  it('answers 404 for an unknown event', async () => {
    const res = await registerAt('no-such-event', person('hana'));
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('not_found');
  });
});

describe('managing a registration by its link', () => {
  it('shows the registration to the holder of the token, with the waitlist position', async () => {
    const res = await registerAt('gala', person('ivan', { guests: 2 }));
    expect(res.json.registration.status).toBe('waitlisted');
    const link = manageLink(only(await t.inboxFor('ivan@example.org')).body.text!);
    const view = await call(`${t.url}/api/registrations/${link.id}?token=${encodeURIComponent(link.token)}`);
    expect(view.status).toBe(200);
    expect(view.json.registration).toEqual({
      id: link.id,
      event: 'gala',
      status: 'waitlisted',
      seats: 3,
      name: 'Person ivan',
      position: res.json.registration.position,
      guests: 2,
      showInAttendees: false,
    });
    expect(view.headers.get('cache-control')).toBe('no-store');
  });

  it('answers a wrong token and an unknown id alike: 403 invalid_token', async () => {
    const res = await registerAt('webinar', person('jo'));
    const id = res.json.registration.id as string;
    const link = manageLink(only(await t.inboxFor('jo@example.org')).body.text!);
    const wrongToken = await call(`${t.url}/api/registrations/${id}?token=${'x'.repeat(43)}`);
    const noToken = await call(`${t.url}/api/registrations/${id}`);
    const unknownId = await call(`${t.url}/api/registrations/AAAAAAAAAAAAAAAA?token=${encodeURIComponent(link.token)}`);
    const otherDelete = await call(`${t.url}/api/registrations/AAAAAAAAAAAAAAAA?token=${'x'.repeat(43)}`, { method: 'DELETE' });
    for (const r of [wrongToken, noToken, unknownId, otherDelete]) {
      expect(r.status).toBe(403);
      expect(r.text).toBe(wrongToken.text);
    }
    expect(wrongToken.json.error.code).toBe('invalid_token');
    // And the registration is untouched.
    expect((await call(`${t.url}/api/registrations/${id}?token=${encodeURIComponent(link.token)}`)).json.registration.status).toBe('confirmed');
  });

  it('cancels once, answers the same when cancelled twice, sends a cancellation email and frees the email for a new registration', async () => {
    await registerAt('webinar', person('kofi'));
    const link = manageLink(only(await t.inboxFor('kofi@example.org')).body.text!);
    const manage = `${t.url}/api/registrations/${link.id}?token=${encodeURIComponent(link.token)}`;
    const first = await call(manage, { method: 'DELETE' });
    expect(first.status).toBe(200);
    expect(first.json.registration).toMatchObject({ id: link.id, event: 'webinar', status: 'cancelled', seats: 1, name: 'Person kofi' });
    const second = await call(manage, { method: 'DELETE' });
    expect(second.status).toBe(200);
    expect(second.json).toEqual(first.json);
    // The confirmation and one cancellation, however often it was cancelled.
    const mails = await t.inboxFor('kofi@example.org');
    expect(mails.map((m) => m.subject)).toEqual([expect.stringContaining('You are registered'), 'Registration cancelled: Test event webinar']);
    expect((await registerAt('webinar', person('kofi'))).status).toBe(201);
  });

  it('promotes the waitlist in strict order when seats free up, and emails those promoted', async () => {
    // queue: 3 seats. A takes 3; B (2 seats), C (1), D (3) wait in that order.
    const a = await registerAt('queue', person('qa', { guests: 2 }));
    const b = await registerAt('queue', person('qb', { guests: 1 }));
    const c = await registerAt('queue', person('qc'));
    const d = await registerAt('queue', person('qd', { guests: 2 }));
    expect([a, b, c, d].map((r) => [r.json.registration.status, r.json.registration.position])).toEqual([
      ['confirmed', undefined],
      ['waitlisted', 1],
      ['waitlisted', 2],
      ['waitlisted', 3],
    ]);
    const linkOf = async (n: string) => manageLink(only(await t.inboxFor(`${n}@example.org`)).body.text!);
    const [la, lb, lc, ld] = await Promise.all(['qa', 'qb', 'qc', 'qd'].map(linkOf));
    const view = async (l: { id: string; token: string }) => (await call(`${t.url}/api/registrations/${l.id}?token=${encodeURIComponent(l.token)}`)).json.registration;

    // A cancels: 3 seats free. B (2) fits, then C (1) fits; D (3) does not.
    await call(`${t.url}/api/registrations/${la!.id}?token=${encodeURIComponent(la!.token)}`, { method: 'DELETE' });
    expect((await view(lb!)).status).toBe('confirmed');
    expect((await view(lc!)).status).toBe('confirmed');
    expect(await view(ld!)).toMatchObject({ status: 'waitlisted', position: 1 });
    expect((await call(`${t.url}/api/events/queue/availability`)).json).toMatchObject({ confirmed: 3, waitlisted: 3, remaining: 0 });

    // B and C each got the waitlist notice, then one email that they are in.
    const mailB = await t.inboxFor('qb@example.org');
    const mailC = await t.inboxFor('qc@example.org');
    expect(mailB).toHaveLength(2);
    expect(mailC).toHaveLength(2);
    const promotedB = mailB.find((m) => m.subject.startsWith('A place opened up'));
    const promotedC = mailC.find((m) => m.subject.startsWith('A place opened up'));
    expect(promotedB?.attachments[0]?.filename).toBe('queue.ics');
    expect(promotedC).toBeDefined();

    // C cancels: 1 seat free, D needs 3: D keeps waiting (first in line).
    await call(`${t.url}/api/registrations/${lc!.id}?token=${encodeURIComponent(lc!.token)}`, { method: 'DELETE' });
    expect(await view(ld!)).toMatchObject({ status: 'waitlisted', position: 1 });
    // B cancels too: 3 free: D is promoted.
    await call(`${t.url}/api/registrations/${lb!.id}?token=${encodeURIComponent(lb!.token)}`, { method: 'DELETE' });
    expect((await view(ld!)).status).toBe('confirmed');
    const mailD = await t.inboxFor('qd@example.org');
    expect(mailD).toHaveLength(2);
    expect(mailD.filter((m) => m.subject.startsWith('A place opened up'))).toHaveLength(1);
  });

  it('refuses to change a registration once the event has started', async () => {
    // Register while the event is open, then serve an API whose content says it started.
    const res = await registerAt('shrinking', person('late-cancel'));
    const link = manageLink(only(await t.inboxFor('late-cancel@example.org')).body.text!);
    const started = await t.serveApi({
      manifest: fixtureManifest([fixtureEvent('shrinking', { capacity: 5, startsAt: fromNow(-60_000), endsAt: fromNow(3_600_000), closesAt: fromNow(-60_000) })]),
    });
    const del = await call(`${started}/api/registrations/${res.json.registration.id}?token=${encodeURIComponent(link.token)}`, { method: 'DELETE' });
    expect(del.status).toBe(409);
    expect(del.json.error.code).toBe('registration_closed');
  });
});

describe('content changes', () => {
  it('lowering the capacity in content never cancels confirmed people; newcomers wait', async () => {
    for (const n of ['s1', 's2', 's3', 's4']) expect((await registerAt('shrinking', person(n))).json.registration.status).toBe('confirmed');
    const lowered = await t.serveApi({ manifest: fixtureManifest([fixtureEvent('shrinking', { capacity: 2, maxGuests: 1 })]) });
    const availability = await call(`${lowered}/api/events/shrinking/availability`);
    expect(availability.json).toMatchObject({ capacity: 2, confirmed: 5, remaining: 0, status: 'waitlist' });
    const newcomer = await call(`${lowered}/api/events/shrinking/registrations`, { body: person('s5') });
    expect(newcomer.json.registration).toMatchObject({ status: 'waitlisted', position: 1 });
    const confirmed = records(await t.scan()).filter((i) => i.entity === 'Registration' && i.event === 'shrinking' && i.status === 'confirmed');
    expect(confirmed).toHaveLength(5);
  });
});
