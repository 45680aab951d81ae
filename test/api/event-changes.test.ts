/**
 * After registering: event changes that reach every calendar, reminders,
 * follow-up with rating and recording, editing a registration, who's coming.
 * Against DynamoDB Local and local SES; the schedule (lifecycle) is called
 * directly with the manifest and clock each test gives it.
 */
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEventLifecycle, type LifecycleOptions } from '../../functions/registrations/lifecycle';
import type { ManifestEvent } from '../../functions/shared/content';
import { only, to, type StoredEmail } from '../support/inbox';
import { days, fixtureEvent, fixtureManifest, fromNow } from '../support/manifest';
import { call, person, register } from '../support/requests';
import { signingSecret, siteUrl, startTestStack, type TestStack } from '../support/stack';
import { until } from '../support/until';

const hour = 3_600_000;
const events = {
  moving: fixtureEvent('moving', { capacity: 3, maxGuests: 0 }),
  selfCancel: fixtureEvent('self-cancel'),
  paged: fixtureEvent('paged', { capacity: null }),
  lateComer: fixtureEvent('late-comer', { capacity: null }),
  outage: fixtureEvent('outage', { capacity: null }),
  soon: fixtureEvent('soon', {
    capacity: null,
    format: 'hybrid',
    onlineUrl: 'https://meet.example.org/soon',
    startsAt: fromNow(hour),
    endsAt: fromNow(3 * hour),
    closesAt: fromNow(hour),
    reminders: ['2d', '2h'],
  }),
  past: fixtureEvent('past', { capacity: 1, maxGuests: 0, startsAt: fromNow(-3 * hour), endsAt: fromNow(-hour), closesAt: fromNow(-3 * hour) }),
  edit: fixtureEvent('edit', { capacity: 6, maxGuests: 3 }),
  race: fixtureEvent('race', { capacity: 6, maxGuests: 3 }),
  listed: fixtureEvent('listed', { whosComing: true, capacity: null, maxGuests: 2 }),
  called: fixtureEvent('called-off', { status: 'cancelled' }),
};
const all = Object.values(events);

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack({ api: { manifest: fixtureManifest(all) } });
});
afterAll(async () => t?.stop());

/** The schedule's run, as the Lambda makes it, over these events (or changed versions of them): each test its own. */
const lifecycle = (changed: ManifestEvent[], more: Partial<LifecycleOptions> = {}) =>
  runEventLifecycle({ table: t.stack.table, manifest: fixtureManifest(changed), siteUrl, retentionDays: 365, secret: signingSecret, now: new Date(), deadline: Date.now() + 60_000, ...more });

/** Registers through an API whose clock reads `at` (a registration made in the past). */
async function registerAt(slug: string, who: string, extra: Record<string, unknown> = {}, at?: Date) {
  const url = at ? await t.serveApi({ now: () => at }) : t.url;
  const res = await register(url, slug, person(who, extra));
  expect(res.status).toBe(201);
  return res.json.registration as { id: string; status: string };
}

function manageToken(email: StoredEmail): { id: string; token: string } {
  const match = /manage\/\?r=([^&\s]+)&t=([^\s]+)/.exec(email.body.text!);
  if (!match) throw new Error('no manage link in the email');
  return { id: decodeURIComponent(match[1]!), token: decodeURIComponent(match[2]!) };
}

