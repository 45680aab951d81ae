/**
 * `admin privacy …`: the export holds everything about an address (records
 * made through the API and the email jobs), and erasure removes the person
 * from the table while seats go to the waitlist in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureEvent, fixtureManifest } from '../support/manifest';
import { call, register as registerFor } from '../support/requests';
import { records, startTestStack, type TestStack } from '../support/stack';
import { adminRunner } from './admin';
import { useMentorEmails, type MentorEmailsFile } from '../support/mentor-emails';

const manifest = {
  ...fixtureManifest([fixtureEvent('gala', { capacity: 3, maxGuests: 2 }), fixtureEvent('talk', { capacity: 1, maxGuests: 0 })]),
  mentors: [
    {
      slug: 'ines-ruiz',
      name: 'Ines Ruiz',
      role: 'CTO',
      organization: 'Example Ltd',
      industry: 'Technology',
      city: 'Madrid',
      country: 'Spain',
      languages: ['Spanish'],
      available: true,
      capacity: 2,
      topics: ['fundraising'],
      formats: ['one-off' as const],
    },
  ],
  funds: [{ slug: 'scholarships', title: 'Scholarships', goal: 5_000_000, currency: 'USD', closes: null }],
};
let t: TestStack;
let mentorEmails: MentorEmailsFile;
const admin = adminRunner(
  () => manifest,
  () => t.env,
);

beforeAll(async () => {
  mentorEmails = await useMentorEmails({ 'ines-ruiz': 'ines@mentors.example.test' });
  t = await startTestStack({ api: { manifest } });
});
afterAll(async () => {
  await t?.stop();
  await mentorEmails?.remove();
});

const register = async (slug: string, name: string, email: string, extra: Record<string, unknown> = {}) => {
  const res = await registerFor(t.url, slug, { name, email, consent: true, ...extra });
  expect(res.status).toBe(201);
  return res.json.registration as { id: string; status: string };
};
const availability = async (slug: string) => (await call(`${t.url}/api/events/${slug}/availability`)).json;
const inboxCount = async (address: string) => (await t.inboxFor(address)).length;

const subject = { name: 'Kofi Mensah', email: 'Kofi.Mensah@Example.org' };
const ids: Record<string, string> = {};

beforeAll(async () => {
  ids.gala = (await register('gala', subject.name, subject.email, { guests: 2, classYear: 2008, dietary: 'no nuts', accessibility: 'hearing loop', timeZone: 'Africa/Accra' })).id;
  ids.talk = (await register('talk', 'Lena Park', 'lena@example.org')).id;
  ids.talkWaiting = (await register('talk', subject.name, subject.email)).id;
  ids.first = (await register('gala', 'Mia Wong', 'mia@example.org', { guests: 1 })).id; // 2 seats: waits first
  ids.second = (await register('gala', 'Nils Berg', 'nils@example.org')).id; // 1 seat: waits second
  const pledge = (name: string, email: string, amount: number, dedication = '') =>
    call(`${t.url}/api/donations`, { body: { name, email, amount, currency: 'USD', fund: 'scholarships', frequency: 'once', anonymous: false, dedication, consent: true, company: '' } });
  expect((await pledge(subject.name, subject.email, 7500, 'For my grandmother Efua')).status).toBe(201);
  expect((await pledge('Lena Park', 'lena@example.org', 2500)).status).toBe(201);
  const request = await call(`${t.url}/api/mentor-requests`, {
    body: {
      name: subject.name,
      email: subject.email,
      role: 'alumni',
      goals: 'Raise a first round for my Accra start-up next year.',
      topics: ['fundraising'],
      country: 'Ghana',
      preferredMentor: 'ines-ruiz',
      format: 'one-off',
      consent: true,
    },
  });
  expect(request.status).toBe(201);
  ids.request = request.json.request.id;
  // Every email has gone out before the export, so the jobs are there to find (registrations 5, receipts 2, mentor request 2).
  expect(await t.inbox()).toHaveLength(9);
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
    expect(data.donations).toHaveLength(1);
    expect(data.donations[0]).toMatchObject({ fund: 'scholarships', amount: 'US$75.00', name: subject.name, email: subject.email, dedication: 'For my grandmother Efua' });
    expect(data.mentorRequests).toHaveLength(1);
    expect(data.mentorRequests[0]).toMatchObject({ id: ids.request, status: 'pending', mentor: 'ines-ruiz', goals: expect.stringContaining('Accra'), country: 'Ghana' });
    // The emails to the person, and the one to the mentor about their request.
    expect(data.emailJobs.map((j: { kind: string }) => j.kind).sort()).toEqual(['donation-receipt', 'mentor-request', 'mentor-request-received', 'registration-confirmed', 'registration-waitlisted']);
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
    expect(run.stdout).toBe('Would erase 2 registrations, 1 mentor request, 1 pledge and 5 email jobs.\nRun again with --yes to erase.\n');
    expect(await t.scan()).toEqual(before);
  });

  it('cancels and anonymises the registrations, returns the seats to the waitlist in order, anonymises the pledge and the request, and deletes the email jobs', async () => {
    const fundBefore = (await call(`${t.url}/api/funds/scholarships/progress`)).json;
    expect(fundBefore).toMatchObject({ raised: 10000, donors: 2 });
    const totalsBefore = (await admin('donations', 'totals', '--format', 'json')).stdout;
    const othersBefore = { mia: await inboxCount('mia@example.org'), nils: await inboxCount('nils@example.org') };
    const run = await admin('privacy', 'erase', subject.email, '--yes');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Erased 2 registrations (2 cancelled, 3 confirmed seats returned, 2 waitlisted registrations confirmed)');
    expect(run.stdout).toMatch(/1 mentor request, 1 pledge \(kept in fund totals\), (0 newsletter subscriptions deleted, )?and deleted 5 email jobs/);
    expect(run.stdout).not.toMatch(/kofi/i);

    // The three seats went to Mia (2, first in line) and then Nils (1); the talk's waitlist lost its entry.
    expect(await availability('gala')).toMatchObject({ confirmed: 3, waitlisted: 0 });
    expect(await availability('talk')).toMatchObject({ confirmed: 1, waitlisted: 0 });
    expect(await inboxCount('mia@example.org')).toBe(othersBefore.mia + 1);
    expect(await inboxCount('nils@example.org')).toBe(othersBefore.nils + 1);

    // Nothing in the table holds the person any more, in any spelling; the records stay as counts.
    const items = records(await t.scan());
    const text = JSON.stringify(items).toLowerCase();
    for (const trace of ['kofi', 'mensah', 'no nuts', 'hearing loop', 'africa/accra', 'grandmother', 'accra start-up', 'ghana']) expect(text).not.toContain(trace);
    // Fund totals stay exactly as they were, on the site and in the staff totals.
    expect((await call(`${t.url}/api/funds/scholarships/progress`)).json).toEqual(fundBefore);
    expect((await admin('donations', 'totals', '--format', 'json')).stdout).toBe(totalsBefore);
    expect(items.find((i) => i.entity === 'Donation' && i.amount === 7500)).toMatchObject({ name: '(erased)', fund: 'scholarships', anonymous: true });
    // The waiting request is closed, so the mentor's link cannot introduce someone who is gone.
    expect(items.find((i) => i.id === ids.request)).toMatchObject({ name: '(erased)', status: 'declined', mentor: 'ines-ruiz', topics: ['fundraising'] });
    expect(JSON.parse((await admin('mentoring', 'requests', '--format', 'json')).stdout)).toEqual([]);
    const erased = items.filter((i) => i.id === ids.gala || i.id === ids.talkWaiting);
    expect(erased).toHaveLength(2);
    for (const r of erased) expect(r).toMatchObject({ entity: 'Registration', name: '(erased)', status: 'cancelled' });
    expect(erased.find((r) => r.id === ids.gala)).toMatchObject({ event: 'gala', seats: 3 });
    // No cancellation email went to the erased address: only the four from before (two registrations, receipt, acknowledgement).
    expect(await inboxCount('kofi.mensah@example.org')).toBe(4);
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
