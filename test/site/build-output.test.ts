/**
 * The built site, file by file: every page type exists, feeds and calendars
 * parse as readers' apps parse them, the sitemap lists every public page,
 * content pages ship no JavaScript, structured data and canonical URLs are right,
 * and private data (an event's join link) never reaches a public file.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import ICAL from 'ical.js';
import { parse, type HTMLElement } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCollection, readCollection } from '../../site/manifest/read-content';
import { STORIES_PER_PAGE } from '../../site/consts';
import { PROFILES_PER_PAGE, valueSlug, type DirectoryIndex, type StoryIndex } from '../../site/lib/list-index';
import { privatePage } from '../../site/private-pages';
import { buildSite, root, SITE_URL, urlPath, type BuiltSite } from './build-site';

const contentDir = path.join(root, 'content');
const load = async <C extends 'stories' | 'events' | 'profiles' | 'funds'>(c: C) => parseCollection(await readCollection(contentDir, c), c, root);

let site: BuiltSite;
let stories: Awaited<ReturnType<typeof load<'stories'>>>;
let events: Awaited<ReturnType<typeof load<'events'>>>;
let profiles: Awaited<ReturnType<typeof load<'profiles'>>>;
let funds: Awaited<ReturnType<typeof load<'funds'>>>;
let pages: Map<string, HTMLElement>;

const html = (file: string) => {
  const page = pages.get(file);
  if (!page) throw new Error(`${file} was not built`);
  return page;
};

/** Pages that may run JavaScript: the events pages (the reader's clock), the directory filters, search, form islands, and live mentor availability (home, profiles). */
const mayShipScript = [
  /^index\.html$/,
  /^profiles\/[^/]+\/index\.html$/,
  /^mentoring\/manage\/index\.html$/,
  /^events\/index\.html$/,
  /^events\/[^/]+\/index\.html$/,
  /^events\/[^/]+\/manage\/index\.html$/,
  /^events\/[^/]+\/rate\/index\.html$/,
  /^newsletter\/(confirm\/|preferences\/)?index\.html$/,
  /^profiles\/index\.html$/,
  // The directory's pages: everyone, each filter value and the mentors, paged; and the stories list's topic filter.
  /^profiles\/(\d+|mentors|mentors\/\d+|(industry|country|year|language)\/[^/]+(\/\d+)?)\/index\.html$/,
  /^stories\/(\d+\/)?index\.html$/,
  /^search\/index\.html$/,
  /^mentoring\/index\.html$/,
  /^mentoring\/respond\/index\.html$/,
  /^give\/index\.html$/,
  /^funds\/[^/]+\/index\.html$/,
];

beforeAll(async () => {
  [site, stories, events, profiles, funds] = await Promise.all([buildSite(), load('stories'), load('events'), load('profiles'), load('funds')]);
  stories = stories.filter((s) => !s.data.draft);
  pages = new Map();
  for (const file of site.files.filter((f) => f.endsWith('.html'))) pages.set(file, parse(await site.read(file)));
}, 180_000);

afterAll(async () => {
  await site?.remove();
});

