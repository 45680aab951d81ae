/**
 * Event registrations in DynamoDB: seats taken and given back in
 * transactions with conditions on the event's counter item, so capacity holds
 * under any concurrency; one registration per email and event, enforced by a
 * uniqueness item in the same transaction; a waitlist in strict ticket order.
 * Each change writes its email job in the same transaction (the outbox).
 * Keys: see shared/table.ts.
 */
import { GetCommand, QueryCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { db } from '../shared/clients';
import { ServiceBusy } from '../shared/errors';
import { emailJobItem, type EmailKind, type EventSnapshot, type RegistrationEmailData } from '../shared/email-jobs';
import type { ManifestEvent } from '../shared/content';
import { newId } from '../shared/ids';
import { emailHash, expiryAfter, indexKeys, keys, ttlAttribute } from '../shared/table';
import { transact, type TransactItems } from '../shared/transactions';
import { signToken } from '../shared/tokens';
import type { Registration as RegistrationInput } from '../schemas/registration';
import type { RateLimitCharge } from '../shared/rate-limit';

export type RegistrationStatus = 'confirmed' | 'waitlisted' | 'cancelled';

export interface RegistrationItem {
  PK: string;
  SK: string;
  entity: 'Registration';
  id: string;
  event: string;
  name: string;
  email: string;
  classYear?: number;
  guests: number;
  seats: number;
  dietary?: string;
  accessibility?: string;
  timeZone?: string;
  status: RegistrationStatus;
  /** Waitlist ticket: the order in which waitlisted registrations are promoted. */
  ticket?: number;
  createdAt: string;
  updatedAt: string;
  confirmedAt?: string;
  cancelledAt?: string;
  consentAt: string;
  expiresAt: number;
}

interface EventCounter {
  confirmedSeats?: number;
  confirmedCount?: number;
  waitlistedSeats?: number;
  waitlistedCount?: number;
  waitlistTicket?: number;
}

interface WaitlistEntry {
  registrationId: string;
  seats: number;
  ticket: number;
}

export interface StoreContext {
  tableName: string;
  siteUrl: string;
  retentionDays: number;
  secret: string;
  now: Date;
}

export type RegisterOutcome =
  | { kind: 'registered'; registration: RegistrationItem; position?: number }
  | { kind: 'already-registered'; registration: RegistrationItem };

const entity = 'EventCounter';

export function eventSnapshot(event: ManifestEvent, siteUrl: string): EventSnapshot {
  return {
    slug: event.slug,
    title: event.title,
    summary: event.summary,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    timezone: event.timezone,
    format: event.format,
    venue: event.venue,
    city: event.city,
    country: event.country,
    onlineUrl: event.onlineUrl,
    url: `${siteUrl}/events/${event.slug}/`,
  };
}

export function manageUrl(ctx: StoreContext, slug: string, id: string): string {
  const token = signToken(ctx.secret, 'registration', id);
  return `${ctx.siteUrl}/events/${slug}/manage/?r=${encodeURIComponent(id)}&t=${encodeURIComponent(token)}`;
}

export function emailData(ctx: StoreContext, event: ManifestEvent, r: RegistrationItem): RegistrationEmailData {
  return {
    registrationId: r.id,
    name: r.name,
    seats: r.seats,
    guests: r.guests,
    event: eventSnapshot(event, ctx.siteUrl),
    manageUrl: manageUrl(ctx, event.slug, r.id),
    timeZone: r.timeZone,
  };
}

/** The Put of an email job about a registration, for a transaction (the outbox). */
export function jobPut(ctx: StoreContext, event: ManifestEvent, r: RegistrationItem, kind: Exclude<EmailKind, 'registration-manage-link'>, id = newId()) {
  return { Put: { TableName: ctx.tableName, Item: emailJobItem({ id, kind, to: r.email, data: emailData(ctx, event, r), expiresAt: r.expiresAt, now: ctx.now }) } };
}

export async function readCounter(tableName: string, slug: string, consistent: boolean): Promise<EventCounter> {
  const result = await db.send(new GetCommand({ TableName: tableName, Key: keys.eventCounter(slug), ConsistentRead: consistent }));
  return (result.Item ?? {}) as EventCounter;
}

export async function getRegistration(tableName: string, id: string): Promise<RegistrationItem | undefined> {
  const result = await db.send(new GetCommand({ TableName: tableName, Key: keys.registration(id), ConsistentRead: true }));
  return result.Item as RegistrationItem | undefined;
}

/** 1-based place in the waitlist: waitlisted registrations holding this ticket or an earlier one. */
export async function waitlistPosition(tableName: string, slug: string, ticket: number): Promise<number> {
  let count = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :first AND :mine',
        ExpressionAttributeValues: { ':pk': keys.eventCounter(slug).PK, ':first': keys.waitlistEntry(slug, 0).SK, ':mine': keys.waitlistEntry(slug, ticket).SK },
        Select: 'COUNT',
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    count += page.Count ?? 0;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return count;
}

/**
 * Registers `input` for `event`: confirmed if all its seats fit and nobody is
 * waiting, else waitlisted. A rate-limit charge, when given, is written in the
 * same transaction (and a full window answers RateLimited, writing nothing).
 */
export async function register(ctx: StoreContext, event: ManifestEvent, input: RegistrationInput, charge?: RateLimitCharge): Promise<RegisterOutcome> {
  const withCharge = (items: TransactItems): TransactItems => (charge ? [...items, charge.item] : items);
  const chargeFailed = (items: TransactItems, failed: number[]) => charge !== undefined && failed.includes(items.length);
  const seats = 1 + input.guests;
  const emailKey = emailHash(input.email);
  const at = ctx.now.toISOString();
  const id = newId();
  const expiresAt = expiryAfter(event.endsAt, ctx.retentionDays);
  const base: RegistrationItem = {
    ...keys.registration(id),
    entity: 'Registration',
    id,
    event: event.slug,
    name: input.name,
    email: input.email,
    ...(input.classYear !== undefined ? { classYear: input.classYear } : {}),
    guests: input.guests,
    seats,
    ...(input.dietary ? { dietary: input.dietary } : {}),
    ...(input.accessibility ? { accessibility: input.accessibility } : {}),
    ...(input.timeZone ? { timeZone: input.timeZone } : {}),
    status: 'confirmed',
    createdAt: at,
    updatedAt: at,
    consentAt: at,
    expiresAt,
  };
  const indexed = { ...base, ...indexKeys.eventRegistrations(event.slug, at, id), ...indexKeys.personRegistration(emailKey, at) };
  const uniqueness = {
    Put: {
      TableName: ctx.tableName,
      Item: { ...keys.registrationEmail(event.slug, emailKey), entity: 'RegistrationEmail', registrationId: id, [ttlAttribute]: expiresAt },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
  const capacity = event.capacity;
  // The most seats that may already be confirmed for this registration to fit.
  const maxBefore = capacity === null ? Number.POSITIVE_INFINITY : capacity - seats;

  // The counter as the failed confirmation saw it: tells whether seats may be free for the waitlist.
  let seenCounter: EventCounter | undefined;
  for (let round = 0; round < 20; round++) {
    seenCounter = undefined;
    if (maxBefore >= 0) {
      const registration: RegistrationItem = { ...base, status: 'confirmed', confirmedAt: at };
      const counter: NonNullable<TransactItems[number]> = {
        Update: {
          TableName: ctx.tableName,
          Key: keys.eventCounter(event.slug),
          UpdateExpression: 'ADD confirmedSeats :seats, confirmedCount :one SET entity = :entity, #ttl = :ttl',
          ExpressionAttributeNames: { '#ttl': ttlAttribute },
          ExpressionAttributeValues: {
            ':seats': seats,
            ':one': 1,
            ':entity': entity,
            ':ttl': expiresAt,
            ...(capacity === null ? {} : { ':max': maxBefore, ':zero': 0 }),
          },
          ...(capacity === null
            ? {}
            : {
                ConditionExpression: '(attribute_not_exists(confirmedSeats) OR confirmedSeats <= :max) AND (attribute_not_exists(waitlistedSeats) OR waitlistedSeats <= :zero)',
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
              }),
        },
      };
      const items: TransactItems = [counter, uniqueness, { Put: { TableName: ctx.tableName, Item: { ...indexed, ...registration } } }, jobPut(ctx, event, registration, 'registration-confirmed')];
      const result = await transact(withCharge(items));
      if (result.ok) return { kind: 'registered', registration };
      if (chargeFailed(items, result.failed)) throw charge!.exceeded();
      if (result.failed.includes(1)) {
        const existing = await existingRegistration(ctx, event, emailKey, charge);
        if (existing) return { kind: 'already-registered', registration: existing };
        continue;
      }
      // The seats are not there (or people are waiting): join the waitlist.
      seenCounter = result.old[0] as EventCounter | undefined;
    }

    const ticket = await takeTicket(ctx.tableName, event.slug, expiresAt);
    const registration: RegistrationItem = { ...base, status: 'waitlisted', ticket };
    const fullCondition = maxBefore >= 0 ? { ConditionExpression: 'confirmedSeats > :max OR waitlistedSeats > :zero' } : {};
    const items: TransactItems = [
      {
        Update: {
          TableName: ctx.tableName,
          Key: keys.eventCounter(event.slug),
          UpdateExpression: 'ADD waitlistedSeats :seats, waitlistedCount :one',
          ExpressionAttributeValues: { ':seats': seats, ':one': 1, ...(maxBefore >= 0 ? { ':max': maxBefore, ':zero': 0 } : {}) },
          ...fullCondition,
        },
      },
      uniqueness,
      { Put: { TableName: ctx.tableName, Item: { ...indexed, ...registration } } },
      {
        Put: {
          TableName: ctx.tableName,
          Item: { ...keys.waitlistEntry(event.slug, ticket), entity: 'WaitlistEntry', registrationId: id, seats, ticket, [ttlAttribute]: expiresAt },
        },
      },
      jobPut(ctx, event, registration, 'registration-waitlisted'),
    ];
    const result = await transact(withCharge(items));
    if (result.ok) {
      // Seats may be free while people wait (the first needs more, or capacity was raised in content): let the queue move.
      const mayBeFree = capacity === null || seenCounter === undefined || (seenCounter.confirmedSeats ?? 0) < capacity;
      if (mayBeFree && (await promoteWaitlist(ctx, event)) > 0) {
        const now = await getRegistration(ctx.tableName, id);
        if (now && now.status === 'confirmed') return { kind: 'registered', registration: now };
      }
      return { kind: 'registered', registration, position: await waitlistPosition(ctx.tableName, event.slug, ticket) };
    }
    if (chargeFailed(items, result.failed)) throw charge!.exceeded();
    if (result.failed.includes(1)) {
      const existing = await existingRegistration(ctx, event, emailKey, charge);
      if (existing) return { kind: 'already-registered', registration: existing };
    }
    // Seats came free between the two attempts: try to confirm again.
  }
  throw new ServiceBusy();
}

/** The next waitlist ticket for the event (an atomic counter: order of arrival). */
async function takeTicket(tableName: string, slug: string, expiresAt: number): Promise<number> {
  const result = await db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.eventCounter(slug),
      UpdateExpression: 'ADD waitlistTicket :one SET entity = :entity, #ttl = if_not_exists(#ttl, :ttl)',
      ExpressionAttributeNames: { '#ttl': ttlAttribute },
      ExpressionAttributeValues: { ':one': 1, ':entity': entity, ':ttl': expiresAt },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(result.Attributes?.waitlistTicket);
}

/**
 * The registration that holds this email's place at the event, and (at most
 * every ten minutes, so that repeated attempts cannot flood a mailbox) an
 * email with its manage link again.
 */
async function existingRegistration(ctx: StoreContext, event: ManifestEvent, emailKey: string, charge?: RateLimitCharge): Promise<RegistrationItem | undefined> {
  const holder = await db.send(new GetCommand({ TableName: ctx.tableName, Key: keys.registrationEmail(event.slug, emailKey), ConsistentRead: true }));
  const registrationId = holder.Item?.registrationId as string | undefined;
  if (!registrationId) return undefined;
  const registration = await getRegistration(ctx.tableName, registrationId);
  if (!registration || registration.status === 'cancelled') return undefined;
  const bucket = Math.floor(ctx.now.getTime() / 600_000);
  const job = emailJobItem({
    id: `resend-${registration.id}-${bucket}`,
    kind: 'registration-manage-link',
    to: registration.email,
    data: { ...emailData(ctx, event, registration), status: registration.status },
    expiresAt: registration.expiresAt,
    now: ctx.now,
  });
  const result = await transact([{ Put: { TableName: ctx.tableName, Item: job, ConditionExpression: 'attribute_not_exists(PK)' } }, ...(charge ? [charge.item] : [])]);
  if (!result.ok && result.failed.includes(1)) throw charge!.exceeded();
  return registration;
}

/**
 * Cancels a registration (idempotent: a cancelled one is returned as it is),
 * gives its seats back, and promotes the waitlist.
 */
export async function cancel(ctx: StoreContext, event: ManifestEvent | undefined, id: string): Promise<RegistrationItem | undefined> {
  for (let round = 0; round < 20; round++) {
    const current = await getRegistration(ctx.tableName, id);
    if (!current || current.status === 'cancelled') return current;
    const at = ctx.now.toISOString();
    const cancelled: RegistrationItem = { ...current, status: 'cancelled', cancelledAt: at, updatedAt: at };
    const waitlisted = current.status === 'waitlisted';
    const items: TransactItems = [
      {
        Update: {
          TableName: ctx.tableName,
          Key: keys.registration(id),
          UpdateExpression: 'SET #status = :cancelled, cancelledAt = :at, updatedAt = :at REMOVE ticket',
          ConditionExpression: '#status = :current',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':cancelled': 'cancelled', ':at': at, ':current': current.status },
        },
      },
      {
        Update: {
          TableName: ctx.tableName,
          Key: keys.eventCounter(current.event),
          UpdateExpression: waitlisted ? 'ADD waitlistedSeats :seats, waitlistedCount :one' : 'ADD confirmedSeats :seats, confirmedCount :one',
          ExpressionAttributeValues: { ':seats': -current.seats, ':one': -1 },
        },
      },
      { Delete: { TableName: ctx.tableName, Key: keys.registrationEmail(current.event, emailHash(current.email)) } },
    ];
    if (waitlisted && current.ticket !== undefined) items.push({ Delete: { TableName: ctx.tableName, Key: keys.waitlistEntry(current.event, current.ticket) } });
    if (event) items.push(jobPut(ctx, event, cancelled, 'registration-cancelled'));
    const result = await transact(items);
    if (!result.ok) continue; // its status changed meanwhile (e.g. promoted): look again
    if (event) await promoteWaitlist(ctx, event);
    const { ticket: _ticket, ...withoutTicket } = cancelled;
    return withoutTicket;
  }
  throw new ServiceBusy();
}

/**
 * Confirms waitlisted registrations in strict ticket order while the first
 * one fits in the seats free, each with its email. Safe to run concurrently:
 * every promotion is conditional on the seats and on the entry still waiting.
 */
export async function promoteWaitlist(ctx: StoreContext, event: ManifestEvent): Promise<number> {
  let promoted = 0;
  for (let round = 0; round < 1_000; round++) {
    const counter = await readCounter(ctx.tableName, event.slug, true);
    if ((counter.waitlistedSeats ?? 0) <= 0) return promoted;
    const free = event.capacity === null ? Number.POSITIVE_INFINITY : event.capacity - (counter.confirmedSeats ?? 0);
    if (free <= 0) return promoted;
    const head = await db.send(
      new QueryCommand({
        TableName: ctx.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :wait)',
        ExpressionAttributeValues: { ':pk': keys.eventCounter(event.slug).PK, ':wait': keys.waitlistPrefix },
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const entry = head.Items?.[0] as WaitlistEntry | undefined;
    if (!entry || entry.seats > free) return promoted;
    const registration = await getRegistration(ctx.tableName, entry.registrationId);
    if (!registration || registration.status !== 'waitlisted') continue; // being cancelled or promoted by someone else
    if ((await confirmWaitlisted(ctx, event, registration, entry)).ok) promoted++;
  }
  return promoted;
}

/**
 * Confirms one waitlisted registration: its seats move from waitlisted to
 * confirmed (only if they fit the capacity), its waitlist entry goes, and the
 * promotion email is queued, all in one transaction.
 */
async function confirmWaitlisted(ctx: StoreContext, event: ManifestEvent, registration: RegistrationItem, entry: WaitlistEntry) {
  const at = ctx.now.toISOString();
  const confirmed: RegistrationItem = { ...registration, status: 'confirmed', confirmedAt: at, updatedAt: at };
  const capacityCondition =
    event.capacity === null ? {} : { ConditionExpression: 'attribute_not_exists(confirmedSeats) OR confirmedSeats <= :max' };
  const items: TransactWriteCommandInput['TransactItems'] = [
    {
      Update: {
        TableName: ctx.tableName,
        Key: keys.eventCounter(event.slug),
        UpdateExpression: 'ADD confirmedSeats :seats, confirmedCount :one, waitlistedSeats :minusSeats, waitlistedCount :minusOne',
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
    {
      Update: {
        TableName: ctx.tableName,
        Key: keys.registration(registration.id),
        UpdateExpression: 'SET #status = :confirmed, confirmedAt = :at, updatedAt = :at REMOVE ticket',
        ConditionExpression: '#status = :waitlisted',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':confirmed': 'confirmed', ':waitlisted': 'waitlisted', ':at': at },
      },
    },
    { Delete: { TableName: ctx.tableName, Key: keys.waitlistEntry(event.slug, entry.ticket), ConditionExpression: 'attribute_exists(PK)' } },
    jobPut(ctx, event, confirmed, 'registration-promoted'),
  ];
  return transact(items);
}

export type PromoteOutcome =
  | { kind: 'promoted'; registration: RegistrationItem }
  | { kind: 'not-waitlisted'; registration: RegistrationItem | undefined }
  | { kind: 'no-seats'; needed: number; free: number };

/**
 * Confirms one waitlisted registration chosen by staff, ahead of its turn,
 * if its seats fit in the seats free now (capacity is never exceeded); the
 * same transaction and email as a promotion in order.
 */
export async function promoteRegistration(ctx: StoreContext, event: ManifestEvent, id: string): Promise<PromoteOutcome> {
  for (let round = 0; round < 20; round++) {
    const registration = await getRegistration(ctx.tableName, id);
    if (!registration || registration.event !== event.slug || registration.status !== 'waitlisted' || registration.ticket === undefined) {
      return { kind: 'not-waitlisted', registration };
    }
    const counter = await readCounter(ctx.tableName, event.slug, true);
    const free = event.capacity === null ? Number.POSITIVE_INFINITY : event.capacity - (counter.confirmedSeats ?? 0);
    if (registration.seats > free) return { kind: 'no-seats', needed: registration.seats, free: Math.max(0, free) };
    const result = await confirmWaitlisted(ctx, event, registration, { registrationId: id, seats: registration.seats, ticket: registration.ticket });
    if (result.ok) return { kind: 'promoted', registration: (await getRegistration(ctx.tableName, id))! };
    // Seats were taken or its status changed meanwhile: look again.
  }
  throw new ServiceBusy();
}
