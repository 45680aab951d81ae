/**
 * The newsletter in Chromium against `npm start`'s stack: subscribe on
 * /newsletter/ (topics, regions, frequency, consent), confirm from the
 * email's link, change the preferences from the signed link and save, then
 * unsubscribe; and the "Also subscribe me" box on the registration form,
 * unticked by default, sends exactly one confirmation. axe in every state.
 * Every test uses its own email addresses.
 */
import type { Page } from '@playwright/test';
import { expect as baseExpect, test } from './support/test';
import { emailsTo, expectNoAxeViolations, linkIn, uniqueEmail, waitForEmail } from './support/forms';

// The API, the mailer and two browsers share two cores: give each expectation some room.
const expect = baseExpect.configure({ timeout: 10_000 });

const confirmSubject = /^Confirm your subscription/;

async function subscribe(page: Page, email: string) {
  await page.goto('/newsletter/');
  const form = page.getByRole('form', { name: 'Subscribe to the newsletter' });
  await expect(form).toBeVisible();
  await expectNoAxeViolations(page, 'empty subscribe form');

  await form.getByLabel('Email address').fill(email);
  await form.getByLabel('Your name').fill('Ngozi Adeyemi');
  const topics = form.getByRole('group', { name: /Topics/ });
  await topics.getByLabel('Career change').check();
  await topics.getByLabel('Entrepreneurship').check();
  await form
    .getByRole('group', { name: /Regions/ })
    .getByLabel('Africa')
    .check();
  const weekly = form.getByRole('radio', { name: /Weekly/ });
  await weekly.check();
  await expect(weekly).toBeChecked();
  const consent = form.getByLabel(/Yes, email me the alumni newsletter/);
  await expect(consent).not.toBeChecked();
  await consent.check();
  await form.getByRole('button', { name: 'Subscribe' }).click();

  // The proof of work is solved in the page first.
  await expect(page.getByRole('heading', { name: 'Check your inbox' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(`We have sent a link to ${email}`)).toBeVisible();
  await expectNoAxeViolations(page, 'subscribe form answered');
}

test('subscribe, confirm from the email, change preferences and unsubscribe', async ({ page }) => {
  // A proof of work, an email, four pages and six axe runs on a shared two-core machine.
  test.setTimeout(150_000);
  const email = uniqueEmail('ngozi');
  await subscribe(page, email);

  const confirmation = await waitForEmail(email, confirmSubject);
  const confirmPath = linkIn(confirmation, /\/newsletter\/confirm\/\?id=/);
  await page.goto(confirmPath);
  await expect(page.getByText('Your subscription is confirmed. Welcome!')).toBeVisible();
  await expect(page.getByText(/not confirmed yet/)).toHaveCount(0);
  // The choices made on the form, as the subscription now holds them.
  await expect(page.getByRole('group', { name: /Topics/ }).getByLabel('Career change')).toBeChecked();
  await expect(page.getByRole('group', { name: /Regions/ }).getByLabel('Africa')).toBeChecked();
  await expect(page.getByRole('radio', { name: /Weekly/ })).toBeChecked();
  await expectNoAxeViolations(page, 'confirm page');

  // The preferences link from the confirmation email: the same signed link, on the preferences page.
  await page.goto(linkIn(confirmation, /\/newsletter\/preferences\/\?id=/));
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const topics = page.getByRole('group', { name: /Topics/ });
  await expect(topics.getByLabel('Entrepreneurship')).toBeChecked();
  await expectNoAxeViolations(page, 'preferences page');
  await topics.getByLabel('Entrepreneurship').uncheck();
  await page
    .getByRole('group', { name: /Regions/ })
    .getByLabel('Europe')
    .check();
  await page.getByRole('radio', { name: /Monthly/ }).check();
  await page.getByRole('button', { name: 'Save my choices' }).click();
  await expect(page.getByText('Saved. The next newsletter follows your new choices.')).toBeVisible();
  await expectNoAxeViolations(page, 'preferences saved');

  // What was saved is what the link reads next time.
  await page.reload();
  await expect(page.getByRole('radio', { name: /Monthly/ })).toBeChecked();
  await expect(page.getByRole('group', { name: /Topics/ }).getByLabel('Entrepreneurship')).not.toBeChecked();
  await expect(page.getByRole('group', { name: /Topics/ }).getByLabel('Career change')).toBeChecked();
  await expect(page.getByRole('group', { name: /Regions/ }).getByLabel('Europe')).toBeChecked();

  await page.getByRole('button', { name: 'Unsubscribe' }).click();
  await expect(page.getByRole('heading', { name: 'You are unsubscribed' })).toBeVisible();
  await expectNoAxeViolations(page, 'unsubscribed');
  await page.reload();
  await expect(page.getByRole('heading', { name: 'You are unsubscribed' }).or(page.getByText('We could not open your subscription'))).toBeVisible();
});

test('the registration form’s newsletter box is unticked and, ticked, sends exactly one confirmation', async ({ page }) => {
  // Two proofs of work (the registration's and the subscription's) and two emails on a shared two-core machine.
  test.setTimeout(120_000);
  const email = uniqueEmail('tomas');
  await page.goto('/events/reunion-2027/');
  // Scroll to its section first, as a reader does: the form below the fold hydrates once it is near.
  await page.locator('[data-form-mount="registration"]').scrollIntoViewIfNeeded();
  const form = page.getByRole('form', { name: /^Register for/ });
  await form.scrollIntoViewIfNeeded();
  const box = form.getByLabel('Also subscribe me to the newsletter');
  await expect(box).toBeVisible();
  await expect(box).not.toBeChecked();

  await form.getByLabel('Your name').fill('Tomás Ferreira');
  await form.getByLabel('Email address').fill(email);
  await form.getByLabel(/I agree/).check();
  await box.check();
  await expectNoAxeViolations(page, 'registration form with the newsletter box ticked');
  await form.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByRole('heading', { name: 'You are registered' })).toBeVisible({ timeout: 30_000 });

  await waitForEmail(email, /^You are registered/);
  const confirmation = await waitForEmail(email, confirmSubject);
  expect(linkIn(confirmation, /\/newsletter\/confirm\/\?id=/)).toContain('token=');
  const subscriptionEmails = (await emailsTo(email)).filter((e) => confirmSubject.test(e.subject));
  expect(subscriptionEmails).toHaveLength(1);
});
