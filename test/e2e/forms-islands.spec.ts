/**
 * Each page with a form ships only its own island, and the islands keep to
 * the site's Content Security Policy in the browser: no style attributes,
 * no console errors and no CSP violation (not even one a script catches, such
 * as a probe for eval), once hydrated and after a submit. A form below the
 * fold (client:near) loads React only when the reader comes near it or
 * presses Tab, and then works.
 */
import type { Page } from '@playwright/test';
import { expect as baseExpect, test } from './support/test';
import { uniqueEmail, waitForEmail } from './support/forms';

// The API, the mailer and two browsers share two cores: give each expectation some room.
const expect = baseExpect.configure({ timeout: 10_000 });

const islandPages: Array<[string, string, string[]]> = [
  ['event', '/events/reunion-2027/', ['RegistrationForm']],
  ['manage registration', '/events/reunion-2027/manage/?r=abcdefghijkl&t=x', ['ManageRegistration']],
  ['mentoring', '/mentoring/', ['MentorRequestForm']],
  ['mentor answer', '/mentoring/respond/?id=abcdefghijkl&token=x&action=accept', ['MentorResponse']],
  ['give', '/give/', ['DonationForm']],
  ['fund', '/funds/first-generation-scholarship/', ['DonationForm']],
];

for (const [name, url, islands] of islandPages) {
  test(`the ${name} page ships only its own island and it keeps to the CSP`, async ({ page }) => {
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && !m.text().includes('403') && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    // Violations the page catches itself (a library probing for eval) show only as events, not console errors.
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}`));
    });
    await page.goto(url);
    // Come near each form as a reader does (those below the fold hydrate only then).
    for (const mount of await page.locator('[data-form-mount]').all()) await mount.scrollIntoViewIfNeeded();
    const components = await page.locator('astro-island').evaluateAll((els) => els.map((e) => (e.getAttribute('component-url') ?? '').replace(/^\/_astro\/([A-Za-z]+)\..*$/, '$1')));
    expect([...new Set(components)].sort()).toEqual(islands);
    // Hydrated: the fallback text gave way to the island's own content.
    await expect(page.locator('astro-island[ssr]')).toHaveCount(0);
    const submit = page.locator('form button[type="submit"]').first();
    if (await submit.count()) await submit.click();
    await page.waitForTimeout(300);
    expect(await page.locator('[style]').count()).toBe(0);
    expect(problems).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
  });
}

/** The island's own JavaScript, as its attributes name it: React's renderer (which imports React) and the form. */
const islandScripts = (page: Page) =>
  page.locator('astro-island').evaluateAll((els) => [...new Set(els.flatMap((e) => [e.getAttribute('renderer-url') ?? '', e.getAttribute('component-url') ?? '']))].filter((u) => u !== ''));

/** Opens the page, once nothing more loads, with every script address it fetched so far, and checks no island has loaded. */
async function openWatchingScripts(page: Page, url: string, form: string) {
  const scripts: string[] = [];
  page.on('request', (r) => r.resourceType() === 'script' && scripts.push(new URL(r.url()).pathname));
  await page.goto(url, { waitUntil: 'networkidle' });
  const mount = page.locator(`[data-form-mount="${form}"]`);
  // The form starts well below the first screen and client:near's margin (otherwise these tests would prove nothing).
  const { top, height } = await mount.evaluate((el) => ({ top: el.getBoundingClientRect().top, height: window.innerHeight }));
  expect(top).toBeGreaterThan(height + 400);
  const island = await islandScripts(page);
  expect(island).toHaveLength(2);
  expect(scripts.filter((s) => island.includes(s))).toEqual([]);
  await expect(page.locator('astro-island:not([ssr])')).toHaveCount(0);
  await expect(mount.locator('form')).toHaveCount(0);
  return { scripts, island, mount };
}

test('on an event page React loads only once the reader scrolls near the form, and the form then registers', async ({ page }) => {
  const email = uniqueEmail('scroll');
  const { scripts, island, mount } = await openWatchingScripts(page, '/events/reunion-2027/', 'registration');
  await expect(mount).toContainText('Register with your name and email');
  await mount.scrollIntoViewIfNeeded();
  const form = page.getByRole('form', { name: /^Register for/ });
  await expect(form).toBeVisible();
  expect(island.filter((s) => !scripts.includes(s))).toEqual([]);
  await form.getByLabel('Your name').fill('Grace Mensah');
  await form.getByLabel('Email address').fill(email);
  await form.getByLabel(/I agree/).check();
  await form.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByRole('heading', { name: 'You are registered' })).toBeFocused();
  await waitForEmail(email, /^You are registered/);
});

test('on an event page a first Tab loads the form while the reader is still at the top', async ({ page }) => {
  const { scripts, island } = await openWatchingScripts(page, '/events/reunion-2027/', 'registration');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('form', { name: /^Register for/ })).toBeAttached();
  expect(island.filter((s) => !scripts.includes(s))).toEqual([]);
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
});

test.describe('on a phone’s screen', () => {
  test.use({ viewport: { width: 412, height: 823 } });

  test('/give/ shows every fund’s live totals at load, and loads React only when the reader comes near the pledge form', async ({ page }) => {
    const { scripts, island, mount } = await openWatchingScripts(page, '/give/', 'donation');
    const totals = page.locator('[data-form-mount="fund-progress"]');
    expect(await totals.count()).toBeGreaterThan(0);
    for (const fund of await totals.all()) {
      await expect(fund.getByRole('progressbar')).toBeAttached();
      await expect(fund).toContainText(/raised of .* · \d+ donors?/);
    }
    await mount.scrollIntoViewIfNeeded();
    await expect(page.getByRole('form', { name: 'Make a pledge' })).toBeVisible();
    expect(island.filter((s) => !scripts.includes(s))).toEqual([]);
  });
});
