/**
 * `admin events cancel <event> --since <time> [--dry-run]`: undoes a wave of
 * fake sign-ups. Every registration for the event made at or after the time
 * (confirmed or waitlisted) is cancelled without an email (the addresses are
 * likely not the registrants'), and only then is the waitlist promoted, in
 * strict order, with the usual emails: people who registered before the wave
 * get the freed places first, and none of the wave's own waitlisted entries
 * can be promoted on the way.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ManifestEvent } from '../shared/content';
import { gsi1, indexKeys } from '../shared/table';
import { cancel, promoteWaitlist, type RegistrationItem } from '../registrations/store';
import type { AdminContext } from './context';
import { AdminError } from './output';
import { allPages } from './read';

export interface WaveSummary {
  registrations: number;
  seats: number;
  confirmed: number;
  waitlisted: number;
  /** Waitlisted registrations confirmed afterwards (not on a dry run). */
  promoted: number;
}

/** A time on the command line: ISO 8601 with a zone, e.g. 2027-03-01T14:00Z or 2027-03-01T15:00+01:00. */
export function parseSince(text: string): Date {
  const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text.trim()) ? new Date(text.trim()) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime())) throw new AdminError(`--since takes a time with its zone, e.g. 2027-03-01T14:00Z (got "${text}").`);
  return at;
}

/** The event's registrations (not cancelled) made at or after `since`, oldest first. */
async function registrationsSince(ctx: AdminContext, slug: string, since: Date): Promise<RegistrationItem[]> {
  const found: RegistrationItem[] = [];
  const pages = allPages((ExclusiveStartKey) =>
    ctx.target.table.db.send(
      new QueryCommand({
        TableName: ctx.target.table.name,
        IndexName: gsi1,
        KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK >= :since',
        ExpressionAttributeValues: { ':pk': indexKeys.eventRegistrations(slug, '', '').GSI1PK, ':since': since.toISOString() },
        ExclusiveStartKey,
      }),
    ),
  );
  for await (const page of pages) found.push(...((page.Items ?? []) as RegistrationItem[]).filter((r) => r.status !== 'cancelled'));
  return found;
}

export async function cancelSince(ctx: AdminContext, event: ManifestEvent, since: Date, dryRun: boolean): Promise<WaveSummary> {
  const wave = await registrationsSince(ctx, event.slug, since);
  const summary: WaveSummary = {
    registrations: wave.length,
    seats: wave.reduce((sum, r) => sum + r.seats, 0),
    // Held places (events with `confirmWithin`) are counted with the confirmed: they hold seats.
    confirmed: wave.filter((r) => r.status === 'confirmed' || r.status === 'held').length,
    waitlisted: wave.filter((r) => r.status === 'waitlisted').length,
    promoted: 0,
  };
  if (dryRun || wave.length === 0) return summary;
  const store = await ctx.storeContext();
  // No event given: no cancellation email, and no promotion until the whole wave is gone.
  for (const registration of wave) await cancel(store, undefined, registration.id);
  summary.promoted = await promoteWaitlist(store, event);
  return summary;
}
