/**
 * The preview workflow's build step (.github/workflows/preview.yml): the site
 * built with BASE_PATH=/pr-<number>/ and PUBLIC_PREVIEW=1 into a temporary
 * folder. Every internal address in the output (links, pictures, scripts,
 * styles, forms) starts with the base and names a file of the build, and the
 * forms say they are disabled. The rewrite itself leaves a build without a
 * base path as it is.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withBase } from '../../site/integrations/base-path';

const root = path.resolve(import.meta.dirname, '../..');
const base = '/pr-7/';
let outDir: string;
let pages: Map<string, string>;

beforeAll(async () => {
  outDir = await mkdtemp(path.join(os.tmpdir(), 'preview-build-'));
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

  it('the forms say they are disabled, and no form island is on the page', () => {
    const give = pages.get('give/index.html') ?? '';
    expect(give).toContain('Forms are disabled in previews');
    expect(give).not.toMatch(/<astro-island[^>]*DonationForm/);
    const event = [...pages].find(([name]) => /^events\/[^/]+\/index\.html$/.test(name))?.[1] ?? '';
    expect(event).toContain('Forms are disabled in previews');
  });
});

describe('the rewrite', () => {
  it('adds the base once, to root-relative addresses only', () => {
    const html =
      '<a href="/events/">x</a><a href="/pr-7/x/">y</a><a href="https://example.org/">z</a><a href="//cdn.example/">w</a><img src="/_astro/a.png" srcset="/_astro/a.png 1x, /_astro/b.png 2x"><a href="#top">t</a>';
    expect(withBase(html, '/pr-7/')).toBe(
      '<a href="/pr-7/events/">x</a><a href="/pr-7/x/">y</a><a href="https://example.org/">z</a><a href="//cdn.example/">w</a><img src="/pr-7/_astro/a.png" srcset="/pr-7/_astro/a.png 1x, /pr-7/_astro/b.png 2x"><a href="#top">t</a>',
    );
  });
});
