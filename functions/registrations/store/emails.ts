/**
 * The emails a registration change owes, written as jobs in the same
 * transaction as the change (the outbox; see shared/email-jobs.ts), and the
 * signed manage link they carry.
 */
import type { ManifestEvent } from '../../shared/content';
import { emailJobItem, type EventSnapshot, type RegistrationEmailData } from '../../shared/email-jobs';
import { newId } from '../../shared/ids';
import { signToken } from '../../shared/tokens';
import type { TransactItem } from '../../shared/transactions';
import type { RegistrationItem, StoreContext } from './records';

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
    status: event.status,
    statusNote: event.statusNote,
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
export function jobPut(ctx: StoreContext, event: ManifestEvent, r: RegistrationItem, kind: RegistrationJobKind, id = newId(), extra: Partial<RegistrationEmailData> = {}) {
  return { Put: { TableName: ctx.table.name, Item: emailJobItem({ id, kind, to: r.email, data: { ...emailData(ctx, event, r), ...extra }, expiresAt: r.expiresAt, now: ctx.now }) } };
}

/** The kinds whose data is a registration's email data alone. */
export type RegistrationJobKind = 'registration-confirmed' | 'registration-waitlisted' | 'registration-promoted' | 'registration-cancelled';

/**
 * The Put of the email that sends a registration's manage link again, when
 * someone registers with an address that already holds a place. One per
 * registration every ten minutes at most (the job id is fixed per window and
 * the Put conditional), so repeated attempts cannot flood a mailbox.
 */
export function manageLinkAgainPut(ctx: StoreContext, event: ManifestEvent, registration: RegistrationItem & { status: 'confirmed' | 'waitlisted' }): TransactItem {
  const window = Math.floor(ctx.now.getTime() / 600_000);
  const job = emailJobItem({
    id: `resend-${registration.id}-${window}`,
    kind: 'registration-manage-link',
    to: registration.email,
    data: { ...emailData(ctx, event, registration), status: registration.status },
    expiresAt: registration.expiresAt,
    now: ctx.now,
  });
  return { Put: { TableName: ctx.table.name, Item: job, ConditionExpression: 'attribute_not_exists(PK)' } };
}
