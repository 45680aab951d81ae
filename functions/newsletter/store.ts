/**
 * Newsletter subscriptions in DynamoDB (keys: shared/table.ts).
 *
 * One subscription per address, found through its SubscriptionEmail item
 * (the address's hash). Double opt-in: a new subscription is `pending` and
 * gets one confirmation email; only the link in it makes it `active`, and
 * only active subscriptions are in the index an issue is sent from. The
 * confirmation goes at most once a day per address, whatever is submitted:
 * the SubscriptionEmail's `confirmationSentAt` is the condition of the
 * transaction that writes the email job.
 *
 * Unsubscribing keeps nothing personal: the subscription becomes a tombstone
 * (id, status, when) that expires after 30 days, so a link used again gets a
 * clear answer, and the SubscriptionEmail is deleted. Pending subscriptions
 * that are never confirmed expire after 7 days with their SubscriptionEmail.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { NewsletterFrequency, SubscriptionPatch, SubscriptionRequest, SubscriptionStatus } from '../schemas/subscription';
import type { Table } from '../shared/clients';
import { emailJobItem } from '../shared/email-jobs';
import { ServiceBusy } from '../shared/errors';
import { newId } from '../shared/ids';
import type { RateLimitCharge } from '../shared/rate-limit';
import { emailHash, expiryAfter, indexKeys, keys } from '../shared/table';
import { signToken } from '../shared/tokens';
import { transact, type TransactItem } from '../shared/transactions';

export const pendingDays = 7;
export const tombstoneDays = 30;
/** One confirmation email per address per day. */
export const confirmationIntervalMs = 24 * 60 * 60 * 1000;

export interface SubscriptionItem {
  PK: string;
  SK: string;
  entity: 'Subscription';
  id: string;
  status: SubscriptionStatus;
  /** Absent once unsubscribed. */
  email?: string;
  name?: string;
  topics?: string[];
  regions?: string[];
  frequency?: NewsletterFrequency;
  timeZone?: string;
  createdAt: string;
  consentAt?: string;
  confirmedAt?: string;
  unsubscribedAt?: string;
  expiresAt?: number;
}

export interface SubscriptionContext {
  table: Table;
  siteUrl: string;
  signingSecret: string;
  now: Date;
}

/** The site's pages a subscriber is sent to, with the signed token. */
export function subscriptionLinks(siteUrl: string, secret: string, id: string) {
  const token = signToken(secret, 'subscription', id);
  const query = `id=${id}&token=${encodeURIComponent(token)}`;
  return {
    confirmUrl: `${siteUrl}/newsletter/confirm/?${query}`,
    preferencesUrl: `${siteUrl}/newsletter/preferences/?${query}`,
    /** The API's one-click address (RFC 8058): a POST there unsubscribes. */
    unsubscribeUrl: `${siteUrl}/api/subscriptions/${id}/unsubscribe?token=${encodeURIComponent(token)}`,
  };
}

export async function getSubscription(table: Table, id: string): Promise<SubscriptionItem | undefined> {
  const result = await table.db.send(new GetCommand({ TableName: table.name, Key: keys.subscription(id), ConsistentRead: true }));
  return result.Item as SubscriptionItem | undefined;
}

function confirmationJob(ctx: SubscriptionContext, subscription: { id: string; name?: string | undefined }, to: string, status: 'pending' | 'active'): TransactItem {
  const links = subscriptionLinks(ctx.siteUrl, ctx.signingSecret, subscription.id);
  return {
    Put: {
      TableName: ctx.table.name,
      Item: emailJobItem({
        id: newId(),
        kind: 'subscription-confirm',
        to,
        data: { subscriptionId: subscription.id, name: subscription.name, status, ...(status === 'pending' ? { confirmUrl: links.confirmUrl } : {}), preferencesUrl: links.preferencesUrl },
        expiresAt: expiryAfter(ctx.now, pendingDays),
        now: ctx.now,
      }),
    },
  };
}

/**
 * Subscribes an address, or, for an address already known, sends its
 * confirmation (pending) or its preferences link (active) again if the last
 * one went a day ago or more. The caller answers the same in every case.
 */
