/**
 * Mentor requests and answers in Chromium against `npm start`'s stack: the
 * suggestions with their reasons, a request from a mentor's profile that the
 * mentor accepts from the emailed link, a chosen mentor without free places,
 * each field's error, and axe in each state. The unavailable case owns the
 * mentor with one place (priya-raman); no other test asks her.
 */
import type { Page } from '@playwright/test';
import { expect as baseExpect, test } from './support/test';
import { apiWrite, expectNoAxeViolations, linkIn, uniqueEmail, waitForEmail } from './support/forms';

// The API, the mailer and two browsers share two cores: give each expectation some room.
const expect = baseExpect.configure({ timeout: 10_000 });

async function openForm(page: Page, query = '') {
  await page.goto(`/mentoring/${query}`);
  // Scroll to its section first, as a reader does: a form below the fold may hydrate only once it is near.
  await page.locator('[data-form-mount="mentor-request"]').scrollIntoViewIfNeeded();
  const form = page.getByRole('form', { name: 'Request a mentor' });
  await form.scrollIntoViewIfNeeded();
  await expect(form).toBeVisible();
  return form;
}

async function fillRequest(page: Page, email: string, name = 'Mateo Rossi') {
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('radio', { name: /A student/ }).check();
  await page.getByLabel('What do you hope to get from mentoring?').fill('I am moving from civil engineering into software and would like advice on my first job search.');
  const showAll = page.getByRole('button', { name: /^Show all \d+ topics$/ });
  if (await showAll.isVisible()) await showAll.click();
  await page.getByRole('checkbox', { name: 'product management' }).check();
  await page
    .getByRole('group', { name: /Industries/ })
    .getByRole('checkbox', { name: 'Technology' })
    .check();
  await page
    .getByRole('group', { name: /Languages/ })
    .getByRole('checkbox', { name: 'Spanish' })
    .check();
  await page.getByLabel('Country you live in').fill('Canada');
  await page.getByRole('radio', { name: /A few sessions/ }).check();
  await page.getByLabel(/I agree/).check();
}

test('a request without a chosen mentor shows the suggested mentors with their reasons', async ({ page }) => {
  const email = uniqueEmail('mateo');
  await openForm(page);
  await expectNoAxeViolations(page, 'empty mentor request form');
  await fillRequest(page, email);
  await page.getByRole('checkbox', { name: 'changing careers into software' }).check();
  await page.getByLabel('Other topics').fill('interview practice');
  await page.getByRole('button', { name: 'Send my request' }).click();

  await expect(page.getByRole('heading', { name: 'Your request is on its way' })).toBeFocused();
  const suggestions = page
    .getByRole('region', { name: 'Mentors who fit your request' })
    .getByRole('listitem')
    .filter({ has: page.getByRole('link') });
  await expect(suggestions.first()).toBeVisible();
  expect(await suggestions.count()).toBeLessThanOrEqual(5);
  // Each suggestion links to the mentor's profile and says why, in plain words.
  await expect(suggestions.first().getByRole('list', { name: /^Why / }).getByRole('listitem').first()).toBeVisible();
  await expect(page.getByRole('region', { name: 'Mentors who fit your request' })).toContainText(/Spanish|product management|Technology/);
  await expectNoAxeViolations(page, 'mentor request sent, with suggestions');
  await waitForEmail(email, /^Your mentoring request/);

  // Asking one of them fills the form again with that mentor chosen.
  const first = suggestions.first();
  const name = (await first.getByRole('link').textContent())!;
  await first.getByRole('button', { name: /^Ask / }).click();
  await expect(page.getByLabel('Mentor', { exact: true })).toHaveValue(/.+/);
  await expect(page.getByRole('button', { name: `Send my request to ${name.split(' ')[0]}` })).toBeFocused();
  await expect(page.getByLabel('Your name')).toHaveValue('Mateo Rossi');
});

test('from a mentor’s profile the mentor is chosen; the mentor accepts from the emailed link', async ({ page }) => {
  const email = uniqueEmail('ana');
  const requester = `Ana ${email.slice(email.indexOf('.') + 1, email.indexOf('@'))}`;
  await page.goto('/profiles/li-wei-chen/');
  await page.getByRole('link', { name: /as mentor/ }).click();
  await expect(page).toHaveURL(/\/mentoring\/\?mentor=li-wei-chen$/);
  await page.locator('[data-form-mount="mentor-request"]').scrollIntoViewIfNeeded();
  await expect(page.getByLabel('Mentor', { exact: true })).toHaveValue('li-wei-chen');
  await fillRequest(page, email, requester);
  await page.getByRole('button', { name: 'Send my request to Li' }).click();
  await expect(page.getByRole('heading', { name: 'Your request is on its way' })).toBeVisible();
  await expect(page.getByText('We have sent it to Li Wei Chen')).toBeVisible();
  await waitForEmail(email, /^Your mentoring request to Li Wei Chen/);

  const toMentor = await waitForEmail('li-wei-chen@', new RegExp(`^Mentoring request from ${requester}$`));
  const accept = linkIn(toMentor, /action=accept/);
  await page.goto(accept);
  await expect(page.getByText('Accept this mentoring request?')).toBeVisible();
  await expectNoAxeViolations(page, 'mentor answer page');
  await page.getByRole('button', { name: 'Yes, accept' }).click();
  await expect(page.getByRole('heading', { name: 'Thank you: you accepted the request' })).toBeFocused();
  await expectNoAxeViolations(page, 'mentor answer accepted');
  await waitForEmail(email, new RegExp(`^Introduction: ${requester} and Li Wei Chen`));

  // The decline link of the same request now reports the earlier answer.
  await page.goto(linkIn(toMentor, /action=decline/));
  await page.getByRole('button', { name: 'Yes, decline' }).click();
  await expect(page.getByRole('heading', { name: 'This request was already answered' })).toBeVisible();
});

