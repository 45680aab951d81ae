/**
 * Donations over HTTP against DynamoDB Local and local SES: pledges with
 * their human reference, the receipt email, fund totals (raised, distinct
 * donors) exact under concurrency, the fund's rules, and bad input that
 * stores nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referencePattern } from '../../functions/donations/reference';
import type { ManifestFund } from '../../site/manifest/manifest-schema';
import { itRefuses, transportRefusals, type Refusal } from '../support/bad-input';
import { only } from '../support/inbox';
import { fixtureManifest } from '../support/manifest';
import { call } from '../support/requests';
import { records, siteUrl, startTestStack, type TestStack } from '../support/stack';

const isoDay = (daysFromNow: number) => new Date(Date.now() + daysFromNow * 86_400_000).toISOString().slice(0, 10);
const funds: ManifestFund[] = [
  { slug: 'global-scholarships', title: 'Global Scholarships Fund', goal: 5_000_000, currency: 'USD', closes: null },
  { slug: 'busy-fund', title: 'Busy Fund', goal: 1_000_000, currency: 'EUR', closes: isoDay(30) },
  { slug: 'tokyo-exchange', title: 'Tokyo Exchange Fund', goal: 10_000_000, currency: 'JPY', closes: null },
  { slug: 'closed-fund', title: 'Closed Appeal', goal: 100_000, currency: 'GBP', closes: isoDay(-3) },
  { slug: 'today-fund', title: 'Last Day Appeal', goal: 100_000, currency: 'GBP', closes: isoDay(0) },
];

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack({ api: { manifest: { ...fixtureManifest([]), funds } } });
});
afterAll(async () => t?.stop());

const endpoint = () => `${t.url}/api/donations`;
const gift = (n: string, extra: Record<string, unknown> = {}) => ({
  name: `Donor ${n}`,
  email: `${n}@example.org`,
  amount: 5000,
  currency: 'USD',
  fund: 'global-scholarships',
  frequency: 'once',
  anonymous: false,
  dedication: '',
  consent: true,
  company: '',
  ...extra,
});
const give = (body: unknown, headers?: Record<string, string>) => call(endpoint(), { body, ...(headers ? { headers } : {}) });
const progress = (slug: string) => call(`${t.url}/api/funds/${slug}/progress`);
const storedKeys = async () =>
  records(await t.scan())
    .map((i) => `${i.PK} ${i.SK}`)
    .sort();

describe('fund progress', () => {
  it('starts at zero, with the goal and currency from content, cached for a few seconds', async () => {
    const res = await progress('tokyo-exchange');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ fund: 'tokyo-exchange', goal: 10_000_000, raised: 0, currency: 'JPY', donors: 0 });
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=[1-9]$/);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('answers 404 not_found for an unknown fund', async () => {
    const res = await progress('no-such-fund');
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('not_found');
  });
});

describe('pledging', () => {
  it('stores a pledge with a human reference, answers as the contract says, and emails a receipt with the reference', async () => {
    const res = await give(gift('ada', { dedication: 'In memory of Professor Okafor', frequency: 'monthly' }));
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.json).toEqual({
      donation: { id: expect.any(String), reference: expect.stringMatching(referencePattern), status: 'pledged', amount: 5000, currency: 'USD', fund: 'global-scholarships' },
    });
    const reference = res.json.donation.reference as string;

    const receipt = only(await t.inboxFor('ada@example.org'));
    expect(receipt.subject).toBe(`Your pledge ${reference} to the Global Scholarships Fund`);
    expect(receipt.body.text).toContain('Hello Donor ada,');
    expect(receipt.body.text).toContain(`Reference: ${reference}`);
    expect(receipt.body.text).toContain('Amount: US$50.00 a month');
    expect(receipt.body.text).toContain('Dedication: In memory of Professor Okafor');
    expect(receipt.body.text).toContain(`${siteUrl}/funds/global-scholarships/`);
    expect(receipt.body.html).toContain(reference);

    const stored = (await t.scan()).find((i) => i.entity === 'Donation' && i.id === res.json.donation.id);
    expect(stored).toMatchObject({ reference, amount: 5000, currency: 'USD', frequency: 'monthly', status: 'pledged', payment: { provider: 'pledge' } });
    expect((await t.scan()).find((i) => i.entity === 'DonationReference' && i.PK === `GIFTREF#${reference}`)!.donationId).toBe(res.json.donation.id);
  });

  it("formats the receipt in the fund's own currency (no minor units for yen)", async () => {
    const res = await give(gift('kenji', { fund: 'tokyo-exchange', currency: 'JPY', amount: 5000, anonymous: true }));
    expect(res.status).toBe(201);
    const receipt = only(await t.inboxFor('kenji@example.org'));
    expect(receipt.body.text).toContain('Amount: JP¥5,000');
    expect(receipt.body.text).toContain('Listed as: Anonymous');
  });

  it("adds each pledge to the fund's totals and publicly counts pledges (not distinct addresses: no donor oracle), never showing names", async () => {
    const before = (await progress('busy-fund')).json;
    expect((await give(gift('bo', { fund: 'busy-fund', currency: 'EUR', amount: 10_000 }))).status).toBe(201);
    expect((await give(gift('bo', { email: ' BO@Example.org ', fund: 'busy-fund', currency: 'EUR', amount: 2_500 }))).status).toBe(201);
    expect((await give(gift('cy', { fund: 'busy-fund', currency: 'EUR', amount: 100, anonymous: true }))).status).toBe(201);
    const after = await progress('busy-fund');
    expect(after.json).toEqual({ fund: 'busy-fund', goal: 1_000_000, raised: before.raised + 12_600, currency: 'EUR', donors: before.donors + 3 });
    expect(after.text).not.toMatch(/Donor|example\.org/);
  });

  it('keeps the totals exact and every reference unique under concurrency', async () => {
    const people = Array.from({ length: 30 }, (_, i) => gift(`crowd-${i % 20}`, { amount: 100 + i }));
    const answers = await Promise.all(people.map((p) => give(p)));
    expect(answers.map((a) => a.status)).toEqual(people.map(() => 201));
    const references = answers.map((a) => a.json.donation.reference);
    expect(new Set(references).size).toBe(30);
    const items = await t.scan();
    const pledges = items.filter((i) => i.entity === 'Donation' && i.fund === 'global-scholarships');
    const counter = items.find((i) => i.PK === 'FUND#global-scholarships' && i.SK === 'COUNTER')!;
    expect(counter.raised).toBe(pledges.reduce((sum, p) => sum + Number(p.amount), 0));
    expect(counter.pledges).toBe(pledges.length);
    expect(counter.donors).toBe(new Set(pledges.map((p) => String(p.email).toLowerCase())).size);
    expect((await progress('global-scholarships')).json).toMatchObject({ raised: counter.raised, donors: counter.pledges });
  });

  it('an Idempotency-Key replays the first answer (same reference) and pledges once', async () => {
    const headers = { 'Idempotency-Key': 'gift-replay-1' };
    const first = await give(gift('once', { fund: 'tokyo-exchange', currency: 'JPY', amount: 1000 }), headers);
    const again = await give(gift('once', { fund: 'tokyo-exchange', currency: 'JPY', amount: 1000 }), headers);
    expect(again.json).toEqual(first.json);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await t.scan()).filter((i) => i.entity === 'Donation' && i.email === 'once@example.org')).toHaveLength(1);
  });

  it("takes pledges through the fund's closing day", async () => {
    expect((await give(gift('lastday', { fund: 'today-fund', currency: 'GBP' }))).status).toBe(201);
  });
});

describe("the fund's rules and bad input: a clear 4xx and nothing stored", () => {
  const cases: Refusal[] = [
    ["a currency other than the fund's", () => give(gift('eur', { currency: 'EUR' })), 400, 'validation_failed', { currency: 'Global Scholarships Fund takes gifts in USD.' }],
    ['an unknown fund', () => give(gift('nofund', { fund: 'no-such-fund' })), 400, 'validation_failed', { fund: expect.stringContaining('We do not know this fund') }],
    [
      'a closed fund',
      () => give(gift('late', { fund: 'closed-fund', currency: 'GBP' })),
      400,
      'validation_failed',
      { fund: expect.stringMatching(/^Closed Appeal closed on .* and takes no more gifts/) },
    ],
    ...transportRefusals(endpoint, () => give(gift('big', { dedication: 'd'.repeat(17 * 1024) }))),
    [
      'wrong types',
      () => give(gift('types', { amount: '5000', anonymous: 'no', frequency: 1, consent: 'yes' })),
      400,
      'validation_failed',
      { amount: expect.any(String), anonymous: 'Choose whether to give anonymously.', frequency: 'Choose once or monthly.', consent: expect.any(String) },
    ],
    ['an amount in fractions', () => give(gift('frac', { amount: 50.5 })), 400, 'validation_failed', { amount: expect.any(String) }],
    ['an amount below the smallest gift', () => give(gift('small', { amount: 99 })), 400, 'validation_failed', { amount: 'The smallest gift is 1.00.' }],
    ['an amount above the largest', () => give(gift('huge', { amount: 10_000_001 })), 400, 'validation_failed', { amount: expect.any(String) }],
    ['unknown fields', () => give(gift('unknown', { status: 'paid', raised: 1 })), 400, 'validation_failed', { status: 'This field is not accepted.', raised: 'This field is not accepted.' }],
    ['a script tag in the dedication', () => give(gift('script', { dedication: '<script>alert(1)</script>' })), 400, 'validation_failed', { dedication: expect.stringContaining('HTML') }],
    ['a very long Unicode dedication', () => give(gift('long', { dedication: 'ü'.repeat(201) })), 400, 'validation_failed', { dedication: 'Keep the dedication to 200 characters.' }],
    ['a very long Unicode name', () => give(gift('longname', { name: '🎓'.repeat(2000) })), 400, 'validation_failed', { name: expect.any(String) }],
    ['no consent', () => give(gift('consent', { consent: false })), 400, 'validation_failed', { consent: expect.any(String) }],
  ];
  itRefuses(cases, storedKeys);

  it('a filled honeypot gets the normal success answer and stores nothing', async () => {
    const before = await storedKeys();
    const res = await give(gift('bot', { company: 'Spam Inc.' }));
    expect(res.status).toBe(201);
    expect(res.json.donation).toMatchObject({ reference: expect.stringMatching(referencePattern), status: 'pledged' });
    expect(await storedKeys()).toEqual(before);
  });
});
