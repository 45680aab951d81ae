/**
 * Mentors are named one way in every staff output (functions/admin/content.ts,
 * `mentorNaming`): a table cell reads "Li Wei Chen (li-wei-chen)", CSV and JSON
 * carry the slug and the profile's name as two fields (`mentor`, `mentor name`
 * / `mentorName`), and a mentor whose profile is gone from content keeps the
 * slug with a marker. Each command that shows a mentor is run in each of its
 * formats against DynamoDB Local, with requests, answers and failed emails
 * made through the API and the mailer.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../functions/shared/tokens';
import { fixtureManifest, fixtureMentor } from '../support/manifest';
import { call } from '../support/requests';
import { signingSecret, startTestStack, type TestStack } from '../support/stack';
import { adminRunner } from './admin';
import { useMentorEmails, type MentorEmailsFile } from '../support/mentor-emails';

const formats = ['one-off', 'short-term', 'long-term'] as const;
const liWei = fixtureMentor('li-wei-chen', { name: 'Li Wei Chen', capacity: 3, topics: ['product management'], formats: [...formats] });
const retired = fixtureMentor('old-mentor', { name: 'Olga Mentor', capacity: 2, topics: ['beekeeping'], formats: [...formats] });
/** The API still knows the retired mentor (the request was made while their profile was there); the staff tool's content no longer does. */
const apiManifest = { ...fixtureManifest([]), mentors: [liWei, retired] };
const adminManifest = { ...fixtureManifest([]), mentors: [liWei] };

const label = 'Li Wei Chen (li-wei-chen)';
const goneLabel = 'old-mentor (no longer in content)';

let t: TestStack;
let mentorEmails: MentorEmailsFile;
const admin = adminRunner(
  () => adminManifest,
  () => t.env,
);

beforeAll(async () => {
  mentorEmails = await useMentorEmails({ 'li-wei-chen': 'li-wei@mentors.example.test', 'old-mentor': 'olga@mentors.example.test' });
  t = await startTestStack({ api: { manifest: apiManifest }, mailer: { maxAttempts: 1 } });
});
afterAll(async () => {
  await t?.stop();
  await mentorEmails?.remove();
});

const ask = async (who: string, extra: Record<string, unknown>) => {
  const res = await call(`${t.url}/api/mentor-requests`, {
    body: {
      name: `Requester ${who}`,
      email: `${who}@example.org`,
      role: 'alumni',
      goals: 'I want to move into product management.',
      topics: ['product management'],
      format: 'short-term',
      consent: true,
      ...extra,
    },
  });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json.request.id as string;
};
const accept = async (id: string) => expect((await call(`${t.url}/api/mentor-requests/${id}/accept?token=${signToken(signingSecret, 'mentor-request', id)}`, { method: 'POST' })).status).toBe(200);

const ids = {} as Record<'paired' | 'retiredPair' | 'suggested' | 'failedMail', string>;

beforeAll(async () => {
  ids.paired = await ask('ana', { preferredMentor: 'li-wei-chen' });
  ids.retiredPair = await ask('bo', { preferredMentor: 'old-mentor', topics: ['beekeeping'] });
  ids.suggested = await ask('cy', {}); // no mentor asked: Li Wei Chen is the only one for the topic
  await accept(ids.paired);
  await accept(ids.retiredPair);
  await t.drainMail();
  // With SES down and one attempt each, the request to Li Wei Chen and its acknowledgement are parked as failed.
  await t.stopSes();
  ids.failedMail = await ask('dee', { preferredMentor: 'li-wei-chen' });
  await t.drainMail();
  await t.startSes();
});

/** A command's output in table, CSV and JSON. */
async function inEachFormat(...argv: string[]) {
  const run = async (format: string) => {
    const result = await admin(...argv, '--format', format);
    expect(result.code, result.stderr).toBe(0);
    return result.stdout;
  };
  const table = await run('table');
  const csv = parse(await run('csv'), { columns: true, bom: true }) as Record<string, string>[];
  const json = JSON.parse(await run('json')) as Record<string, unknown>[];
  return { table, csv, json };
}

/** Every mention of a slug in a table is the whole label: the name before it, or the marker after it. */
function expectOnlyLabels(table: string) {
  expect(table.match(/li-wei-chen/g)?.length ?? 0).toBe(table.split(label).length - 1);
  expect(table.match(/old-mentor/g)?.length ?? 0).toBe(table.split(goneLabel).length - 1);
  expect(table).not.toMatch(/Li Wei Chen(?! \(li-wei-chen\))/);
}

