/**
 * `admin events …`: events with their seat counts, the check-in list of an
 * event, and the changes staff make to one registration (promote, cancel,
 * resend its email). Every change goes through the registrations store, so
 * seats, the waitlist and the outbox stay exactly as the API keeps them.
 */
import { Command } from 'commander';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ManifestEvent } from '../shared/content';
import { gsi1, indexKeys } from '../shared/table';
import { cancel, getRegistration, heldJobPut, jobPut, promoteRegistration, promoteWaitlist, readCounter, type RegistrationItem } from '../registrations/store';
import type { AdminContext, ContextSource } from './context';
import { AdminError, formatOption, outputOption, progress, render, type Column, type Format } from './output';
import { checkInHtml } from './check-in-html';
import { cancelSince, parseSince } from './events-cancel';
import { addEventFollowUpCommands } from './event-follow-up';
import { queryIndexPartition } from './read';

export interface EventRow {
  event: ManifestEvent;
  confirmedSeats: number;
  confirmedRegistrations: number;
  waitlistedSeats: number;
  waitlistedRegistrations: number;
}

/** Every event in content with its seats as the table counts them. */
export async function eventRows(ctx: AdminContext): Promise<EventRow[]> {
  const events = [...ctx.content.events.values()].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return Promise.all(
    events.map(async (event) => {
      const counter = await readCounter(ctx.target.table, event.slug, true);
      return {
        event,
        confirmedSeats: counter.confirmedSeats ?? 0,
        confirmedRegistrations: counter.confirmedCount ?? 0,
        waitlistedSeats: counter.waitlistedSeats ?? 0,
        waitlistedRegistrations: counter.waitlistedCount ?? 0,
      };
    }),
  );
}

/** Whether registration is open now, as the API decides it: "open", "closed", "opens 10 Jan" or "ended". */
export function registrationState(event: ManifestEvent, now: Date): string {
  if (now >= new Date(event.endsAt)) return 'ended';
  if (event.opensAt && now < new Date(event.opensAt)) return `opens ${new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' }).format(new Date(event.opensAt))}`;
  return now < new Date(event.closesAt) ? 'open' : 'closed';
}

/** The table fits 100 columns (seats as "confirmed/capacity"); CSV and JSON have every count. */
const eventColumns = (now: Date): Column<EventRow>[] => [
  { header: 'event', value: (r) => r.event.slug },
  { header: 'starts', value: (r) => r.event.startsAt },
  { header: 'seats', value: (r) => `${r.confirmedSeats}/${r.event.capacity ?? '∞'}` },
  { header: 'capacity', value: (r) => r.event.capacity ?? 'unlimited', table: false },
  { header: 'confirmed seats', value: (r) => r.confirmedSeats, table: false },
  { header: 'confirmed registrations', value: (r) => r.confirmedRegistrations, table: false },
  { header: 'waitlisted seats', value: (r) => r.waitlistedSeats },
  { header: 'waitlisted registrations', value: (r) => r.waitlistedRegistrations, table: false },
  { header: 'remaining', value: (r) => (r.event.capacity === null ? '' : Math.max(0, r.event.capacity - r.confirmedSeats)), table: false },
  { header: 'registration', value: (r) => registrationState(r.event, now) },
];

export interface CheckInRow {
  registration: RegistrationItem;
  /** 1-based place in the waitlist (waitlisted only). */
  position?: number;
}

const statusOrder = { confirmed: 0, held: 1, waitlisted: 2, cancelled: 3 } as const;

/** The registrations of an event: confirmed by name, then the waitlist in order, then (if asked) the cancelled. */
export async function checkInRows(ctx: AdminContext, slug: string, options: { includeCancelled: boolean }): Promise<CheckInRow[]> {
  const shown = progress(ctx.stderr, `Reading registrations of ${slug}`);
  const registrations = await queryIndexPartition<RegistrationItem>(ctx, gsi1, indexKeys.eventRegistrations(slug, '', '').GSI1PK, shown);

  // Positions as the API gives them: the order of tickets among those still waiting.
  const waiting = registrations.filter((r) => r.status === 'waitlisted' && r.ticket !== undefined).sort((a, b) => a.ticket! - b.ticket!);
  const positions = new Map(waiting.map((r, i) => [r.id, i + 1]));
  return registrations
    .filter((r) => options.includeCancelled || r.status !== 'cancelled')
    .map((registration) => ({ registration, ...(positions.has(registration.id) ? { position: positions.get(registration.id)! } : {}) }))
    .sort((a, b) => statusOrder[a.registration.status] - statusOrder[b.registration.status] || (a.position ?? 0) - (b.position ?? 0) || a.registration.name.localeCompare(b.registration.name));
}

