/**
 * Registration records and how they are read. Keys: see shared/table.ts.
 *
 * Life of a registration: created confirmed, held (events with
 * `confirmWithin`) or waitlisted by `register`; promoted from the waitlist
 * (`waitlist.ts`, held again on such events); a hold confirmed by the
 * registrant's click or released by the schedule when it lapses
 * (`holds.ts`); cancelled by its manage link, by staff or by an erasure
 * (`cancel.ts`); expired by the table's TTL
 * `retentionDays` after the event ends, with its uniqueness item, waitlist
 * entry and email jobs.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from '../../shared/clients';
import { keys } from '../../shared/table';
import type { RegistrationStatus } from '../../schemas/registration';

export type { RegistrationStatus };

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
  /** Held (and kept after): when the seats are released unless the registrant confirms from their email. */
  heldUntil?: string;
  /** Set when the schedule released the hold because it lapsed (status cancelled). */
  holdLapsedAt?: string;
  createdAt: string;
  updatedAt: string;
  confirmedAt?: string;
  cancelledAt?: string;
  consentAt: string;
  expiresAt: number;
  /** Set when staff erased the person: the record stays for the seat counts, its links stop working. */
  erasedAt?: string;
  /** Listed by name and class year on the event's page (events with `whosComing`); off unless they choose it. */
  showInAttendees?: boolean;
  /** The fingerprint of the event as their confirmation told it (store/changes.ts): a change notice is owed when it differs. */
  toldFingerprint?: string;
  /** Their rating of the event (1–5) and comment, from the thank-you email's links. */
  rating?: number;
  comment?: string;
  ratedAt?: string;
}

/**
 * Seats and people per event, kept in step by every transaction that changes a registration. `confirmedSeats`
 * counts every seat taken, held ones included (so every capacity condition holds them); `heldSeats` says how many
 * of those are held.
 */
export interface EventCounter {
  confirmedSeats?: number;
  confirmedCount?: number;
  heldSeats?: number;
  heldCount?: number;
  waitlistedSeats?: number;
  waitlistedCount?: number;
  waitlistTicket?: number;
}

export interface HoldEntry {
  registrationId: string;
  heldUntil: string;
}

export interface WaitlistEntry {
  registrationId: string;
  seats: number;
  ticket: number;
}

/** What every registration write needs: the table, links' address and key, retention, and the time. */
export interface StoreContext {
  table: Table;
  siteUrl: string;
  retentionDays: number;
  secret: string;
  now: Date;
}

export const counterEntity = 'EventCounter';

export async function readCounter(table: Table, slug: string, consistent: boolean): Promise<EventCounter> {
  const result = await table.db.send(new GetCommand({ TableName: table.name, Key: keys.eventCounter(slug), ConsistentRead: consistent }));
  return (result.Item ?? {}) as EventCounter;
}

export async function getRegistration(table: Table, id: string): Promise<RegistrationItem | undefined> {
  const result = await table.db.send(new GetCommand({ TableName: table.name, Key: keys.registration(id), ConsistentRead: true }));
  return result.Item as RegistrationItem | undefined;
}

/** 1-based place in the waitlist: waitlisted registrations holding this ticket or an earlier one. */
export async function waitlistPosition(table: Table, slug: string, ticket: number): Promise<number> {
  let count = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await table.db.send(
      new QueryCommand({
        TableName: table.name,
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