test('a mentor answer link that is incomplete or forged says so', async ({ page }) => {
  await page.goto('/mentoring/respond/');
  await expect(page.getByRole('alert')).toContainText('incomplete');
  await page.goto('/mentoring/respond/?id=abcdefghijkl&token=forged&action=decline');
  await page.getByRole('button', { name: 'Yes, decline' }).click();
  await expect(page.getByRole('alert')).toContainText('not valid');
  await expectNoAxeViolations(page, 'mentor answer with a forged link');
});

test('a chosen mentor without free places is explained, with mentors to choose instead', async ({ page, request }) => {
  // Priya mentors one person at a time: a request she accepts fills her place.
  const first = uniqueEmail('first');
  const firstName = `First ${first.slice(first.indexOf('.') + 1, first.indexOf('@'))}`;
  const sent = await apiWrite(
    request,
    'POST',
    '/mentor-requests',
    {
      name: firstName,
      email: first,
      role: 'alumni',
      goals: 'Moving from banking into healthcare business and want to hear how it went for you.',
      topics: ['healthcare business'],
      preferredMentor: 'priya-raman',
      format: 'one-off',
      consent: true,
    },
    { proofOfWork: true },
  );
  if (sent.status === 201) {
    const mail = await waitForEmail('priya-raman@', new RegExp(`^Mentoring request from ${firstName}$`));
    const accept = new URL(linkIn(mail, /action=accept/), 'http://x');
    const answer = await apiWrite(request, 'POST', `/mentor-requests/${accept.searchParams.get('id')}/accept?token=${encodeURIComponent(accept.searchParams.get('token')!)}`);
    expect(answer.status).toBe(200);
  } else expect(sent.body['error'].code).toBe('mentor_unavailable');

  // The form knows from live availability that Priya's place is taken: it says so and never offers her as a choice.
  await openForm(page, '?mentor=priya-raman');
  await expect(page.getByText('Priya Raman has no free mentoring place right now.', { exact: false })).toBeVisible();
  await expect(page.getByLabel('Mentor', { exact: true })).not.toHaveValue('priya-raman');
  await expect(page.getByLabel('Mentor', { exact: true }).locator('option[value="priya-raman"]')).toHaveCount(0);
  await expectNoAxeViolations(page, 'mentor unavailable');
});

test('each field of the request says what is wrong', async ({ page }) => {
  await openForm(page);
  await page.getByRole('button', { name: 'Send my request' }).click();
  await expect(page.getByRole('alert')).toHaveText('Please correct the 7 highlighted fields.');
  await expect(page.getByLabel('Your name')).toBeFocused();
  await expect(page.getByLabel('Email address')).toHaveAccessibleDescription(/Enter your email address\./);
  await expect(page.getByRole('radiogroup', { name: 'I am' })).toHaveAccessibleDescription(/Choose student or alumni\./);
  await expect(page.getByLabel('What do you hope to get from mentoring?')).toHaveAccessibleDescription(/Tell us/);
  await expect(page.getByRole('group', { name: 'Topics' })).toHaveAccessibleDescription(/Choose at least one topic\./);
  await expect(page.getByRole('radiogroup', { name: 'How much time would you like?' })).toHaveAccessibleDescription(/Choose one-off, short-term or long-term\./);
  await expect(page.getByLabel(/I agree/)).toHaveAccessibleDescription(/Please agree/);
  await expectNoAxeViolations(page, 'mentor request with errors');

  await page.getByLabel('What do you hope to get from mentoring?').fill('Advice, please.');
  await page.getByLabel('Class year').fill('2099');
  await page.getByRole('button', { name: 'Send my request' }).click();
  await expect(page.getByLabel('What do you hope to get from mentoring?')).toHaveAccessibleDescription(/at least 20 characters/);
  await expect(page.getByLabel('Class year')).toHaveAccessibleDescription(/too far in the future/);
});
