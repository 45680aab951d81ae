/** Cancelling a registration: its seats given back and the waitlist moved on, in order. */
import type { ManifestEvent } from '../../shared/content';
import { ServiceBusy } from '../../shared/errors';
import { emailHash, keys } from '../../shared/table';
import { transact } from '../../shared/transactions';
import { readNotice } from './changes';
import { jobPut } from './emails';
import { getRegistration, type RegistrationItem, type StoreContext } from './records';
import { promoteWaitlist } from './waitlist';

/**
 * Cancels a registration (idempotent: a cancelled one is returned as it is),
 * gives its seats back, and promotes the waitlist. Without the event (it left
 * the content), the seats are given back and no email is written.
 */
export async function cancel(ctx: StoreContext, event: ManifestEvent | undefined, id: string): Promise<RegistrationItem | undefined> {
  // A confirmed place's cancellation carries a calendar file that must outrank every file this person was sent (store/changes.ts).
  const notice = event ? await readNotice(ctx.table, event.slug) : undefined;
  for (let round = 0; round < 20; round++) {
    const current = await getRegistration(ctx.table, id);
    if (!current || current.status === 'cancelled') return current;
    const at = ctx.now.toISOString();
    const cancelled: RegistrationItem = { ...current, status: 'cancelled', cancelledAt: at, updatedAt: at };
    const waitlisted = current.status === 'waitlisted';
    const held = current.status === 'held' && current.heldUntil !== undefined;
    const result = await transact(ctx.table, {
      registration: {
        Update: {
          TableName: ctx.table.name,
          Key: keys.registration(id),
          UpdateExpression: 'SET #status = :cancelled, cancelledAt = :at, updatedAt = :at REMOVE ticket',
          ConditionExpression: '#status = :current',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':cancelled': 'cancelled', ':at': at, ':current': current.status },
        },
      },
      counter: {
        Update: {
          TableName: ctx.table.name,
          Key: keys.eventCounter(current.event),
          UpdateExpression: waitlisted ? 'ADD waitlistedSeats :seats, waitlistedCount :one' : `ADD confirmedSeats :seats, confirmedCount :one${held ? ', heldSeats :seats, heldCount :one' : ''}`,
          ExpressionAttributeValues: { ':seats': -current.seats, ':one': -1 },
        },
      },
      uniqueness: { Delete: { TableName: ctx.table.name, Key: keys.registrationEmail(current.event, emailHash(current.email)) } },
      waitlistEntry: waitlisted && current.ticket !== undefined ? { Delete: { TableName: ctx.table.name, Key: keys.waitlistEntry(current.event, current.ticket) } } : undefined,
      holdEntry: held ? { Delete: { TableName: ctx.table.name, Key: keys.holdEntry(current.event, current.heldUntil!, id) } } : undefined,
      job: event ? jobPut(ctx, event, cancelled, 'registration-cancelled', undefined, current.status === 'confirmed' ? { sequence: (notice?.version ?? 0) + 1 } : {}) : undefined,
    });
    if (!result.ok) continue; // its status changed meanwhile (e.g. promoted): look again
    if (event) await promoteWaitlist(ctx, event);
    const { ticket: _ticket, ...withoutTicket } = cancelled;
    return withoutTicket;
  }
  throw new ServiceBusy();
}
