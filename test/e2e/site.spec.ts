/**
 * Smoke test of every page type in Chromium, as served by `npm start` with the
 * production security headers: each page opens with its heading and without a
 * console error or CSP violation; the directory filters, the reader's clock on
 * event pages and search work in the browser.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test, testInOwnContext } from './support/test';
import { parseCollection, readCollection } from '../../site/manifest/read-content';
import { securityHeaders } from '../../site/security-headers';
import { axeViolations } from './support/axe';
import { valueSlug } from '../../site/lib/list-index';

// The longest file: its tests are independent, so both workers take them (alone in one worker, it ran 69 s after
// the other worker had finished its files).
test.describe.configure({ mode: 'parallel' });

const tagLabel = (t: string) => t.charAt(0).toUpperCase() + t.slice(1).replaceAll('-', ' ');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const contentDir = path.join(root, 'content');
const [stories, events, profiles, funds] = await Promise.all([
  readCollection(contentDir, 'stories').then((e) => parseCollection(e, 'stories', root)),
  readCollection(contentDir, 'events').then((e) => parseCollection(e, 'events', root)),
  readCollection(contentDir, 'profiles').then((e) => parseCollection(e, 'profiles', root)),
  readCollection(contentDir, 'funds').then((e) => parseCollection(e, 'funds', root)),
]);
const story = stories.find((s) => !s.data.draft && s.data.profiles.length > 0)!;
const tag = story.data.tags[0]!;
const event = events.find((e) => e.data.format !== 'online')!;
const profile = profiles.find((p) => p.data.mentor?.available)!;

/** Collects console errors and CSP violations while a test runs. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

const pageTypes: Array<[string, string]> = [
  ['home', '/'],
  ['stories', '/stories/'],
  ['story', `/stories/${story.slug}/`],
  ['story tag', `/stories/tags/${tag}/`],
  ['events', '/events/'],
  ['event', `/events/${event.slug}/`],
  ['manage registration', `/events/${event.slug}/manage/`],
  ['directory', '/profiles/'],
  ['profile', `/profiles/${profile.slug}/`],
  ['mentoring', '/mentoring/'],
  ['mentor answer', '/mentoring/respond/'],
  ['give', '/give/'],
  ['fund', `/funds/${funds[0]!.slug}/`],
  ['search', '/search/'],
];

for (const [name, url] of pageTypes) {
  test(`${name} page opens with its heading, security headers, no errors and no accessibility violations`, async ({ page }) => {
    const errors = watchErrors(page);
    const response = await page.goto(url);
    expect(response?.status()).toBe(200);
    await expect(page.locator('h1')).toBeVisible();
    await expect(page.getByRole('main')).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    const headers = response!.headers();
    for (const [header, value] of Object.entries(securityHeaders)) expect(headers[header.toLowerCase()], header).toBe(value);
    expect(errors).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
  });
}

test.describe('in dark mode', () => {
  test.use({ colorScheme: 'dark' });
  for (const [name, url] of pageTypes.filter(([n]) => ['home', 'story', 'event', 'directory', 'give'].includes(n))) {
    test(`the ${name} page keeps AA contrast`, async ({ page }) => {
      await page.goto(url);
      expect(await axeViolations(page, { rules: ['color-contrast', 'link-in-text-block'] })).toEqual([]);
    });
  }
});

test('an unknown address answers 404 with a page that helps', async ({ page }) => {
  const response = await page.goto('/no-such-page/');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('could not find');
  await expect(page.getByRole('searchbox')).toBeVisible();
});

test('a story links to the alumni it features', async ({ page }) => {
  await page.goto(`/stories/${story.slug}/`);
  const featured = profiles.find((p) => p.slug === story.data.profiles[0])!;
  await page.getByRole('complementary', { name: 'About this story' }).getByRole('link', { name: featured.data.name }).click();
  await expect(page).toHaveURL(new RegExp(`/profiles/${featured.slug}/$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(featured.data.name);
});

test('a mentor profile leads to the mentoring page with the mentor chosen', async ({ page }) => {
  await page.goto(`/profiles/${profile.slug}/`);
  await page.getByRole('link', { name: /as mentor/ }).click();
  await expect(page).toHaveURL(new RegExp(`/mentoring/\\?mentor=${profile.slug}$`));
  await expect(page.locator('[data-form-mount="mentor-request"]')).toBeVisible();
});

test.describe('alumni directory filters', () => {
  const slug = valueSlug;
  const cardLinks = (page: Page) => page.locator('[data-directory] .card__title a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  /** Every card of the result: presses "Show more" until it is gone. */
  const allCards = async (page: Page) => {
    const more = page.locator('[data-directory-more] button');
    while (await more.isVisible()) await more.click();
    return cardLinks(page);
  };
  /** The profile links of a filter value's static pages, following "Next page". */
  const staticList = async (page: Page, url: string) => {
    const out: string[] = [];
    for (let next: string | null = url; next;) {
      await page.goto(next);
      out.push(...((await cardLinks(page)) as string[]));
      next = await page
        .locator('.pagination a[rel="next"]')
        .getAttribute('href', { timeout: 100 })
        .catch(() => null);
    }
    return out;
  };

  test('show the same alumni as the static page of each value, keep the choice in the address, and step back', async ({ page, browser }) => {
    const errors = watchErrors(page);
    const industry = profiles[0]!.data.industry;
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    const expected = await staticList(await noScript.newPage(), `/profiles/industry/${slug(industry)}/`);
    const mentorsExpected = await staticList(await noScript.newPage(), '/profiles/mentors/');
    await noScript.close();

    await page.goto('/profiles/');
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    await page.getByLabel('Industry').selectOption(slug(industry));
    await expect(page).toHaveURL(new RegExp(`/profiles/\\?industry=${slug(industry)}$`));
    await expect(page.getByRole('status').filter({ hasText: 'Showing' })).toContainText(`${expected.length}`);
    expect(await allCards(page)).toEqual(expected);

    await page.getByLabel('Industry').selectOption('');
    await page.getByLabel('Available as mentor').check();
    await expect(page).toHaveURL(/\?mentor=yes$/);
    expect(await allCards(page)).toEqual(mentorsExpected);
    // Drawn cards show live availability as the built ones do (places free, or why not), not the content's text.
    await expect
      .poll(() => page.locator('[data-directory] [data-availability]').allTextContents())
      .toEqual(mentorsExpected.map(() => expect.stringMatching(/^(Available as mentor · \d+ places? free|Mentor · (fully booked|not taking requests) right now)$/)));

    // Back steps through each change: everyone as built (the industry was cleared first), then the industry.
    await page.goBack();
    await expect(page).toHaveURL(/\/profiles\/$/);
    await expect(page.getByLabel('Available as mentor')).not.toBeChecked();
    await expect(page.getByLabel('Industry')).toHaveValue('');
    await expect(page.locator('[data-directory] > li')).toHaveCount(Math.min(24, profiles.length));
    await page.goBack();
    await expect(page).toHaveURL(new RegExp(`/profiles/\\?industry=${slug(industry)}$`));
    await expect(page.getByLabel('Industry')).toHaveValue(slug(industry));
    expect(await allCards(page)).toEqual(expected);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

    // A shared address opens with its filters.
    const country = profiles[1]!.data.country;
    const year = String(profiles[1]!.data.classYear);
    await page.goto(`/profiles/?country=${slug(country)}&year=${year}`);
    await expect(page.getByLabel('Country')).toHaveValue(slug(country));
    await expect(page.getByLabel('Class year')).toHaveValue(year);
    await expect(page.locator('[data-directory] > li')).toHaveCount(profiles.filter((p) => p.data.country === country && String(p.data.classYear) === year).length);
    expect(errors.filter((e) => !e.includes('/api/'))).toEqual([]);
  });

  test('say when no one matches, and are used with the keyboard and pass axe', async ({ page }) => {
    await page.goto('/profiles/');
    const first = profiles[0]!.data;
    const elsewhere = profiles.find((p) => !profiles.some((q) => q.data.industry === first.industry && q.data.country === p.data.country))!.data.country;
    await page.getByLabel('Industry').selectOption(slug(first.industry));
    await page.getByLabel('Country').selectOption(slug(elsewhere));
    await expect(page.getByText('No one matches all of these filters.')).toBeVisible();
    await expect(page.locator('[data-directory] > li')).toHaveCount(0);
    await expect(page.getByRole('status').filter({ hasText: 'No one matches' })).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(page).toHaveURL(/\/profiles\/$/);
    await expect(page.locator('[data-directory] > li')).toHaveCount(Math.min(24, profiles.length));

    // The keyboard alone: focus the class year and move to the next year.
    await page.getByLabel('Class year').focus();
    await page.keyboard.press('ArrowDown');
    const year = await page.getByLabel('Class year').inputValue();
    expect(year).not.toBe('');
    await expect(page.locator('[data-directory] > li')).toHaveCount(profiles.filter((p) => String(p.data.classYear) === year).length);
    await page.getByLabel('Available as mentor').focus();
    await page.keyboard.press('Space');
    await expect(page).toHaveURL(/mentor=yes/);
    expect(await axeViolations(page)).toEqual([]);
  });

  test('without JavaScript the directory is paged and each filter is a list of links to its pages', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/profiles/');
    await expect(page.locator('[data-directory] > li')).toHaveCount(Math.min(24, profiles.length));
    await expect(page.locator('[data-directory-filters]')).toBeHidden();
    const browse = page.getByRole('navigation', { name: 'Browse alumni by' });
    await expect(browse).toBeVisible();
    const language = profiles[2]!.data.languages[0]!;
    await browse.getByText('By language').click();
    await browse.getByRole('link', { name: new RegExp(`^${language} \\(`) }).click();
    await expect(page).toHaveURL(new RegExp(`/profiles/language/${slug(language)}/$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Alumni who speak ${language}`);
    await expect(page.locator('[data-directory] > li')).toHaveCount(Math.min(24, profiles.filter((p) => p.data.languages.includes(language)).length));
    await context.close();

    // axe runs as a script, which this context does not allow: it checks the same page with its scripts held back
    // and the no-script rule applied (the form hidden, the lists of links shown).
    const axeContext = await browser.newContext({ bypassCSP: true });
    const view = await axeContext.newPage();
    await view.route(/\/_astro\/.*\.js$/, (route) => route.abort());
    await view.goto(`/profiles/language/${slug(language)}/`);
    await view.addStyleTag({ content: '.directory .filters { display: none !important } .directory .browse { display: block !important }' });
    await expect(view.getByRole('navigation', { name: 'Browse alumni by' })).toBeVisible();
    expect(await axeViolations(view)).toEqual([]);
    await axeContext.close();
  });
});

