/**
 * Issue 14, abuse resistance and privacy, second part: findings 6, 7, 8 and
 * 9 tried again against the real local stack (DynamoDB Local, local SES, the
 * mailer on the stream, the local site server).
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSiteServerApp } from '../../functions/local/site-server';
import { errorFields } from '../../functions/shared/logger';
import { keys } from '../../functions/shared/table';
import { signToken } from '../../functions/shared/tokens';
import { eventsCalendar } from '../../site/lib/calendar';
import type { Event } from '../../site/lib/content';
import { adminRunner } from '../admin/admin';
import { rfc5545Problems } from '../support/ical-check';
import { fixtureEvent, fixtureManifest } from '../support/manifest';
import { call, person, register } from '../support/requests';
import { signingSecret, startTestStack, type TestStack } from '../support/stack';

const manifest = {
  ...fixtureManifest([
    fixtureEvent('reunion', { capacity: 100, maxGuests: 2, timezone: 'Europe/Berlin' }),
    ...['talk-a', 'talk-b', 'talk-c', 'talk-d'].map((slug) => fixtureEvent(slug, { capacity: 50 })),
  ]),
  funds: [{ slug: 'scholarship', title: 'Scholarship', goal: 1_000_000, currency: 'USD', closes: null }],
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
      capacity: 3,
      topics: ['fundraising'],
      formats: ['one-off' as const],
    },
  ],
} as unknown as ReturnType<typeof fixtureManifest>;

let t: TestStack;
const admin = adminRunner(
  () => manifest,
  () => t.env,
);
beforeAll(async () => {
  t = await startTestStack({ api: { manifest } });
});
afterAll(async () => t?.stop());

describe('finding 2: the forms cannot flood one address', () => {
  it('sends at most five form emails a day to one address across all forms; the rest are withheld, the answers unchanged', async () => {
    const victim = 'flooded@example.org';
    for (const slug of ['talk-a', 'talk-b', 'talk-c', 'talk-d']) expect((await register(t.url, slug, { name: 'Someone', email: victim, consent: true })).status).toBe(201);
    const gift = await call(`${t.url}/api/donations`, { body: { name: 'Someone', email: victim, amount: 5000, currency: 'USD', fund: 'scholarship', frequency: 'once', consent: true } });
    expect(gift.status).toBe(201);
    const request = await call(`${t.url}/api/mentor-requests`, {
      body: { name: 'Someone', email: victim, role: 'alumni', goals: 'I would like to learn about careers.', topics: ['fundraising'], format: 'one-off', consent: true },
    });
    expect(request.status).toBe(201);

    expect(await t.inboxFor(victim)).toHaveLength(5);
    const jobs = (await t.scan()).filter((i) => i.entity === 'EmailJob' && i.to === victim);
    expect(jobs).toHaveLength(6);
    expect(jobs.filter((j) => j.status === 'suppressed' && j.suppressedReason === 'recipient-cap')).toHaveLength(1);
    // Another address is not touched by the cap.
    expect((await register(t.url, 'talk-a', person('bystander'))).status).toBe(201);
    expect(await t.inboxFor('bystander@example.org')).toHaveLength(1);
  });
});

describe('finding 6: the local site server never redirects off the site and refuses malformed escapes', () => {
  const distDir = mkdtempSync(path.join(tmpdir(), 'dist-'));
  mkdirSync(path.join(distDir, 'events'));
  writeFileSync(path.join(distDir, 'events', 'index.html'), '<!doctype html><title>Events</title>');
  afterAll(() => rmSync(distDir, { recursive: true, force: true }));
  const site = createSiteServerApp({ distDir, api: new Hono() });

  it('redirects //events and /\\events to /events/ on this site, never to a host named events', async () => {
    for (const address of ['//events', '///events', '/\\events']) {
      const res = await site.request(`http://localhost${address}?r=1`);
      expect(res.status, address).toBe(301);
      const location = res.headers.get('location')!;
      expect(location, address).toBe('/events/?r=1');
      expect(new URL(location, 'http://localhost').host).toBe('localhost');
    }
  });

  it('answers 400 for a malformed escape instead of failing with 500', async () => {
    for (const address of ['/%ZZ', '/events%E0%A4%A', '/%']) expect((await site.request(`http://localhost${address}`)).status, address).toBe(400);
  });
});

describe('finding 7: a 503 is never remembered', () => {
  it('runs a retry after a busy table (503) again instead of replaying the 503', async () => {
    // The registration's transaction finds the table busy until `busy` is turned off.
    let busy = true;
    const throttled = Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), { name: 'ThrottlingException' });
    const db = new Proxy(t.stack.table.db, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver);
        return (command: { constructor: { name: string } }, ...rest: unknown[]) =>
          busy && command.constructor.name === 'TransactWriteCommand' ? Promise.reject(throttled) : (target.send as (...a: unknown[]) => unknown)(command, ...rest);
      },
    });
    const api = await t.serveApi({ table: { ...t.stack.table, db } });
    const key = { 'Idempotency-Key': 'busy-then-fine' };
    const first = await register(api, 'reunion', person('idem-503'), key);
    expect(first.status).toBe(503);
    busy = false;
    const retry = await register(api, 'reunion', person('idem-503'), key);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
  });
});

describe('finding 8: erasure removes every restatement of the person', () => {
  const subject = { name: 'Kwabena Owusu', email: 'kwabena.owusu@example.org' };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const registrationId: string = (await register(t.url, 'reunion', { ...subject, consent: true, dietary: 'no peanuts' })).json.registration.id;
    ids.registration = registrationId;
    // A cancellation with an Idempotency-Key: its remembered answer holds the registration as the holder saw it.
    const token = signToken(signingSecret, 'registration', registrationId);
    const cancelled = await call(`${t.url}/api/registrations/${registrationId}?token=${token}`, { method: 'DELETE', headers: { 'Idempotency-Key': 'erase-me-cancel' } });
    expect(cancelled.json.registration.name).toBe(subject.name);
    const request = await call(`${t.url}/api/mentor-requests`, {
      body: {
        ...subject,
        role: 'alumni',
        goals: 'Raise a first round for my start-up.',
        topics: ['fundraising'],
        languages: ['Spanish'],
        industries: ['Technology'],
        format: 'one-off',
        consent: true,
      },
      headers: { 'Idempotency-Key': 'erase-me-request' },
    });
    expect(request.status).toBe(201);
    ids.request = request.json.request.id;
    await t.drainMail();
  });

  const remembered = async () =>
    ((
      await t.stack.table.db.send(
        new QueryCommand({ TableName: t.stack.table.name, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': keys.idempotencyPartition }, ConsistentRead: true }),
      )
    ).Items ?? []) as Record<string, unknown>[];

  it('deletes remembered answers that name the person, and suggestion reasons that restate erased fields', async () => {
    const mentions = (items: Record<string, unknown>[]) =>
      items.filter((i) => JSON.stringify(i).includes(ids.registration!) || JSON.stringify(i).includes(ids.request!) || JSON.stringify(i).includes(subject.name));
    expect((await mentions(await remembered())).length).toBeGreaterThan(0);
    const request = (await t.scan()).find((i) => i.entity === 'MentorRequest' && i.id === ids.request) as { suggestions: { reasons: string[] }[] };
    expect(request.suggestions.flatMap((s) => s.reasons).join(' ')).toMatch(/Spanish|Technology/);

    const run = await admin('privacy', 'erase', subject.email, '--yes');
    expect(run.code, run.stderr).toBe(0);

    expect(mentions(await remembered())).toEqual([]);
    const items = await t.scan();
    const erasedRequest = items.find((i) => i.entity === 'MentorRequest' && i.id === ids.request) as { suggestions: { mentor: string; reasons: string[] }[] };
    expect(erasedRequest.suggestions.length).toBeGreaterThan(0);
    expect(erasedRequest.suggestions.every((s) => s.reasons.length === 0)).toBe(true);
    const everything = JSON.stringify(items);
    for (const restated of ['Spanish', 'Technology', subject.name, subject.email, 'no peanuts']) expect(everything, restated).not.toContain(restated);
  });

  it('scrubs email addresses from error text before it is stored or logged (SES names the recipient)', () => {
    const ses = Object.assign(new Error('Email address is not verified. The following identities failed the check in region EU-WEST-1: Kwabena.Owusu+events@Example.org, <b@c.co>'), {
      name: 'MessageRejected',
    });
    const fields = errorFields(ses);
    expect(fields.errorMessage).toBe('Email address is not verified. The following identities failed the check in region EU-WEST-1: [address], <[address]>');
    expect(fields.stack).not.toMatch(/@Example\.org|b@c\.co/);
  });
});

describe('finding 9: the .ics files are RFC 5545', () => {
  it('attaches a calendar file with DTSTAMP in UTC and only standard (or X-) properties', async () => {
    const res = await register(t.url, 'reunion', person('ics-check'));
    expect(res.status).toBe(201);
    const [email] = await t.inboxFor('ics-check@example.org');
    const ics = email!.attachments.find((a) => a.filename === 'reunion.ics');
    const text = Buffer.from(ics!.content, 'base64').toString('utf8');
    expect(rfc5545Problems(text)).toEqual([]);
    expect(text).toMatch(/\r\nDTSTAMP:\d{8}T\d{6}Z\r\n/);
    expect(text).toContain('DTSTART;TZID=Europe/Berlin:');
  });

  it("writes the site's events calendar the same way", () => {
    const event = {
      id: 'online-talk',
      data: {
        title: 'Talk',
        summary: 'A talk',
        startsAt: new Date('2027-03-04T17:00:00Z'),
        endsAt: new Date('2027-03-04T18:00:00Z'),
        timezone: 'America/New_York',
        format: 'online',
        tags: ['careers'],
      },
    } as unknown as Event;
    expect(rfc5545Problems(eventsCalendar([event], new URL('https://alumni.example.org'), 'Alumni events'))).toEqual([]);
  });
});
