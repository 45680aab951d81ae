/**
 * Event registration in Chromium against `npm start`'s stack (DynamoDB Local,
 * local SES, the mailer on the stream): register and get the email, manage
 * and cancel from its link, the waitlist filled and promoted, each field's
 * error, the keyboard on its own, the API down, and axe in every state.
 * Every test uses its own email addresses; the capacity test owns the small
 * event (founders-breakfast-singapore: 10 places, up to 2 guests).
 */
import { createHash } from 'node:crypto';
import type { APIRequestContext, Page } from '@playwright/test';
import { expect as baseExpect, test } from './support/test';
import { allEmails, apiWrite, emailsTo, expectNoAxeViolations, linkIn, uniqueEmail, waitForEmail } from './support/forms';

// The API, the mailer and two browsers share two cores: give each expectation some room.
const expect = baseExpect.configure({ timeout: 10_000 });

const reunion = { slug: 'reunion-2027', title: 'Class of 2017 Ten-Year Reunion' };
const small = 'founders-breakfast-singapore';

async function openForm(page: Page, slug: string) {
  await page.goto(`/events/${slug}/`);
  // Scroll to its section first, as a reader does: a form below the fold may hydrate only once it is near.
  await page.locator('[data-form-mount="registration"]').scrollIntoViewIfNeeded();
  const form = page.getByRole('form', { name: /^Register for/ });
  await form.scrollIntoViewIfNeeded();
  await expect(form).toBeVisible();
  return form;
}

async function fillRequired(page: Page, name: string, email: string) {
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel(/I agree/).check();
}

test('register, get the confirmation email, manage from its link and cancel', async ({ page }) => {
  const email = uniqueEmail('amara');
  await openForm(page, reunion.slug);
  await expect(page.getByText(/places left/)).toBeVisible();
  await expectNoAxeViolations(page, 'empty registration form');

  await fillRequired(page, 'Amara Okafor', email);
  await page.getByLabel('Class year').fill('2017');
  await page.getByLabel('Guests').selectOption('1');
  await page.getByLabel('Dietary needs').fill('Vegetarian');
  await page.getByRole('button', { name: 'Register' }).click();

  const done = page.getByRole('heading', { name: 'You are registered' });
  await expect(done).toBeVisible();
  await expect(done).toBeFocused();
  await expect(page.getByText('with 1 guest: 2 places in all')).toBeVisible();
  await expect(page.getByText(`We have sent a confirmation to ${email}`)).toBeVisible();
  await expect(page.getByRole('link', { name: 'Add to my calendar (.ics)' }).last()).toHaveAttribute('href', `/events/${reunion.slug}.ics`);
  await expectNoAxeViolations(page, 'registration success');

  const confirmation = await waitForEmail(email, /^You are registered/);
  expect(confirmation.attachments.some((a) => a.contentType.includes('calendar'))).toBe(true);
  await page.goto(linkIn(confirmation, /\/manage\/\?r=/));

  await expect(page.getByText('Confirmed', { exact: true })).toBeVisible();
  await expect(page.getByText('Amara Okafor')).toBeVisible();
  await expect(page.getByText('2 (you and one guest)')).toBeVisible();
  await expectNoAxeViolations(page, 'manage page');
  await page.getByRole('button', { name: 'Cancel my registration' }).click();
  await expect(page.getByRole('heading', { name: 'Cancel your registration?' })).toBeFocused();
  await page.getByRole('button', { name: 'No, keep my place' }).click();
  await expect(page.getByText('Confirmed', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel my registration' }).click();
  await page.getByRole('button', { name: 'Yes, cancel my registration' }).click();
  await expect(page.getByRole('heading', { name: 'Your registration is cancelled' })).toBeFocused();
  await expectNoAxeViolations(page, 'manage page after cancelling');
  await waitForEmail(email, /^Registration cancelled/);

  // The link still opens, and says so.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'This registration was cancelled' })).toBeVisible();
});

test('a manage link with a wrong token or none says the link is not valid', async ({ page }) => {
  await page.goto(`/events/${reunion.slug}/manage/?r=abcdefghijkl&t=not-the-token`);
  await expect(page.getByRole('alert')).toContainText('This link is not valid');
  await expectNoAxeViolations(page, 'manage page with an invalid link');
  await page.goto(`/events/${reunion.slug}/manage/`);
  await expect(page.getByRole('alert')).toContainText('incomplete');
});

test('each field says what is wrong, next to it, and focus goes to the first', async ({ page }) => {
  await openForm(page, reunion.slug);
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByRole('alert')).toHaveText('Please correct the 3 highlighted fields.');
  const name = page.getByLabel('Your name');
  await expect(name).toBeFocused();
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(name).toHaveAccessibleDescription(/Enter your name\./);
  await expect(page.getByLabel('Email address')).toHaveAccessibleDescription(/Enter your email address\./);
  await expect(page.getByLabel(/I agree/)).toHaveAccessibleDescription(/Please agree/);
  await expectNoAxeViolations(page, 'registration form with errors');

  await name.fill('Lena <b>Fischer</b>');
  await page.getByLabel('Email address').fill('lena@');
  await page.getByLabel('Class year').fill('1850');
  await page.getByLabel('Accessibility needs').fill('<script>alert(1)</script>');
  await page.getByLabel(/I agree/).check();
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByRole('alert')).toHaveText('Please correct the 4 highlighted fields.');
  await expect(name).toBeFocused();
  await expect(name).toHaveAccessibleDescription(/Please remove the HTML from your name\./);
  await expect(page.getByLabel('Email address')).toHaveAccessibleDescription(/Enter a valid email address, like name@example\.org\./);
  await expect(page.getByLabel('Class year')).toHaveAccessibleDescription(/Write a class year from 1900 on\./);
  await expect(page.getByLabel('Accessibility needs')).toHaveAccessibleDescription(/Please remove the HTML from accessibility needs\./);
  await expect(page.getByLabel(/I agree/)).not.toHaveAttribute('aria-invalid', 'true');

  // Correcting a field clears its message; nothing was sent, so nothing was stored.
  await name.fill('Lena Fischer');
  await expect(name).not.toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Class year').fill('20x7');
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByLabel('Email address')).toBeFocused();
  await expect(page.getByLabel('Class year')).toHaveAccessibleDescription(/Write the class year as a whole number/);
});