test('choosing a story topic filters the list in place, as its tag page lists it, and Back restores the list', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`/stories/tags/${tag}/`);
  const expected = await page.locator('main .card__title a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  await page.goto('/stories/');
  const built = await page.locator('[data-story-list] .card__title a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  const topics = page.getByRole('navigation', { name: 'Story topics' });
  await topics.getByRole('link', { name: new RegExp(`^${tagLabel(tag)} `) }).click();
  await expect(page).toHaveURL(new RegExp(`/stories/\\?tag=${tag}$`));
  await expect(topics.getByRole('link', { name: new RegExp(`^${tagLabel(tag)} `) })).toHaveAttribute('aria-current', 'page');
  const more = page.locator('[data-story-more] button');
  while (await more.isVisible()) await more.click();
  expect(await page.locator('[data-story-list] .card__title a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(expected);
  expect(await axeViolations(page)).toEqual([]);
  await page.goBack();
  await expect(page).toHaveURL(/\/stories\/$/);
  expect(await page.locator('[data-story-list] .card__title a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(built);
  await page.goto('/stories/?tag=no-such-topic');
  await expect(page.getByText('No stories about this topic yet.')).toBeVisible();
  expect(errors.filter((e) => !e.includes('/api/'))).toEqual([]);
});

// Another time zone and a set clock are the browser context's own.
testInOwnContext.describe("the reader's clock on events", () => {
  testInOwnContext.use({ timezoneId: 'America/Chicago' });

  testInOwnContext('shows the event time in the reader’s own zone too', async ({ page }) => {
    const differentZone = events.find((e) => !e.data.timezone.startsWith('America/'))!;
    await page.goto(`/events/${differentZone.slug}/`);
    const local = page.locator('[data-local-time]');
    await expect(local).toBeVisible();
    const expected = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'America/Chicago' }).format(differentZone.data.startsAt);
    await expect(local).toContainText('Chicago');
    await expect(local).toContainText(expected);
  });

  testInOwnContext('treats an event as past once it has ended by the reader’s clock, even if the build said upcoming', async ({ page }) => {
    const now = Date.now();
    const upcoming = events.filter((e) => e.data.endsAt.getTime() > now).sort((a, b) => a.data.startsAt.getTime() - b.data.startsAt.getTime());
    const first = upcoming[0]!;
    await page.clock.setFixedTime(new Date(first.data.endsAt.getTime() + 60_000));
    await page.goto('/events/');
    const past = page.locator('[data-event-list="past"]');
    await expect(past.getByRole('link', { name: first.data.title })).toBeVisible();
    await expect(page.locator('[data-event-list="upcoming"]').getByRole('link', { name: first.data.title })).toHaveCount(0);

    await page.goto(`/events/${first.slug}/`);
    await expect(page.getByText('This event has ended')).toBeVisible();
    await expect(page.locator('[data-form-mount="registration"]')).toBeHidden();
  });
});

test('search finds a story by a word from its text and opens it', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/search/');
  await page.getByRole('searchbox').fill(story.data.title.split(/\s+/).filter((w) => w.length > 5)[0]!);
  const result = page.getByRole('link', { name: story.data.title });
  await expect(result).toBeVisible();
  await result.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(story.data.title);
  expect(errors).toEqual([]);
});

test('calendar files download as text/calendar', async ({ request }) => {
  for (const url of ['/events.ics', `/events/${event.slug}.ics`]) {
    const response = await request.get(url);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('text/calendar');
    expect(await response.text()).toContain('BEGIN:VCALENDAR');
  }
});
