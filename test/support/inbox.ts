/**
 * Reading the local inbox (aws-ses-v2-local's stored emails): who an email
 * went to, and filters by address. The harness (stack.ts) drains the mailer
 * before it hands the inbox over, so tests count emails exactly.
 */
import type { StoredEmail } from '../../functions/local/ses-local';

export type { StoredEmail };

/** What the filters read of an email: whom it went to (the harness's inbox and the browser tests' alike). */
export interface Addressed {
  destination: { to: string[]; cc?: string[] };
}

/** The bare address of "Name <address>" or "address", lower-cased. */
const bare = (recipient: string) => (/<([^>]+)>/.exec(recipient)?.[1] ?? recipient).trim().toLowerCase();

/** Everyone an email went to: its To and Cc addresses, lower-cased. */
export function recipientsOf(email: Addressed): string[] {
  return [...email.destination.to, ...(email.destination.cc ?? [])].map(bare);
}

/** Emails to (or copied to) exactly this address, in any case. */
export const to = (address: string) => {
  const wanted = bare(address);
  return (email: Addressed) => recipientsOf(email).includes(wanted);
};

/** Emails to (or copied to) an address that starts with `prefix`, e.g. the addresses of one test ("burst-"). */
export const toAddressesStarting = (prefix: string) => (email: Addressed) => recipientsOf(email).some((a) => a.startsWith(prefix.toLowerCase()));

/** How many emails each address got. */
export function countByRecipient(emails: Addressed[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const email of emails) for (const address of recipientsOf(email)) counts.set(address, (counts.get(address) ?? 0) + 1);
  return counts;
}

/** The one email of a list that must hold exactly one (fails with the list otherwise). */
export function only(emails: StoredEmail[]): StoredEmail {
  if (emails.length !== 1) throw new Error(`Expected exactly one email, found ${emails.length}: ${JSON.stringify(emails.map((e) => [recipientsOf(e).join(', '), e.subject]))}`);
  return emails[0]!;
}
