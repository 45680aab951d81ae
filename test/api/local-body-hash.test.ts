/**
 * The local server asks writes for the body hash CloudFront's origin access
 * control needs in AWS (`x-amz-content-sha256`), so a form that forgets it
 * fails locally too; reads and bodiless writes pass as they do in AWS.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { createSiteServerApp } from '../../functions/local/site-server';

const distDir = mkdtempSync(path.join(tmpdir(), 'dist-'));
writeFileSync(path.join(distDir, 'index.html'), '<!doctype html><title>Home</title>');
afterAll(() => rmSync(distDir, { recursive: true, force: true }));

// A stand-in API that echoes what reached it.
const api = new Hono().all('/api/*', async (c) => c.json({ reached: true, body: await c.req.text() }));
const app = createSiteServerApp({ distDir, api });
const sha256 = (body: string) => createHash('sha256').update(body).digest('hex');
const body = JSON.stringify({ name: 'Amara', note: 'über 🎓' });
/** A write; `payload` null sends no body. */
const post = (headers: Record<string, string>, payload: string | null = body, method = 'POST') =>
  app.request('/api/donations', { method, headers: { 'Content-Type': 'application/json', ...headers }, ...(payload === null ? {} : { body: payload }) });

describe('x-amz-content-sha256 on the local server', () => {
  it('passes a write with the hex SHA-256 of its body on to the API, body intact', async () => {
    const res = await post({ 'x-amz-content-sha256': sha256(body) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ reached: true, body });
  });

  it('refuses a write with a body but no hash: 400 validation_failed naming the header', async () => {
    const res = await post({});
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: { code: string; message: string } };
    expect(json.error.code).toBe('validation_failed');
    expect(json.error.message).toMatch(/^Missing body hash: send the header x-amz-content-sha256/);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it("refuses a hash that is not the body's", async () => {
    const res = await post({ 'x-amz-content-sha256': sha256(body + ' ') }, body, 'PUT');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('does not match the request body');
  });

  it("lets reads and bodiless writes through (with the empty body's hash or none)", async () => {
    expect((await app.request('/api/funds/x/progress')).status).toBe(200);
    const del = await post({}, null, 'DELETE');
    expect(del.status, await del.clone().text()).toBe(200);
    const empty = await post({ 'x-amz-content-sha256': sha256('') }, null, 'POST');
    expect(empty.status, await empty.clone().text()).toBe(200);
  });
});
