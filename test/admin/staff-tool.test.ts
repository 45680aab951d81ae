/**
 * The staff command line never blocks on content and says what it means:
 * it works with a broken content file in the checkout (reading the rest),
 * finds the local stack in both of `npm start`'s modes, refuses a mistyped
 * event or fund with "did you mean", prints dates one way in tables and
 * another in CSV and JSON, keeps `events list` within 100 columns, makes a
 * privacy export its subject can read, and prints a check-in list.
 * Against DynamoDB Local, with registrations made through the API.
 */
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdmin } from '../../functions/admin/program';
import { readLocalStackFile } from '../../functions/admin/target';
import { surnameOf } from '../../functions/admin/check-in-html';
import { fixtureEvent, fixtureManifest } from '../support/manifest';
import { call, person, register } from '../support/requests';
import { startTestStack, type TestStack } from '../support/stack';
import { adminRunner } from './admin';

const root = path.resolve(import.meta.dirname, '../..');
const manifest = fixtureManifest([fixtureEvent('spring-gala', { capacity: 3, maxGuests: 1, title: 'Spring Gala' }), fixtureEvent('autumn-talk', { capacity: null, title: 'Autumn Talk' })]);
let t: TestStack;
const admin = adminRunner(
  () => manifest,
  () => t.env,
);

beforeAll(async () => {
  t = await startTestStack({ api: { manifest }, mailer: false });
  for (const [who, extra] of [
    ['zoe', { name: 'Zoë Adams', classYear: 2011, guests: 1, dietary: 'vegetarian' }],
    ['ana', { name: 'Ana María de la Cruz', classYear: 2015 }],
    ['li', { name: 'Li Wei Chen', classYear: 2009, accessibility: 'step-free access' }],
  ] as const) {
    const res = await register(t.url, 'spring-gala', person(who, extra));
    expect(res.status).toBe(201);
  }
});
afterAll(async () => t?.stop());

/** The admin on content read from a folder, as `npm run admin` does (no manifest handed in). */
async function adminOnContent(contentDir: string, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runAdmin(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, contentDir, env: { ...t.env } });
  return { code, stdout, stderr };
}

describe('content in the checkout never blocks the staff tool', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'admin-content-'));
    await cp(path.join(root, 'content'), path.join(dir, 'content'), { recursive: true });
    // A broken story (YAML that does not parse) and a broken event (a day that does not exist).
    const story = path.join(dir, 'content/stories', (await readdir(path.join(dir, 'content/stories')))[0]!);
    await writeFile(story, (await readFile(story, 'utf8')).replace(/^title: .*$/m, 'title: Webinar: broken: yes'));
    const event = path.join(dir, 'content/events/reunion-2027.md');
    await writeFile(event, (await readFile(event, 'utf8')).replace(/^start: .*$/m, 'start: 2027-02-30T19:30'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('--help works', async () => {
    const run = await adminOnContent(path.join(dir, 'content'), '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: admin');
  });

  it('events list works, leaves out the broken event and says so on stderr', async () => {
    const run = await adminOnContent(path.join(dir, 'content'), 'events', 'list', '--format', 'json');
    expect(run.code).toBe(0);
    const slugs = (JSON.parse(run.stdout) as { event: string }[]).map((r) => r.event);
    expect(slugs).toContain('lagos-alumni-mixer');
    expect(slugs).not.toContain('reunion-2027');
    expect(run.stderr).toMatch(/left out a content file that has problems \(content\/events\/reunion-2027\.md\)/);
  });

  it('a command about the broken event says why it is unknown', async () => {
    const run = await adminOnContent(path.join(dir, 'content'), 'events', 'fill', 'reunion-2027');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/content\/events\/reunion-2027\.md has a problem, so the event "reunion-2027" is not known: .*npm run content:check/);
  });

  it('npm run admin does not run the manifest step first', async () => {
    const scripts = (JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['admin']).not.toMatch(/manifest/);
  });
});

describe('the local stack, in both modes of npm start', () => {
  it('a stack file written by LOCAL_DATA=memory is found; one left by a stopped stack is not', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'admin-stack-'));
    const file = path.join(dir, 'local-stack.json');
    await writeFile(file, JSON.stringify({ dynamodbEndpoint: 'http://127.0.0.1:8123', tableName: 'alumni-local', siteUrl: 'http://localhost:4321', pid: process.pid, data: 'memory' }));
    expect(readLocalStackFile(file)).toMatchObject({ dynamodbEndpoint: 'http://127.0.0.1:8123', data: 'memory' });
    await writeFile(file, JSON.stringify({ dynamodbEndpoint: 'http://127.0.0.1:8123', pid: 2 ** 22 + 12345 }));
    expect(readLocalStackFile(file)).toEqual({});
    await rm(dir, { recursive: true, force: true });
  });

  it('npm start writes the stack file in memory mode too, without keys', async () => {
    const start = await readFile(path.join(root, 'functions/local/start.ts'), 'utf8');
    const written = /const running = \{([^}]*)\}/.exec(start)?.[1] ?? '';
    expect(written).toMatch(/dynamodbEndpoint/);
    expect(written).not.toMatch(/secret|key/i);
    expect(start).not.toMatch(/if \(!inMemory\) \{\s*const running/);
  });
});

