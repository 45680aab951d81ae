/**
 * Editing a registration from its manage link: guests, dietary and
 * accessibility needs, whether to be listed as coming.
 *
 * Guests change the seats held, under the same rules as registering:
 * - confirmed (or held), more guests: one transaction that adds the seats to the
 *   counter on condition that they fit the capacity now and nobody is
 *   waiting (the waitlist is not jumped), else NotEnoughSeats and nothing
 *   changes;
 * - confirmed, fewer guests: the seats go back, and the waitlist is promoted
 *   in strict order at once (as after a cancellation);
 * - waitlisted: the seats it will need change, its place (ticket) stays.
 * The registration's update is conditional on the guests and status it was
 * read with, so concurrent edits, cancellations and promotions are re-read.
 */
import type { EditRegistration } from '../../schemas/registration';
import type { ManifestEvent } from '../../shared/content';
import { NotEnoughSeats, ServiceBusy } from '../../shared/errors';
import { keys } from '../../shared/table';
import { transact, type TransactItem } from '../../shared/transactions';
import { getRegistration, type RegistrationItem, type StoreContext } from './records';
import { promoteWaitlist } from './waitlist';

export async function editRegistration(ctx: StoreContext, event: ManifestEvent, id: string, input: EditRegistration): Promise<RegistrationItem | undefined> {
  for (let round = 0; round < 20; round++) {
    const current = await getRegistration(ctx.table, id);
    if (!current || current.status === 'cancelled') return current;
    const guests = input.guests ?? current.guests;
    const delta = guests - current.guests;
    const at = ctx.now.toISOString();

    const sets = ['guests = :guests', 'seats = :seats', 'updatedAt = :at'];
    const removes: string[] = [];
    const values: Record<string, unknown> = { ':guests': guests, ':seats': 1 + guests, ':at': at, ':oldGuests': current.guests, ':status': current.status };
    for (const field of ['dietary', 'accessibility'] as const) {
      const value = input[field];
      if (value === undefined) continue;
      if (value === '') removes.push(field);
      else {
        sets.push(`${field} = :${field}`);
        values[`:${field}`] = value;
      }
    }
    if (input.showInAttendees !== undefined) {
      sets.push('showInAttendees = :show');
      values[':show'] = input.showInAttendees;
    }
    const registration: TransactItem = {
      Update: {
        TableName: ctx.table.name,
        Key: keys.registration(id),
        UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: '#status = :status AND guests = :oldGuests',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
      },
    };

    let counter: TransactItem | undefined;
    let waitlistEntry: TransactItem | undefined;
    if (delta !== 0 && (current.status === 'confirmed' || current.status === 'held')) {
      const more = delta > 0 && event.capacity !== null;
      counter = {
        Update: {
          TableName: ctx.table.name,
          Key: keys.eventCounter(event.slug),
          UpdateExpression: current.status === 'held' ? 'ADD confirmedSeats :delta, heldSeats :delta' : 'ADD confirmedSeats :delta',
          ExpressionAttributeValues: { ':delta': delta, ...(more ? { ':max': event.capacity! - delta, ':zero': 0 } : {}) },
          ...(more
            ? {
                ConditionExpression: '(attribute_not_exists(confirmedSeats) OR confirmedSeats <= :max) AND (attribute_not_exists(waitlistedSeats) OR waitlistedSeats <= :zero)',
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
              }
            : {}),
        },
      };
    } else if (delta !== 0 && current.status === 'waitlisted' && current.ticket !== undefined) {
      counter = { Update: { TableName: ctx.table.name, Key: keys.eventCounter(event.slug), UpdateExpression: 'ADD waitlistedSeats :delta', ExpressionAttributeValues: { ':delta': delta } } };
      waitlistEntry = {
        Update: {
          TableName: ctx.table.name,
          Key: keys.waitlistEntry(event.slug, current.ticket),
          UpdateExpression: 'SET seats = :seats',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':seats': 1 + guests },
        },
      };
    }

    const result = await transact(ctx.table, { registration, counter, waitlistEntry });
    if (!result.ok) {
      if (result.failed.has('counter')) {
        const seen = result.old.counter as { confirmedSeats?: number; waitlistedSeats?: number } | undefined;
        const free = Math.max(0, event.capacity! - (seen?.confirmedSeats ?? 0));
        throw new NotEnoughSeats(
          (seen?.waitlistedSeats ?? 0) > 0
            ? 'People are waiting for places at this event, so we cannot add guests now. Your registration is unchanged.'
            : `Only ${free} ${free === 1 ? 'place is' : 'places are'} free now: we cannot add ${delta} ${delta === 1 ? 'guest' : 'guests'}. Your registration is unchanged.`,
        );
      }
      continue; // changed meanwhile (edited, promoted, cancelled): read it again
    }
    if (delta < 0) await promoteWaitlist(ctx, event);
    return getRegistration(ctx.table, id);
  }
  throw new ServiceBusy();
}