/** The calendar file of an email, parsed by ical.js. */
function calendarOf(email: StoredEmail) {
  const ics = email.attachments.find((a) => a.contentType.startsWith('text/calendar'));
  if (!ics) throw new Error(`no calendar file in "${email.subject}"`);
  const calendar = new ICAL.Component(ICAL.parse(Buffer.from(ics.content, 'base64').toString('utf8')));
  const event = calendar.getFirstSubcomponent('vevent')!;
  return {
    method: calendar.getFirstPropertyValue('method'),
    uid: event.getFirstPropertyValue('uid'),
    sequence: Number(event.getFirstPropertyValue('sequence') ?? 0),
    status: event.getFirstPropertyValue('status'),
    start: (event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().getTime(),
    contentType: ics.contentType,
  };
}

const address = (who: string) => `${who}@example.org`;
const mailTo = async (who: string) => t.inbox(to(address(who)));

describe('a change to the event reaches every registrant once, updating the same calendar entry', () => {
  it('records what was told without sending, then one notice per confirmed and waitlisted registrant per change, under retries and concurrency', async () => {
    await registerAt('moving', 'mv-a');
    await registerAt('moving', 'mv-b', { timeZone: 'America/Sao_Paulo' });
    await registerAt('moving', 'mv-c');
    const waiting = await registerAt('moving', 'mv-d');
    expect(waiting.status).toBe('waitlisted');
    const gone = await registerAt('moving', 'mv-gone');
    await t.drainMail();
    const goneLink = manageToken(only(await mailTo('mv-gone')));
    expect((await call(`${t.url}/api/registrations/${goneLink.id}?token=${encodeURIComponent(goneLink.token)}`, { method: 'DELETE' })).status).toBe(200);
    expect(gone.status).toBe('waitlisted');

    // The first look records what registrants were told: nothing to send.
    expect((await lifecycle([events.moving])).written.change).toBe(0);
    await t.drainMail();
    expect(await t.inbox((e) => e.subject.startsWith('Changed'))).toHaveLength(0);

    // The editors move it by a week; the deploy's schedule runs twice at once, then again.
    const moved = { ...events.moving, startsAt: new Date(Date.parse(events.moving.startsAt) + days(7)).toISOString(), endsAt: new Date(Date.parse(events.moving.endsAt) + days(7)).toISOString() };
    const runs = await Promise.all([lifecycle([moved]), lifecycle([moved])]);
    await lifecycle([moved]);
    expect(runs[0]!.written.change + runs[1]!.written.change).toBe(4);
    await t.drainMail();

    for (const who of ['mv-a', 'mv-b', 'mv-c', 'mv-d']) {
      const mail = await mailTo(who);
      const confirmation = mail.find((e) => !e.subject.startsWith('Changed'))!;
      const notice = only(mail.filter((e) => e.subject.startsWith('Changed')));
      expect(notice.subject).toBe(`Changed: ${events.moving.title}`);
      expect(notice.body.text).toContain('(was:');
      if (who === 'mv-d') {
        // Waitlisted: no calendar entry to update, so no calendar file.
        expect(notice.attachments).toHaveLength(0);
        continue;
      }
      const cal = calendarOf(notice);
      expect(cal.method).toBe('REQUEST');
      expect(cal.sequence).toBe(1);
      expect(cal.start).toBe(Math.floor(Date.parse(moved.startsAt) / 1000) * 1000);
      const first = calendarOf(confirmation);
      expect(cal.uid).toBe(first.uid);
      expect(cal.sequence).toBeGreaterThan(first.sequence);
      expect(first.uid).toMatch(/@alumni-registrations$/);
    }
    expect((await mailTo('mv-b')).find((e) => e.subject.startsWith('Changed'))!.body.text).toMatch(/your time: .*\(America\/Sao_Paulo\)/);
    expect((await mailTo('mv-gone')).filter((e) => e.subject.startsWith('Changed'))).toHaveLength(0);

    // Then it is cancelled: METHOD:CANCEL, a higher SEQUENCE, same UID; registration closes.
    const cancelled = { ...moved, status: 'cancelled' as const, statusNote: 'The hall flooded; we are sorry.' };
    await lifecycle([cancelled]);
    await lifecycle([cancelled]);
    await t.drainMail();
    const notice = only((await mailTo('mv-a')).filter((e) => e.subject.startsWith('Cancelled')));
    expect(notice.body.text).toContain('The hall flooded');
    const cal = calendarOf(notice);
    expect(cal).toMatchObject({ method: 'CANCEL', sequence: 2, status: 'CANCELLED' });
    expect(cal.uid).toBe(calendarOf((await mailTo('mv-a')).find((e) => e.subject.startsWith('You are registered'))!).uid);
    expect(await t.inbox((e) => e.subject.startsWith('Cancelled: '))).toHaveLength(4);
  });

  it('a registration made through the new content before the notice goes out is not told of a change it already saw', async () => {
    await registerAt('late-comer', 'lc-a');
    await lifecycle([events.lateComer]);
    // The deploy's new bundle answers a registration before the schedule's first run.
    const moved = { ...events.lateComer, venue: 'Riverside Hall' };
    const newApi = await t.serveApi({ manifest: fixtureManifest([moved]) });
    expect((await register(newApi, 'late-comer', person('lc-b'))).status).toBe(201);
    await lifecycle([moved]);
    await t.drainMail();
    expect((await mailTo('lc-a')).filter((e) => e.subject.startsWith('Changed'))).toHaveLength(1);
    expect((await mailTo('lc-b')).filter((e) => e.subject.startsWith('Changed'))).toHaveLength(0);
  });

  it('a cancelled event closes registration', async () => {
    const availability = await call(`${t.url}/api/events/called-off/availability`);
    expect(availability.json.status).toBe('closed');
    expect((await register(t.url, 'called-off', person('too-late'))).json.error.code).toBe('registration_closed');
  });

  it('pages through the registrations and resumes where a run stopped', async () => {
    for (let i = 0; i < 7; i++) await registerAt('paged', `pg-${i}`);
    await lifecycle([events.paged]);
    const moved = { ...events.paged, venue: 'The New Hall' };
    // A run whose time is up after its first page (2 registrations) stops there …
    const first = await lifecycle([moved], { pageSize: 2, deadline: Date.now() });
    expect(first, JSON.stringify(first)).toMatchObject({ complete: false, written: { change: 2 } });
    // … and the next ones continue from the saved cursor.
    let total = first.written.change;
    for (let run = 0; run < 10; run++) {
      const next = await lifecycle([moved], { pageSize: 2, deadline: Date.now() });
      total += next.written.change;
      if (next.complete) break;
    }
    expect(total).toBe(7);
    await t.drainMail();
    const notices = await t.inbox((e) => e.subject.startsWith('Changed') && e.destination.to.some((a) => a.includes('pg-')));
    expect(notices).toHaveLength(7);
    expect(notices[0]!.body.text).toMatch(/Where: Old Library Hall|The New Hall/);
  });

  it('with SES down during the fan-out nothing is lost: every notice goes out once SES is back', async () => {
    for (let i = 0; i < 5; i++) await registerAt('outage', `out-${i}`);
    await lifecycle([events.outage]);
    await t.drainMail();
    await t.stopSes();
    await lifecycle([{ ...events.outage, city: 'Potsdam' }]);
    // The mailer tries each notice, fails and backs off: seen in the table, not waited for by a pause.
    await until(
      async () => (await t.scan()).filter((i) => i.entity === 'EmailJob' && i.kind === 'event-changed' && i.status !== 'sent' && JSON.stringify(i.to).includes('out-')),
      (jobs) => jobs.length === 5 && jobs.every((j) => j.status === 'pending' && (j.attempts as number) >= 1),
      'every change notice of the outage event to have failed once and be waiting to retry',
    );
    await t.startSes();
    await t.drainMail();
    for (let i = 0; i < 5; i++) expect((await mailTo(`out-${i}`)).filter((e) => e.subject.startsWith('Changed'))).toHaveLength(1);
  });
});

describe('own cancellation', () => {
  it("sends METHOD:CANCEL for the confirmation's UID, with a higher SEQUENCE", async () => {
    await registerAt('self-cancel', 'sc-a');
    await t.drainMail();
    const confirmation = only(await mailTo('sc-a'));
    const link = manageToken(confirmation);
    await call(`${t.url}/api/registrations/${link.id}?token=${encodeURIComponent(link.token)}`, { method: 'DELETE' });
    await t.drainMail();
    const cancelled = only((await mailTo('sc-a')).filter((e) => e.subject.startsWith('Registration cancelled')));
    const before = calendarOf(confirmation);
    const after = calendarOf(cancelled);
    expect(after).toMatchObject({ method: 'CANCEL', uid: before.uid });
    expect(after.sequence).toBeGreaterThan(before.sequence);
  });
});

describe('reminders', () => {
  it('reminds confirmed registrants at the latest offset that has come, once, in their zone with the join link; not those who registered after it', async () => {
    // Registered a day before the start; the 2-hour reminder is due now (the start is an hour away).
    await registerAt('soon', 'rm-early', { timeZone: 'Asia/Tokyo' }, new Date(Date.now() - days(1)));
    await registerAt('soon', 'rm-late');
    await lifecycle([events.soon]);
    await lifecycle([events.soon]);
    await t.drainMail();
    const reminder = only((await mailTo('rm-early')).filter((e) => e.subject.startsWith('Reminder')));
    expect(reminder.subject).toBe(`Reminder: ${events.soon.title} starts in 2 hours`);
    expect(reminder.body.text).toContain('https://meet.example.org/soon');
    expect(reminder.body.text).toMatch(/\(Asia\/Tokyo\)/);
    // The 2-day reminder's time had passed too, but only the latest is sent; rm-late registered after both.
    expect(await t.inbox((e) => e.subject.startsWith('Reminder') && e.destination.to.some((a) => a.includes('rm-')))).toHaveLength(1);
  });
});

describe('follow-up, rating and recording', () => {
  it('thanks confirmed registrants with rating links; a recording added later reaches everyone registered once', async () => {
    const before = new Date(Date.now() - days(2));
    await registerAt('past', 'fu-a', {}, before);
    const waitlisted = await registerAt('past', 'fu-w', {}, before);
    expect(waitlisted.status).toBe('waitlisted');
    await lifecycle([events.past]);
    await lifecycle([events.past]);
    await t.drainMail();
    const thanks = only((await mailTo('fu-a')).filter((e) => e.subject.startsWith('Thank you')));
    expect((await mailTo('fu-w')).filter((e) => e.subject.startsWith('Thank you'))).toHaveLength(0);
    const links = [...thanks.body.text!.matchAll(/(https:\/\/\S+\/events\/past\/rate\/\?r=([^&\s]+)&t=([^&\s]+)&rating=(\d))/g)];
    expect(links.map((l) => l[4])).toEqual(['1', '2', '3', '4', '5']);
    const [, , id, token] = links[3]!;
    const feedback = (body: unknown, tok = token!) => call(`${t.url}/api/registrations/${id}/feedback?token=${encodeURIComponent(decodeURIComponent(tok))}`, { body });

    // Rating: in range, replaced by a second, refused outside 1–5, over-long comments and unknown fields.
    expect((await feedback({ rating: 4 })).json).toEqual({ feedback: { event: 'past', rating: 4 } });
    expect((await feedback({ rating: 5, comment: 'Loved the panel.' })).json.feedback).toMatchObject({ rating: 5, comment: 'Loved the panel.' });
    for (const bad of [{ rating: 0 }, { rating: 6 }, { rating: 4.5 }, { rating: '4' }, { rating: 3, comment: 'x'.repeat(2001) }, { rating: 3, extra: 1 }]) {
      const res = await feedback(bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.json.error.code).toBe('validation_failed');
    }
    expect((await feedback({ rating: 3 }, 'wrong-token')).status).toBe(403);
    const stored = (await t.scan()).find((i) => i.entity === 'Registration' && i.id === id)!;
    expect(stored).toMatchObject({ rating: 5, comment: 'Loved the panel.' });

    // The recording is added to the past event: everyone still registered gets it, once.
    const withRecording = { ...events.past, recordingUrl: 'https://video.example.org/past', materials: [{ label: 'Slides', url: 'https://files.example.org/slides.pdf' }] };
    await Promise.all([lifecycle([withRecording]), lifecycle([withRecording])]);
    await lifecycle([withRecording]);
    await t.drainMail();
    for (const who of ['fu-a', 'fu-w']) {
      const recording = only((await mailTo(who)).filter((e) => e.subject.startsWith('The recording')));
      expect(recording.body.text).toContain('https://video.example.org/past');
      expect(recording.body.text).toContain('Slides: https://files.example.org/slides.pdf');
    }
  });

  it('refuses a rating from a cancelled registration and before the event', async () => {
    await registerAt('edit', 'fb-early');
    await t.drainMail();
    const link = manageToken(only(await mailTo('fb-early')));
    const rate = () => call(`${t.url}/api/registrations/${link.id}/feedback?token=${encodeURIComponent(link.token)}`, { body: { rating: 5 } });
    expect((await rate()).json.error.code).toBe('registration_closed');
    await call(`${t.url}/api/registrations/${link.id}?token=${encodeURIComponent(link.token)}`, { method: 'DELETE' });
    expect((await rate()).status).toBe(403);
  });
});

describe('editing a registration', () => {
  const patch = (link: { id: string; token: string }, body: unknown) => call(`${t.url}/api/registrations/${link.id}?token=${encodeURIComponent(link.token)}`, { method: 'PATCH', body });
  async function linkOf(who: string) {
    await t.drainMail();
    return manageToken((await mailTo(who)).find((e) => e.subject.startsWith('You are') || e.subject.startsWith('A place'))!);
  }
  const availability = async (slug: string) => (await call(`${t.url}/api/events/${slug}/availability`)).json;

  it('changes guests, needs and listing; more guests only if they fit now; fewer promote the waitlist in strict order', async () => {
    await registerAt('edit', 'ed-a');
    await registerAt('edit', 'ed-b', { guests: 2 });
    const a = await linkOf('ed-a');
    const changed = await patch(a, { guests: 2, dietary: 'vegetarian', accessibility: 'step-free access', showInAttendees: true });
    expect(changed.status).toBe(200);
    expect(changed.json.registration).toMatchObject({ status: 'confirmed', seats: 3, guests: 2, dietary: 'vegetarian', accessibility: 'step-free access', showInAttendees: true });
    expect(await availability('edit')).toMatchObject({ confirmed: 6, remaining: 0 });

    // Full: one more guest does not fit, and nothing changes.
    const refused = await patch(a, { guests: 3, dietary: 'vegan' });
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe('not_enough_seats');
    expect((await call(`${t.url}/api/registrations/${a.id}?token=${encodeURIComponent(a.token)}`)).json.registration).toMatchObject({ seats: 3, dietary: 'vegetarian' });

    // Two wait, in order: 2 seats, then 1 seat.
    const w1 = await registerAt('edit', 'ed-w1', { guests: 1 });
    const w2 = await registerAt('edit', 'ed-w2');
    expect([w1.status, w2.status]).toEqual(['waitlisted', 'waitlisted']);
    // One seat freed: the first waiting needs two, so nobody moves (strict order: ed-w2 does not jump ahead).
    expect((await patch(a, { guests: 1 })).json.registration.seats).toBe(2);
    expect(await availability('edit')).toMatchObject({ confirmed: 5, waitlisted: 3 });
    // Another seat: ed-w1 is promoted; then ed-w2 waits for the next.
    await patch(a, { guests: 0, dietary: '' });
    expect(await availability('edit')).toMatchObject({ confirmed: 6, waitlisted: 1 });
    await t.drainMail();
    expect((await mailTo('ed-w1')).filter((e) => e.subject.startsWith('A place opened up'))).toHaveLength(1);
    expect((await mailTo('ed-w2')).filter((e) => e.subject.startsWith('A place opened up'))).toHaveLength(0);
    const view = (await call(`${t.url}/api/registrations/${a.id}?token=${encodeURIComponent(a.token)}`)).json.registration;
    expect(view.dietary).toBeUndefined();

    // A waitlisted registration changes its seats and keeps its place.
    const w2link = manageToken(only(await mailTo('ed-w2')));
    expect((await patch(w2link, { guests: 2 })).json.registration).toMatchObject({ status: 'waitlisted', seats: 3, position: 1 });
    expect(await availability('edit')).toMatchObject({ waitlisted: 3 });
  });

  it('refuses unknown fields, too many guests, a bad token, a cancelled registration and a closed event, changing nothing', async () => {
    await registerAt('edit', 'ed-bad');
    const link = await linkOf('ed-bad');
    for (const [body, code] of [
      [{ email: 'other@example.org' }, 'validation_failed'],
      [{ guests: 4 }, 'validation_failed'],
      [{ guests: -1 }, 'validation_failed'],
      [{ showInAttendees: 'yes' }, 'validation_failed'],
      [{ dietary: 'line one\nline two' }, 'validation_failed'],
    ] as const) {
      const res = await patch(link, body);
      expect(res.json.error?.code, JSON.stringify(body)).toBe(code);
    }
    expect((await patch({ ...link, token: 'nope' }, { guests: 1 })).status).toBe(403);
    await call(`${t.url}/api/registrations/${link.id}?token=${encodeURIComponent(link.token)}`, { method: 'DELETE' });
    expect((await patch(link, { guests: 1 })).status).toBe(403);

    // A past event: closed.
    await registerAt('past', 'ed-past', {}, new Date(Date.now() - days(2)));
    const pastLink = await linkOf('ed-past');
    const closed = await patch(pastLink, { dietary: 'vegan' });
    expect(closed.status).toBe(409);
    expect(closed.json.error.code).toBe('registration_closed');
  });

  it('under concurrency more guests take the last seats at most once, and capacity holds', async () => {
    const people = ['rc-1', 'rc-2', 'rc-3', 'rc-4'];
    for (const who of people) await registerAt('race', who);
    const links = await Promise.all(people.map(linkOf));
    // 2 seats left; four people each ask for 2 more guests at once.
    const results = await Promise.all(links.map((l) => patch(l, { guests: 2 })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409 && r.json.error.code === 'not_enough_seats')).toHaveLength(3);
    expect(await availability('race')).toMatchObject({ confirmed: 6, remaining: 0 });
  });
});

describe("who's coming", () => {
  it('lists confirmed registrants who chose it, by name and class year, the rest counted; never an address; gone when they cancel', async () => {
    await registerAt('listed', 'wc-a', { classYear: 2011 });
    await registerAt('listed', 'wc-b', { guests: 2 });
    await registerAt('listed', 'wc-c');
    await t.drainMail();
    const a = manageToken(only(await mailTo('wc-a')));
    const c = manageToken(only(await mailTo('wc-c')));
    const url = `${t.url}/api/events/listed/attendees`;
    expect((await call(url)).json).toEqual({ attendees: [], others: 5 });
    for (const link of [a, c]) await call(`${t.url}/api/registrations/${link.id}?token=${encodeURIComponent(link.token)}`, { method: 'PATCH', body: { showInAttendees: true } });
    const res = await call(url);
    expect(res.json).toEqual({ attendees: [{ name: 'Person wc-a', classYear: 2011 }, { name: 'Person wc-c' }], others: 3 });
    expect(res.text).not.toContain('@');
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d/);
    await call(`${t.url}/api/registrations/${c.id}?token=${encodeURIComponent(c.token)}`, { method: 'DELETE' });
    expect((await call(url)).json).toEqual({ attendees: [{ name: 'Person wc-a', classYear: 2011 }], others: 3 });
    expect((await call(`${t.url}/api/events/edit/attendees`)).status).toBe(404);
  });
});
