/**
 * Seat holds (events with `confirmWithin`): a registration that gets seats is
 * `held` until `heldUntil`, its seats taken, until the registrant confirms
 * from the link in their email. Not confirmed in time, the schedule releases
 * it: the seats go back and the waitlist moves on in strict order, as after a
 * cancellation, and the registrant is told once.
 *
 * A hold has a HoldEntry (`EVENT#{slug}` / `HOLD#{heldUntil}#{id}`), put in
 * the transaction that makes the registration held and deleted in the one
 * that ends the hold, so the schedule finds the lapsed holds of an event with
 * one Query, oldest first. Confirm and release are each one transaction
 * conditional on the registration still being held, with `heldUntil` not
 * passed (confirm) or passed (release): of a click and a release at the same
 * moment exactly one wins, and each is written once.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { offsetMs } from '../../../site/schemas/event-lifecycle';
import type { ManifestEvent } from '../../shared/content';
import { emailJobItem } from '../../shared/email-jobs';
import { ServiceBusy } from '../../shared/errors';
import { newId } from '../../shared/ids';
import { emailHash, keys, ttlAttribute } from '../../shared/table';
import { transact, type TransactItem } from '../../shared/transactions';
import { fingerprintOf, toldOf } from './changes';
import { confirmUrl, emailData } from './emails';
import { getRegistration, type HoldEntry, type RegistrationItem, type StoreContext } from './records';
import { promoteWaitlist } from './waitlist';

/**
 * When a hold made now would end: `confirmWithin` from now, but never after the start (registration closes then).
 * Undefined for an event without holds, or once it has started (a place given then is confirmed at once).
 */
export function holdUntil(event: ManifestEvent, now: Date): string | undefined {
  const ms = event.confirmWithin === undefined ? undefined : offsetMs(event.confirmWithin);
  if (ms === undefined) return undefined;
  const start = new Date(event.startsAt).getTime();
  if (now.getTime() >= start) return undefined;
  return new Date(Math.min(now.getTime() + ms, start)).toISOString();
}

/** The HoldEntry's Put, in the transaction that makes a registration held. */
export function holdEntryPut(ctx: StoreContext, registration: RegistrationItem, heldUntil: string): TransactItem {
  return {
    Put: {
      TableName: ctx.table.name,
      Item: { ...keys.holdEntry(registration.event, heldUntil, registration.id), entity: 'HoldEntry', registrationId: registration.id, heldUntil, [ttlAttribute]: registration.expiresAt },
    },
  };
}

/** The email that asks a held registrant to confirm by `heldUntil`: on registering, or on being moved up from the waitlist. */
export function heldJobPut(ctx: StoreContext, event: ManifestEvent, registration: RegistrationItem, kind: 'registration-held' | 'registration-promoted-held', heldUntil: string) {
  return {
    Put: {
      TableName: ctx.table.name,
      Item: emailJobItem({
        id: newId(),
        kind,
        to: registration.email,
        data: { ...emailData(ctx, event, registration), heldUntil, confirmUrl: confirmUrl(ctx, event.slug, registration.id) },
        expiresAt: registration.expiresAt,
        now: ctx.now,
      }),
    },
  };
}

export type ConfirmOutcome =
  /** Confirmed now, or before (a second click answers the same). */
  | { kind: 'confirmed'; registration: RegistrationItem }
  /** The hold ran out before the click: the seats are (now) released. */
  | { kind: 'lapsed'; registration: RegistrationItem }
  /** Waitlisted, or cancelled by its holder or staff: nothing to confirm. */
  | { kind: 'not-held'; registration: RegistrationItem };

const passed = (r: RegistrationItem, now: Date) => r.heldUntil !== undefined && r.heldUntil <= now.toISOString();

/**
 * The registrant's click: a held registration becomes confirmed while its hold lasts, with the confirmation
 * email and its calendar file. Without the event (it left the content) the place is confirmed and no email written.
 */
