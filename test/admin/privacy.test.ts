/**
 * `admin privacy …`: the export holds everything about an address (records
 * made through the API and the email jobs), and erasure removes the person
 * from the table while seats go to the waitlist in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureEvent, fixtureManifest } from '../support/manifest';
import { call, records, startTestStack, type TestStack } from '../support/stack';
import { adminRunner } from './admin';

const manifest = fixtureManifest([fixtureEvent('gala', { capacity: 3, maxGuests: 2 }), fixtureEvent('talk', { capacity: 1, maxGuests: 0 })]);
let t: TestStack;
const admin = adminRunner(() => manifest);

beforeAll(async () => {
  t = await startTestStack({ api: { manifest } });
});
afterAll(async () => t?.stop());

const register = async (slug: string, name: string, email: string, extra: Record<string, unknown> = {}) => {
  const res = await call(`${t.url}/api/events/${slug}/registrations`, { body: { name, email, consent: true, ...extra } });
  expect(res.status).toBe(201);
  return res.json.registration as { id: string; status: string };
};
const availability = async (slug: string) => (await call(`${t.url}/api/events/${slug}/availability`)).json;
const inboxCount = async (address: string) => (await t.emails()).filter((e) => e.destination.to.some((to) => to.toLowerCase().includes(address))).length;

const subject = { name: 'Kofi Mensah', email: 'Kofi.Mensah@Example.org' };
const ids: Record<string, string> = {};

beforeAll(async () => {
  ids.gala = (await register('gala', subject.name, subject.email, { guests: 2, classYear: 2008, dietary: 'no nuts', accessibility: 'hearing loop', timeZone: 'Africa/Accra' })).id;
  ids.talk = (await register('talk', 'Lena Park', 'lena@example.org')).id;
  ids.talkWaiting = (await register('talk', subject.name, subject.email)).id;
  ids.first = (await register('gala', 'Mia Wong', 'mia@example.org', { guests: 1 })).id; // 2 seats: waits first
  ids.second = (await register('gala', 'Nils Berg', 'nils@example.org')).id; // 1 seat: waits second
  // Every email has gone out before the export, so the jobs are there to find.
  await t.waitForEmails((all) => all.length === 5);
});

describe('privacy export', () => {
  it('gives every record and email job of an address, in any case, as JSON', async () => {
    const run = await admin('privacy', 'export', 'kofi.mensah@example.ORG');
    expect(run.code).toBe(0);
    const data = JSON.parse(run.stdout);
    expect(data.email).toBe('kofi.mensah@example.ORG');
    expect(data.registrations.map((r: { id: string }) => r.id).sort()).toEqual([ids.gala, ids.talkWaiting].sort());
    expect(data.registrations.find((r: { id: string }) => r.id === ids.gala)).toMatchObject({
      event: 'gala',
      name: subject.name,
      email: subject.email,
      classYear: 2008,
      guests: 2,
      dietary: 'no nuts',
      accessibility: 'hearing loop',
      timeZone: 'Africa/Accra',
      status: 'confirmed',
    });
    expect(data.registrations[0].PK).toBeUndefined();
    expect(data.emailJobs.map((j: { kind: string }) => j.kind).sort()).toEqual(['registration-confirmed', 'registration-waitlisted']);
    expect(data.emailJobs.every((j: { to: string }) => j.to === subject.email)).toBe(true);
    expect(data).toMatchObject({ mentorRequests: [], donations: [] });
    expect(run.stderr).toMatch(/Scanning email jobs \(items read\): \d+/);
    // Nobody else's data is in it.
    expect(run.stdout).not.toMatch(/Lena|Mia|Nils/);
  });

  it('gives empty lists for an address nobody used, and refuses what is not an address', async () => {
    const data = JSON.parse((await admin('privacy', 'export', 'nobody@example.org')).stdout);
    expect(data).toMatchObject({ registrations: [], mentorRequests: [], donations: [], emailJobs: [] });
    const bad = await admin('privacy', 'export', 'not-an-address');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Give an email address');
  });
});

describe('privacy erase', () => {
  it('without --yes only says what it would erase', async () => {
    const before = await t.scan();
    const run = await admin('privacy', 'erase', subject.email);
    expect(run.stdout).toBe('Would erase 2 registrations, 0 mentor requests, 0 pledges and 2 email jobs.\nRun again with --yes to erase.\n');
    expect(await t.scan()).toEqual(before);
  });

  it('cancels and anonymises the registrations, returns the seats to the waitlist in order, and deletes the email jobs', async () => {
    const othersBefore = { mia: await inboxCount('mia@example.org'), nils: await inboxCount('nils@example.org') };
    const run = await admin('privacy', 'erase', subject.email, '--yes');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Erased 2 registrations (2 cancelled, 3 confirmed seats returned, 2 waitlisted registrations confirmed)');
    expect(run.stdout).toContain('deleted 2 email jobs');
    expect(run.stdout).not.toMatch(/kofi/i);

    // The three seats went to Mia (2, first in line) and then Nils (1); the talk's waitlist lost its entry.
    expect(await availability('gala')).toMatchObject({ confirmed: 3, waitlisted: 0 });
    expect(await availability('talk')).toMatchObject({ confirmed: 1, waitlisted: 0 });
    await expectEventually(async () => (await inboxCount('mia@example.org')) === othersBefore.mia + 1 && (await inboxCount('nils@example.org')) === othersBefore.nils + 1);

    // Nothing in the table holds the person any more, in any spelling; the records stay as counts.
    const items = records(await t.scan());
    const text = JSON.stringify(items).toLowerCase();
    for (const trace of ['kofi', 'mensah', 'no nuts', 'hearing loop', 'africa/accra']) expect(text).not.toContain(trace);
    const erased = items.filter((i) => i.id === ids.gala || i.id === ids.talkWaiting);
    expect(erased).toHaveLength(2);
    for (const r of erased) expect(r).toMatchObject({ entity: 'Registration', name: '(erased)', status: 'cancelled' });
    expect(erased.find((r) => r.id === ids.gala)).toMatchObject({ event: 'gala', seats: 3 });
    // No cancellation email went to the erased address.
    expect(await inboxCount('kofi.mensah@example.org')).toBe(2);
    // The same email may register again, as anyone may.
    expect((await register('talk', 'Someone', subject.email)).status).toBe('waitlisted');
  });

  it('finds nothing left the second time', async () => {
    const data = JSON.parse((await admin('privacy', 'export', 'kofi.mensah@example.org')).stdout);
    // Only the registration made after the erasure.
    expect(data.registrations).toHaveLength(1);
    expect(data.registrations[0]).toMatchObject({ event: 'talk', status: 'waitlisted' });
  });
});

async function expectEventually(check: () => Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
