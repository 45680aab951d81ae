/**
 * The local stack behind `npm start`: DynamoDB Local keeps data across a
 * restart, a missing Java is named plainly, the site server serves dist/ like
 * CloudFront does, and settings fail fast with every problem named.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureTable } from '../../functions/local/create-table';
import { startDynamoDbLocal } from '../../functions/local/dynamodb-local';
import { MissingComponent } from '../../functions/local/ports';
import { createSiteServerApp } from '../../functions/local/site-server';
import { ConfigError, loadSettings } from '../../functions/shared/config';
import { securityHeaders } from '../../site/security-headers';

const temp: string[] = [];
afterAll(async () => {
  for (const dir of temp) await rm(dir, { recursive: true, force: true });
});

describe('DynamoDB Local', () => {
  it('keeps records in its data folder across a restart', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'ddb-'));
    temp.push(dataDir);
    const put = async (endpoint: string) => {
      const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
      await ensureTable(client, 'kept');
      return client;
    };
    const first = await startDynamoDbLocal({ dataDir });
    const c1 = await put(first.endpoint);
    await DynamoDBDocumentClient.from(c1).send(new PutCommand({ TableName: 'kept', Item: { PK: 'A', SK: 'B', value: 42 } }));
    c1.destroy();
    await first.stop();

    const second = await startDynamoDbLocal({ dataDir });
    const c2 = await put(second.endpoint);
    const got = await DynamoDBDocumentClient.from(c2).send(new GetCommand({ TableName: 'kept', Key: { PK: 'A', SK: 'B' } }));
    c2.destroy();
    await second.stop();
    expect(got.Item?.value).toBe(42);
  });

  it('says plainly that Java is missing instead of failing with a stack trace', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const error = await startDynamoDbLocal().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(MissingComponent);
      expect((error as Error).message).toMatch(/Java is not installed.*Install Java 17/);
    } finally {
      process.env.PATH = path;
    }
  });
});

describe('the local site server', () => {
  it('serves dist/ with directory indexes, trailing-slash redirects, .ics types, the 404 page, security headers, and hands /api to the API', async () => {
    const dist = await mkdtemp(path.join(tmpdir(), 'dist-'));
    temp.push(dist);
    await mkdir(path.join(dist, 'events', 'reunion'), { recursive: true });
    await mkdir(path.join(dist, '_astro'), { recursive: true });
    await writeFile(path.join(dist, 'index.html'), '<h1>Home</h1>');
    await writeFile(path.join(dist, '404.html'), '<h1>Not here</h1>');
    await writeFile(path.join(dist, 'events', 'reunion', 'index.html'), '<h1>Reunion</h1>');
    await writeFile(path.join(dist, 'events', 'reunion.ics'), 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n');
    await writeFile(path.join(dist, '_astro', 'app.abc123.js'), 'console.log(1)');
    const api = new Hono().basePath('/api').get('/health', (c) => c.json({ status: 'ok' }));
    const app = createSiteServerApp({ distDir: dist, api });

    const home = await app.request('/');
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Home');
    for (const [name, value] of Object.entries(securityHeaders)) expect(home.headers.get(name)).toBe(value);

    const page = await app.request('/events/reunion/');
    expect(await page.text()).toContain('Reunion');
    const bare = await app.request('/events/reunion?x=1');
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/events/reunion/?x=1');

    const ics = await app.request('/events/reunion.ics');
    expect(ics.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect((await app.request('/_astro/app.abc123.js')).headers.get('cache-control')).toContain('immutable');

    const missing = await app.request('/no/such/page/');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('Not here');
    expect(missing.headers.get('content-security-policy')).toBe(securityHeaders['Content-Security-Policy']);
    expect((await app.request('/../../etc/passwd')).status).toBe(404);

    const health = await app.request('/api/health');
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(health.headers.get('x-frame-options')).toBe('DENY');
  });
});

describe('settings', () => {
  it('fail fast, naming every missing or invalid variable at once', () => {
    expect(() => loadSettings(['TABLE_NAME', 'SITE_URL', 'RETENTION_DAYS'], { SITE_URL: 'not a url', RETENTION_DAYS: '-3' })).toThrowError(ConfigError);
    try {
      loadSettings(['TABLE_NAME', 'SITE_URL', 'RETENTION_DAYS'], { SITE_URL: 'not a url', RETENTION_DAYS: '-3' });
    } catch (error) {
      expect((error as Error).message).toMatch(/TABLE_NAME: required.*SITE_URL: required.*RETENTION_DAYS: must be/);
    }
  });

  it('apply defaults and trim a trailing slash from the site address', () => {
    expect(loadSettings(['TABLE_NAME', 'SITE_URL', 'RETENTION_DAYS', 'RATE_LIMIT_PER_MINUTE'], { TABLE_NAME: 't', SITE_URL: 'https://alumni.example.org/' })).toEqual({
      TABLE_NAME: 't',
      SITE_URL: 'https://alumni.example.org',
      RETENTION_DAYS: 365,
      RATE_LIMIT_PER_MINUTE: 60,
    });
  });
});
