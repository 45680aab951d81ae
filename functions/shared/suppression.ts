/**
 * Suppressed addresses: an address SES reported as bouncing for good or as
 * complaining is not sent any kind of email again (registrations included)
 * until staff lift it. The item is keyed by the address's hash and holds no
 * address: what suppression needs, and nothing more. The mailer checks it
 * before every send (functions/mailer/mailer.ts); the bounce handler writes it
 * (functions/newsletter/bounces.ts); staff list and lift it (admin/suppressions.ts).
 * Each of those writes lives with its one caller, so each Lambda bundle imports
 * only the DynamoDB commands it uses (its role allows exactly those).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from './clients';
import { emailHash, keys } from './table';

export type SuppressionReason = 'bounce' | 'complaint';

export interface Suppression {
  hash: string;
  reason: SuppressionReason;
  /** SES's own words: bounce type and sub-type, or the complaint's feedback type. */
  detail: string;
  at: string;
}

export async function suppressionOf(table: Table, email: string): Promise<Suppression | undefined> {
  const result = await table.db.send(new GetCommand({ TableName: table.name, Key: keys.suppression(emailHash(email)) }));
  return result.Item ? toSuppression(result.Item) : undefined;
}

export const toSuppression = (item: Record<string, unknown>): Suppression => ({
  hash: String(item.hash),
  reason: item.reason as SuppressionReason,
  detail: String(item.detail ?? ''),
  at: String(item.at),
});

/**
 * Why an email must not go to `address`, or undefined: the address is
 * suppressed, or the job is a newsletter whose subscription is no longer
 * active (unsubscribed after the issue was queued). The mailer asks before
 * every send.
 */
export async function withheld(table: Table, job: { kind: string; data: unknown } | undefined, address: string): Promise<'suppressed' | 'unsubscribed' | undefined> {
  if (await suppressionOf(table, address)) return 'suppressed';
  if (job?.kind === 'newsletter' && !(job.data as { test?: boolean }).test) {
    const id = (job.data as { subscriptionId?: string }).subscriptionId ?? '';
    const result = await table.db.send(new GetCommand({ TableName: table.name, Key: keys.subscription(id), ProjectionExpression: '#status', ExpressionAttributeNames: { '#status': 'status' } }));
    if (result.Item?.status !== 'active') return 'unsubscribed';
  }
  return undefined;
}
