/**
 * Registering: seats taken in one transaction with a condition on the
 * event's counter item, so capacity holds under any concurrency; one
 * registration per email and event, enforced by a uniqueness item in the same
 * transaction; the waitlist when the seats do not fit or people are waiting.
 * The email job is written in the same transaction (the outbox).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Registration as RegistrationInput } from '../../schemas/registration';
// Type only: the mark is written through the value (the event schedule imports this store and writes no challenge).
import type { ChallengeUse } from '../../shared/challenge';
import type { ManifestEvent } from '../../shared/content';
import { ServiceBusy } from '../../shared/errors';
import { newId } from '../../shared/ids';
import type { RateLimitCharge } from '../../shared/rate-limit';
import { emailHash, expiryAfter, indexKeys, keys, ttlAttribute } from '../../shared/table';
import { transact, type TransactItem } from '../../shared/transactions';
import { fingerprintOf, toldOf } from './changes';
import { jobPut, manageLinkAgainPut } from './emails';
import { heldJobPut, holdEntryPut, holdUntil } from './holds';
import { counterEntity, getRegistration, readCounter, waitlistPosition, type EventCounter, type RegistrationItem, type StoreContext } from './records';
import { promoteWaitlist, takeTicket } from './waitlist';

/** Registrations per event from one network (IPv4 /24, IPv6 /48) per hour, unless configured otherwise. */
export const defaultEventNetworkLimitPerHour = 20;

export type RegisterOutcome =
  | { kind: 'registered'; registration: RegistrationItem; position?: number }
  /** `lookalike`: what a new registration would have been told now, so the answer does not give the holder away. */
  | { kind: 'already-registered'; registration: RegistrationItem; lookalike: { status: 'confirmed' | 'held' | 'waitlisted'; position?: number; heldUntil?: string } };

/** The told fingerprint by manifest event: a manifest's events do not change while it is loaded (a new manifest brings new objects). */
const fingerprints = new WeakMap<ManifestEvent, string>();
function toldFingerprint(event: ManifestEvent): string {
  let fingerprint = fingerprints.get(event);
  if (fingerprint === undefined) fingerprints.set(event, (fingerprint = fingerprintOf(toldOf(event))));
  return fingerprint;
}

/** The registration as stored, before its status is decided. */
function newRegistration(ctx: StoreContext, event: ManifestEvent, input: RegistrationInput): RegistrationItem {
  const at = ctx.now.toISOString();
  const id = newId();
  return {
    ...keys.registration(id),
    entity: 'Registration',
    id,
    event: event.slug,
    name: input.name,
    email: input.email,
    ...(input.classYear !== undefined ? { classYear: input.classYear } : {}),
    guests: input.guests,
    seats: 1 + input.guests,
    ...(input.dietary ? { dietary: input.dietary } : {}),
    ...(input.accessibility ? { accessibility: input.accessibility } : {}),
    ...(input.timeZone ? { timeZone: input.timeZone } : {}),
    status: 'confirmed',
    createdAt: at,
    updatedAt: at,
    consentAt: at,
    expiresAt: expiryAfter(event.endsAt, ctx.retentionDays),
    toldFingerprint: toldFingerprint(event),
  };
}

/** What a registration is charged with, written in its own transaction: the rate limits and the proof of work's mark. */
export interface RegistrationCharges {
  charge?: RateLimitCharge | undefined;
  networkCharge?: RateLimitCharge | undefined;
  /** The solved challenge, marked used by the write that stores the registration (a used one answers ChallengeFailed). */
  challenge?: ChallengeUse | undefined;
}

/**
 * Registers `input` for `event`: confirmed (held, on events with
 * `confirmWithin`) if all its seats fit and nobody is waiting, else waitlisted. The charges, when given, are
 * written in the same transaction: a used challenge answers ChallengeFailed, a full window RateLimited, and
 * either writes nothing.
 */
