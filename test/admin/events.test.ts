/**
 * `admin events …` against DynamoDB Local, with registrations made through
 * the API: the counts, the check-in list (table and CSV read back), and the
 * changes staff make, checked through the API and the inbox as people see them.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureEvent, fixtureManifest } from '../support/manifest';
import { call, person, register as registerFor } from '../support/requests';
import { startTestStack, type TestStack } from '../support/stack';
import { adminRunner } from './admin';

const events = [
  fixtureEvent('gala', { capacity: 4, maxGuests: 2 }),
  fixtureEvent('webinar', { capacity: null, maxGuests: 0, format: 'online', onlineUrl: 'https://meet.example.org/w', venue: undefined, city: undefined, country: undefined }),
  fixtureEvent('small', { capacity: 1, maxGuests: 0 }),
];
let manifest = fixtureManifest(events);
let t: TestStack;
const admin = adminRunner(
  () => manifest,
  () => t.env,
);

beforeAll(async () => {
  t = await startTestStack({ api: { manifest } });
});
afterAll(async () => t?.stop());

const register = async (slug: string, who: string, extra: Record<string, unknown> = {}) => {
  const res = await registerFor(t.url, slug, person(who, extra));
  expect(res.status).toBe(201);
  return res.json.registration as { id: string; status: string; seats: number; position?: number };
};
const availability = async (slug: string) => (await call(`${t.url}/api/events/${slug}/availability`)).json;

const ids: Record<string, string> = {};

describe('events list and registrations', () => {
  beforeAll(async () => {
    ids.amara = (await register('gala', 'amara', { guests: 1, classYear: 2012, dietary: 'vegetarian', accessibility: 'step-free access' })).id;
    ids.bo = (await register('gala', 'bo', { guests: 1, classYear: 1999 })).id;
    ids.chen = (await register('gala', 'chen', { dietary: 'halal' })).id; // waitlisted, 1 seat
    ids.dara = (await register('gala', 'dara', { guests: 1, name: '=HYPERLINK("http://x.example")' })).id; // waitlisted, 2 seats
    await register('webinar', 'eli');
  });

  it('lists every event with capacity and the seats confirmed and waitlisted', async () => {
    const run = await admin('events', 'list', '--format', 'json');
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(rows.map((r) => r.event).sort()).toEqual(['gala', 'small', 'webinar']);
    expect(rows.find((r) => r.event === 'gala')).toMatchObject({
      capacity: 4,
      confirmedSeats: 4,
      confirmedRegistrations: 2,
      waitlistedSeats: 3,
      waitlistedRegistrations: 2,
      remaining: 0,
    });
    expect(rows.find((r) => r.event === 'webinar')).toMatchObject({ capacity: 'unlimited', confirmedSeats: 1, waitlistedSeats: 0 });
    // The table for people, with the same figures and no personal data.
    const table = await admin('events', 'list');
    expect(table.stdout).toMatch(/^event\s+starts\s+seats\s+waitlisted seats\s+registration/);
    expect(table.stdout).toMatch(/gala\s+\d{1,2} \w{3} \d{4}, \d{2}:\d{2}\s+4\/4\s+3\s+open/);
    expect(table.stdout).not.toContain('Person');
  });

  it('exports the check-in list as CSV that reads back to the registrations made, waitlist in order', async () => {
    const run = await admin('events', 'registrations', 'gala', '--format', 'csv');
    expect(run.code).toBe(0);
    const rows = parse(run.stdout, { columns: true, bom: true }) as Record<string, string>[];
    expect(rows).toEqual([
      { name: 'Person amara', 'class year': '2012', guests: '1', dietary: 'vegetarian', accessibility: 'step-free access', status: 'confirmed', position: '', registration: ids.amara },
      { name: 'Person bo', 'class year': '1999', guests: '1', dietary: '', accessibility: '', status: 'confirmed', position: '', registration: ids.bo },
      { name: 'Person chen', 'class year': '', guests: '0', dietary: 'halal', accessibility: '', status: 'waitlisted', position: '1', registration: ids.chen },
      // A name a spreadsheet would run as a formula is written as text.
      { name: `'=HYPERLINK("http://x.example")`, 'class year': '', guests: '1', dietary: '', accessibility: '', status: 'waitlisted', position: '2', registration: ids.dara },
    ]);
    expect(run.stderr).toContain('Reading registrations of gala: 4');
  });

  it('prints the check-in list as a table, or writes it to a file', async () => {
    const run = await admin('events', 'registrations', 'gala');
    expect(run.stdout.split('\n')[0]).toMatch(/^name\s+class year\s+guests\s+dietary\s+accessibility\s+status\s+position\s+registration$/);
    expect(run.stdout).toMatch(/Person chen\s+0\s+halal\s+waitlisted\s+1/);
    const file = `${process.env.TMPDIR ?? '/tmp'}/check-in-${process.pid}.csv`;
    const written = await admin('events', 'registrations', 'gala', '--format', 'csv', '-o', file);
    expect(written.stdout).toBe('');
    const { readFile, rm, stat } = await import('node:fs/promises');
    expect((parse(await readFile(file), { columns: true, bom: true }) as unknown[]).length).toBe(4);
    expect((await stat(file)).mode & 0o077).toBe(0);
    await rm(file);
  });

  it('says so for an event nobody registered for, and names an unknown event', async () => {
    expect((await admin('events', 'registrations', 'small')).stdout).toBe('No registrations for small.\n');
    const unknown = await admin('events', 'registrations', 'no-such-event');
    expect(unknown.stderr).toContain('no event "no-such-event" in content/events/');
  });
});

describe('changing a registration', () => {
  it('cancels one: the person is emailed, and the freed seats go to the waitlist in order', async () => {
    const run = await admin('events', 'cancel', ids.amara!);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Cancelled registration ${ids.amara} (2 seats, was confirmed)`);
    // Two seats free: chen (1 seat, first in line) is confirmed; dara (2 seats) does not fit in the one left.
    expect(await availability('gala')).toMatchObject({ confirmed: 3, waitlisted: 2, remaining: 1 });
    // Amara: her confirmation and one cancellation; Chen: the waitlist notice and one that a place is hers. Mail is
    // not delivered in a guaranteed order (a send that fails is retried later), so each is found by its subject.
    const subjects = async (address: string) => (await t.inboxFor(address)).map((e) => e.subject);
    const amaraMail = await subjects('amara@example.org');
    expect(amaraMail).toHaveLength(2);
    expect(amaraMail.filter((s) => /^You are registered/.test(s))).toHaveLength(1);
    expect(amaraMail.filter((s) => /cancel/i.test(s))).toHaveLength(1);
    const chenMail = await subjects('chen@example.org');
    expect(chenMail).toHaveLength(2);
    expect(chenMail.filter((s) => /waitlist/i.test(s))).toHaveLength(1);
    expect(chenMail.filter((s) => /place|confirmed|registered/i.test(s) && !/waitlist/i.test(s))).toHaveLength(1);
    // Cancelling again changes nothing.
    expect((await admin('events', 'cancel', ids.amara!)).stdout).toContain('already cancelled');
    expect(await availability('gala')).toMatchObject({ confirmed: 3, waitlisted: 2 });
  });

  it('promotes a waitlisted registration ahead of its turn only when its seats are free', async () => {
    const fits = (await register('gala', 'fia')).id; // 1 seat, waits behind dara
    const tooBig = await admin('events', 'promote', ids.dara!);
    expect(tooBig.code).toBe(1);
    expect(tooBig.stderr).toContain('needs 2 seats and 1 are free');
    const run = await admin('events', 'promote', fits);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Confirmed registration ${fits} (1 seat)`);
    expect(await availability('gala')).toMatchObject({ confirmed: 4, waitlisted: 2, remaining: 0 });
    expect(await t.inboxFor('fia@example.org')).toHaveLength(2);
    const csv = parse((await admin('events', 'registrations', 'gala', '--format', 'csv')).stdout, { columns: true, bom: true }) as Record<string, string>[];
    expect(csv.find((r) => r.registration === ids.dara)).toMatchObject({ status: 'waitlisted', position: '1' });
    expect((await admin('events', 'promote', fits)).stderr).toContain('is confirmed, not waitlisted');
  });

  it('fills an event from the waitlist in order after its capacity was raised', async () => {
    await register('small', 'gus');
    const waiting = await register('small', 'hana');
    expect(waiting.status).toBe('waitlisted');
    manifest = fixtureManifest(events.map((e) => (e.slug === 'small' ? { ...e, capacity: 2 } : e)));
    const run = await admin('events', 'fill', 'small');
    expect(run.stdout).toContain('Confirmed 1 waitlisted registration.');
    expect(run.stdout).toContain('small: 2 of 2 seats confirmed, 0 waitlisted');
    expect(await t.inboxFor('hana@example.org')).toHaveLength(2);
    manifest = fixtureManifest(events);
  });

  it('resends the email that matches the registration now, through the outbox', async () => {
    const before = (await t.inboxFor('bo@example.org')).length;
    const run = await admin('events', 'resend', ids.bo!);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Queued registration-confirmed for registration \S+ \(email job \S+\)/);
    const after = await t.inboxFor('bo@example.org');
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)!.subject).toContain('You are registered');
    expect(after.at(-1)!.body.text).toContain('/events/gala/manage/?r=');
  });

  it('names an unknown registration instead of failing', async () => {
    for (const command of ['cancel', 'promote', 'resend']) {
      const run = await admin('events', command, 'no-such-id');
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('There is no registration no-such-id');
    }
  });
});
