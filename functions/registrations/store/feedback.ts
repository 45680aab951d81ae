/**
 * After the event: a registrant's rating (kept on the registration, so it
 * expires and is erased with it), and who is coming (confirmed registrants
 * who chose to be listed, read from GSI1 `EVENT#{slug}#REGS`).
 */
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { Table } from '../../shared/clients';
import { gsi1, indexKeys, keys } from '../../shared/table';
import { readCounter, type RegistrationItem } from './records';

/** Records the rating (a second one replaces the first); false when the registration was cancelled or erased meanwhile. */
export async function recordFeedback(table: Table, id: string, rating: number, comment: string | undefined, now: Date): Promise<boolean> {
  try {
    await table.db.send(
      new UpdateCommand({
        TableName: table.name,
        Key: keys.registration(id),
        UpdateExpression: `SET rating = :rating, ratedAt = :at${comment ? ', #comment = :comment' : ''}${comment ? '' : ' REMOVE #comment'}`,
        ConditionExpression: '#status = :confirmed',
        ExpressionAttributeNames: { '#status': 'status', '#comment': 'comment' },
        ExpressionAttributeValues: { ':rating': rating, ':at': now.toISOString(), ':confirmed': 'confirmed', ...(comment ? { ':comment': comment } : {}) },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Every registration of an event, a page at a time (staff summaries, who's coming). */
export async function* eventRegistrations(table: Table, slug: string): AsyncGenerator<RegistrationItem> {
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await table.db.send(
      new QueryCommand({
        TableName: table.name,
        IndexName: gsi1,
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': indexKeys.eventRegistrations(slug, '', '').GSI1PK },
        ExclusiveStartKey,
      }),
    );
    yield* (page.Items ?? []) as RegistrationItem[];
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
}

/** Names and class years of confirmed registrants who chose to be listed, in order of registration; `others`: everyone else coming (guests included). */
export async function attendees(table: Table, slug: string): Promise<{ attendees: { name: string; classYear?: number }[]; others: number }> {
  const listed: { name: string; classYear?: number }[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await table.db.send(
      new QueryCommand({
        TableName: table.name,
        IndexName: gsi1,
        KeyConditionExpression: 'GSI1PK = :pk',
        FilterExpression: '#status = :confirmed AND showInAttendees = :yes',
        ProjectionExpression: '#name, classYear',
        ExpressionAttributeNames: { '#status': 'status', '#name': 'name' },
        ExpressionAttributeValues: { ':pk': indexKeys.eventRegistrations(slug, '', '').GSI1PK, ':confirmed': 'confirmed', ':yes': true },
        ExclusiveStartKey,
      }),
    );
    for (const item of (page.Items ?? []) as { name: string; classYear?: number }[]) listed.push({ name: item.name, ...(item.classYear !== undefined ? { classYear: item.classYear } : {}) });
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  const counter = await readCounter(table, slug, false);
  return { attendees: listed, others: Math.max(0, (counter.confirmedSeats ?? 0) - listed.length) };
}