describe('each staff output names a mentor the same way', () => {
  it('mentoring requests: the mentor asked and the first suggestion', async () => {
    const { table, csv, json } = await inEachFormat('mentoring', 'requests', '--status', 'all');
    expectOnlyLabels(table);
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/\smentor\s+first suggestion\s/);
    expect(lines.find((l) => l.startsWith(ids.paired))).toContain(label);
    expect(lines.find((l) => l.startsWith(ids.retiredPair))).toContain(goneLabel);
    expect(lines.find((l) => l.startsWith(ids.suggested))).toContain(label);

    const byId = (rows: Record<string, unknown>[]) => (id: string) => rows.find((r) => r.request === id)!;
    expect(byId(json)(ids.paired)).toMatchObject({ mentor: 'li-wei-chen', mentorName: 'Li Wei Chen' });
    expect(byId(json)(ids.retiredPair)).toMatchObject({ mentor: 'old-mentor', mentorName: '(no longer in content)' });
    expect(byId(json)(ids.suggested)).toMatchObject({ mentor: null, mentorName: null, firstSuggestion: 'li-wei-chen', firstSuggestionName: 'Li Wei Chen' });
    expect(byId(csv)(ids.paired)).toMatchObject({ mentor: 'li-wei-chen', 'mentor name': 'Li Wei Chen' });
    expect(byId(csv)(ids.retiredPair)).toMatchObject({ mentor: 'old-mentor', 'mentor name': '(no longer in content)' });
    expect(byId(csv)(ids.suggested)).toMatchObject({ mentor: '', 'mentor name': '', 'first suggestion': 'li-wei-chen', 'first suggestion name': 'Li Wei Chen' });
  });

  it('mentoring pairs', async () => {
    const { table, csv, json } = await inEachFormat('mentoring', 'pairs');
    expectOnlyLabels(table);
    expect(table).toMatch(new RegExp(`^${label.replace(/[()]/g, '\\$&')}\\s+alumni`, 'm'));
    expect(json.map((r) => [r.request, r.mentor, r.mentorName])).toEqual([
      [ids.paired, 'li-wei-chen', 'Li Wei Chen'],
      [ids.retiredPair, 'old-mentor', '(no longer in content)'],
    ]);
    expect(csv.map((r) => [r.request, r.mentor, r['mentor name']])).toEqual(json.map((r) => [r.request, r.mentor, r.mentorName]));
  });

  it('mentoring load, with the retired mentor who still has a mentee', async () => {
    const { table, csv, json } = await inEachFormat('mentoring', 'load');
    expectOnlyLabels(table);
    expect(table).toMatch(/^Li Wei Chen \(li-wei-chen\)\s+yes\s+3\s+1\s+2\s+1$/m);
    expect(table).toMatch(/^old-mentor \(no longer in content\)\s+no\s+0\s+1\s+0\s+0$/m);
    expect(json.map((r) => [r.mentor, r.mentorName, r.activeMentees])).toEqual([
      ['li-wei-chen', 'Li Wei Chen', 1],
      ['old-mentor', '(no longer in content)', 1],
    ]);
    expect(csv.map((r) => [r.mentor, r['mentor name'], r['active mentees']])).toEqual(json.map((r) => [r.mentor, r.mentorName, String(r.activeMentees)]));
  });

  it('mentoring recount: the hint goes to stderr after CSV and JSON, so they read back', async () => {
    const { table, csv, json } = await inEachFormat('mentoring', 'recount');
    expectOnlyLabels(table);
    expect(table).toMatch(/^Li Wei Chen \(li-wei-chen\)\s+1\s+1\s+unchanged$/m);
    expect(json.map((r) => [r.mentor, r.mentorName, r.wouldChange])).toEqual([
      ['li-wei-chen', 'Li Wei Chen', 'unchanged'],
      ['old-mentor', '(no longer in content)', 'unchanged'],
    ]);
    expect(csv.map((r) => [r.mentor, r['mentor name']])).toEqual(json.map((r) => [r.mentor, r.mentorName]));
  });

  it('emails failed: the mentor an email of the programme is to or about, never an address', async () => {
    const { table, csv, json } = await inEachFormat('emails', 'failed');
    expectOnlyLabels(table);
    expect(table).not.toMatch(/example\.(org|test)/);
    expect(json.map((r) => [r.kind, r.about, r.mentor, r.mentorName]).sort()).toEqual([
      ['mentor-request', `request ${ids.failedMail}`, 'li-wei-chen', 'Li Wei Chen'],
      ['mentor-request-received', `request ${ids.failedMail}`, 'li-wei-chen', 'Li Wei Chen'],
    ]);
    expect(
      table
        .split('\n')
        .filter((l) => l.includes(`request ${ids.failedMail}`))
        .map((l) => l.includes(label)),
    ).toEqual([true, true]);
    expect(csv.map((r) => [r.kind, r.mentor, r['mentor name']]).sort()).toEqual(json.map((r) => [r.kind, r.mentor, r.mentorName]).sort());
  });

  it('privacy export: the request and its suggestions carry mentor and mentorName', async () => {
    const exported = async (email: string) => {
      const run = await admin('privacy', 'export', email);
      expect(run.code, run.stderr).toBe(0);
      return JSON.parse(run.stdout).mentorRequests as Record<string, unknown>[];
    };
    expect((await exported('ana@example.org'))[0]).toMatchObject({ mentor: 'li-wei-chen', mentorName: 'Li Wei Chen' });
    expect((await exported('bo@example.org'))[0]).toMatchObject({ mentor: 'old-mentor', mentorName: '(no longer in content)' });
    const suggested = (await exported('cy@example.org'))[0]!;
    expect(suggested.mentor).toBeUndefined();
    expect((suggested.suggestions as Record<string, unknown>[])[0]).toMatchObject({ mentor: 'li-wei-chen', mentorName: 'Li Wei Chen' });
  });

  it('mentoring end says whom the mentorship was with, the same way', async () => {
    const ended = await admin('mentoring', 'end', ids.paired);
    expect(ended.code, ended.stderr).toBe(0);
    expect(ended.stdout).toBe(`Ended mentorship ${ids.paired} with ${label}; the place is free again and both were emailed.\n`);
    const gone = await admin('mentoring', 'end', ids.retiredPair);
    expect(gone.code, gone.stderr).toBe(0);
    expect(gone.stdout).toBe(`Ended mentorship ${ids.retiredPair} with ${goneLabel}; the place is free again and both were emailed.\n`);
  });
});
