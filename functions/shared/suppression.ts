/**
 * Suppressed addresses: an address SES reported as bouncing for good or as
 * complaining is not sent any kind of email again (registrations included)
 * until staff lift it. The item is keyed by the address's hash and holds no
 * address: what suppression needs, and nothing more. The mailer checks it
 * before every send (functions/mailer/mailer.ts); the bounce handler writes it
 * (functions/newsletter/bounces.ts); staff list and lift it (admin emails).
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from './clients';
import { emailHash, gsi1, indexKeys, keys } from './table';

export type SuppressionReason = 'bounce' | 'complaint';

export interface Suppression {
  hash: string;
  reason: SuppressionReason;
  /** SES's own words: bounce type and sub-type, or the complaint's feedback type. */
  detail: string;
  at: string;
}

/** Suppresses an address (again: the latest report wins). */
export async function suppress(table: Table, email: string, reason: SuppressionReason, detail: string, at: Date): Promise<void> {
  const hash = emailHash(email);
  const when = at.toISOString();
  await table.db.send(
    new PutCommand({
      TableName: table.name,
      Item: { ...keys.suppression(hash), ...indexKeys.suppressions(when, hash), entity: 'Suppression', hash, reason, detail, at: when },
    }),
  );
}

export async function suppressionOf(table: Table, email: string): Promise<Suppression | undefined> {
  const result = await table.db.send(new GetCommand({ TableName: table.name, Key: keys.suppression(emailHash(email)) }));
  return result.Item ? toSuppression(result.Item) : undefined;
}

/** Lifts a suppression; answers whether there was one. */
export async function unsuppress(table: Table, email: string): Promise<boolean> {
  const result = await table.db.send(new DeleteCommand({ TableName: table.name, Key: keys.suppression(emailHash(email)), ReturnValues: 'ALL_OLD' }));
  return result.Attributes !== undefined;
}

/** Every suppression, newest first. */
export async function listSuppressions(table: Table): Promise<Suppression[]> {
  const found: Suppression[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await table.db.send(
      new QueryCommand({ TableName: table.name, IndexName: gsi1, KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': 'SUPPRESSIONS' }, ScanIndexForward: false, ExclusiveStartKey }),
    );
    found.push(...(page.Items ?? []).map(toSuppression));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return found;
}

const toSuppression = (item: Record<string, unknown>): Suppression => ({ hash: String(item.hash), reason: item.reason as SuppressionReason, detail: String(item.detail ?? ''), at: String(item.at) });

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