export async function subscribe(ctx: SubscriptionContext, input: SubscriptionRequest, charge?: RateLimitCharge): Promise<'created' | 'resent' | 'unchanged'> {
  const hash = emailHash(input.email);
  const at = ctx.now.toISOString();
  const rateLimit = charge?.item;
  for (let round = 0; round < 3; round++) {
    const known = await ctx.table.db.send(new GetCommand({ TableName: ctx.table.name, Key: keys.subscriptionEmail(hash), ConsistentRead: true }));
    if (!known.Item) {
      const id = newId();
      const expiresAt = expiryAfter(ctx.now, pendingDays);
      const subscription: SubscriptionItem = {
        ...keys.subscription(id),
        entity: 'Subscription',
        id,
        status: 'pending',
        email: input.email,
        ...(input.name ? { name: input.name } : {}),
        topics: input.topics,
        regions: input.regions,
        frequency: input.frequency,
        ...(input.timeZone ? { timeZone: input.timeZone } : {}),
        createdAt: at,
        consentAt: at,
        expiresAt,
      };
      const result = await transact(ctx.table, {
        rateLimit,
        address: {
          Put: {
            TableName: ctx.table.name,
            Item: { ...keys.subscriptionEmail(hash), entity: 'SubscriptionEmail', subscriptionId: id, confirmationSentAt: at, expiresAt },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        subscription: { Put: { TableName: ctx.table.name, Item: { ...subscription, ...indexKeys.personSubscription(hash, at) } } },
        job: confirmationJob(ctx, subscription, input.email, 'pending'),
      });
      if (result.ok) return 'created';
      if (result.failed.has('rateLimit')) throw charge!.exceeded();
      continue; // Someone subscribed this address at the same moment: answer as for a known address.
    }
    const subscription = await getSubscription(ctx.table, String(known.Item.subscriptionId));
    if (!subscription || subscription.status === 'unsubscribed') return 'unchanged';
    const dayAgo = new Date(ctx.now.getTime() - confirmationIntervalMs).toISOString();
    const status = subscription.status === 'active' ? 'active' : 'pending';
    const result = await transact(ctx.table, {
      rateLimit,
      address: {
        Update: {
          TableName: ctx.table.name,
          Key: keys.subscriptionEmail(hash),
          UpdateExpression: 'SET confirmationSentAt = :at',
          ConditionExpression: 'subscriptionId = :id AND confirmationSentAt <= :dayAgo',
          ExpressionAttributeValues: { ':at': at, ':id': subscription.id, ':dayAgo': dayAgo },
        },
      },
      // A pending subscription takes the latest answers (nobody has confirmed them yet); an active one is changed only through its link.
      subscription:
        status === 'pending'
          ? {
              Update: {
                TableName: ctx.table.name,
                Key: keys.subscription(subscription.id),
                UpdateExpression: `SET topics = :topics, regions = :regions, frequency = :frequency${input.name ? ', #name = :name' : ''}${input.timeZone ? ', #zone = :zone' : ''}`,
                ConditionExpression: '#status = :pending',
                ExpressionAttributeNames: { '#status': 'status', ...(input.name ? { '#name': 'name' } : {}), ...(input.timeZone ? { '#zone': 'timeZone' } : {}) },
                ExpressionAttributeValues: {
                  ':topics': input.topics,
                  ':regions': input.regions,
                  ':frequency': input.frequency,
                  ':pending': 'pending',
                  ...(input.name ? { ':name': input.name } : {}),
                  ...(input.timeZone ? { ':zone': input.timeZone } : {}),
                },
              },
            }
          : undefined,
      job: confirmationJob(ctx, subscription, input.email, status),
    });
    if (result.ok) return 'resent';
    if (result.failed.has('rateLimit')) throw charge!.exceeded();
    if (result.failed.has('address')) return 'unchanged'; // Sent within the last day.
    // The subscription changed status meanwhile: look again.
  }
  throw new ServiceBusy();
}

/** Confirms a pending subscription; an active one stays as it is. Undefined: no such subscription. */
export async function confirm(table: Table, id: string, now: Date): Promise<SubscriptionItem | undefined> {
  const subscription = await getSubscription(table, id);
  if (!subscription || subscription.status !== 'pending') return subscription;
  const at = now.toISOString();
  const hash = emailHash(subscription.email ?? '');
  const result = await transact(table, {
    subscription: {
      Update: {
        TableName: table.name,
        Key: keys.subscription(id),
        UpdateExpression: 'SET #status = :active, confirmedAt = :at, GSI1PK = :pk, GSI1SK = :sk REMOVE expiresAt',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':active': 'active', ':pending': 'pending', ':at': at, ...gsi1Values(subscription.frequency ?? 'monthly', id) },
      },
    },
    address: {
      Update: {
        TableName: table.name,
        Key: keys.subscriptionEmail(hash),
        UpdateExpression: 'REMOVE expiresAt',
        ConditionExpression: 'subscriptionId = :id',
        ExpressionAttributeValues: { ':id': id },
      },
    },
  });
  if (!result.ok && !result.failed.has('subscription')) throw new ServiceBusy();
  return getSubscription(table, id);
}

const gsi1Values = (frequency: NewsletterFrequency, id: string) => {
  const index = indexKeys.activeSubscribers(frequency, id);
  return { ':pk': index.GSI1PK, ':sk': index.GSI1SK };
};

/** Changes the preferences of a pending or active subscription; answers it as it is now. */
export async function changePreferences(table: Table, subscription: SubscriptionItem, patch: SubscriptionPatch): Promise<SubscriptionItem | undefined> {
  const sets: string[] = [];
  const values: Record<string, unknown> = {};
  if (patch.topics) {
    sets.push('topics = :topics');
    values[':topics'] = patch.topics;
  }
  if (patch.regions) {
    sets.push('regions = :regions');
    values[':regions'] = patch.regions;
  }
  if (patch.timeZone) {
    sets.push('#zone = :zone');
    values[':zone'] = patch.timeZone;
  }
  if (patch.frequency) {
    sets.push('frequency = :frequency');
    values[':frequency'] = patch.frequency;
    if (subscription.status === 'active') {
      // The index an issue is sent from is per frequency.
      sets.push('GSI1PK = :pk', 'GSI1SK = :sk');
      Object.assign(values, gsi1Values(patch.frequency, subscription.id));
    }
  }
  const result = await transact(table, {
    subscription: {
      Update: {
        TableName: table.name,
        Key: keys.subscription(subscription.id),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: '#status = :status',
        ExpressionAttributeNames: { '#status': 'status', ...(patch.timeZone ? { '#zone': 'timeZone' } : {}) },
        ExpressionAttributeValues: { ...values, ':status': subscription.status },
      },
    },
  });
  if (!result.ok) return getSubscription(table, subscription.id);
  return getSubscription(table, subscription.id);
}

/** Unsubscribes at once: the subscription keeps no address or preferences. Answers false if there was nothing to end. */
export async function unsubscribe(table: Table, id: string, now: Date): Promise<boolean> {
  const subscription = await getSubscription(table, id);
  if (!subscription || subscription.status === 'unsubscribed') return false;
  const result = await transact(table, {
    subscription: {
      Put: {
        TableName: table.name,
        Item: tombstone(subscription, now),
        ConditionExpression: '#status = :status',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': subscription.status },
      },
    },
    address: {
      Delete: {
        TableName: table.name,
        Key: keys.subscriptionEmail(emailHash(subscription.email ?? '')),
        ConditionExpression: 'attribute_not_exists(PK) OR subscriptionId = :id',
        ExpressionAttributeValues: { ':id': id },
      },
    },
  });
  if (!result.ok) return unsubscribe(table, id, now);
  return true;
}

/** What an unsubscribed subscription keeps: its id, status and when; it expires after 30 days. */
export function tombstone(subscription: Pick<SubscriptionItem, 'id' | 'createdAt'>, now: Date): SubscriptionItem {
  return {
    ...keys.subscription(subscription.id),
    entity: 'Subscription',
    id: subscription.id,
    status: 'unsubscribed',
    createdAt: subscription.createdAt,
    unsubscribedAt: now.toISOString(),
    expiresAt: expiryAfter(now, tombstoneDays),
  };
}
