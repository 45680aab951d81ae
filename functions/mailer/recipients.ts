/**
 * Addresses of an email job's recipients. A mentor is named by profile slug in
 * the job and resolved here, when sending, from the mentor address
 * configuration (MENTOR_EMAILS_FILE locally, MENTOR_EMAILS_ARN in AWS): only
 * the mailer holds mentors' addresses, never content, the table or the API.
 */
import { mentorEmails } from '../shared/config';
import type { Recipient } from '../shared/email-jobs';

/** A mentor with no configured address: the job is retried (staff may add it) and parked if it stays missing. */
export class MentorAddressMissing extends Error {
  override name = 'MentorAddressMissing';
  constructor(slug: string) {
    super(`No email address is configured for mentor ${slug}: add it to the mentor address configuration.`);
  }
}

export async function resolveRecipient(recipient: Recipient): Promise<string> {
  if (typeof recipient === 'string') return recipient;
  const address = (await mentorEmails())[recipient.mentor];
  if (!address) throw new MentorAddressMissing(recipient.mentor);
  return address;
}
