/**
 * Each page with a form ships only its own island, and the islands keep to
 * the site's Content Security Policy in the browser: no style attributes,
 * no console errors and no CSP violation (not even one a script catches, such
 * as a probe for eval), once hydrated and after a submit.
 */
import { expect, test } from '@playwright/test';

const islandPages: Array<[string, string, string[]]> = [
  ['event', '/events/reunion-2027/', ['RegistrationForm']],
  ['manage registration', '/events/reunion-2027/manage/?r=abcdefghijkl&t=x', ['ManageRegistration']],
  ['mentoring', '/mentoring/', ['MentorRequestForm']],
  ['mentor answer', '/mentoring/respond/?id=abcdefghijkl&token=x&action=accept', ['MentorResponse']],
  ['give', '/give/', ['DonationForm', 'FundProgress']],
  ['fund', '/funds/first-generation-scholarship/', ['DonationForm', 'FundProgress']],
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
