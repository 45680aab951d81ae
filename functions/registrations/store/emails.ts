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

/** The link in a held registration's email: the manage page, which offers the button that confirms the place. */
export function confirmUrl(ctx: StoreContext, slug: string, id: string): string {
  return `${manageUrl(ctx, slug, id)}&confirm=1`;
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
export function manageLinkAgainPut(ctx: StoreContext, event: ManifestEvent, registration: RegistrationItem & { status: 'confirmed' | 'held' | 'waitlisted' }): TransactItem {
  const window = Math.floor(ctx.now.getTime() / 600_000);
  const common = { id: `resend-${registration.id}-${window}`, to: registration.email, expiresAt: registration.expiresAt, now: ctx.now };
  const job =
    // A held place is sent its confirm link again, with the time its hold ends.
    registration.status === 'held' && registration.heldUntil
      ? emailJobItem({
          ...common,
          kind: 'registration-held',
          data: { ...emailData(ctx, event, registration), heldUntil: registration.heldUntil, confirmUrl: confirmUrl(ctx, event.slug, registration.id), again: true },
        })
      : emailJobItem({ ...common, kind: 'registration-manage-link', data: { ...emailData(ctx, event, registration), status: registration.status === 'held' ? 'confirmed' : registration.status } });
  return { Put: { TableName: ctx.table.name, Item: job, ConditionExpression: 'attribute_not_exists(PK)' } };
}
