/**
 * Capacity and uniqueness under concurrency, against DynamoDB Local's real
 * transactions: requests are fired all at once over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultEventNetworkLimitPerHour } from '../../functions/registrations/store/register';
import { signToken } from '../../functions/shared/tokens';
import { countByRecipient, to, toAddressesStarting } from '../support/inbox';
import { fixtureEvent, fixtureManifest } from '../support/manifest';
import { call } from '../support/requests';
import { records, signingSecret, startTestStack, type TestStack } from '../support/stack';

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack({
    api: {
      manifest: fixtureManifest([fixtureEvent('burst', { capacity: 50, maxGuests: 2 }), fixtureEvent('same-email', { capacity: 50 })]),
      // The production limit per network and event (the harness sets it out of the way): each simulated person has a network of their own.
      eventNetworkLimitPerHour: defaultEventNetworkLimitPerHour,
    },
  });
});
afterAll(async () => t?.stop());

/**
 * A viewer address on a network of its own (IPv4 /24 or IPv6 /48), with its port, as `CloudFront-Viewer-Address`
 * carries it: half of the people on IPv4 (198.18.0.0/15, for benchmarks), half on IPv6 (2001:db8::/32, documentation).
 */
const viewerAddress = (i: number) => (i % 2 ? `2001:db8:${(i + 1).toString(16)}:7::${(i % 200) + 1}:443` : `198.18.${i}.${(i % 250) + 1}:51000`);

const manage = (id: string) => `${t.url}/api/registrations/${id}?token=${encodeURIComponent(signToken(signingSecret, 'registration', id))}`;

describe('200 simultaneous registrations of 1–3 seats for a 50-seat event', () => {
  it('never confirms more than 50 seats, answers every request with 201, and keeps the counts and the waitlist consistent', async () => {
    const requests = Array.from({ length: 200 }, (_, i) => ({ name: `Burst ${i}`, email: `burst-${i}@example.org`, guests: i % 3, consent: true }));
    // 200 people on 200 networks, as CloudFront reports them: each its own client and network, so the per-client and
    // per-network charges in each registration's transaction fall on items of their own; only the event's counter is shared.
    const responses = await Promise.all(requests.map((body, i) => call(`${t.url}/api/events/burst/registrations`, { body, headers: { 'CloudFront-Viewer-Address': viewerAddress(i) } })));

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
    // 200 transactions at once and their 200 emails on two cores: about 15–30 s, more while the browser suite runs beside it.
  }, 150_000);
});

describe('the same email submitted 10 times at once', () => {
  it('stores one registration; every answer is a 201 like a new one, and the holder gets their manage link at most once per ten minutes', async () => {
    const body = { name: 'Twin Submitter', email: 'twin@example.org', consent: true };
    const window = () => Math.floor(Date.now() / 600_000);
    const firstWindow = window();
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => call(`${t.url}/api/events/same-email/registrations`, { body: { ...body, email: i % 2 ? 'TWIN@example.org' : 'twin@example.org' } })),
    );
    const windows = window() - firstWindow + 1;

    // Nobody can tell from the answers that the address was registered: each reads like a new registration's.
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    for (const r of responses) expect(r.json).toEqual({ registration: { id: expect.any(String), event: 'same-email', status: 'confirmed', seats: 1 } });
    expect(new Set(responses.map((r) => r.json.registration.id)).size).toBe(10);

    const registrations = records(await t.scan()).filter((i) => i.entity === 'Registration' && i.event === 'same-email');
    expect(registrations).toHaveLength(1);
    expect(responses.map((r) => r.json.registration.id)).toContain(registrations[0]!.id);
    expect((await call(`${t.url}/api/events/same-email/availability`)).json.confirmed).toBe(1);
    // One confirmation, and the manage link sent again at most once per ten-minute window however often it was asked for.
    const twinMail = await t.inbox(to('twin@example.org'));
    const confirmations = twinMail.filter((e) => e.subject.startsWith('You are registered'));
    const manageLinks = twinMail.filter((e) => e.subject.startsWith('Your registration'));
    expect(confirmations).toHaveLength(1);
    expect(manageLinks.length).toBeGreaterThanOrEqual(1);
    expect(manageLinks.length).toBeLessThanOrEqual(windows);
    expect(twinMail).toHaveLength(confirmations.length + manageLinks.length);
  });
});