export async function register(ctx: StoreContext, event: ManifestEvent, input: RegistrationInput, charges: RegistrationCharges = {}): Promise<RegisterOutcome> {
  const { charge, networkCharge, challenge } = charges;
  const base = newRegistration(ctx, event, input);
  const { id, seats, expiresAt, createdAt } = base;
  const emailKey = emailHash(input.email);
  const stored = (registration: RegistrationItem): TransactItem => ({
    Put: {
      TableName: ctx.table.name,
      Item: { ...registration, ...indexKeys.eventRegistrations(event.slug, createdAt, id), ...indexKeys.personRegistration(emailKey, createdAt) },
    },
  });
  const uniqueness: TransactItem = {
    Put: {
      TableName: ctx.table.name,
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
      // Events with `confirmWithin`: the seats are held until the registrant confirms from their email (holds.ts).
      const heldUntil = holdUntil(event, ctx.now);
      const registration: RegistrationItem = heldUntil ? { ...base, status: 'held', heldUntil } : { ...base, status: 'confirmed', confirmedAt: createdAt };
      const result = await transact(ctx.table, {
        counter: {
          Update: {
            TableName: ctx.table.name,
            Key: keys.eventCounter(event.slug),
            UpdateExpression: `ADD confirmedSeats :seats, confirmedCount :one${heldUntil ? ', heldSeats :seats, heldCount :one' : ''} SET entity = :entity, #ttl = :ttl`,
            ExpressionAttributeNames: { '#ttl': ttlAttribute },
            ExpressionAttributeValues: {
              ':seats': seats,
              ':one': 1,
              ':entity': counterEntity,
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
        },
        uniqueness,
        registration: stored(registration),
        hold: heldUntil ? holdEntryPut(ctx, registration, heldUntil) : undefined,
        job: heldUntil ? heldJobPut(ctx, event, registration, 'registration-held', heldUntil) : jobPut(ctx, event, registration, 'registration-confirmed'),
        challenge: challenge?.item,
        rateLimit: charge?.item,
        networkLimit: networkCharge?.item,
      });
      if (result.ok) return { kind: 'registered', registration };
      if (result.failed.has('challenge')) throw challenge!.failed();
      if (result.failed.has('rateLimit')) throw charge!.exceeded();
      if (result.failed.has('networkLimit')) throw networkCharge!.exceeded();
      if (result.failed.has('uniqueness')) {
        const existing = await existingRegistration(ctx, event, emailKey, seats, charges);
        if (existing) return existing;
        continue;
      }
      // The seats are not there (or people are waiting): join the waitlist.
      seenCounter = result.old.counter as EventCounter | undefined;
    }

    const ticket = await takeTicket(ctx.table, event.slug, expiresAt);
    const registration: RegistrationItem = { ...base, status: 'waitlisted', ticket };
    const result = await transact(ctx.table, {
      counter: {
        Update: {
          TableName: ctx.table.name,
          Key: keys.eventCounter(event.slug),
          UpdateExpression: 'ADD waitlistedSeats :seats, waitlistedCount :one',
          ExpressionAttributeValues: { ':seats': seats, ':one': 1, ...(maxBefore >= 0 ? { ':max': maxBefore, ':zero': 0 } : {}) },
          // Join the waitlist only while it is needed: the seats are taken or people are waiting.
          ...(maxBefore >= 0 ? { ConditionExpression: 'confirmedSeats > :max OR waitlistedSeats > :zero' } : {}),
        },
      },
      uniqueness,
      registration: stored(registration),
      waitlistEntry: {
        Put: {
          TableName: ctx.table.name,
          Item: { ...keys.waitlistEntry(event.slug, ticket), entity: 'WaitlistEntry', registrationId: id, seats, ticket, [ttlAttribute]: expiresAt },
        },
      },
      job: jobPut(ctx, event, registration, 'registration-waitlisted'),
      challenge: challenge?.item,
      rateLimit: charge?.item,
      networkLimit: networkCharge?.item,
    });
    if (result.ok) {
      // Seats may be free while people wait (the first needs more, or capacity was raised in content): let the queue move.
      const mayBeFree = capacity === null || seenCounter === undefined || (seenCounter.confirmedSeats ?? 0) < capacity;
      if (mayBeFree && (await promoteWaitlist(ctx, event)) > 0) {
        const now = await getRegistration(ctx.table, id);
        if (now && (now.status === 'confirmed' || now.status === 'held')) return { kind: 'registered', registration: now };
      }
      return { kind: 'registered', registration, position: await waitlistPosition(ctx.table, event.slug, ticket) };
    }
    if (result.failed.has('challenge')) throw challenge!.failed();
    if (result.failed.has('rateLimit')) throw charge!.exceeded();
    if (result.failed.has('networkLimit')) throw networkCharge!.exceeded();
    if (result.failed.has('uniqueness')) {
      const existing = await existingRegistration(ctx, event, emailKey, seats, charges);
      if (existing) return existing;
    }
    // Seats came free between the two attempts: try to confirm again.
  }
  throw new ServiceBusy();
}

/**
 * The registration that holds this email's place at the event, and an email
 * with its manage link again (see manageLinkAgainPut), charged to the client
 * and its network like a registration. The answer to the request is what a
 * new registration of `seats` would be told now, so that it tells nobody
 * whether the address was registered. The challenge is marked used as for a
 * registration, also when the email was already sent in the last ten minutes.
 */
async function existingRegistration(
  ctx: StoreContext,
  event: ManifestEvent,
  emailKey: string,
  seats: number,
  { charge, networkCharge, challenge }: RegistrationCharges,
): Promise<Extract<RegisterOutcome, { kind: 'already-registered' }> | undefined> {
  const holder = await ctx.table.db.send(new GetCommand({ TableName: ctx.table.name, Key: keys.registrationEmail(event.slug, emailKey), ConsistentRead: true }));
  const registrationId = holder.Item?.registrationId as string | undefined;
  if (!registrationId) return undefined;
  const registration = await getRegistration(ctx.table, registrationId);
  if (!registration || registration.status === 'cancelled') return undefined;
  const result = await transact(ctx.table, {
    job: manageLinkAgainPut(ctx, event, { ...registration, status: registration.status }),
    challenge: challenge?.item,
    rateLimit: charge?.item,
    networkLimit: networkCharge?.item,
  });
  if (!result.ok && result.failed.has('challenge')) throw challenge!.failed();
  if (!result.ok && result.failed.has('rateLimit')) throw charge!.exceeded();
  if (!result.ok && result.failed.has('networkLimit')) throw networkCharge!.exceeded();
  // The email went out in the last ten minutes, so the transaction wrote nothing: the solution is still used up.
  if (!result.ok && challenge) await challenge.markAlone();
  const counter = await readCounter(ctx.table, event.slug, true);
  const fits = event.capacity === null || ((counter.confirmedSeats ?? 0) + seats <= event.capacity && (counter.waitlistedSeats ?? 0) <= 0);
  const heldUntil = holdUntil(event, ctx.now);
  const lookalike = fits ? (heldUntil ? { status: 'held' as const, heldUntil } : { status: 'confirmed' as const }) : { status: 'waitlisted' as const, position: (counter.waitlistedCount ?? 0) + 1 };
  return { kind: 'already-registered', registration, lookalike };
}