describe('every page type', () => {
  it('has the fixed pages', () => {
    for (const file of [
      'index.html',
      'stories/index.html',
      'events/index.html',
      'profiles/index.html',
      'mentoring/index.html',
      'mentoring/respond/index.html',
      'give/index.html',
      'search/index.html',
      '404.html',
      'robots.txt',
      'sitemap-index.xml',
      'stories/rss.xml',
      'events.ics',
      'pagefind/pagefind.js',
    ]) {
      expect(site.files, file).toContain(file);
    }
  });

  it('has a page for every story, event, profile and fund, and a calendar file and manage page per event', () => {
    expect(stories.length).toBeGreaterThan(0);
    for (const { slug } of stories) expect(site.files).toContain(`stories/${slug}/index.html`);
    for (const { slug } of events) {
      expect(site.files).toContain(`events/${slug}/index.html`);
      expect(site.files).toContain(`events/${slug}/manage/index.html`);
      expect(site.files).toContain(`events/${slug}.ics`);
    }
    for (const { slug } of profiles) expect(site.files).toContain(`profiles/${slug}/index.html`);
    for (const { slug } of funds) expect(site.files).toContain(`funds/${slug}/index.html`);
  });

  it('has a page per story tag listing exactly the stories with that tag', () => {
    const tags = new Set(stories.flatMap((s) => s.data.tags));
    expect(tags.size).toBeGreaterThan(0);
    for (const tag of tags) {
      const page = html(`stories/tags/${tag}/index.html`);
      const linked = page.querySelectorAll('main .card__title a').map((a) => a.getAttribute('href'));
      const expected = stories.filter((s) => s.data.tags.includes(tag)).map((s) => `/stories/${s.slug}/`);
      expect(linked.sort()).toEqual(expected.sort());
    }
  });

  it('paginates the stories newest first, every story once', () => {
    const pageCount = Math.ceil(stories.length / STORIES_PER_PAGE);
    const listed: string[] = [];
    for (let n = 1; n <= pageCount; n++) {
      const page = html(n === 1 ? 'stories/index.html' : `stories/${n}/index.html`);
      listed.push(...page.querySelectorAll('main .card__title a').map((a) => a.getAttribute('href') ?? ''));
    }
    const newestFirst = [...stories].sort((a, b) => b.data.date.getTime() - a.data.date.getTime()).map((s) => `/stories/${s.slug}/`);
    expect(listed).toEqual(newestFirst);
    expect(site.files).not.toContain(`stories/${pageCount + 1}/index.html`);
  });

  it('links a story to the profiles of the alumni it features', () => {
    const story = stories.find((s) => s.data.profiles.length > 0);
    expect(story, 'a story featuring alumni').toBeDefined();
    const links = html(`stories/${story!.slug}/index.html`)
      .querySelectorAll('.story__aside a')
      .map((a) => a.getAttribute('href'));
    for (const slug of story!.data.profiles) expect(links).toContain(`/profiles/${slug}/`);
  });

  it('offers mentors, and only mentors, a "request as mentor" link', () => {
    for (const { slug, data } of profiles) {
      const link = html(`profiles/${slug}/index.html`).querySelector(`a[href="/mentoring/?mentor=${slug}"]`);
      const available = data.mentor?.available === true && data.mentor.capacity > 0;
      expect(link !== null, slug).toBe(available);
    }
  });

  describe('the directory', () => {
    const isMentor = (p: (typeof profiles)[number]) => p.data.mentor?.available === true && p.data.mentor.capacity > 0;
    const slug = (v: string) => valueSlug(v);
    /** The profile links of a paged list starting at `first`, following its "Next page" links; checks each page links back. */
    const listed = (first: string) => {
      const out: string[] = [];
      let file: string | undefined = first;
      let previous: string | undefined;
      while (file) {
        const page = html(file);
        out.push(...page.querySelectorAll('[data-directory] .card__title a').map((a) => a.getAttribute('href') ?? ''));
        expect(page.querySelector('.pagination a[rel="prev"]')?.getAttribute('href'), `${file} links back`).toBe(previous);
        const next = page.querySelector('.pagination a[rel="next"]')?.getAttribute('href');
        previous = urlPath(file);
        file = next ? `${next.slice(1)}index.html` : undefined;
        if (file) expect(site.files, `${next} exists`).toContain(file);
      }
      return out;
    };
    const byName = (list: typeof profiles) => [...list].sort((a, b) => a.data.name.localeCompare(b.data.name, 'en')).map((p) => `/profiles/${p.slug}/`);

    it('pages everyone, by name, each profile once, with valid previous and next links', () => {
      expect(listed('profiles/index.html')).toEqual(byName(profiles));
      const first = html('profiles/index.html');
      expect(first.querySelectorAll('[data-directory] > li').length).toBe(Math.min(PROFILES_PER_PAGE, profiles.length));
      expect(first.querySelector('.lead')?.text).toContain(`${profiles.length} alumni in ${new Set(profiles.map((p) => p.data.country)).size} countries`);
      expect(first.querySelector('[data-directory-count]')?.getAttribute('role')).toBe('status');
    });

    it('has a paged list per filter value listing exactly the matching profiles, and links to each from every directory page', () => {
      const facets: Array<[string, (p: (typeof profiles)[number]) => string[]]> = [
        ['industry', (p) => [p.data.industry]],
        ['country', (p) => [p.data.country]],
        ['year', (p) => [String(p.data.classYear)]],
        ['language', (p) => p.data.languages],
      ];
      const browse = html('profiles/index.html')
        .querySelectorAll('nav.browse a')
        .map((a) => a.getAttribute('href'));
      for (const [facet, values] of facets) {
        for (const value of new Set(profiles.flatMap(values))) {
          const path = `/profiles/${facet}/${slug(value)}/`;
          expect(browse, path).toContain(path);
          expect(
            html(`${path.slice(1)}index.html`)
              .querySelector(`select[name="${facet}"] option[selected]`)
              ?.getAttribute('value'),
          ).toBe(slug(value));
          expect(listed(`${path.slice(1)}index.html`), path).toEqual(byName(profiles.filter((p) => values(p).includes(value))));
        }
      }
      expect(browse).toContain('/profiles/mentors/');
      expect(listed('profiles/mentors/index.html')).toEqual(byName(profiles.filter(isMentor)));
      expect(site.files.filter((f) => /^profiles\/(industry|country|year|language)\/[^/]+\/index\.html$/.test(f)).length).toBe(
        facets.reduce((n, [, values]) => n + new Set(profiles.flatMap(values)).size, 0),
      );
    });

    it('publishes a filter index with one row per profile, as the cards show them', async () => {
      const index = JSON.parse(await site.read('profiles/index.json')) as DirectoryIndex;
      expect(index.profiles.map((r) => `/profiles/${r[0]}/`)).toEqual(byName(profiles));
      for (const row of index.profiles) {
        const p = profiles.find((q) => q.slug === row[0])!;
        expect(row[1]).toBe(p.data.name);
        expect(index.industries[row[6]]![0]).toBe(p.data.industry);
        expect(index.countries[row[8]]![0]).toBe(p.data.country);
        expect(row[9].map((l) => index.languages[l]![0])).toEqual(p.data.languages);
        expect(row[10]).toBe(isMentor(p) ? 1 : 0);
        if (row[11] >= 0) expect(site.files).toContain(index.photos[row[11]]!.src.slice(1));
      }
    });

    it("publishes the stories index newest first, with each story's tags", async () => {
      const index = JSON.parse(await site.read('stories/index.json')) as StoryIndex;
      const newestFirst = [...stories].sort((a, b) => b.data.date.getTime() - a.data.date.getTime() || a.slug.localeCompare(b.slug));
      expect(index.stories.map((r) => r[0])).toEqual(newestFirst.map((s) => s.slug));
      for (const [i, row] of index.stories.entries()) expect(row[3].map((t) => index.tags[t])).toEqual(newestFirst[i]!.data.tags);
    });
  });

  it('splits events into upcoming (soonest first) and past (latest first) by the build clock', () => {
    const page = html('events/index.html');
    const now = Date.now();
    const slugsIn = (list: string) => page.querySelectorAll(`[data-event-list="${list}"] .card__title a`).map((a) => a.getAttribute('href'));
    const upcoming = events.filter((e) => e.data.endsAt.getTime() > now).sort((a, b) => a.data.startsAt.getTime() - b.data.startsAt.getTime());
    const past = events.filter((e) => e.data.endsAt.getTime() <= now).sort((a, b) => b.data.startsAt.getTime() - a.data.startsAt.getTime());
    expect(slugsIn('upcoming')).toEqual(upcoming.map((e) => `/events/${e.slug}/`));
    expect(slugsIn('past')).toEqual(past.map((e) => `/events/${e.slug}/`));
  });

  it('gives each event page its time in the event zone, its place or "Online", and the registration mount point', () => {
    for (const { slug, data } of events) {
      const page = html(`events/${slug}/index.html`);
      const facts = page.querySelector('.event__facts')?.text ?? '';
      expect(facts).toContain(data.timezone);
      if (data.format === 'online') expect(facts).toContain('Online');
      else expect(facts).toContain(data.venue!);
      expect(page.querySelector('[data-local-time]')?.getAttribute('data-zone')).toBe(data.timezone);
      expect(page.querySelector('[data-form-mount="registration"]')?.getAttribute('data-event')).toBe(slug);
    }
  });

  it('has a form mount point on every page that will carry a form island', () => {
    expect(html('mentoring/index.html').querySelector('[data-form-mount="mentor-request"]')).not.toBeNull();
    expect(html('mentoring/respond/index.html').querySelector('[data-form-mount="mentor-response"]')).not.toBeNull();
    expect(html('give/index.html').querySelector('[data-form-mount="donation"]')).not.toBeNull();
    for (const { slug } of events) expect(html(`events/${slug}/manage/index.html`).querySelector('[data-form-mount="manage-registration"]')).not.toBeNull();
    for (const { slug } of funds) expect(html(`funds/${slug}/index.html`).querySelector(`[data-form-mount="fund-progress"][data-fund="${slug}"]`)).not.toBeNull();
  });
});

