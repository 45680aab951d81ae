/**
 * `admin events cancel <event> --since <time> [--dry-run]` (issue 14, finding
 * 1): staff undo a wave of fake sign-ups; the wave's registrations are
 * cancelled without emails and the waitlist is promoted in order afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureEvent, fixtureManifest } from '../support/manifest';
import { call, person, register } from '../support/requests';
import { records, signingSecret, startTestStack, type TestStack } from '../support/stack';
import { signToken } from '../../functions/shared/tokens';
import { adminRunner } from './admin';

const manifest = fixtureManifest([fixtureEvent('gala', { capacity: 3, maxGuests: 0 }), fixtureEvent('talk', { capacity: 2, maxGuests: 0 })]);
let t: TestStack;
const admin = adminRunner(
  () => manifest,
  () => t.env,
);
beforeAll(async () => {
  t = await startTestStack({ api: { manifest } });
});
afterAll(async () => t?.stop());

const hour = 3_600_000;
const base = Date.now() - 2 * hour;
/** An API whose clock says `at`: registrations made through it have that createdAt. */
const at = (ms: number) => t.serveApi({ now: () => new Date(ms) });
const since = new Date(base + 50 * 60_000).toISOString();
const availability = async (slug: string) => (await call(`${t.url}/api/events/${slug}/availability`)).json as { confirmed: number; waitlisted: number };
const registrationsOf = async (slug: string) => records(await t.scan()).filter((i) => i.entity === 'Registration' && i.event === slug) as { id: string; email: string; status: string }[];

describe('admin events cancel <event> --since', () => {
  it('says what a wave would lose on --dry-run, and changes nothing', async () => {
    const before = await at(base);
    const wave = await at(base + hour);
    expect((await register(before, 'gala', person('ada'))).json.registration.status).toBe('confirmed');
    for (const who of ['fake-1', 'fake-2']) expect((await register(wave, 'gala', person(who))).json.registration.status).toBe('confirmed');
    for (const who of ['fake-3', 'fake-4']) expect((await register(wave, 'gala', person(who))).json.registration.status).toBe('waitlisted');
    await t.drainMail();

    const dry = await admin('events', 'cancel', 'gala', '--since', since, '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/Would cancel 4 registrations \(4 seats: 2 confirmed, 2 waitlisted\)/);
    expect((await registrationsOf('gala')).filter((r) => r.status === 'cancelled')).toHaveLength(0);
  });

  it('cancels every registration since the time without emailing them; the ones before stay', async () => {
    const mailBefore = (await t.inbox()).length;
    const run = await admin('events', 'cancel', 'gala', '--since', since);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Cancelled 4 registrations \(4 seats: 2 confirmed, 2 waitlisted\)/);
    const regs = await registrationsOf('gala');
    expect(regs.filter((r) => r.status !== 'cancelled').map((r) => r.email)).toEqual(['ada@example.org']);
    expect(await availability('gala')).toMatchObject({ confirmed: 1, waitlisted: 0 });
    expect((await t.inbox()).length).toBe(mailBefore);
  });

  it('leaves the people waiting before the wave first in line: the next free place is theirs', async () => {
    const before = await at(base);
    const waiting = await at(base + 10 * 60_000);
    const wave = await at(base + hour);
    const holder = (await register(before, 'talk', person('holder'))).json.registration.id as string;
    await register(before, 'talk', person('second'));
    for (const who of ['real-1', 'real-2']) expect((await register(waiting, 'talk', person(who))).json.registration.status).toBe('waitlisted');
    for (const who of ['wave-1', 'wave-2']) expect((await register(wave, 'talk', person(who))).json.registration.status).toBe('waitlisted');

    expect((await admin('events', 'cancel', 'talk', '--since', since)).code).toBe(0);
    expect(await availability('talk')).toMatchObject({ confirmed: 2, waitlisted: 2 });
    // A place frees up: it goes to the first person who waited before the wave.
    const cancelled = await call(`${t.url}/api/registrations/${holder}?token=${signToken(signingSecret, 'registration', holder)}`, { method: 'DELETE' });
    expect(cancelled.status).toBe(200);
    const byEmail = new Map((await registrationsOf('talk')).map((r) => [r.email, r.status]));
    expect(byEmail.get('real-1@example.org')).toBe('confirmed');
    expect(byEmail.get('real-2@example.org')).toBe('waitlisted');
    expect(byEmail.get('wave-1@example.org')).toBe('cancelled');
  });

  it('refuses a time without its zone, and --dry-run without --since', async () => {
    expect((await admin('events', 'cancel', 'gala', '--since', '2027-03-01 14:00')).stderr).toMatch(/--since takes a time with its zone/);
    expect((await admin('events', 'cancel', 'some-id', '--dry-run')).stderr).toMatch(/--dry-run goes with --since/);
  });
});
