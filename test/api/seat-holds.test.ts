/**
 * Seat holds (events with `confirmWithin`): a new registration is held, its
 * seats taken, until the registrant confirms from their email; the events'
 * schedule releases lapsed holds once, moves the waitlist on in order and
 * tells the registrant once. Against DynamoDB Local and local SES; the clock
 * of the API and of the schedule is set by each test (no sleeping).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEventLifecycle } from '../../functions/registrations/lifecycle';
import type { ManifestEvent } from '../../functions/shared/content';
import { keys } from '../../functions/shared/table';
import { signToken } from '../../functions/shared/tokens';
import { formatDateTimeInZone } from '../../site/lib/format';
import { only, to, type StoredEmail } from '../support/inbox';
import { fixtureEvent, fixtureManifest } from '../support/manifest';
import { call, person, register } from '../support/requests';
import { records, signingSecret, siteUrl, startTestStack, type TestStack } from '../support/stack';

const minute = 60_000;
const hour = 60 * minute;
const events = {
  held: fixtureEvent('held', { capacity: 4, maxGuests: 2, confirmWithin: '2h' }),
  twice: fixtureEvent('twice', { capacity: 4, confirmWithin: '2h' }),
  lapse: fixtureEvent('lapse', { capacity: 2, maxGuests: 0, confirmWithin: '30m' }),
  race: fixtureEvent('race', { capacity: 20, maxGuests: 0, confirmWithin: '1h' }),
  cancel: fixtureEvent('cancel', { capacity: 1, maxGuests: 0, confirmWithin: '1h' }),
  again: fixtureEvent('again', { capacity: 5, confirmWithin: '1h' }),
  late: fixtureEvent('late', { capacity: 1, maxGuests: 0, confirmWithin: '1h' }),
};
const manifest = fixtureManifest(Object.values(events));

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack({ api: { manifest } });
});
afterAll(async () => t?.stop());

/** The events' schedule as the Lambda runs it, with its own clock, over one test's event (the others' holds are theirs). */
const sweep = (now: Date, event: ManifestEvent) =>
  runEventLifecycle({ table: t.stack.table, manifest: fixtureManifest([event]), siteUrl, retentionDays: 365, secret: signingSecret, now, deadline: Date.now() + 60_000 });

/** An API whose clock reads `at`. */
const apiAt = (at: Date) => t.serveApi({ now: () => at });

function linkOf(email: StoredEmail): { id: string; token: string; url: string } {
  const match = /(https:\/\/\S+\/manage\/\?r=([^&\s]+)&t=([^&\s]+)&confirm=1)/.exec(email.body.text!);
  if (!match) throw new Error(`no confirm link in "${email.subject}"`);
  return { url: match[1]!, id: decodeURIComponent(match[2]!), token: decodeURIComponent(match[3]!) };
}

const confirm = (url: string, id: string, token: string) => call(`${url}/api/registrations/${id}/confirm?token=${encodeURIComponent(token)}`, { method: 'POST' });
const manage = (id: string, token: string) => call(`${t.url}/api/registrations/${id}?token=${encodeURIComponent(token)}`);
const availability = async (slug: string) => (await call(`${t.url}/api/events/${slug}/availability`)).json;
const counter = async (slug: string) => (await t.scan()).find((i) => i.PK === keys.eventCounter(slug).PK && i.SK === 'COUNTER') as Record<string, number>;
const holdEntries = async (slug: string) => (await t.scan()).filter((i) => i.PK === `EVENT#${slug}` && String(i.SK).startsWith('HOLD#'));
/**
 * An inbox's subjects, sorted: the emails of one batch are sent in parallel and may arrive in any order. A
 * "Confirm your place by …" subject is cut to those words (its whole text is tested on its own above).
 */
const sortedSubjects = (emails: StoredEmail[]) => emails.map((e) => e.subject.replace(/^Confirm your place by .*$/, 'Confirm your place by')).sort();
const calendarFiles = (email: StoredEmail) => email.attachments.filter((a) => a.contentType.startsWith('text/calendar'));

