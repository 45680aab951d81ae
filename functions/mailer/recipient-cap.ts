/**
 * A cap on the emails the public forms can make us send to one address: a
 * registration, a mentor request, a pledge or a subscription each email the
 * address typed in, so a script could use the forms to flood a stranger's
 * inbox. At most `formEmailsPerRecipientPerDay` of these kinds go to one
 * address per UTC day, whatever the form; the rest are withheld (status
 * `suppressed`, reason `recipient-cap`), while the record itself stands. The
 * form's answer does not change, so the cap tells a stranger nothing.
 *
 * An address whose holder has proven it is theirs (they acted on a signed
 * link emailed to it: shared/verified-address.ts) is not capped: one GetItem
 * of its VerifiedAddress, only for a form-triggered kind on a first attempt;
 * a marker past its expiry (the TTL deletes it up to two days late) does not
 * count. Whether an address is proven changes nothing in any form's answer
 * either: only what the holder receives.
 *
 * Kinds sent because of what the holder or staff did later (a promotion, a
 * change, a reminder, a mentor's answer) are not form-triggered and are never
 * capped. Counted on the first attempt of a job only, so a retry after an
 * SES error does not count twice.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from '../shared/clients';
import type { EmailJob, EmailKind } from '../shared/email-jobs';
import { emailHash, expiryAfter, keys } from '../shared/table';

export const formEmailsPerRecipientPerDay = 5;

/** The kinds a stranger can trigger by typing an address into a form. */
export const formTriggeredKinds: ReadonlySet<EmailKind> = new Set<EmailKind>([
  'registration-confirmed',
  'registration-waitlisted',
  'registration-manage-link',
  // A held place's email and, if nobody confirms it, its lapse: both follow from an address typed into the form.
  'registration-held',
  'registration-hold-lapsed',
  'mentor-request-received',
  'donation-receipt',
  'subscription-confirm',
]);

/** Whether this job would go over the address's cap for the day; counts it otherwise (a proven address is neither capped nor counted). */
export async function overRecipientCap(table: Table, job: Pick<EmailJob, 'kind' | 'attempts'>, address: string, now: Date, cap = formEmailsPerRecipientPerDay): Promise<boolean> {
  if (!formTriggeredKinds.has(job.kind) || (job.attempts ?? 0) > 0) return false;
  const hash = emailHash(address);
  if (await isVerifiedAddress(table, hash, now)) return false;
  const day = now.toISOString().slice(0, 10);
  try {
    await table.db.send(
      new UpdateCommand({
        TableName: table.name,
        Key: keys.recipientCap(hash, day),
        UpdateExpression: 'ADD sent :one SET entity = :entity, expiresAt = :expires',
        ConditionExpression: 'attribute_not_exists(sent) OR sent < :cap',
        ExpressionAttributeValues: { ':one': 1, ':cap': cap, ':entity': 'RecipientCap', ':expires': expiryAfter(`${day}T00:00:00Z`, 2) },
      }),
    );
    return false;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return true;
    throw error;
  }
}

/**
 * Whether the address with this hash is proven now (its VerifiedAddress, shared/verified-address.ts): a marker past
 * its expiry, which the TTL deletes up to two days late, does not count.
 */
export async function isVerifiedAddress(table: Table, emailKey: string, now: Date): Promise<boolean> {
  const found = await table.db.send(new GetCommand({ TableName: table.name, Key: keys.verifiedAddress(emailKey), ProjectionExpression: 'expiresAt' }));
  const expiresAt = (found.Item as { expiresAt?: number } | undefined)?.expiresAt;
  return typeof expiresAt === 'number' && expiresAt * 1000 > now.getTime();
}
