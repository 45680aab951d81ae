/**
 * Addresses whose holder has proven the address is theirs, so the per-recipient
 * cap on form emails (mailer/recipient-cap.ts) no longer applies to them.
 *
 * What proves an address: its holder used a signed link that was emailed to
 * that address, with a deliberate action from the page the link opens (a
 * POST, PATCH or DELETE; never a GET, since mail scanners open links):
 * - confirming a newsletter subscription, or changing its preferences;
 * - confirming a held seat, editing or cancelling a registration from its
 *   manage link;
 * - the requester's own actions on their mentorship link (end, feedback, ask
 *   again), only with the mentee's token: the mentor's links prove nothing
 *   about the requester's address.
 * Not unsubscribing: whoever asks us to stop writing gets no new record.
 *
 * The record (VerifiedAddress, see table.ts) is a hash of the address, when
 * and how it was proven, and its expiry (`retentionDays` after the last proof):
 * an idempotent put right after the action, each proof moving the expiry on.
 * It is filed under the address in GSI2, so a privacy export lists it and an
 * erasure deletes it. A failed put is logged and leaves the action as it is:
 * the address is only capped as before. The mailer reads it (isVerifiedAddress
 * in mailer/recipient-cap.ts, so its bundle has no PutItem).
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from './clients';
import { errorFields, logger } from './logger';
import { emailHash, expiryAfter, indexKeys, keys } from './table';

/** The actions that prove an address (see above). */
export type VerifiedVia = 'newsletter-confirm' | 'newsletter-preferences' | 'registration-confirm' | 'registration-edit' | 'registration-cancel' | 'mentorship-link';

export interface VerifiedAddressItem {
  PK: string;
  SK: string;
  entity: 'VerifiedAddress';
  verifiedAt: string;
  via: VerifiedVia;
  expiresAt: number;
  GSI2PK: string;
  GSI2SK: string;
}

export interface VerifiedAddressContext {
  table: Table;
  now: Date;
  retentionDays: number;
}

/** Records that the holder of `email` proved it by `via` now; never throws (see above). */
export async function recordVerifiedAddress(ctx: VerifiedAddressContext, email: string, via: VerifiedVia): Promise<void> {
  const hash = emailHash(email);
  const item: VerifiedAddressItem = {
    ...keys.verifiedAddress(hash),
    entity: 'VerifiedAddress',
    verifiedAt: ctx.now.toISOString(),
    via,
    expiresAt: expiryAfter(ctx.now, ctx.retentionDays),
    ...indexKeys.personVerifiedAddress(hash),
  };
  try {
    await ctx.table.db.send(new PutCommand({ TableName: ctx.table.name, Item: item }));
  } catch (error) {
    logger.warn('address proven, but not recorded: it stays under the email cap', { via, ...errorFields(error) });
  }
}