describe('a registration on an event with confirmWithin', () => {
  it('is held: the answer says until when, availability counts its seats as taken, and the email asks to confirm by that time', async () => {
    const before = Date.now();
    const res = await register(t.url, 'held', person('held-amara', { guests: 1 }));
    expect(res.status).toBe(201);
    const r = res.json.registration;
    expect(r).toMatchObject({ event: 'held', status: 'held', seats: 2 });
    const until = Date.parse(r.heldUntil);
    expect(until).toBeGreaterThanOrEqual(before + 2 * hour);
    expect(until).toBeLessThanOrEqual(Date.now() + 2 * hour);

    expect(await availability('held')).toMatchObject({ capacity: 4, confirmed: 0, held: 2, waitlisted: 0, remaining: 2, status: 'open' });

    const email = only(await t.inboxFor('held-amara@example.org'));
    const by = formatDateTimeInZone(new Date(r.heldUntil), 'Europe/Berlin');
    expect(email.subject).toBe(`Confirm your place by ${by}: Test event held`);
    expect(email.body.text).toContain(`Confirm your place by ${by}: `);
    expect(email.body.text).toContain('(Europe/Berlin)');
    expect(calendarFiles(email)).toEqual([]);
    const link = linkOf(email);
    expect(link.id).toBe(r.id);
    expect(link.url.startsWith(`${siteUrl}/events/held/manage/?r=`)).toBe(true);

    const view = await manage(link.id, link.token);
    expect(view.json.registration).toMatchObject({ status: 'held', heldUntil: r.heldUntil, seats: 2 });
  });

  it('is confirmed by the link within its time, with the confirmation and its calendar file; a second click answers the same and sends nothing', async () => {
    await register(t.url, 'twice', person('twice-ben'));
    const link = linkOf(only(await t.inboxFor('twice-ben@example.org')));

    const first = await confirm(t.url, link.id, link.token);
    expect(first.status).toBe(200);
    expect(first.json.registration).toMatchObject({ id: link.id, status: 'confirmed', seats: 1 });
    expect(first.json.registration.heldUntil).toBeUndefined();
    const second = await confirm(t.url, link.id, link.token);
    expect(second.status).toBe(200);
    expect(second.json).toEqual(first.json);

    expect(await availability('twice')).toMatchObject({ confirmed: 1, held: 0, remaining: 3 });
    expect(await holdEntries('twice')).toEqual([]);
    const emails = await t.inboxFor('twice-ben@example.org');
    expect(sortedSubjects(emails)).toEqual(['Confirm your place by', 'You are registered: Test event twice']);
    const registered = emails.find((e) => e.subject.startsWith('You are registered'))!;
    expect(calendarFiles(registered)).toHaveLength(1);
    expect(registered.body.text).toContain('Thank you for confirming');
  });

  it("refuses a wrong token (or another registration's, or a feedback token) with 403 invalid_token and changes nothing", async () => {
    const res = await register(t.url, 'twice', person('twice-cleo'));
    const id = res.json.registration.id as string;
    const other = (await register(t.url, 'twice', person('twice-dan'))).json.registration.id as string;
    const before = await t.scan();
    for (const token of ['nope', '', signToken(signingSecret, 'registration', other), signToken(signingSecret, 'event-feedback', id)]) {
      const wrong = await confirm(t.url, id, token);
      expect(wrong.status).toBe(403);
      expect(wrong.json.error.code).toBe('invalid_token');
    }
    const after = await t.scan();
    expect(after.find((i) => i.PK === `REG#${id}`)).toEqual(before.find((i) => i.PK === `REG#${id}`));
    expect(await counter('twice')).toEqual(before.find((i) => i.PK === 'EVENT#twice' && i.SK === 'COUNTER'));
  });
});

