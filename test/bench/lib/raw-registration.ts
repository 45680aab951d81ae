/**
 * The raw transaction the API benchmark compares a registration with: the
 * items a confirmed registration writes, built with the same keys and job
 * builder as functions/registrations/store/register.ts. Used by the load
 * process (raw calls from the load core) and by the bare HTTP server that
 * sends them from the server's core (raw-transaction-server.ts).
 */
import { createHash } from 'node:crypto';
import { jobPut } from '../../../functions/registrations/store/emails';
import type { RegistrationItem, StoreContext } from '../../../functions/registrations/store/records';
import { fingerprintOf, toldOf } from '../../../functions/registrations/store/changes';
import type { Table } from '../../../functions/shared/clients';
import type { ManifestEvent } from '../../../functions/shared/content';
import { emailHash, expiryAfter, indexKeys, keys, ttlAttribute } from '../../../functions/shared/table';
import { transact, type NamedItems } from '../../../functions/shared/transactions';

export interface RawSettings {
  event: ManifestEvent;
  siteUrl: string;
  signingSecret: string;
}

/** Builds raw transaction number `i` for `settings.event`, on a counter of its own that every raw transaction shares. */
export function rawTransactions(table: Table, settings: RawSettings): (i: number) => NamedItems {
  const { event } = settings;
  const ctx = (): StoreContext => ({ table, siteUrl: settings.siteUrl, retentionDays: 365, secret: settings.signingSecret, now: new Date() });
  /**
   * The items of the transaction a confirmed registration writes (functions/registrations/store/register.ts), built
   * with the same keys and job builder, on another event's counter that every raw transaction shares (as every
   * registration shares the benchmark event's): the counter, the email's uniqueness, the registration, its email
   * job, the mark of its used proof of work, the client's and the network's rate-limit charges.
   */
  return function rawTransaction(i: number): NamedItems {
    const c = ctx();
    const slug = `${event.slug}-raw`;
    const at = c.now.toISOString();
    const id = `raw${i}`;
    const email = `raw-${i}@example.org`;
    const emailKey = emailHash(email);
    const seats = 1 + (i % 3);
    const expiresAt = expiryAfter(event.endsAt, c.retentionDays);
    const registration: RegistrationItem = {
      ...keys.registration(id),
      entity: 'Registration',
      id,
      event: slug,
      name: `Person ${i}`,
      email,
      guests: seats - 1,
      seats,
      timeZone: 'America/Sao_Paulo',
      status: 'confirmed',
      createdAt: at,
      updatedAt: at,
      consentAt: at,
      confirmedAt: at,
      expiresAt,
      toldFingerprint: fingerprintOf(toldOf(event)),
    };
    const nowSeconds = Math.floor(c.now.getTime() / 1000);
    const charge = (family: string, key: string, windowSeconds: number, limit: number) => {
      const windowStart = nowSeconds - (nowSeconds % windowSeconds);
      return {
        Update: {
          TableName: table.name,
          Key: keys.rateLimit(family, key, windowStart),
          UpdateExpression: 'ADD #hits :one SET #entity = :entity, #ttl = :ttl',
          ConditionExpression: 'attribute_not_exists(#hits) OR #hits < :limit',
          ExpressionAttributeNames: { '#hits': 'hits', '#entity': 'entity', '#ttl': ttlAttribute },
          ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':entity': 'RateLimit', ':ttl': windowStart + windowSeconds + 120 },
        },
      };
    };
    const capacity = event.capacity ?? 10_000_000;
    return {
      counter: {
        Update: {
          TableName: table.name,
          Key: keys.eventCounter(slug),
          UpdateExpression: 'ADD confirmedSeats :seats, confirmedCount :one SET entity = :entity, #ttl = :ttl',
          ConditionExpression: '(attribute_not_exists(confirmedSeats) OR confirmedSeats <= :max) AND (attribute_not_exists(waitlistedSeats) OR waitlistedSeats <= :zero)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          ExpressionAttributeNames: { '#ttl': ttlAttribute },
          ExpressionAttributeValues: { ':seats': seats, ':one': 1, ':entity': 'EventCounter', ':ttl': expiresAt, ':max': capacity - seats, ':zero': 0 },
        },
      },
      uniqueness: {
        Put: {
          TableName: table.name,
          Item: { ...keys.registrationEmail(slug, emailKey), entity: 'RegistrationEmail', registrationId: id, [ttlAttribute]: expiresAt },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      registration: { Put: { TableName: table.name, Item: { ...registration, ...indexKeys.eventRegistrations(slug, at, id), ...indexKeys.personRegistration(emailKey, at) } } },
      job: jobPut(c, { ...event, slug }, registration, 'registration-confirmed'),
      challenge: {
        Put: {
          TableName: table.name,
          Item: { ...keys.usedChallenge(`raw${i}-${createHash('sha256').update(id).digest('hex')}`), entity: 'UsedChallenge', [ttlAttribute]: nowSeconds + 1860 },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      rateLimit: charge('registrations', `rawclient${i}`, 60, 60),
      networkLimit: charge(keys.networkRateLimitFamily(slug), `rawnetwork${i}`, 3600, 20),
    };
  };
}

/** Sends one raw transaction; a failed condition is an error (every raw registration is new). */
export async function sendRawTransaction(table: Table, items: NamedItems): Promise<void> {
  const result = await transact(table, items);
  if (!result.ok) throw new Error(`a raw transaction failed on item ${[...result.failed].join(', ')}`);
}
