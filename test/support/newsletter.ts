/**
 * Newsletter fixtures: active subscribers written straight into the table
 * (as confirmed subscriptions look), for the issue tests and the benchmark,
 * and the links of a confirmation email.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { SubscriptionItem } from '../../functions/newsletter/store';
import type { NewsletterFrequency } from '../../functions/schemas/subscription';
import type { Table } from '../../functions/shared/clients';
import { newId } from '../../functions/shared/ids';
import { emailHash, indexKeys, keys } from '../../functions/shared/table';

export interface SeededSubscriber {
  id: string;
  email: string;
}

/** `count` active subscribers `${prefix}-{n}@example.org`, written 25 at a time, 8 batches at once. */
export async function seedSubscribers(
  table: Table,
  count: number,
  options: { prefix?: string; frequency?: NewsletterFrequency; topics?: string[]; regions?: string[]; timeZone?: string } = {},
): Promise<SeededSubscriber[]> {
  const at = new Date().toISOString();
  const seeded: SeededSubscriber[] = [];
  const items: Record<string, unknown>[] = [];
  for (let n = 0; n < count; n++) {
    const id = newId();
    const email = `${options.prefix ?? 'reader'}-${n}@example.org`;
    const frequency = options.frequency ?? (n % 2 === 0 ? 'weekly' : 'monthly');
    const subscription: SubscriptionItem = {
      ...keys.subscription(id),
      entity: 'Subscription',
      id,
      status: 'active',
      email,
      name: `Reader ${n}`,
      topics: options.topics ?? [],
      regions: options.regions ?? [],
      frequency,
      ...(options.timeZone ? { timeZone: options.timeZone } : {}),
      createdAt: at,
      consentAt: at,
      confirmedAt: at,
    };
    const hash = emailHash(email);
    items.push({ ...subscription, ...indexKeys.activeSubscribers(frequency, id), ...indexKeys.personSubscription(hash, at) });
    items.push({ ...keys.subscriptionEmail(hash), entity: 'SubscriptionEmail', subscriptionId: id, confirmationSentAt: at });
    seeded.push({ id, email });
  }
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  for (let i = 0; i < batches.length; i += 8) {
    await Promise.all(
      batches.slice(i, i + 8).map(async (batch) => {
        let unprocessed: Record<string, unknown>[] | undefined = batch.map((Item) => ({ PutRequest: { Item } }));
        while (unprocessed && unprocessed.length > 0) {
          const result = await table.db.send(new BatchWriteCommand({ RequestItems: { [table.name]: unprocessed as never } }));
          unprocessed = result.UnprocessedItems?.[table.name] as Record<string, unknown>[] | undefined;
        }
      }),
    );
  }
  return seeded;
}

/** The id and token of the link in a confirmation or preferences email's text. */
export function subscriptionLink(text: string | undefined): { id: string; token: string } {
  const match = /newsletter\/(?:confirm|preferences)\/\?id=([0-9a-f]+)&token=([^\s&]+)/.exec(text ?? '');
  if (!match) throw new Error(`No subscription link in: ${text}`);
  return { id: match[1]!, token: decodeURIComponent(match[2]!) };
}
