/**
 * The preview workflow's build step (.github/workflows/preview.yml): the site
 * built with BASE_PATH=/pr-<number>/ and PUBLIC_PREVIEW=1 into a temporary
 * folder. Every internal address in the output (links, pictures, scripts,
 * styles, forms) starts with the base and names a file of the build, and the
 * forms say they are disabled. Search works there: the search script loads
 * Pagefind from /pr-7/pagefind/ and every page in the index, with the base in
 * front, names a file of the build; in Chromium, with the build served under
 * /pr-7/ only (as the preview distribution does), a search finds a story and
 * links to it under the base, and no page asks for anything outside /pr-7/
 * (the API included: a preview has none). The rewrite itself leaves a build
 * without a base path as it is.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { chromium } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withBase } from '../../site/integrations/base-path';
import { newBuildDir, root } from './build-site';

const base = '/pr-7/';
let outDir: string;
let pages: Map<string, string>;

beforeAll(async () => {
  outDir = await newBuildDir('preview-build');
  await promisify(execFile)(process.execPath, [path.join(root, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', outDir], {
    cwd: root,
    env: { ...process.env, BASE_PATH: base, PUBLIC_PREVIEW: '1', SITE_URL: 'https://preview.example.test', NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const names = (await readdir(outDir, { recursive: true })).filter((n) => n.endsWith('.html'));
  pages = new Map(await Promise.all(names.map(async (n) => [n, await readFile(path.join(outDir, n), 'utf8')] as [string, string])));
}, 600_000);
afterAll(() => rm(outDir, { recursive: true, force: true }));

/** Root-relative addresses in attributes of a page. */
function addresses(html: string): string[] {
  const found: string[] = [];
  for (const m of html.matchAll(/\s(?:href|src|action|poster)\s*=\s*["'](\/(?!\/)[^"']*)["']/gi)) found.push(m[1]!);
  for (const m of html.matchAll(/\ssrcset\s*=\s*["']([^"']*)["']/gi)) for (const part of m[1]!.split(',')) if (part.trim().startsWith('/')) found.push(part.trim().split(/\s+/)[0]!);
  return found;
}