describe('feeds and calendars', () => {
  it('publishes the stories as valid RSS, newest first, with absolute links', async () => {
    const xml = await site.read('stories/rss.xml');
    const feed = new XMLParser({ ignoreAttributes: false }).parse(xml);
    const items: Array<{ title: string; link: string; pubDate: string }> = [feed.rss.channel.item].flat();
    expect(items).toHaveLength(stories.length);
    const newestFirst = [...stories].sort((a, b) => b.data.date.getTime() - a.data.date.getTime());
    expect(items.map((i) => i.link)).toEqual(newestFirst.map((s) => `${SITE_URL}/stories/${s.slug}/`));
    for (const item of items) expect(Number.isNaN(Date.parse(item.pubDate))).toBe(false);
  });

  const readCalendar = (text: string) => {
    const calendar = new ICAL.Component(ICAL.parse(text));
    for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
    return calendar;
  };

  it('gives each event an .ics in its own time zone, with a VTIMEZONE for the TZID, at the right instant', async () => {
    for (const { slug, data } of events) {
      const calendar = readCalendar(await site.read(`events/${slug}.ics`));
      const vevents = calendar.getAllSubcomponents('vevent');
      expect(vevents).toHaveLength(1);
      const event = new ICAL.Event(vevents[0]);
      expect(event.summary).toBe(data.title);
      expect(vevents[0]!.getFirstProperty('dtstart')?.getParameter('tzid')).toBe(data.timezone);
      expect(calendar.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid'))).toContain(data.timezone);
      expect(event.startDate.toJSDate().toISOString()).toBe(data.startsAt.toISOString());
      expect(event.endDate.toJSDate().toISOString()).toBe(data.endsAt.toISOString());
      expect(String(vevents[0]!.getFirstPropertyValue('url'))).toBe(`${SITE_URL}/events/${slug}/`);
    }
  });

  it('offers every event in the subscribable /events.ics feed, one VTIMEZONE per zone', async () => {
    const calendar = readCalendar(await site.read('events.ics'));
    const uids = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v).uid);
    expect(uids.sort()).toEqual(events.map((e) => `${e.slug}@${new URL(SITE_URL).host}`).sort());
    const zones = calendar.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid'));
    expect(new Set(zones).size).toBe(zones.length);
    expect(new Set(zones)).toEqual(new Set(events.map((e) => e.data.timezone)));
  });

  it('lists every public page in the sitemap and no private or error page', async () => {
    const parser = new XMLParser();
    const index = parser.parse(await site.read('sitemap-index.xml'));
    const listed: string[] = [];
    for (const entry of [index.sitemapindex.sitemap].flat()) {
      const file = new URL(entry.loc).pathname.slice(1);
      listed.push(...[parser.parse(await site.read(file)).urlset.url].flat().map((u: { loc: string }) => u.loc));
    }
    const expected = [...pages.keys()].filter((f) => f !== '404.html' && !privatePage.test(urlPath(f))).map((f) => `${SITE_URL}${urlPath(f)}`);
    expect(listed.sort()).toEqual(expected.sort());
  });

  it('has a robots.txt that points at the sitemap and keeps private-link pages out', async () => {
    const robots = await site.read('robots.txt');
    expect(robots).toContain(`Sitemap: ${SITE_URL}/sitemap-index.xml`);
    expect(robots).toContain('Disallow: /events/*/manage/');
  });
});

