/**
 * The mentor queue: a mentor is sent at most `requestsPerMentorPerDay` new
 * requests a day, however many people (or scripts) name them. A request over
 * that number is stored and acknowledged as usual, and its email to the
 * mentor waits in the outbox (an EmailJob due later) until the first day with
 * room, at 08:00 UTC, when the mailer's sweep sends it. Nobody is refused and
 * the mentor's inbox stays calm. The requester's confirmation says that the
 * request waits and the day it goes to the mentor, and the mentor's week to
 * answer counts from that day (the request's `deliveredAt`, store.ts).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from '../shared/clients';
import { expiryAfter, keys } from '../shared/table';

export const requestsPerMentorPerDay = 3;
/** How far ahead a request may be queued; after that it goes on the last day (a mentor under a flood of weeks). */
const maxDaysAhead = 14;

const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/** When the email about a new request to `slug` should go: now, or 08:00 UTC on the first later day with room. */
export async function mentorDeliveryTime(table: Table, slug: string, now: Date, perDay = requestsPerMentorPerDay): Promise<Date> {
  for (let ahead = 0; ahead <= maxDaysAhead; ahead++) {
    const day = dayOf(new Date(now.getTime() + ahead * 86_400_000));
    try {
      await table.db.send(
        new UpdateCommand({
          TableName: table.name,
          Key: keys.mentorDay(slug, day),
          UpdateExpression: 'ADD requests :one SET entity = :entity, expiresAt = :expires',
          ConditionExpression: 'attribute_not_exists(requests) OR requests < :perDay',
          ExpressionAttributeValues: { ':one': 1, ':perDay': perDay, ':entity': 'MentorDay', ':expires': expiryAfter(`${day}T00:00:00Z`, 2) },
        }),
      );
      return ahead === 0 ? now : new Date(`${day}T08:00:00Z`);
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
  return new Date(`${dayOf(new Date(now.getTime() + maxDaysAhead * 86_400_000))}T08:00:00Z`);
}
