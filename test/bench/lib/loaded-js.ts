/**
 * The JavaScript a browser really fetches when a page opens and the reader
 * does nothing: each page of a build is opened in Chromium (served as the
 * local server serves dist/, without the API) at a given screen size, and the
 * scripts it requests until the network has been quiet for a second are counted, each file
 * gzipped on its own as in page-assets.ts. What hydrates "when near" loads
 * here if it is near the first screen at that size, as it would for a reader.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { serve } from '@hono/node-server';
import { chromium } from '@playwright/test';
import { Hono } from 'hono';
import { createSiteServerApp } from '../../../functions/local/site-server';

export interface Screen {
  name: string;
  width: number;
  height: number;
}

/** Lighthouse's two screens: its mobile default (a mid-range phone) and its desktop preset. */
export const screens: Screen[] = [
  { name: 'phone', width: 412, height: 823 },
  { name: 'desktop', width: 1350, height: 940 },
];

/** How long the network must stay quiet before a page counts as loaded. */
const quietMs = 1_000;
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** For each page address, per screen name: gzipped bytes of the script files it fetched at load (inline scripts are not fetched: add them apart). */
export async function scriptsAtLoad(distDir: string, addresses: string[]): Promise<Map<string, Record<string, { gzip: number; files: string[] }>>> {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: createSiteServerApp({ distDir, api: new Hono() }).fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const gzipOf = new Map<string, number>();
  const gzipped = (file: string) => {
    if (!gzipOf.has(file)) gzipOf.set(file, gzipSync(readFileSync(path.join(distDir, decodeURIComponent(file))), { level: 9 }).length);
    return gzipOf.get(file)!;
  };
  const results = new Map<string, Record<string, { gzip: number; files: string[] }>>();
  try {
    for (const screen of screens) {
      const context = await browser.newContext({ viewport: { width: screen.width, height: screen.height } });
      for (const address of addresses) {
        const page = await context.newPage();
        const files = new Set<string>();
        let pending = 0;
        let lastActivity = Date.now();
        page.on('request', (r) => {
          pending++;
          lastActivity = Date.now();
          const url = new URL(r.url());
          if (r.resourceType() === 'script' && url.origin === origin) files.add(url.pathname);
        });
        const settled = () => {
          pending--;
          lastActivity = Date.now();
        };
        page.on('requestfinished', settled);
        page.on('requestfailed', settled);
        await page.goto(`${origin}${address}`, { waitUntil: 'load' });
        // Two frames drawn (an island near the first screen starts loading after the first layout), then a quiet network for a second.
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
        while (pending > 0 || Date.now() - lastActivity < quietMs) await page.waitForTimeout(100);
        await page.close();
        const list = [...files].sort();
        results.set(address, { ...results.get(address), [screen.name]: { gzip: list.reduce((sum, f) => sum + gzipped(f), 0), files: list } });
      }
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  return results;
}