describe('a hold that lapses', () => {
  const registered: Record<string, { id: string; status: string; heldUntil?: string }> = {};
  const token = (who: string) => signToken(signingSecret, 'registration', registered[who]!.id);

  beforeAll(async () => {
    // Registered 31 minutes ago (an API whose clock reads then), so the 30-minute holds have just lapsed and the
    // schedule runs on today's clock: the emails it owes are due now. Two places: Amy and Bo are held; Cy, Di and
    // Ed wait, in that order. Bo confirmed in time; Amy did not.
    const then = Date.now() - 31 * minute;
    const past = await apiAt(new Date(then));
    for (const who of ['amy', 'bo', 'cy', 'di', 'ed']) {
      const res = await register(past, 'lapse', person(`lapse-${who}`));
      expect(res.status).toBe(201);
      registered[who] = res.json.registration;
    }
    expect(['amy', 'bo', 'cy', 'di', 'ed'].map((who) => registered[who]!.status)).toEqual(['held', 'held', 'waitlisted', 'waitlisted', 'waitlisted']);
    expect((await confirm(await apiAt(new Date(then + minute)), registered.bo!.id, token('bo'))).status).toBe(200);
    await t.drainMail();
  });

  it('is left alone by the schedule before its time', async () => {
    const run = await sweep(new Date(Date.parse(registered.amy!.heldUntil!) - 1), events.lapse);
    expect(run.released).toBe(0);
    expect((await manage(registered.amy!.id, token('amy'))).json.registration.status).toBe('held');
  });

  it('is released once its time has passed: the seats go to the first waiting, held for a fresh window, and the holder is told once', async () => {
    const at = new Date();
    expect(at.getTime()).toBeGreaterThan(Date.parse(registered.amy!.heldUntil!));
    const run = await sweep(at, events.lapse);
    expect(run.released).toBe(1);
    // Run again (the next minute, or a second run at once): nothing more is released or sent.
    const again = await Promise.all([sweep(at, events.lapse), sweep(new Date(at.getTime() + minute), events.lapse)]);
    expect(again.map((r) => r.released)).toEqual([0, 0]);

    const amy = (await manage(registered.amy!.id, token('amy'))).json.registration;
    expect(amy).toMatchObject({ status: 'cancelled', holdLapsed: true, heldUntil: registered.amy!.heldUntil });
    const cy = (await manage(registered.cy!.id, token('cy'))).json.registration;
    expect(cy).toMatchObject({ status: 'held', heldUntil: new Date(at.getTime() + 30 * minute).toISOString() });
    expect((await manage(registered.di!.id, token('di'))).json.registration).toMatchObject({ status: 'waitlisted', position: 1 });
    expect((await manage(registered.ed!.id, token('ed'))).json.registration).toMatchObject({ status: 'waitlisted', position: 2 });
    expect(await availability('lapse')).toMatchObject({ confirmed: 1, held: 1, waitlisted: 2, remaining: 0 });
    expect((await holdEntries('lapse')).map((e) => e.registrationId)).toEqual([registered.cy!.id]);

    const lapsed = await t.inboxFor('lapse-amy@example.org');
    expect(sortedSubjects(lapsed)).toEqual(['Confirm your place by', 'Your place was not confirmed: Test event lapse']);
    expect(lapsed.find((e) => e.subject.startsWith('Your place was not confirmed'))!.body.text).toContain('gone to the next person waiting');
    const promoted = (await t.inboxFor('lapse-cy@example.org')).map((e) => e.subject);
    expect([...promoted].sort()).toEqual([`Confirm your place by ${formatDateTimeInZone(new Date(cy.heldUntil), 'Europe/Berlin')}: Test event lapse`, 'You are on the waitlist: Test event lapse']);
    expect(await t.inbox(to('lapse-di@example.org'))).toHaveLength(1);
  });

  it('cannot be confirmed after its release: 409 hold_expired, and nothing changes', async () => {
    const before = records(await t.scan());
    const mailBefore = (await t.inbox()).length;
    const late = await confirm(t.url, registered.amy!.id, token('amy'));
    expect(late.status).toBe(409);
    expect(late.json.error.code).toBe('hold_expired');
    expect(late.json.error.message).toMatch(/ended before you confirmed/);
    expect(records(await t.scan())).toEqual(before);
    expect(await t.inbox()).toHaveLength(mailBefore);
  });

  it('lets the address register again once released', async () => {
    const res = await register(t.url, 'lapse', person('lapse-amy'));
    expect(res.status).toBe(201);
    expect(res.json.registration.id).not.toBe(registered.amy!.id);
    expect(res.json.registration.status).toBe('waitlisted');
  });
});

describe('a click and the release at the same moment', () => {
  it('exactly one wins for each hold: confirmed with its confirmation, or released with its lapse email, never both, and the seats add up', async () => {
    // Registered an hour and five seconds ago: the holds end five seconds before now, so the emails of the click
    // (a millisecond before the end) and of the schedule (a millisecond after) are both due when the mail is drained.
    const t0 = new Date(Date.now() - hour - 5_000);
    const api = await apiAt(t0);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await register(api, 'race', person(`race-${i}`))).json.registration.id);
    const heldUntil = Date.parse((await manage(ids[0]!, signToken(signingSecret, 'registration', ids[0]!))).json.registration.heldUntil);
    expect(heldUntil).toBe(t0.getTime() + hour);
    // The click a millisecond before the end, the schedule a millisecond after: both in time by their own clocks.
    const clickApi = await apiAt(new Date(heldUntil - 1));
    const [clicks, run] = await Promise.all([Promise.all(ids.map((id) => confirm(clickApi, id, signToken(signingSecret, 'registration', id)))), sweep(new Date(heldUntil + 1), events.race)]);

    const won = clicks.filter((c) => c.status === 200).length;
    const lost = clicks.filter((c) => c.status === 409 && c.json.error.code === 'hold_expired').length;
    expect(won + lost).toBe(ids.length);
    expect(run.released).toBe(lost);

    const statuses = await Promise.all(ids.map(async (id) => (await manage(id, signToken(signingSecret, 'registration', id))).json.registration.status));
    expect(statuses.filter((s) => s === 'confirmed')).toHaveLength(won);
    expect(statuses.filter((s) => s === 'cancelled')).toHaveLength(lost);
    expect(await counter('race')).toMatchObject({ confirmedSeats: won, confirmedCount: won, heldSeats: 0, heldCount: 0 });
    expect(await holdEntries('race')).toEqual([]);

    await t.drainMail();
    for (const [i, status] of statuses.entries()) {
      const subjects = sortedSubjects((await t.emails()).filter(to(`race-${i}@example.org`)));
      expect(subjects, `race-${i} (${status})`).toEqual(['Confirm your place by', status === 'confirmed' ? 'You are registered: Test event race' : 'Your place was not confirmed: Test event race']);
    }
  });
});