test('registering the same address again reads like a new registration and emails the manage link again', async ({ page }) => {
  const email = uniqueEmail('kwame');
  await openForm(page, reunion.slug);
  await fillRequired(page, 'Kwame Mensah', email);
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByRole('heading', { name: 'You are registered' })).toBeVisible();
  await waitForEmail(email, /^You are registered/);

  // The page says nothing a stranger could learn from: the holder finds the answer in their email.
  await openForm(page, reunion.slug);
  await fillRequired(page, 'Kwame Mensah', email.toUpperCase());
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByRole('heading', { name: 'You are registered' })).toBeVisible();
  await expect(page.getByText(/Check your email\./)).toBeVisible();
  const again = await waitForEmail(email, /^Your registration/);
  expect(linkIn(again, /\/manage\/\?r=/)).toMatch(/^\/events\/reunion-2027\/manage\//);
});

/**
 * The small event as new: a retry of the capacity test on the same server finds
 * the registrations of the first attempt, so cancel each through the manage
 * link its email carries, as its holder could.
 */
async function emptySmallEvent(request: APIRequestContext) {
  const availability = async () => (await (await request.get(`/api/events/${small}/availability`, { headers: { 'Cache-Control': 'no-cache' } })).json()) as { confirmed: number; waitlisted: number };
  let now = await availability();
  if (now.confirmed === 0 && now.waitlisted === 0) return;
  for (const email of await allEmails()) {
    if (!email.subject.includes('Founders’ Breakfast') || !/\/manage\/\?r=/.test(email.body.text ?? '')) continue;
    const link = new URL(linkIn(email, /\/manage\/\?r=/), 'http://localhost');
    await apiWrite(request, 'DELETE', `/registrations/${link.searchParams.get('r')}?token=${encodeURIComponent(link.searchParams.get('t')!)}`);
  }
  now = await availability();
  expect(now).toMatchObject({ confirmed: 0, waitlisted: 0 });
}

