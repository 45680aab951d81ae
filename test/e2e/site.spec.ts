/**
 * Smoke test of every page type in Chromium, as served by `npm start` with the
 * production security headers: each page opens with its heading and without a
 * console error or CSP violation; the directory filters, the reader's clock on
 * event pages and search work in the browser.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { parseCollection, readCollection } from '../../site/manifest/read-content';
import { securityHeaders } from '../../site/security-headers';
import { axeViolations } from './support/axe';

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
  test('narrow the list without a reload, keep the choice in the address, and clear', async ({ page }) => {
    await page.goto('/profiles/');
    const cards = page.locator('[data-directory] > li:visible');
    await expect(cards).toHaveCount(profiles.length);
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

    const industry = profiles[0]!.data.industry;
    await page.getByLabel('Industry').selectOption(industry);
    const inIndustry = profiles.filter((p) => p.data.industry === industry);
    await expect(cards).toHaveCount(inIndustry.length);
    await expect(page.getByRole('status').filter({ hasText: 'Showing' })).toHaveText(`Showing ${inIndustry.length} of ${profiles.length} alumni.`);
    await expect(page).toHaveURL(/industry=/);

    await page.getByLabel('Industry').selectOption('');
    await page.getByLabel('Available as mentor').check();
    const mentors = profiles.filter((p) => p.data.mentor?.available === true && p.data.mentor.capacity > 0);
    await expect(cards).toHaveCount(mentors.length);
    for (const m of mentors) await expect(page.getByRole('link', { name: m.data.name, exact: true })).toBeVisible();

    const language = mentors[0]!.data.languages.at(-1)!;
    await page.getByLabel('Language').selectOption(language);
    await expect(cards).toHaveCount(mentors.filter((m) => m.data.languages.includes(language)).length);

    const year = String(profiles[1]!.data.classYear);
    const country = profiles[1]!.data.country;
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(cards).toHaveCount(profiles.length);
    await page.getByLabel('Country').selectOption(country);
    await page.getByLabel('Class year').selectOption(year);
    await expect(cards).toHaveCount(profiles.filter((p) => p.data.country === country && String(p.data.classYear) === year).length);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

    // A shared filtered address opens filtered.
    await page.goto(`/profiles/?mentor=yes`);
    await expect(page.getByLabel('Available as mentor')).toBeChecked();
    await expect(cards).toHaveCount(mentors.length);
  });

  test('without JavaScript the directory lists everyone', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/profiles/');
    await expect(page.locator('[data-directory] > li')).toHaveCount(profiles.length);
    await expect(page.locator('[data-directory-filters]')).toBeHidden();
    await context.close();
  });
});

test.describe("the reader's clock on events", () => {
  test.use({ timezoneId: 'America/Chicago' });

  test('shows the event time in the reader’s own zone too', async ({ page }) => {
    const differentZone = events.find((e) => !e.data.timezone.startsWith('America/'))!;
    await page.goto(`/events/${differentZone.slug}/`);
    const local = page.locator('[data-local-time]');
    await expect(local).toBeVisible();
    const expected = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'America/Chicago' }).format(differentZone.data.startsAt);
    await expect(local).toContainText('Chicago');
    await expect(local).toContainText(expected);
  });

  test('treats an event as past once it has ended by the reader’s clock, even if the build said upcoming', async ({ page }) => {
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
