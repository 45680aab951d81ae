/**
 * After registering, in Chromium against `npm start`'s stack: change a
 * registration from the manage link (guests, needs, listed as coming) and see
 * oneself on the event page's "Who's coming", read without blocking the page;
 * a postponed event says so; a past event shows its recording and materials;
 * a rating link that is not valid says so. axe in each state.
 * Uses the sample events alumni-walk-lisbon-2027 (postponed, whosComing, 1
 * guest) and webinar-negotiating-pay (past, with a recording).
 */
import { expect as baseExpect, test } from './support/test';
import { apiWrite, expectNoAxeViolations, linkIn, uniqueEmail, waitForEmail } from './support/forms';

const expect = baseExpect.configure({ timeout: 10_000 });
const walk = 'alumni-walk-lisbon-2027';

test('change a registration from its manage link and be listed as coming', async ({ page, request }) => {
  // A proof of work, an email, two pages and three axe runs on a shared two-core machine.
  test.setTimeout(90_000);
  const email = uniqueEmail('sofia');
  const name = `Sofia Martinez ${email.slice(6, 14)}`;
  const registered = await apiWrite(request, 'POST', `/events/${walk}/registrations`, { name, email, classYear: 2015, consent: true }, { proofOfWork: true });
  expect(registered.status).toBe(201);
  const confirmation = await waitForEmail(email, /^You are registered/);
  await page.goto(linkIn(confirmation, /\/manage\/\?r=/));
  await expect(page.getByText('Confirmed', { exact: true })).toBeVisible();
  await expectNoAxeViolations(page, 'manage page with its change form');

  await page.getByLabel('Guests').selectOption('1');
  await page.getByLabel('Dietary needs').fill('Vegan');
  await page.getByLabel('List my name and class year on the event page').check();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Saved. Your registration is updated.')).toBeVisible();
  await expect(page.getByText('2 (you and one guest)')).toBeVisible();
  await expectNoAxeViolations(page, 'manage page after saving');

  await page.goto(`/events/${walk}/`);
  await expect(page.getByText('This event is postponed.')).toBeVisible();
  const coming = page.getByRole('region', { name: "Who's coming" });
  await expect(coming).toBeVisible();
  await expect(coming.getByText(`${name}, class of 2015`)).toBeVisible();
  await expect(coming).not.toContainText('@');
  await expectNoAxeViolations(page, 'postponed event page with who is coming');
});

test('a past event shows its recording and materials', async ({ page }) => {
  await page.goto('/events/webinar-negotiating-pay/');
  const after = page.getByRole('region', { name: 'Recording and materials' });
  await expect(after.getByRole('link', { name: 'Watch the recording' })).toHaveAttribute('href', /^https:\/\//);
  await expect(after.getByRole('link', { name: 'Slides (PDF)' })).toBeVisible();
  await expectNoAxeViolations(page, 'past event page');
});

test('a rating link that is not valid says so', async ({ page }) => {
  await page.goto('/events/webinar-negotiating-pay/rate/?r=abcdefghijkl&t=not-the-token&rating=4');
  await expect(page.getByText(/This link is not valid/)).toBeVisible();
  await expectNoAxeViolations(page, 'rating page with an invalid link');
});