export const checkInColumns: Column<CheckInRow>[] = [
  { header: 'name', value: (r) => r.registration.name },
  { header: 'class year', value: (r) => r.registration.classYear },
  { header: 'guests', value: (r) => r.registration.guests },
  { header: 'dietary', value: (r) => r.registration.dietary },
  { header: 'accessibility', value: (r) => r.registration.accessibility },
  { header: 'status', value: (r) => r.registration.status },
  { header: 'position', value: (r) => r.position },
  { header: 'registration', value: (r) => r.registration.id },
];

async function registrationOf(ctx: AdminContext, id: string): Promise<{ registration: RegistrationItem; event: ManifestEvent }> {
  const registration = await getRegistration(ctx.target.table, id);
  if (!registration) throw new AdminError(`There is no registration ${id}. \`events registrations <event>\` lists them with their ids.`);
  return { registration, event: ctx.event(registration.event) };
}

async function seatsLine(ctx: AdminContext, event: ManifestEvent): Promise<string> {
  const counter = await readCounter(ctx.target.table, event.slug, true);
  const capacity = event.capacity === null ? '' : ` of ${event.capacity}`;
  return `${event.slug}: ${counter.confirmedSeats ?? 0}${capacity} seats confirmed, ${counter.waitlistedSeats ?? 0} waitlisted (${counter.waitlistedCount ?? 0} registrations).`;
}

const resendKinds = { confirmed: 'registration-confirmed', waitlisted: 'registration-waitlisted', cancelled: 'registration-cancelled' } as const;

