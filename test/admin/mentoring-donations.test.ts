/**
 * `admin mentoring …` and `admin donations …` against DynamoDB Local, with
 * requests, answers and pledges made through the API: the queue by status,
 * the pairs, mentors' load, totals by fund and month, and the pledge CSV
 * read back and compared.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManifestFund, ManifestMentor } from '../../site/manifest/manifest-schema';
import { signToken } from '../../functions/shared/tokens';
import { fixtureManifest, fixtureMentor } from '../support/manifest';
import { call } from '../support/requests';
import { signingSecret, startTestStack, type TestStack } from '../support/stack';
import { adminRunner } from './admin';

const mentor = (slug: string, name: string, capacity: number, overrides: Partial<ManifestMentor> = {}) =>
  fixtureMentor(slug, { name, capacity, topics: ['product management', 'career change'], formats: ['one-off', 'short-term', 'long-term'], ...overrides });
const funds: ManifestFund[] = [
  { slug: 'scholarships', title: 'Scholarships', goal: 5_000_000, currency: 'USD', closes: null },
  { slug: 'tokyo', title: 'Tokyo Exchange', goal: 10_000_000, currency: 'JPY', closes: null },
];
const manifest = { ...fixtureManifest([]), mentors: [mentor('li-wei', 'Li Wei Chen', 2), mentor('sofia', 'Sofía Herrera', 1), mentor('away', 'Away Mentor', 3, { available: false })], funds };
let t: TestStack;
const admin = adminRunner(
  () => manifest,
  () => t.env,
);

beforeAll(async () => {
  t = await startTestStack({ api: { manifest }, mailer: false });
});
afterAll(async () => t?.stop());

const json = async (...argv: string[]) => {
  const run = await admin(...argv, '--format', 'json');
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Record<string, unknown>[];
};

describe('mentoring', () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    const ask = async (who: string, extra: Record<string, unknown>) => {
      const res = await call(`${t.url}/api/mentor-requests`, {
        body: {
          name: `Requester ${who}`,
          email: `${who}@example.org`,
          role: 'student',
          goals: 'I want to move from engineering into product management.',
          topics: ['product management'],
          format: 'short-term',
          consent: true,
          ...extra,
        },
      });
      expect(res.status, JSON.stringify(res.json)).toBe(201);
      return res.json.request.id as string;
    };
    const answer = async (id: string, action: 'accept' | 'decline') =>
      expect((await call(`${t.url}/api/mentor-requests/${id}/${action}?token=${signToken(signingSecret, 'mentor-request', id)}`, { method: 'POST' })).status).toBe(200);
    ids.a = await ask('ana', { preferredMentor: 'li-wei', format: 'long-term', topics: ['career change', 'product management'] });
    ids.b = await ask('ben', { preferredMentor: 'sofia' });
    ids.c = await ask('cai', { preferredMentor: 'li-wei' });
    ids.d = await ask('dev', {});
    ids.e = await ask('eve', { preferredMentor: 'li-wei' });
    await answer(ids.a, 'accept');
    await answer(ids.b, 'accept');
    await answer(ids.c, 'decline');
  });

  it('lists the queue by status, oldest first, without names unless asked', async () => {
    expect((await json('mentoring', 'requests')).map((r) => r.request)).toEqual([ids.d, ids.e]);
    const accepted = await json('mentoring', 'requests', '--status', 'accepted');
    expect(accepted.map((r) => r.request)).toEqual([ids.a, ids.b]);
    expect(accepted[0]).toMatchObject({ status: 'accepted', role: 'student', format: 'long-term', topics: 'career change; product management', mentor: 'li-wei', mentorName: 'Li Wei Chen' });
    expect(accepted[0]!.requester).toBeUndefined();
    const all = await json('mentoring', 'requests', '--status', 'all', '--names');
    expect(all.map((r) => [r.requester, r.status])).toEqual([
      ['Requester ana', 'accepted'],
      ['Requester ben', 'accepted'],
      ['Requester cai', 'declined'],
      ['Requester dev', 'pending'],
      ['Requester eve', 'pending'],
    ]);
    expect((await admin('mentoring', 'requests', '--status', 'all')).stdout).not.toMatch(/Requester|example\.org/);
  });

  it('lists the pairs made', async () => {
    const pairs = await json('mentoring', 'pairs', '--names');
    expect(pairs.map((p) => [p.mentor, p.mentorName, p.mentee, p.request])).toEqual([
      ['li-wei', 'Li Wei Chen', 'Requester ana', ids.a],
      ['sofia', 'Sofía Herrera', 'Requester ben', ids.b],
    ]);
    expect(typeof pairs[0]!.matched).toBe('string');
  });

  it("shows each mentor's load against capacity", async () => {
    expect(await json('mentoring', 'load')).toEqual([
      { mentor: 'away', mentorName: 'Away Mentor', available: 'no', capacity: 3, activeMentees: 0, free: 3, requestsWaiting: 0 },
      { mentor: 'li-wei', mentorName: 'Li Wei Chen', available: 'yes', capacity: 2, activeMentees: 1, free: 1, requestsWaiting: 1 },
      { mentor: 'sofia', mentorName: 'Sofía Herrera', available: 'yes', capacity: 1, activeMentees: 1, free: 0, requestsWaiting: 0 },
    ]);
  });
});

describe('donations', () => {
  const made: { reference: string; fund: string; amount: number; currency: string; name: string; email: string; at: string; dedication: string; anonymous: boolean; frequency: string }[] = [];
  beforeAll(async () => {
    const pledgeAt = async (at: string, p: Omit<(typeof made)[number], 'reference' | 'at'>) => {
      const url = await t.serveApi({ now: () => new Date(at) });
      const res = await call(`${url}/api/donations`, { body: { ...p, consent: true, company: '' } });
      expect(res.status, JSON.stringify(res.json)).toBe(201);
      made.push({ ...p, at, reference: res.json.donation.reference });
    };
    const base = { dedication: '', anonymous: false, frequency: 'once' };
    await pledgeAt('2027-01-10T09:00:00Z', { ...base, fund: 'scholarships', amount: 5000, currency: 'USD', name: 'Donor Ama', email: 'ama@example.org', dedication: 'In memory of Prof. Osei' });
    await pledgeAt('2027-01-20T09:00:00Z', { ...base, fund: 'scholarships', amount: 12345, currency: 'USD', name: 'Donor Ben', email: 'ben@example.org', frequency: 'monthly' });
    await pledgeAt('2027-02-02T09:00:00Z', { ...base, fund: 'scholarships', amount: 2500, currency: 'USD', name: 'Donor Ama', email: 'AMA@example.org', anonymous: true });
    await pledgeAt('2027-02-03T09:00:00Z', { ...base, fund: 'tokyo', amount: 10000, currency: 'JPY', name: 'Donor Chika', email: 'chika@example.org' });
  });

  it('totals pledges by fund and month, with each fund total and its distinct donors', async () => {
    expect(await json('donations', 'totals')).toEqual([
      { fund: 'scholarships', month: '2027-01', currency: 'USD', pledges: 2, amount: '173.45', donors: null },
      { fund: 'scholarships', month: '2027-02', currency: 'USD', pledges: 1, amount: '25.00', donors: null },
      { fund: 'scholarships', month: 'total', currency: 'USD', pledges: 3, amount: '198.45', donors: 2 },
      { fund: 'tokyo', month: '2027-02', currency: 'JPY', pledges: 1, amount: '10000', donors: null },
      { fund: 'tokyo', month: 'total', currency: 'JPY', pledges: 1, amount: '10000', donors: 1 },
    ]);
    const table = await admin('donations', 'totals', '--fund', 'tokyo');
    expect(table.stdout).toMatch(/tokyo\s+total\s+JPY\s+1\s+10000\s+1/);
    expect(table.stdout).not.toMatch(/Donor|example\.org/);
    expect((await admin('donations', 'totals', '--fund', 'nope')).stderr).toContain('There is no fund "nope"');
  });

  it('exports the pledges as CSV that reads back to the pledges made', async () => {
    const run = await admin('donations', 'export');
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Reading pledges: 4');
    const rows = parse(run.stdout, { columns: true, bom: true }) as Record<string, string>[];
    expect(rows).toEqual(
      made.map((p) => ({
        reference: p.reference,
        fund: p.fund,
        'pledged at (UTC)': new Date(p.at).toISOString().slice(0, 19).replace('T', ' '),
        amount: p.currency === 'JPY' ? String(p.amount) : (p.amount / 100).toFixed(2),
        currency: p.currency,
        frequency: p.frequency,
        status: 'pledged',
        anonymous: p.anonymous ? 'yes' : 'no',
        name: p.name,
        email: p.email,
        dedication: p.dedication,
      })),
    );
    const february = parse((await admin('donations', 'export', '--fund', 'scholarships', '--from', '2027-02')).stdout, { columns: true, bom: true }) as Record<string, string>[];
    expect(february.map((r) => r.reference)).toEqual([made[2]!.reference]);
    expect((await admin('donations', 'export', '--from', 'Feb')).stderr).toContain('Months are written YYYY-MM');
  });
});