test('an event that is full offers the waitlist; a cancellation promotes the next person', async ({ page, request }) => {
  await emptySmallEvent(request);
  // Fill the ten places through the API: three groups of three and one person.
  const holders: string[] = [];
  for (const guests of [2, 2, 2, 0]) {
    const email = uniqueEmail('founder');
    const { status, body } = await apiWrite(request, 'POST', `/events/${small}/registrations`, { name: 'Founder', email, guests, consent: true }, { proofOfWork: true });
    expect(status, JSON.stringify(body)).toBe(201);
    expect(body['registration'].status).toBe('confirmed');
    holders.push(email);
  }

  const waiting = uniqueEmail('mateo');
  await openForm(page, small);
  await expect(page.getByText('All places are taken.')).toBeVisible();
  await fillRequired(page, 'Mateo Rossi', waiting);
  await page.getByRole('button', { name: 'Join the waitlist' }).click();
  await expect(page.getByRole('heading', { name: 'You are on the waitlist: number 1' })).toBeVisible();
  await expect(page.getByText('we email you as soon as you have one')).toBeVisible();
  await expectNoAxeViolations(page, 'waitlist success');
  const notice = await waitForEmail(waiting, /^You are on the waitlist/);

  const manageWaiting = linkIn(notice, /\/manage\/\?r=/);
  await page.goto(manageWaiting);
  await expect(page.getByText('On the waitlist: number 1')).toBeVisible();

  // One of the groups cancels from its emailed link: the waiting person gets the place.
  const confirmation = await waitForEmail(holders[0]!, /^You are registered/);
  await page.goto(linkIn(confirmation, /\/manage\/\?r=/));
  await page.getByRole('button', { name: 'Cancel my registration' }).click();
  await page.getByRole('button', { name: 'Yes, cancel my registration' }).click();
  await expect(page.getByRole('heading', { name: 'Your registration is cancelled' })).toBeVisible();

  await waitForEmail(waiting, /^A place opened up/);
  await page.goto(manageWaiting);
  await expect(page.getByText('Confirmed', { exact: true })).toBeVisible();
});

test('a double click sends one registration', async ({ page }) => {
  const email = uniqueEmail('double');
  const posts: string[] = [];
  page.on('request', (r) => r.method() === 'POST' && r.url().includes('/registrations') && posts.push(r.headers()['idempotency-key'] ?? ''));
  await openForm(page, 'virtual-career-fair-2027');
  await fillRequired(page, 'Lucas Oliveira', email);
  await page.getByRole('button', { name: 'Register' }).dblclick();
  await expect(page.getByRole('heading', { name: 'You are registered' })).toBeVisible();
  expect(posts).toHaveLength(1);
  await waitForEmail(email, /^You are registered/);
  expect((await emailsTo(email)).filter((e) => /^You are registered/.test(e.subject))).toHaveLength(1);
});

test('an event whose registration has not opened says when it opens', async ({ page }) => {
  await page.goto('/events/winter-lights-festival-2027/');
  const mount = page.locator('[data-form-mount="registration"]');
  await mount.scrollIntoViewIfNeeded();
  await expect(mount.getByText(/^Registration opens on .*2027/)).toBeVisible();
  await expect(mount.getByRole('button', { name: 'Register' })).toHaveCount(0);
});