export async function confirmHold(ctx: StoreContext, event: ManifestEvent | undefined, id: string): Promise<ConfirmOutcome> {
  for (let round = 0; round < 20; round++) {
    const current = await getRegistration(ctx.table, id);
    if (!current) throw new ServiceBusy();
    if (current.status === 'confirmed') return { kind: 'confirmed', registration: current };
    if (current.status === 'cancelled') return { kind: current.holdLapsedAt ? 'lapsed' : 'not-held', registration: current };
    if (current.status !== 'held' || current.heldUntil === undefined) return { kind: 'not-held', registration: current };
    if (passed(current, ctx.now)) {
      // Its time is up and the schedule has not run yet: release it now, so the waitlist need not wait for it.
      if (event) await releaseHold(ctx, event, id);
      return { kind: 'lapsed', registration: (await getRegistration(ctx.table, id)) ?? current };
    }
    const at = ctx.now.toISOString();
    const confirmed: RegistrationItem = { ...current, status: 'confirmed', confirmedAt: at, updatedAt: at, ...(event ? { toldFingerprint: fingerprintOf(toldOf(event)) } : {}) };
    const result = await transact(ctx.table, {
      registration: {
        Update: {
          TableName: ctx.table.name,
          Key: keys.registration(id),
          // The confirmation tells the event as it is now: change notices are owed from here.
          UpdateExpression: `SET #status = :confirmed, confirmedAt = :at, updatedAt = :at${event ? ', toldFingerprint = :told' : ''}`,
          ConditionExpression: '#status = :held AND heldUntil > :at AND seats = :seats',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':confirmed': 'confirmed', ':held': 'held', ':at': at, ':seats': current.seats, ...(event ? { ':told': confirmed.toldFingerprint } : {}) },
        },
      },
      counter: {
        Update: {
          TableName: ctx.table.name,
          Key: keys.eventCounter(current.event),
          UpdateExpression: 'ADD heldSeats :minusSeats, heldCount :minusOne',
          ExpressionAttributeValues: { ':minusSeats': -current.seats, ':minusOne': -1 },
        },
      },
      holdEntry: { Delete: { TableName: ctx.table.name, Key: keys.holdEntry(current.event, current.heldUntil, id) } },
      job: event
        ? {
            Put: {
              TableName: ctx.table.name,
              Item: emailJobItem({
                id: `${id}-hold-confirmed`,
                kind: 'registration-hold-confirmed',
                to: current.email,
                data: emailData(ctx, event, confirmed),
                expiresAt: current.expiresAt,
                now: ctx.now,
              }),
            },
          }
        : undefined,
    });
    if (result.ok) return { kind: 'confirmed', registration: confirmed };
    // Released, cancelled, edited or confirmed meanwhile: look again.
  }
  throw new ServiceBusy();
}

/**
 * Releases one lapsed hold: the registration is cancelled (`holdLapsedAt`), its seats and its address's place at
 * the event are given back, the registrant gets one email, and the waitlist is promoted in order. Answers the
 * released registration, or undefined when there was nothing to release (confirmed, cancelled or already
 * released, or its time not yet up).
 */
export async function releaseHold(ctx: StoreContext, event: ManifestEvent, id: string): Promise<RegistrationItem | undefined> {
  for (let round = 0; round < 20; round++) {
    const current = await getRegistration(ctx.table, id);
    if (!current || current.status !== 'held' || current.heldUntil === undefined || !passed(current, ctx.now)) return undefined;
    const at = ctx.now.toISOString();
    const released: RegistrationItem = { ...current, status: 'cancelled', cancelledAt: at, updatedAt: at, holdLapsedAt: at };
    const result = await transact(ctx.table, {
      registration: {
        Update: {
          TableName: ctx.table.name,
          Key: keys.registration(id),
          UpdateExpression: 'SET #status = :cancelled, cancelledAt = :at, updatedAt = :at, holdLapsedAt = :at',
          ConditionExpression: '#status = :held AND heldUntil <= :at AND seats = :seats',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':cancelled': 'cancelled', ':held': 'held', ':at': at, ':seats': current.seats },
        },
      },
      counter: {
        Update: {
          TableName: ctx.table.name,
          Key: keys.eventCounter(current.event),
          UpdateExpression: 'ADD confirmedSeats :minusSeats, confirmedCount :minusOne, heldSeats :minusSeats, heldCount :minusOne',
          ExpressionAttributeValues: { ':minusSeats': -current.seats, ':minusOne': -1 },
        },
      },
      uniqueness: { Delete: { TableName: ctx.table.name, Key: keys.registrationEmail(current.event, emailHash(current.email)) } },
      holdEntry: { Delete: { TableName: ctx.table.name, Key: keys.holdEntry(current.event, current.heldUntil, id) } },
      job: {
        Put: {
          TableName: ctx.table.name,
          Item: emailJobItem({
            id: `${id}-hold-lapsed`,
            kind: 'registration-hold-lapsed',
            to: current.email,
            data: { ...emailData(ctx, event, current), heldUntil: current.heldUntil },
            expiresAt: current.expiresAt,
            now: ctx.now,
          }),
          // The job's fixed id: a lapse is told once, whatever happens around it.
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    });
    if (result.ok) {
      await promoteWaitlist(ctx, event);
      return released;
    }
    if (result.failed.has('job')) return undefined;
    // Confirmed, cancelled or edited meanwhile: look again (a confirmed one is left alone).
  }
  throw new ServiceBusy();
}

/** The event's holds whose time is up at `ctx.now`, oldest first (a Query of its HoldEntries, never a scan). */
export async function lapsedHolds(ctx: StoreContext, slug: string): Promise<HoldEntry[]> {
  const entries: HoldEntry[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await ctx.table.db.send(
      new QueryCommand({
        TableName: ctx.table.name,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :first AND :last',
        // `~` sorts after every character of an id: every hold that ends at or before now.
        ExpressionAttributeValues: { ':pk': keys.eventCounter(slug).PK, ':first': keys.holdPrefix, ':last': `${keys.holdPrefix}${ctx.now.toISOString()}#~` },
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    entries.push(...((page.Items ?? []) as HoldEntry[]));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return entries;
}

/** Releases every lapsed hold of the event (the schedule, every minute): answers how many this call released. */
export async function releaseLapsedHolds(ctx: StoreContext, event: ManifestEvent): Promise<number> {
  let released = 0;
  for (const entry of await lapsedHolds(ctx, event.slug)) {
    if (await releaseHold(ctx, event, entry.registrationId)) released++;
  }
  return released;
}
