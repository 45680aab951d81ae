/**
 * The waitlist: tickets in order of arrival, and promotion in strict ticket
 * order while the first waiting registration fits in the seats free. Every
 * promotion is one transaction conditional on the seats and on the entry
 * still waiting, so promotions may run concurrently (after a cancellation,
 * a registration, a staff command) without exceeding capacity.
 */
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from '../../shared/clients';
import type { ManifestEvent } from '../../shared/content';
import { ServiceBusy } from '../../shared/errors';
import { keys, ttlAttribute } from '../../shared/table';
import { transact, withRetries, type TransactResult } from '../../shared/transactions';
import { jobPut } from './emails';
import { heldJobPut, holdEntryPut, holdUntil } from './holds';
import { counterEntity, getRegistration, readCounter, type RegistrationItem, type StoreContext, type WaitlistEntry } from './records';

/**
 * The next waitlist ticket for the event (an atomic counter: order of arrival).
 * It lives on the event's counter item, which every registration's transaction
 * holds for a moment, so under a burst it collides with them and is retried
 * like a transaction (a repeated attempt at worst skips a ticket: order holds).
 */
export async function takeTicket(table: Table, slug: string, expiresAt: number): Promise<number> {
  const result = await withRetries(() =>
    table.db.send(
      new UpdateCommand({
        TableName: table.name,
        Key: keys.eventCounter(slug),
        UpdateExpression: 'ADD waitlistTicket :one SET entity = :entity, #ttl = if_not_exists(#ttl, :ttl)',
        ExpressionAttributeNames: { '#ttl': ttlAttribute },
        ExpressionAttributeValues: { ':one': 1, ':entity': counterEntity, ':ttl': expiresAt },
        ReturnValues: 'UPDATED_NEW',
      }),
    ),
  );
  return Number(result.Attributes?.waitlistTicket);
}

/** Seats free now under the event's capacity (infinite for unlimited events). */
function freeSeats(event: ManifestEvent, confirmedSeats: number | undefined): number {
  return event.capacity === null ? Number.POSITIVE_INFINITY : event.capacity - (confirmedSeats ?? 0);
}

/**
 * Confirms waitlisted registrations in strict ticket order while the first
 * one fits in the seats free, each with its email.
 */
export async function promoteWaitlist(ctx: StoreContext, event: ManifestEvent): Promise<number> {
  let promoted = 0;
  for (let round = 0; round < 1_000; round++) {
    const counter = await readCounter(ctx.table, event.slug, true);
    if ((counter.waitlistedSeats ?? 0) <= 0) return promoted;
    const free = freeSeats(event, counter.confirmedSeats);
    if (free <= 0) return promoted;
    const head = await ctx.table.db.send(
      new QueryCommand({
        TableName: ctx.table.name,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :wait)',
        ExpressionAttributeValues: { ':pk': keys.eventCounter(event.slug).PK, ':wait': keys.waitlistPrefix },
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const entry = head.Items?.[0] as WaitlistEntry | undefined;
    if (!entry || entry.seats > free) return promoted;
    const registration = await getRegistration(ctx.table, entry.registrationId);
    if (!registration || registration.status !== 'waitlisted') continue; // being cancelled or promoted by someone else
    if ((await confirmWaitlisted(ctx, event, registration, entry)).ok) promoted++;
  }
  return promoted;
}

/**
 * Confirms one waitlisted registration: its seats move from waitlisted to
 * confirmed (only if they fit the capacity), its waitlist entry goes, and the
 * promotion email is queued, all in one transaction. On an event with
 * `confirmWithin` the seats are held instead, with a fresh window to confirm
 * (as pretix's waiting list gives the next person a voucher valid for a time).
 */
function confirmWaitlisted(ctx: StoreContext, event: ManifestEvent, registration: RegistrationItem, entry: WaitlistEntry): Promise<TransactResult> {
  const at = ctx.now.toISOString();
  // On events with `confirmWithin` the seats are held for a fresh window, as for a new registration (holds.ts).
  const heldUntil = holdUntil(event, ctx.now);
  const confirmed: RegistrationItem = heldUntil ? { ...registration, status: 'held', heldUntil, updatedAt: at } : { ...registration, status: 'confirmed', confirmedAt: at, updatedAt: at };
  const capacityCondition = event.capacity === null ? {} : { ConditionExpression: 'attribute_not_exists(confirmedSeats) OR confirmedSeats <= :max' };
  return transact(ctx.table, {
    counter: {
      Update: {
        TableName: ctx.table.name,
        Key: keys.eventCounter(event.slug),
        UpdateExpression: `ADD confirmedSeats :seats, confirmedCount :one, waitlistedSeats :minusSeats, waitlistedCount :minusOne${heldUntil ? ', heldSeats :seats, heldCount :one' : ''}`,
        ExpressionAttributeValues: {
          ':seats': entry.seats,
          ':one': 1,
          ':minusSeats': -entry.seats,
          ':minusOne': -1,
          ...(event.capacity === null ? {} : { ':max': event.capacity - entry.seats }),
        },
        ...capacityCondition,
      },
    },
    registration: {
      Update: {
        TableName: ctx.table.name,
        Key: keys.registration(registration.id),
        UpdateExpression: heldUntil ? 'SET #status = :held, heldUntil = :until, updatedAt = :at REMOVE ticket' : 'SET #status = :confirmed, confirmedAt = :at, updatedAt = :at REMOVE ticket',
        ConditionExpression: '#status = :waitlisted',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: heldUntil ? { ':held': 'held', ':until': heldUntil, ':waitlisted': 'waitlisted', ':at': at } : { ':confirmed': 'confirmed', ':waitlisted': 'waitlisted', ':at': at },
      },
    },
    waitlistEntry: { Delete: { TableName: ctx.table.name, Key: keys.waitlistEntry(event.slug, entry.ticket), ConditionExpression: 'attribute_exists(PK)' } },
    hold: heldUntil ? holdEntryPut(ctx, confirmed, heldUntil) : undefined,
    job: heldUntil ? heldJobPut(ctx, event, confirmed, 'registration-promoted-held', heldUntil) : jobPut(ctx, event, confirmed, 'registration-promoted'),
  });
}

export type PromoteOutcome =
  { kind: 'promoted'; registration: RegistrationItem } | { kind: 'not-waitlisted'; registration: RegistrationItem | undefined } | { kind: 'no-seats'; needed: number; free: number };

/**
 * Confirms one waitlisted registration chosen by staff, ahead of its turn,
 * if its seats fit in the seats free now (capacity is never exceeded); the
 * same transaction and email as a promotion in order.
 */
export async function promoteRegistration(ctx: StoreContext, event: ManifestEvent, id: string): Promise<PromoteOutcome> {
  for (let round = 0; round < 20; round++) {
    const registration = await getRegistration(ctx.table, id);
    if (!registration || registration.event !== event.slug || registration.status !== 'waitlisted' || registration.ticket === undefined) {
      return { kind: 'not-waitlisted', registration };
    }
    const counter = await readCounter(ctx.table, event.slug, true);
    const free = freeSeats(event, counter.confirmedSeats);
    if (registration.seats > free) return { kind: 'no-seats', needed: registration.seats, free: Math.max(0, free) };
    const result = await confirmWaitlisted(ctx, event, registration, { registrationId: id, seats: registration.seats, ticket: registration.ticket });
    if (result.ok) return { kind: 'promoted', registration: (await getRegistration(ctx.table, id))! };
    // Seats were taken or its status changed meanwhile: look again.
  }
  throw new ServiceBusy();
}
