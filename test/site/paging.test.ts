/**
 * Paged lists over more stories than the sample content has: the site built
 * over the sample content plus 60 generated stories (the benchmarks'
 * `writeContent`: the sample stories' tags and alumni under new titles), so some
 * tags and some people have more stories than one page holds. A tag's stories
 * and a person's list of stories are paged like /stories/: every story once,
 * newest first, no empty page, no page past the last, pages linked to each
 * other with rel="prev" and rel="next"; a profile page shows its first few
 * stories and links to the list only when there are more; the sitemap lists
 * every page; every internal link of every page names a file of the build; only
 * content pages are in the search index.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { XMLParser } from 'fast-xml-parser';
import { parse, type HTMLElement } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROFILE_STORIES, STORIES_PER_PAGE } from '../../site/consts';
import { parseCollection, readCollection } from '../../site/manifest/read-content';
import { privatePage } from '../../site/private-pages';
import { ourSite, writeContent } from '../bench/lib/sites';
import { root, urlPath } from './build-site';

// Inside the repository (git-ignored), so the generated site resolves the project's packages.
const dir = path.join(root, 'test/bench/.work', `paging-test-${process.pid}`);
const dist = path.join(dir, 'dist');
let pages: Map<string, HTMLElement>;
let stories: Array<{ slug: string; data: { tags: string[]; profiles: string[]; date: Date; draft: boolean } }>;
let profiles: Array<{ slug: string; data: { name: string } }>;

/** Published stories, newest first, as the site orders them. */
const newestFirst = (list: typeof stories) => [...list].sort((a, b) => b.data.date.getTime() - a.data.date.getTime() || a.slug.localeCompare(b.slug));

const page = (url: string) => {
  const file = url === '/' ? 'index.html' : `${url.slice(1)}index.html`;
  const found = pages.get(file);
  if (!found) throw new Error(`${url} was not built`);
  return found;
};
const cards = (html: HTMLElement) => html.querySelectorAll('main .card__title a').map((a) => a.getAttribute('href'));
const rel = (html: HTMLElement, name: 'prev' | 'next') => html.querySelector(`main a[rel="${name}"]`)?.getAttribute('href');

/**
 * Follows a paged list from its first page by rel="next": the stories of each
 * page in order, after checking each page's rel="prev" points back, no page is
 * empty, and the last has no rel="next".
 */
function walk(first: string): { urls: string[]; listed: string[] } {
  const urls = [first];
  const listed: string[] = [];
  for (let url: string | undefined = first; url;) {
    const html = page(url);
    const onPage = cards(html);
    expect(onPage.length, url).toBeGreaterThan(0);
    expect(onPage.length, url).toBeLessThanOrEqual(STORIES_PER_PAGE);
    listed.push(...(onPage as string[]));
    expect(rel(html, 'prev'), url).toBe(urls.length === 1 ? undefined : urls[urls.length - 2]);
    url = rel(html, 'next');
    if (url) urls.push(url);
    expect(urls.length).toBeLessThan(1000);
  }
  return { urls, listed };
}

beforeAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  writeContent(dir, 60);
  ourSite(dir);
  await promisify(execFile)(process.execPath, [path.join(root, 'node_modules/astro/bin/astro.mjs'), 'build', '--root', dir], {
    cwd: dir,
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const content = path.join(dir, 'content');
  stories = parseCollection(await readCollection(content, 'stories'), 'stories', dir).filter((s) => !s.data.draft);
  profiles = parseCollection(await readCollection(content, 'profiles'), 'profiles', dir);
  pages = new Map();
  for (const name of (await readdir(dist, { recursive: true })).filter((n) => n.endsWith('.html'))) pages.set(name.split(path.sep).join('/'), parse(await readFile(path.join(dist, name), 'utf8')));
}, 600_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('tag pages', () => {
  it('page every tag like /stories/: each story with the tag once, newest first, on linked pages, none empty', () => {
    const tags = [...new Set(stories.flatMap((s) => s.data.tags))];
    expect(tags.length).toBeGreaterThan(0);
    let paged = 0;
    for (const tag of tags) {
      const expected = newestFirst(stories.filter((s) => s.data.tags.includes(tag))).map((s) => `/stories/${s.slug}/`);
      const { urls, listed } = walk(`/stories/tags/${tag}/`);
      expect(listed, tag).toEqual(expected);
      expect(urls, tag).toEqual(Array.from({ length: Math.ceil(expected.length / STORIES_PER_PAGE) }, (_, i) => `/stories/tags/${tag}/${i === 0 ? '' : `${i + 1}/`}`));
      expect(pages.has(`stories/tags/${tag}/${urls.length + 1}/index.html`), `${tag} has no page past the last`).toBe(false);
      if (urls.length > 1) paged++;
    }
    expect(paged, 'tags with more stories than a page').toBeGreaterThan(0);
  });

  it('a tag with more stories than a page has a page 2 that links back to page 1 and on to page 3 when there is one', () => {
    const counts = new Map<string, number>();
    for (const s of stories) for (const t of new Set(s.data.tags)) counts.set(t, (counts.get(t) ?? 0) + 1);
    const [tag, count] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    expect(count).toBeGreaterThan(STORIES_PER_PAGE);
    const second = page(`/stories/tags/${tag}/2/`);
    expect(rel(second, 'prev')).toBe(`/stories/tags/${tag}/`);
    expect(rel(second, 'next')).toBe(count > 2 * STORIES_PER_PAGE ? `/stories/tags/${tag}/3/` : undefined);
    expect(rel(page(`/stories/tags/${tag}/`), 'next')).toBe(`/stories/tags/${tag}/2/`);
    expect(second.querySelector('h1')?.text).toMatch(/page 2$/);
    expect(second.querySelector('title')?.text).toMatch(/page 2 · /);
  });
});

describe("a person's stories", () => {
  it('a profile page shows their first stories and links to the paged list only when there are more', () => {
    let linked = 0;
    for (const { slug, data } of profiles) {
      const theirs = newestFirst(stories.filter((s) => s.data.profiles.includes(slug))).map((s) => `/stories/${s.slug}/`);
      const html = page(`/profiles/${slug}/`);
      expect(cards(html), slug).toEqual(theirs.slice(0, PROFILE_STORIES));
      const link = html.querySelector(`main a[href="/profiles/${slug}/stories/"]`);
      const listFile = `profiles/${slug}/stories/index.html`;
      if (theirs.length > PROFILE_STORIES) {
        linked++;
        expect(link?.text, slug).toContain(`All ${theirs.length} stories featuring ${data.name}`);
        const { urls, listed } = walk(`/profiles/${slug}/stories/`);
        expect(listed, slug).toEqual(theirs);
        expect(urls).toHaveLength(Math.ceil(theirs.length / STORIES_PER_PAGE));
        expect(pages.has(`profiles/${slug}/stories/${urls.length + 1}/index.html`)).toBe(false);
      } else {
        expect(link, slug).toBeNull();
        expect(pages.has(listFile), slug).toBe(false);
      }
    }
    expect(linked, 'people in more stories than a profile page shows').toBeGreaterThan(0);
  });

  it('someone in more stories than a page has a page 2 linked both ways', () => {
    const counts = new Map<string, number>();
    for (const s of stories) for (const p of new Set(s.data.profiles)) counts.set(p, (counts.get(p) ?? 0) + 1);
    const [slug, count] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    expect(count).toBeGreaterThan(STORIES_PER_PAGE);
    const second = page(`/profiles/${slug}/stories/2/`);
    expect(rel(second, 'prev')).toBe(`/profiles/${slug}/stories/`);
    expect(rel(page(`/profiles/${slug}/stories/`), 'next')).toBe(`/profiles/${slug}/stories/2/`);
    expect(second.querySelector(`main a[href="/profiles/${slug}/"]`), 'links back to the profile').not.toBeNull();
  });
});

describe('the whole build', () => {
  it('lists every public page in the sitemap, paged lists included', async () => {
    const parser = new XMLParser();
    const index = parser.parse(await readFile(path.join(dist, 'sitemap-index.xml'), 'utf8'));
    const listed: string[] = [];
    for (const entry of [index.sitemapindex.sitemap].flat()) {
      const file = new URL(entry.loc).pathname.slice(1);
      listed.push(...[parser.parse(await readFile(path.join(dist, file), 'utf8')).urlset.url].flat().map((u: { loc: string }) => new URL(u.loc).pathname));
    }
    const expected = [...pages.keys()].map(urlPath).filter((u) => u !== '/404.html' && !privatePage.test(u));
    expect(listed.sort()).toEqual(expected.sort());
    expect(listed).toContain('/stories/tags/entrepreneurship/2/');
  });

  it('every internal link of every page names a file of the build', () => {
    const missing = new Set<string>();
    for (const [file, html] of pages) {
      for (const a of html.querySelectorAll('a[href^="/"]')) {
        const url = a.getAttribute('href')!.replace(/[?#].*$/, '');
        if (url.startsWith('/api/')) continue;
        const target = path.join(dist, decodeURIComponent(url.endsWith('/') ? `${url}index.html` : url));
        if (!existsSync(target)) missing.add(`${file}: ${url}`);
      }
    }
    expect([...missing]).toEqual([]);
  });

  it('indexes for search only the content pages, never a listing', () => {
    const searchable = [...pages].filter(([, html]) => html.querySelector('[data-pagefind-body]') !== null).map(([file]) => urlPath(file));
    const content = /^\/(stories|events|profiles|funds)\/[^/]+\/$|^\/mentoring\/guidelines\/$/;
    const listings = /^\/stories\/(\d+|tags\/.*)\/$|^\/profiles\/[^/]+\/stories\/|^\/$|^\/profiles\/$/;
    expect(searchable.filter((u) => !content.test(u) || listings.test(u))).toEqual([]);
    for (const s of stories) expect(searchable).toContain(`/stories/${s.slug}/`);
    for (const p of profiles) expect(searchable).toContain(`/profiles/${p.slug}/`);
    expect(searchable.filter((u) => u.startsWith('/funds/')).length).toBeGreaterThan(0);
    expect(searchable).toContain('/mentoring/guidelines/');
    const entry = JSON.parse(readFileSync(path.join(dist, 'pagefind/pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> };
    expect(
      Object.values(entry.languages).reduce((n, l) => n + l.page_count, 0),
      'pages in the Pagefind index',
    ).toBe(searchable.length);
  });
});