describe('a build for a preview, under /pr-7/', () => {
  it('every internal address starts with the base', () => {
    expect(pages.size).toBeGreaterThan(20);
    const outside = [...pages].flatMap(([page, html]) =>
      addresses(html)
        .filter((url) => !url.startsWith(base))
        .map((url) => `${page}: ${url}`),
    );
    expect(outside).toEqual([]);
  });

  it('and names a file of the build (pages, pictures, scripts, styles)', () => {
    const missing = new Set<string>();
    for (const [page, html] of pages) {
      for (const url of addresses(html)) {
        const local = decodeURIComponent(url.slice(base.length - 1).replace(/[?#].*$/, ''));
        if (local.startsWith('/api/')) continue;
        const file = path.join(outDir, local.endsWith('/') ? `${local}index.html` : local);
        if (!existsSync(file)) missing.add(`${page}: ${url}`);
      }
    }
    expect([...missing]).toEqual([]);
  });

  it('the search script has the base to load Pagefind from and to give result links', async () => {
    const search = pages.get('search/index.html') ?? '';
    // The script is inline or a module file of the build, as Vite decides by its size.
    const scripts = [...search.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]!);
    const code = (await Promise.all(scripts.map((src) => readFile(path.join(outDir, src.slice(base.length)), 'utf8')))).join('\n') + search;
    // The base as Vite wrote it into the script, in front of the bundle's path; never the bundle at the root.
    expect(code).toMatch(new RegExp(`["'\`]${base}["'\`]`));
    expect(code).toContain('pagefind/pagefind.js');
    expect(code).not.toMatch(/["'`]\/pagefind\//);
    expect(existsSync(path.join(outDir, 'pagefind/pagefind.js'))).toBe(true);
  });

  it('every page in the search index, with the base in front, is a page of the build', async () => {
    // Pagefind's fragments: gzip of "pagefind_dcd" and the page's JSON, whose url is the page's address from the site's root.
    const fragments = await readdir(path.join(outDir, 'pagefind/fragment'));
    const urls = await Promise.all(
      fragments.map(async (name) => {
        const text = gunzipSync(await readFile(path.join(outDir, 'pagefind/fragment', name))).toString('utf8');
        return (JSON.parse(text.replace(/^pagefind_dcd/, '')) as { url: string }).url;
      }),
    );
    expect(urls.length).toBeGreaterThan(10);
    expect(urls.filter((url) => url.startsWith(base))).toEqual([]);
    // The link a visitor follows is the base and the url; under the base, that is the url's folder in the build.
    const links = urls.map((url) => `${base}${url.slice(1)}`);
    expect(links.filter((link) => !existsSync(path.join(outDir, link.slice(base.length), 'index.html')))).toEqual([]);
    expect(urls).toContain('/stories/hana-kobayashi-building-with-timber/');
  });

  it('in Chromium, under /pr-7/ only, a search finds a story and links to it under the base; no page asks outside the base', async () => {
    const server = await serveUnderBase(outDir, base);
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage();
      const requested: string[] = [];
      page.on('request', (request) => void requested.push(new URL(request.url()).pathname));
      await page.goto(`${origin}${base}search/?q=timber`, { waitUntil: 'domcontentloaded' });
      const first = page.locator('[data-search-results] a').first();
      await first.waitFor({ timeout: 10_000 });
      const links = await page.locator('[data-search-results] a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
      expect(links).toContain(`${base}stories/hana-kobayashi-building-with-timber/`);
      expect(links.filter((href) => !href.startsWith(base))).toEqual([]);
      expect(requested).toContain(`${base}pagefind/pagefind.js`);

      await first.click();
      await page.waitForURL((url) => url.pathname !== `${base}search/`);
      expect(await page.locator('h1').first().textContent()).toBeTruthy();
      expect(new URL(page.url()).pathname.startsWith(base)).toBe(true);
      // Pages whose scripts would ask the API on a stage (mentor availability, fund progress, who's coming): on a
      // preview they ask nothing, and nothing else outside the base either.
      for (const address of ['', 'give/', 'events/alumni-walk-lisbon-2027/']) await page.goto(`${origin}${base}${address}`, { waitUntil: 'networkidle' });
      expect(requested.filter((pathname) => !pathname.startsWith(base))).toEqual([]);
    } finally {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('the forms say they are disabled, and no form island is on the page', () => {
    const give = pages.get('give/index.html') ?? '';
    expect(give).toContain('Forms are disabled in previews');
    expect(give).not.toMatch(/<astro-island[^>]*DonationForm/);
    const event = [...pages].find(([name]) => /^events\/[^/]+\/index\.html$/.test(name))?.[1] ?? '';
    expect(event).toContain('Forms are disabled in previews');
  });
});

/**
 * The build served as the preview distribution serves it (infra/constructs/preview/preview-request.js): only under
 * the base, a folder address as its index.html; anything else 404. On 127.0.0.1, on a free port.
 */
async function serveUnderBase(dir: string, prefix: string): Promise<Server> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml' };
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    if (!pathname.startsWith(prefix) || pathname.includes('..')) return void response.writeHead(404).end();
    const file = path.join(dir, pathname.slice(prefix.length), pathname.endsWith('/') ? 'index.html' : '');
    readFile(file).then(
      (body) => response.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' }).end(body),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

describe('the rewrite', () => {
  it('adds the base once, to root-relative addresses only', () => {
    const html =
      '<a href="/events/">x</a><a href="/pr-7/x/">y</a><a href="https://example.org/">z</a><a href="//cdn.example/">w</a><img src="/_astro/a.png" srcset="/_astro/a.png 1x, /_astro/b.png 2x"><a href="#top">t</a>';
    expect(withBase(html, '/pr-7/')).toBe(
      '<a href="/pr-7/events/">x</a><a href="/pr-7/x/">y</a><a href="https://example.org/">z</a><a href="//cdn.example/">w</a><img src="/pr-7/_astro/a.png" srcset="/pr-7/_astro/a.png 1x, /pr-7/_astro/b.png 2x"><a href="#top">t</a>',
    );
  });
});