export function eventsCommand(context: ContextSource): Command {
  const events = new Command('events').description('events, their registrations and seats');

  events
    .command('list')
    .description('every event in content with its capacity and the seats confirmed and waitlisted')
    .addOption(formatOption())
    .action(async (options: { format: Format }) => {
      const ctx = await context();
      ctx.out(render(await eventRows(ctx), eventColumns(ctx.now()), options.format, 'No events in content/events/.'));
    });

  events
    .command('registrations')
    .description(
      'the check-in list of an event: name, class year, guests, dietary and accessibility needs, status, waitlist position; --format html for a page to print, sorted by surname with a box to tick (personal data: keep the file safe)',
    )
    .argument('<event>', 'the event slug (its file name in content/events/)')
    .addOption(formatOption(['table', 'csv', 'json', 'html']))
    .option('--include-cancelled', 'list cancelled registrations too', false)
    .addOption(outputOption())
    .action(async (slug: string, options: { format: Format; includeCancelled: boolean; output?: string }) => {
      const ctx = await context();
      const rows = await checkInRows(ctx, slug, options);
      const event = ctx.content.events.get(slug);
      if (!event) {
        // A mistyped slug is an error; an event removed from content may still have registrations to list.
        if (rows.length === 0) throw ctx.unknown('event', slug);
        ctx.stderr.write(`Note: there is no event "${slug}" in content/events/; the registrations kept for it are listed.\n`);
      }
      const text = options.format === 'html' ? checkInHtml(event, slug, rows, ctx.now()) : render(rows, checkInColumns, options.format, `No registrations for ${slug}.`);
      await ctx.emit(text, options.output);
    });

  events
    .command('promote')
    .description('confirm one waitlisted registration ahead of its turn, if its seats are free (capacity is never exceeded); it is emailed')
    .argument('<registration>', 'the registration id (from `events registrations`)')
    .action(async (id: string) => {
      const ctx = await context();
      const { event } = await registrationOf(ctx, id);
      const outcome = await promoteRegistration(await ctx.storeContext(), event, id);
      if (outcome.kind === 'not-waitlisted') throw new AdminError(`Registration ${id} is ${outcome.registration?.status ?? 'gone'}, not waitlisted: nothing to promote.`);
      if (outcome.kind === 'no-seats') {
        throw new AdminError(`Registration ${id} needs ${outcome.needed} seats and ${outcome.free} are free. Raise the capacity in content, or cancel a registration first.`);
      }
      ctx.out(`Confirmed registration ${id} (${outcome.registration.seats} ${outcome.registration.seats === 1 ? 'seat' : 'seats'}); its email is on the way.\n${await seatsLine(ctx, event)}\n`);
    });

  events
    .command('fill')
    .description('confirm waitlisted registrations in order while their seats are free (after raising a capacity in content)')
    .argument('<event>', 'the event slug')
    .action(async (slug: string) => {
      const ctx = await context();
      const event = ctx.event(slug);
      const promoted = await promoteWaitlist(await ctx.storeContext(), event);
      ctx.out(`Confirmed ${promoted} waitlisted ${promoted === 1 ? 'registration' : 'registrations'}.\n${await seatsLine(ctx, event)}\n`);
    });

  events
    .command('cancel')
    .description(
      'cancel one registration (its seats go to the waitlist in order, and the person is emailed); or, with --since, every registration for an event made since a time, to undo a wave of fake sign-ups (no emails to them; the waitlist is promoted in order afterwards)',
    )
    .argument('<registration-or-event>', 'the registration id (from `events registrations`), or the event slug with --since')
    .option('--no-email', 'do not email the person (the waitlist is still promoted and emailed)')
    .option('--since <time>', 'with an event slug: cancel its registrations made at or after this time, e.g. 2027-03-01T14:00Z')
    .option('--dry-run', 'with --since: say what would be cancelled and change nothing', false)
    .action(async (id: string, options: { email: boolean; since?: string; dryRun: boolean }) => {
      const ctx = await context();
      if (options.since !== undefined) {
        const since = parseSince(options.since);
        const event = ctx.event(id);
        const s = await cancelSince(ctx, event, since, options.dryRun);
        const what = `${s.registrations} ${s.registrations === 1 ? 'registration' : 'registrations'} (${s.seats} ${s.seats === 1 ? 'seat' : 'seats'}: ${s.confirmed} confirmed, ${s.waitlisted} waitlisted) made since ${since.toISOString()}`;
        if (options.dryRun) ctx.out(`Would cancel ${what}, without emails to them. Run again without --dry-run to cancel them.\n`);
        else ctx.out(`Cancelled ${what}, without emails; confirmed ${s.promoted} from the waitlist in order.\n${await seatsLine(ctx, event)}\n`);
        return;
      }
      if (options.dryRun) throw new AdminError('--dry-run goes with --since <time> and an event slug.');
      const { registration, event } = await registrationOf(ctx, id);
      if (registration.status === 'cancelled') {
        ctx.out(`Registration ${id} was already cancelled.\n`);
        return;
      }
      const store = await ctx.storeContext();
      await cancel(store, options.email ? event : undefined, id);
      if (!options.email) await promoteWaitlist(store, event);
      ctx.out(`Cancelled registration ${id} (${registration.seats} seats, was ${registration.status}).\n${await seatsLine(ctx, event)}\n`);
    });

  events
    .command('resend')
    .description('email a registration again: the confirmation (with its calendar file), the waitlist notice or the cancellation, as its status is now')
    .argument('<registration>', 'the registration id (from `events registrations`)')
    .action(async (id: string) => {
      const ctx = await context();
      const { registration, event } = await registrationOf(ctx, id);
      const store = await ctx.storeContext();
      // A held registration gets its "confirm your place" email again, with the time its hold ends.
      const job =
        registration.status === 'held' && registration.heldUntil
          ? heldJobPut(store, event, registration, 'registration-held', registration.heldUntil)
          : jobPut(store, event, registration, resendKinds[registration.status === 'held' ? 'confirmed' : registration.status]);
      await ctx.target.table.db.send(new PutCommand({ TableName: ctx.target.table.name, Item: job.Put.Item, ConditionExpression: 'attribute_not_exists(PK)' }));
      ctx.out(`Queued ${job.Put.Item.kind} for registration ${id} (email job ${job.Put.Item.id}).\n`);
    });

  addEventFollowUpCommands(events, context);
  return events;
}