describe('an unknown event or fund exits non-zero, with the likely one', () => {
  it.each([
    [['events', 'registrations', 'spring-gal'], /There is no event "spring-gal" in content\/events\/\. Did you mean "spring-gala"\?/],
    [['events', 'fill', 'autum-talk'], /There is no event "autum-talk".*Did you mean "autumn-talk"\?/],
    [['events', 'registrations', 'nothing-like-it'], /There is no event "nothing-like-it" in content\/events\/\. `npm run admin -- events list` lists them/],
    [['donations', 'export', '--fund', 'scholarship'], /There is no fund "scholarship"/],
  ])('%j', async (argv, message) => {
    const run = await admin(...argv);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('an unknown registration id', async () => {
    const run = await admin('events', 'cancel', 'ffffffffffffffffffffffff');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/There is no registration ffffffffffffffffffffffff/);
  });
});

describe('one date format per output, JSON keys without spaces, and events list in 100 columns', () => {
  it('table: local and readable; CSV: ISO 8601 that spreadsheets read; JSON: ISO 8601 with Z and camelCase keys', async () => {
    const table = await admin('events', 'list');
    const csv = await admin('events', 'list', '--format', 'csv');
    const json = await admin('events', 'list', '--format', 'json');
    const gala = (JSON.parse(json.stdout) as Record<string, unknown>[]).find((r) => r['event'] === 'spring-gala')!;
    expect(Object.keys(gala).every((key) => !/\s/.test(key))).toBe(true);
    expect(gala).toMatchObject({ confirmedSeats: 3, capacity: 3, registration: 'open' });
    expect(gala['starts']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const rows = parse(csv.stdout, { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.find((r) => r['event'] === 'spring-gala')?.['starts (UTC)']).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const galaLine = table.stdout.split('\n').find((line) => line.startsWith('spring-gala'))!;
    expect(galaLine).toMatch(/\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}/);
    expect(galaLine).toMatch(/3\/3 .* open$/);
    for (const line of table.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it("events list fits 100 columns with the real content's longest slugs", async () => {
    const run = await adminOnContent(path.join(root, 'content'), 'events', 'list');
    expect(run.code).toBe(0);
    const width = Math.max(...run.stdout.split('\n').map((line) => line.length));
    expect(width).toBeLessThanOrEqual(100);
    expect(run.stdout).toMatch(/registration/);
  });
});

describe('privacy export, readable by the person it is about', () => {
  it('labelled records, titles, dates instead of epoch seconds, and no live links', async () => {
    const run = await admin('privacy', 'export', 'zoe@example.org');
    expect(run.code).toBe(0);
    const data = JSON.parse(run.stdout);
    expect(data.about).toMatch(/Everything the alumni site holds about zoe@example\.org/);
    expect(data.registrations).toHaveLength(1);
    const registration = data.registrations[0];
    expect(registration).toMatchObject({ event: 'spring-gala', eventTitle: 'Spring Gala', name: 'Zoë Adams', status: 'confirmed', dietary: 'vegetarian' });
    expect(registration.deletedAfter).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(JSON.stringify(data)).not.toMatch(/"PK"|GSI1PK|"expiresAt"|[?&]t=|token=/);
  });
});

describe('the printable check-in list', () => {
  it('HTML, confirmed people by surname with a box to tick, and the waitlist in order', async () => {
    const run = await admin('events', 'registrations', 'spring-gala', '--format', 'html');
    expect(run.code).toBe(0);
    const html = run.stdout;
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<h1>Spring Gala</h1>');
    // Zoë (2 seats) and Ana (1) fill the 3 seats; Li waits.
    const order = ['Zoë Adams', 'Ana María de la Cruz'].sort((a, b) => surnameOf(a).localeCompare(surnameOf(b)));
    expect(order).toEqual(['Zoë Adams', 'Ana María de la Cruz']);
    expect(html.indexOf('Zoë Adams')).toBeLessThan(html.indexOf('Ana María de la Cruz'));
    expect(html.match(/☐/g)).toHaveLength(2);
    expect(html).toMatch(/Waitlist, in order[\s\S]*Li Wei Chen/);
    expect(html).toMatch(/@page/);
    expect(html).toMatch(/break-inside: avoid/);
    expect(html).toContain('Diet: vegetarian');
  });

  it('escapes what people typed (the API already refuses < and > in names)', async () => {
    const res = await register(t.url, 'autumn-talk', person('mallory', { name: 'Bob "Jr" O\'Hara & Sons' }));
    expect(res.status).toBe(201);
    const html = (await admin('events', 'registrations', 'autumn-talk', '--format', 'html')).stdout;
    expect(html).toContain('Bob &quot;Jr&quot; O&#39;Hara &amp; Sons');
    expect((await call(`${t.url}/api/events/autumn-talk/availability`)).status).toBe(200);
  });
});