test('the whole registration can be completed with the keyboard alone', async ({ page }) => {
  const email = uniqueEmail('keyboard');
  await page.goto('/events/careers-in-sustainable-finance/');
  // The form is below the fold (client:near): a keyboard reader's first Tab loads it, long before they can
  // tab down to it. Until it is there, nothing on the page can be filled in.
  await expect(page.locator('[data-form-mount="registration"] form')).toHaveCount(0);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('form', { name: /^Register for/ })).toBeAttached();
  // Tab on from the top of the page to the form's first field.
  const name = page.getByLabel('Your name');
  for (let i = 0; i < 80 && !(await name.evaluate((el) => el === document.activeElement).catch(() => false)); i++) await page.keyboard.press('Tab');
  await expect(name).toBeFocused();
  await page.keyboard.type('Priya Raman');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Email address')).toBeFocused();
  await page.keyboard.type(email);
  await page.keyboard.press('Tab'); // class year
  await page.keyboard.type('2009');
  await page.keyboard.press('Tab'); // dietary (this event takes no guests)
  await page.keyboard.type('No pork');
  await page.keyboard.press('Tab'); // accessibility
  await page.keyboard.press('Tab'); // consent
  await expect(page.getByLabel(/I agree/)).toBeFocused();
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab'); // the separate newsletter box, left unticked
  await expect(page.getByLabel(/Also subscribe me/)).toBeFocused();
  await expect(page.getByLabel(/Also subscribe me/)).not.toBeChecked();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Register' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'You are registered' })).toBeFocused();
  await waitForEmail(email, /^You are registered/);
});

test('with the API unavailable the form says so, keeps the answers, and a retry registers once', async ({ page }) => {
  const email = uniqueEmail('retry');
  const sent: Array<{ key: string | undefined; hash: string | undefined; body: string }> = [];
  let failNext = true;
  await page.route('**/api/events/*/registrations', async (route) => {
    const r = route.request();
    sent.push({ key: r.headers()['idempotency-key'], hash: r.headers()['x-amz-content-sha256'], body: r.postData() ?? '' });
    if (failNext) {
      failNext = false;
      await route.fulfill({ status: 503, body: 'Service Unavailable' });
    } else await route.continue();
  });
  await openForm(page, reunion.slug);
  await fillRequired(page, 'Sofia Martinez', email);
  await page.getByLabel('Dietary needs').fill('Gluten-free');
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByRole('alert')).toHaveText('The service is unavailable right now. Your answers are kept: please try again in a moment.');
  await expect(page.getByLabel('Your name')).toHaveValue('Sofia Martinez');
  await expect(page.getByLabel('Dietary needs')).toHaveValue('Gluten-free');
  await expect(page.getByLabel(/I agree/)).toBeChecked();
  await expectNoAxeViolations(page, 'registration form with the API down');

  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByRole('heading', { name: 'You are registered' })).toBeVisible();
  expect(sent).toHaveLength(2);
  // The retry is the same attempt: the same Idempotency-Key and body, with the body's SHA-256.
  expect(sent[1]!.key).toBeTruthy();
  expect(sent[1]!.key).toBe(sent[0]!.key);
  expect(sent[1]!.body).toBe(sent[0]!.body);
  expect(sent[1]!.hash).toBe(createHash('sha256').update(sent[1]!.body).digest('hex'));
  expect(JSON.parse(sent[1]!.body)).toMatchObject({ timeZone: expect.any(String), company: '' });
  await waitForEmail(email, /^You are registered/);
  expect((await emailsTo(email)).filter((e) => /^You are registered/.test(e.subject))).toHaveLength(1);
});

test('without JavaScript the event page explains how to register', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`/events/${reunion.slug}/`);
  const mount = page.locator('[data-form-mount="registration"]');
  await expect(mount).toContainText('Register with your name and email');
  await expect(mount).toContainText('needs JavaScript');
  await expect(mount.locator('form')).toHaveCount(0);
  await context.close();
});

test.describe('in dark mode', () => {
  test.use({ colorScheme: 'dark' });

  test('the form’s errors and availability keep AA contrast', async ({ page }) => {
    await openForm(page, reunion.slug);
    await page.getByLabel('Email address').fill('not-an-email');
    await page.getByRole('button', { name: 'Register' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await expectNoAxeViolations(page, 'registration errors in dark mode');
  });
});