describe('every HTML page', () => {
  it('ships no JavaScript unless it has an island or the reader-clock script', () => {
    for (const [file, page] of pages) {
      if (mayShipScript.some((p) => p.test(file))) continue;
      const scripts = page.querySelectorAll('script').filter((s) => s.getAttribute('type') !== 'application/ld+json');
      expect(
        scripts.map((s) => s.outerHTML.slice(0, 80)),
        file,
      ).toEqual([]);
      expect(page.querySelectorAll('link[rel="modulepreload"]'), file).toHaveLength(0);
    }
  });

  it('keeps the reader-clock script on event pages small', async () => {
    const page = html(`events/${events[0]!.slug}/index.html`);
    let bytes = 0;
    for (const script of page.querySelectorAll('script[src]')) {
      const src = script.getAttribute('src')!;
      const entry = await site.read(src.slice(1));
      bytes += entry.length;
      for (const imported of entry.matchAll(/from\s*"\.\/([^"]+)"|import\s*"\.\/([^"]+)"/g)) bytes += (await site.read(`_astro/${imported[1] ?? imported[2]}`)).length;
    }
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThan(4096);
  });

  it('has one canonical URL on the configured site, matching its own address', () => {
    for (const [file, page] of pages) {
      const canonical = page.querySelectorAll('link[rel="canonical"]');
      expect(canonical, file).toHaveLength(1);
      if (file === '404.html') continue; // served at any missing address
      expect(canonical[0]!.getAttribute('href'), file).toBe(`${SITE_URL}${urlPath(file)}`);
    }
  });

  it('has a title, a description, Open Graph and Twitter cards with absolute image URLs', () => {
    for (const [file, page] of pages) {
      expect(page.querySelector('title')?.text.trim(), file).toBeTruthy();
      expect(page.querySelector('meta[name="description"]')?.getAttribute('content'), file).toBeTruthy();
      for (const key of ['og:title', 'og:description', 'og:url', 'og:image', 'og:type']) {
        expect(page.querySelector(`meta[property="${key}"]`)?.getAttribute('content'), `${file} ${key}`).toBeTruthy();
      }
      expect(page.querySelector('meta[property="og:image"]')!.getAttribute('content')).toMatch(new RegExp(`^${SITE_URL}/`));
      expect(page.querySelector('meta[name="twitter:card"]')?.getAttribute('content'), file).toBe('summary_large_image');
    }
  });

  it('carries valid JSON-LD: Article on stories, Event on events, Person on profiles', () => {
    const ld = (file: string) =>
      html(file)
        .querySelectorAll('script[type="application/ld+json"]')
        .map((s) => JSON.parse(s.textContent) as Record<string, unknown>);
    for (const [file] of pages) ld(file); // every block parses
    for (const { slug, data } of stories) expect(ld(`stories/${slug}/index.html`)).toContainEqual(expect.objectContaining({ '@type': 'Article', headline: data.title }));
    for (const { slug, data } of profiles) expect(ld(`profiles/${slug}/index.html`)).toContainEqual(expect.objectContaining({ '@type': 'Person', name: data.name }));
    for (const { slug, data } of events) {
      const [event] = ld(`events/${slug}/index.html`).filter((t) => t['@type'] === 'Event');
      expect(event?.name).toBe(data.title);
      // Local wall-clock time with the zone's offset, denoting the same instant.
      expect(String(event?.startDate)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
      expect(new Date(String(event?.startDate)).toISOString()).toBe(data.startsAt.toISOString());
    }
  });

  it('has landmarks, one h1 and a skip link to the main content', () => {
    for (const [file, page] of pages) {
      expect(page.querySelectorAll('main#main'), file).toHaveLength(1);
      expect(page.querySelectorAll('h1'), file).toHaveLength(1);
      expect(page.querySelector('header') && page.querySelector('footer') && page.querySelector('nav'), file).toBeTruthy();
      expect(page.querySelector('a.skip-link')?.getAttribute('href'), file).toBe('#main');
    }
  });

  it('names a city-state once on pages and cards ("Singapore", never "Singapore, Singapore")', () => {
    for (const [file, page] of pages) expect(page.querySelector('body')?.textContent ?? '', file).not.toMatch(/\b(\p{Lu}[\p{L} ]+), \1\b/u);
    expect(pages.get('profiles/li-wei-chen/index.html')?.querySelector('main')?.textContent).toMatch(/Singapore/);
  });

  it('embeds no frames, so the browser tests’ accessibility checks (axe in the page itself) see all of every page', () => {
    for (const [file, page] of pages) expect(page.querySelectorAll('iframe, frame, object, embed'), file).toHaveLength(0);
  });

  it('gives every image alt text and its width and height', () => {
    for (const [file, page] of pages) {
      for (const img of page.querySelectorAll('img')) {
        expect(img.hasAttribute('alt'), `${file} ${img.getAttribute('src')}`).toBe(true);
        expect(img.getAttribute('width'), `${file} ${img.getAttribute('src')}`).toMatch(/^\d+$/);
        expect(img.getAttribute('height'), `${file} ${img.getAttribute('src')}`).toMatch(/^\d+$/);
      }
    }
  });

  it('has a CSP meta policy whose hashes allow exactly its inline scripts and styles', () => {
    const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    for (const [file, page] of pages) {
      const policy = page.querySelector('meta[http-equiv="content-security-policy"]')?.getAttribute('content') ?? '';
      const directive = (name: string) =>
        policy
          .split(';')
          .map((d) => d.trim())
          .find((d) => d.startsWith(`${name} `)) ?? '';
      expect(directive('script-src'), file).not.toContain("'unsafe-inline'");
      expect(directive('style-src'), file).not.toContain("'unsafe-inline'");
      for (const script of page.querySelectorAll('script:not([src])').filter((s) => s.getAttribute('type') !== 'application/ld+json')) {
        expect(directive('script-src'), `${file} inline script`).toContain(sha(script.textContent));
      }
      for (const style of page.querySelectorAll('style')) expect(directive('style-src'), `${file} inline style`).toContain(sha(style.textContent));
      expect(page.querySelectorAll('[style]'), `${file} style attributes`).toHaveLength(0);
    }
  });
});

describe('private data', () => {
  it('never publishes an event join link in any file', async () => {
    const secrets = events.flatMap((e) => (e.data.onlineUrl ? [e.data.onlineUrl] : []));
    expect(secrets.length, 'sample content has online events').toBeGreaterThan(0);
    for (const file of site.files.filter((f) => /\.(html|ics|xml|txt|json|js)$/.test(f))) {
      const text = await site.read(file);
      for (const secret of secrets) expect(text.includes(secret), `${secret} in ${file}`).toBe(false);
    }
  });

  it('keeps private-link pages out of search engines', () => {
    for (const file of [...pages.keys()].filter((f) => /\/manage\/index\.html$|^mentoring\/respond\//.test(f))) {
      expect(html(file).querySelector('meta[name="robots"]')?.getAttribute('content'), file).toContain('noindex');
    }
  });
});