describe('a held registration', () => {
  it('cancelled by its holder gives its seats back and moves the waitlist on, without a calendar file', async () => {
    const first = (await register(t.url, 'cancel', person('cancel-fay'))).json.registration;
    const second = (await register(t.url, 'cancel', person('cancel-gus'))).json.registration;
    expect([first.status, second.status]).toEqual(['held', 'waitlisted']);
    const res = await call(`${t.url}/api/registrations/${first.id}?token=${encodeURIComponent(signToken(signingSecret, 'registration', first.id))}`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(res.json.registration).toMatchObject({ status: 'cancelled' });
    expect(res.json.registration.holdLapsed).toBeUndefined();
    expect((await manage(second.id, signToken(signingSecret, 'registration', second.id))).json.registration.status).toBe('held');
    expect(await counter('cancel')).toMatchObject({ confirmedSeats: 1, heldSeats: 1, waitlistedSeats: 0 });
    expect((await holdEntries('cancel')).map((e) => e.registrationId)).toEqual([second.id]);
    const cancelled = (await t.inboxFor('cancel-fay@example.org')).find((e) => e.subject.startsWith('Registration cancelled'))!;
    expect(calendarFiles(cancelled)).toEqual([]);
    // Its link cannot confirm it now.
    const late = await confirm(t.url, first.id, signToken(signingSecret, 'registration', first.id));
    expect(late.status).toBe(403);
    expect(late.json.error.code).toBe('invalid_token');
  });

  it('changed to more guests holds the added seats too, and fewer give them back; the hold keeps its time', async () => {
    const r = (await register(t.url, 'held', person('held-kim'))).json.registration;
    const token = signToken(signingSecret, 'registration', r.id);
    const before = await counter('held');
    const more = await call(`${t.url}/api/registrations/${r.id}?token=${encodeURIComponent(token)}`, { method: 'PATCH', body: { guests: 1 } });
    expect(more.status).toBe(200);
    expect(more.json.registration).toMatchObject({ status: 'held', seats: 2, heldUntil: r.heldUntil });
    expect(await counter('held')).toMatchObject({ confirmedSeats: before.confirmedSeats! + 1, heldSeats: before.heldSeats! + 1 });
    const fewer = await call(`${t.url}/api/registrations/${r.id}?token=${encodeURIComponent(token)}`, { method: 'PATCH', body: { guests: 0 } });
    expect(fewer.json.registration).toMatchObject({ status: 'held', seats: 1 });
    expect(await counter('held')).toMatchObject({ confirmedSeats: before.confirmedSeats, heldSeats: before.heldSeats });
    const confirmed = await confirm(t.url, r.id, token);
    expect(confirmed.json.registration).toMatchObject({ status: 'confirmed', seats: 1 });
    expect(await counter('held')).toMatchObject({ confirmedSeats: before.confirmedSeats, heldSeats: before.heldSeats! - 1 });
  });

  it('registered again from the same address answers like a new hold and emails the confirm link again', async () => {
    const first = await register(t.url, 'again', person('again-hal'));
    const second = await register(t.url, 'again', person('again-hal'));
    expect(second.status).toBe(201);
    expect(second.json.registration).toMatchObject({ status: 'held', seats: 1 });
    expect(second.json.registration.heldUntil).toEqual(expect.any(String));
    expect(second.json.registration.id).not.toBe(first.json.registration.id);
    const emails = await t.inboxFor('again-hal@example.org');
    expect(emails).toHaveLength(2);
    const again = emails.filter((e) => e.body.text?.includes('already holding your place'));
    expect(again).toHaveLength(1);
    expect(linkOf(again[0]!).id).toBe(first.json.registration.id);
  });

  it('clicked after its time but before the schedule ran: 409 hold_expired, released at once and the waitlist moved on', async () => {
    // Registered an hour and a minute ago: the hold ended a minute ago, and no schedule has run since.
    const past = await apiAt(new Date(Date.now() - hour - minute));
    const first = (await register(past, 'late', person('late-ivy'))).json.registration;
    const second = (await register(past, 'late', person('late-jo'))).json.registration;
    const res = await confirm(t.url, first.id, signToken(signingSecret, 'registration', first.id));
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('hold_expired');
    expect((await manage(second.id, signToken(signingSecret, 'registration', second.id))).json.registration.status).toBe('held');
    expect((await sweep(new Date(), events.late)).released).toBe(0);
    expect(sortedSubjects(await t.inboxFor('late-ivy@example.org'))).toEqual(['Confirm your place by', 'Your place was not confirmed: Test event late']);
  });
});
