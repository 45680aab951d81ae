/**
 * What the form tests share: the local inbox of `npm start`'s email server
 * (aws-ses-v2-local's GET /store, on the port the Playwright config gave it),
 * writes straight to the API as a browser sends them (with the body hash
 * CloudFront requires), and unique addresses so tests never depend on order.
 */
import { createHash, randomUUID } from 'node:crypto';
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { toAddressesStarting } from '../../support/inbox';
import { solvedHeader, type Challenge } from '../../support/proof-of-work';
import { axeViolations } from './axe';

export interface Email {
  destination: { to: string[] };
  subject: string;
  body: { html?: string; text?: string };
  attachments: { contentType: string; filename?: string }[];
}

const inboxUrl = `http://127.0.0.1:${process.env.E2E_SES_PORT}/store`;

/** A fresh address for one test: emails are matched by it. */
export const uniqueEmail = (who: string) => `${who}.${randomUUID().slice(0, 8)}@example.org`;

/** Every email in the local inbox. */
export async function allEmails(): Promise<Email[]> {
  const response = await fetch(inboxUrl);
  return ((await response.json()) as { emails: Email[] }).emails;
}

/** Every email sent so far to an address: a whole one, or its start (e.g. 'li-wei-chen@' for a mentor). */
export async function emailsTo(address: string): Promise<Email[]> {
  return (await allEmails()).filter(toAddressesStarting(address));
}

/** Waits for an email to the address whose subject matches, and returns it. */
export async function waitForEmail(address: string, subject: RegExp): Promise<Email> {
  let found: Email | undefined;
  await expect
    .poll(
      async () => {
        found = (await emailsTo(address)).find((e) => subject.test(e.subject));
        return found !== undefined;
      },
      // The local mailer reads the table's stream every 200 ms: look as often, not at Playwright's default backoff
      // to once a second, which left a worker idle for up to a second an email.
      { message: `an email to ${address} with subject ${subject}`, timeout: 20_000, intervals: [100, 200] },
    )
    .toBe(true);
  return found!;
}

/** The first link in an email's text matching the pattern, as a path on the site. */
export function linkIn(email: Email, pattern: RegExp): string {
  const text = `${email.body.text ?? ''}\n${email.body.html ?? ''}`;
  const url = text
    .match(/https?:\/\/[^\s"'<>)]+/g)
    ?.map((u) => u.replace(/&amp;/g, '&'))
    .find((u) => pattern.test(u));
  expect(url, `a link matching ${pattern} in "${email.subject}"`).toBeTruthy();
  const parsed = new URL(url!);
  return parsed.pathname + parsed.search;
}

/** A fresh challenge from the API, solved: the `x-altcha` header value the forms send. */
export async function solvedChallenge(request: APIRequestContext): Promise<string> {
  return solvedHeader((await (await request.get('/api/challenge')).json()) as Challenge);
}

/**
 * A JSON write to the API as the site's API client sends it; `proofOfWork` for the
 * form writes (registrations, mentor requests, donations), which need a solved challenge.
 */
export async function apiWrite(request: APIRequestContext, method: 'POST' | 'DELETE', path: string, body?: unknown, { proofOfWork = false } = {}) {
  const bytes = body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body));
  const response = await request.fetch(`/api${path}`, {
    method,
    headers: {
      'x-amz-content-sha256': createHash('sha256').update(bytes).digest('hex'),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(proofOfWork ? { 'x-altcha': await solvedChallenge(request) } : {}),
    },
    ...(body === undefined ? {} : { data: bytes }),
  });
  return { status: response.status(), body: (await response.json()) as Record<string, any> };
}

/** axe finds no violations on the page as it is now (a form in its error or success state included). */
export async function expectNoAxeViolations(page: Page, state: string) {
  expect(await axeViolations(page), state).toEqual([]);
}
