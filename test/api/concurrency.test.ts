/**
 * Capacity and uniqueness under concurrency, against DynamoDB Local's real
 * transactions: requests are fired all at once over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../functions/shared/tokens';
import { countByRecipient, to, toAddressesStarting } from '../support/inbox';
import { fixtureEvent, fixtureManifest } from '../support/manifest';
import { call } from '../support/requests';
import { records, signingSecret, startTestStack, type TestStack } from '../support/stack';

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack({ api: { manifest: fixtureManifest([fixtureEvent('burst', { capacity: 50, maxGuests: 2 }), fixtureEvent('same-email', { capacity: 50 })]) } });
});
afterAll(async () => t?.stop());

const manage = (id: string) => `${t.url}/api/registrations/${id}?token=${encodeURIComponent(signToken(signingSecret, 'registration', id))}`;

describe('200 simultaneous registrations of 1–3 seats for a 50-seat event', () => {
  it('never confirms more than 50 seats, answers every request with 201, and keeps the counts and the waitlist consistent', async () => {
    const requests = Array.from({ length: 200 }, (_, i) => ({ name: `Burst ${i}`, email: `burst-${i}@example.org`, guests: i % 3, consent: true }));
    const responses = await Promise.all(requests.map((body) => call(`${t.url}/api/events/burst/registrations`, { body })));

    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s !== 201)).toEqual([]);
    const answered = responses.map((r) => r.json.registration as { id: string; status: string; seats: number });
    const confirmedSeats = answered.filter((r) => r.status === 'confirmed').reduce((n, r) => n + r.seats, 0);
    expect(confirmedSeats).toBeLessThanOrEqual(50);
    // Seats are only left over when the next in line needs more than remain.
    expect(confirmedSeats).toBeGreaterThanOrEqual(48);
    expect(answered.every((r, i) => r.seats === 1 + (i % 3))).toBe(true);

    // The table agrees with the answers: counter, registrations, waitlist entries.
    const items = records(await t.scan());
    const registrations = items.filter((i) => i.entity === 'Registration' && i.event === 'burst');
    expect(registrations).toHaveLength(200);
    const counter = items.find((i) => i.PK === 'EVENT#burst' && i.SK === 'COUNTER')!;
    const seatsOf = (status: string) => registrations.filter((r) => r.status === status).reduce((n, r) => n + (r.seats as number), 0);
    expect(counter.confirmedSeats).toBe(seatsOf('confirmed'));
    expect(counter.confirmedSeats).toBe(confirmedSeats);
    expect(counter.waitlistedSeats).toBe(seatsOf('waitlisted'));
    const waiting = registrations.filter((r) => r.status === 'waitlisted');
    expect(items.filter((i) => i.entity === 'WaitlistEntry' && i.PK === 'EVENT#burst')).toHaveLength(waiting.length);

    const availability = await call(`${t.url}/api/events/burst/availability`);
    expect(availability.json).toMatchObject({ capacity: 50, confirmed: confirmedSeats, remaining: 50 - confirmedSeats, status: 'waitlist' });

    // Once settled, the waitlist positions are exactly 1..n, in ticket order.
    const positions = await Promise.all(waiting.map(async (r) => ({ ticket: r.ticket as number, position: (await call(manage(r.id as string))).json.registration.position as number })));
    positions.sort((a, b) => a.ticket - b.ticket);
    expect(positions.map((p) => p.position)).toEqual(positions.map((_, i) => i + 1));

    // Everyone gets exactly one email: a confirmation or a waitlist notice.
    const burstMail = await t.inbox(toAddressesStarting('burst-'));
    expect(burstMail).toHaveLength(200);
    const perAddress = countByRecipient(burstMail);
    expect(perAddress.size).toBe(200);
    expect([...perAddress.values()].every((n) => n === 1)).toBe(true);
  });
});

describe('the same email submitted 10 times at once', () => {
  it('gives one registration; the others answer 409 already_registered', async () => {
    const body = { name: 'Twin Submitter', email: 'twin@example.org', consent: true };
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => call(`${t.url}/api/events/same-email/registrations`, { body: { ...body, email: i % 2 ? 'TWIN@example.org' : 'twin@example.org' } })));
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    const others = responses.filter((r) => r.status !== 201);
    expect(others).toHaveLength(9);
    for (const r of others) expect(r.json.error.code).toBe('already_registered');

    const registrations = records(await t.scan()).filter((i) => i.entity === 'Registration' && i.event === 'same-email');
    expect(registrations).toHaveLength(1);
    expect((await call(`${t.url}/api/events/same-email/availability`)).json.confirmed).toBe(1);
    // One confirmation, and the manage link re-sent at most once however often it was asked for.
    const twinMail = await t.inbox(to('twin@example.org'));
    expect(twinMail.filter((e) => e.subject.startsWith('You are registered'))).toHaveLength(1);
    expect(twinMail.filter((e) => e.subject.startsWith('Your registration'))).toHaveLength(1);
    expect(twinMail).toHaveLength(2);
  });
});
