/**
 * Donation pledges and fund progress in Chromium against `npm start`'s stack:
 * a pledge with its reference and receipt email and the progress bar moving,
 * a custom amount typed in the reader's locale, each field's error, axe in
 * each state. Each test gives to its own fund, so totals stay checkable.
 */
import type { Page } from '@playwright/test';
import { expect as baseExpect, test, testInOwnContext } from './support/test';
import { expectNoAxeViolations, uniqueEmail, waitForEmail } from './support/forms';

// The API, the mailer and two browsers share two cores: give each expectation some room.
const expect = baseExpect.configure({ timeout: 10_000 });

async function raised(page: Page, fund: string): Promise<{ raised: number; donors: number }> {
  const response = await page.request.get(`/api/funds/${fund}/progress`);
  expect(response.status()).toBe(200);
  return (await response.json()) as { raised: number; donors: number };
}

test('a pledge on a fund page shows its reference, emails the receipt and moves the progress bar', async ({ page }) => {
  const fund = 'mentoring-travel-grants';
  const email = uniqueEmail('donor');
  const before = await raised(page, fund);
  await page.goto(`/funds/${fund}/`);
  const progress = page.locator(`[data-fund-progress="${fund}"]`);
  await expect(progress.getByRole('progressbar')).toBeVisible();
  await expect(progress).toContainText('raised of £20,000');
  await page.locator('[data-form-mount="donation"]').scrollIntoViewIfNeeded();
  const form = page.getByRole('form', { name: 'Give to Mentoring Travel Grants' });
  await expect(form).toBeVisible();
  await expectNoAxeViolations(page, 'empty donation form');

  await form.getByRole('radio', { name: '£100' }).check();
  await form.getByRole('radio', { name: /Every month/ }).check();
  await form.getByLabel('Your name').fill('Hana Kobayashi');
  await form.getByLabel('Email address').fill(email);
  await form.getByLabel('Dedicate your gift').fill('For my mentor, Li Wei');
  await form.getByLabel(/I agree/).check();
  await form.getByRole('button', { name: 'Pledge £100 a month' }).click();

  await expect(page.getByRole('heading', { name: 'Thank you for your gift' })).toBeFocused();
  await expect(page.getByText('You pledged £100 a month to the Mentoring Travel Grants.')).toBeVisible();
  const reference = (await page.locator('[data-reference]').textContent())!;
  expect(reference).toMatch(/^GIFT-[A-Z0-9]{4,}$/);
  await expectNoAxeViolations(page, 'donation success');

  const receipt = await waitForEmail(email, new RegExp(reference));
  expect(receipt.body.text).toContain(reference);

  const after = await raised(page, fund);
  expect(after.raised - before.raised).toBeGreaterThanOrEqual(10000);
  // The bar on the page refreshed after the pledge, without a reload.
  await expect(progress).toContainText(new Intl.NumberFormat('en-US', { style: 'currency', currency: 'GBP', minimumFractionDigits: 0 }).format(after.raised / 100));
});

// Another locale is the browser context's own.
testInOwnContext.describe('in the reader’s own locale', () => {
  testInOwnContext.use({ locale: 'de-DE' });

  testInOwnContext('on /give/ a custom amount is typed and shown as the reader writes numbers', async ({ page }) => {
    const fund = 'student-emergency-fund';
    const email = uniqueEmail('giver');
    const before = await raised(page, fund);
    await page.goto('/give/');
    await page.locator('[data-form-mount="donation"]').scrollIntoViewIfNeeded();
    const form = page.getByRole('form', { name: 'Make a pledge' });
    await form.scrollIntoViewIfNeeded();
    await form.getByRole('radio', { name: /Student Emergency Fund/ }).check();
    await expect(form.getByRole('radio', { name: '50 €', exact: true })).toBeVisible();
    await form.getByRole('radio', { name: 'Other amount' }).check();
    await form.getByLabel('Your amount in EUR').fill('75.50');
    await form.getByLabel('Your name').fill('Jonas Becker');
    await form.getByLabel('Email address').fill(email);
    await form.getByLabel('Give anonymously').check();
    await form.getByLabel(/I agree/).check();
    await form.getByRole('button', { name: /^Pledge/ }).click();
    // "75.50" is not how German writes 75 euros 50: the form asks rather than guessing.
    await expect(form.getByLabel('Your amount in EUR')).toBeFocused();
    await expect(form.getByLabel('Your amount in EUR')).toHaveAccessibleDescription(/Enter an amount in EUR as a number, like 75,50\./);

    await form.getByLabel('Your amount in EUR').fill('75,50');
    await form.getByRole('button', { name: /^Pledge/ }).click();
    await expect(page.getByText('You pledged 75,50 € to the Student Emergency Fund.')).toBeVisible();
    await waitForEmail(email, /^Your pledge GIFT-/);
    const after = await raised(page, fund);
    expect(after.raised - before.raised).toBeGreaterThanOrEqual(7550);
    await expect(page.locator(`[data-fund-progress="${fund}"]`)).toContainText('raised of 50.000 €');
  });
});

test('each field of the pledge says what is wrong', async ({ page }) => {
  await page.goto('/give/');
  await page.locator('[data-form-mount="donation"]').scrollIntoViewIfNeeded();
  const form = page.getByRole('form', { name: 'Make a pledge' });
  await form.scrollIntoViewIfNeeded();
  await form.getByRole('radio', { name: 'Other amount' }).check();
  await form.getByRole('button', { name: /^Pledge/ }).click();
  await expect(page.getByRole('alert')).toHaveText('Please correct the 5 highlighted fields.');
  await expect(form.getByRole('radiogroup', { name: 'Fund' })).toHaveAccessibleDescription(/Choose the fund\./);
  await expect(form.getByRole('radio').first()).toBeFocused();
  await expect(form.getByLabel(/Your amount in/)).toHaveAccessibleDescription(/Enter the amount you would like to give\./);
  await expect(form.getByLabel('Your name')).toHaveAccessibleDescription(/Enter your name\./);
  await expect(form.getByLabel('Email address')).toHaveAccessibleDescription(/Enter your email address\./);
  await expect(form.getByLabel(/I agree/)).toHaveAccessibleDescription(/Please agree/);
  await expectNoAxeViolations(page, 'donation form with errors');

  await form.getByRole('radio', { name: /First-Generation Scholarship/ }).check();
  await form.getByLabel(/Your amount in/).fill('0.50');
  await form.getByLabel('Email address').fill('someone@example');
  await form.getByLabel('Dedicate your gift').fill('<img src=x>');
  await form.getByRole('button', { name: /^Pledge/ }).click();
  await expect(form.getByLabel(/Your amount in/)).toHaveAccessibleDescription(/The smallest gift is/);
  await expect(form.getByLabel('Email address')).toHaveAccessibleDescription(/Enter a valid email address/);
  await expect(form.getByLabel('Dedicate your gift')).toHaveAccessibleDescription(/Please remove the HTML/);
});

test('without JavaScript the giving pages explain how to give', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/give/');
  await expect(page.locator('[data-form-mount="donation"]')).toContainText('The pledge form needs JavaScript');
  await expect(page.locator('form')).toHaveCount(0);
  await context.close();
});
