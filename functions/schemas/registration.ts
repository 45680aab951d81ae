// A namespace import lets esbuild drop the parts of zod we do not use (the named `z` export bundles all of it).
import * as z from 'zod';
import { classYear, consent, emailAddress, honeypot, optionalLine, personName, timeZone } from './fields';

/**
 * `POST /api/events/{slug}/registrations`. `guests` is checked here against
 * the most any event allows (10); the event's own `maxGuests` is checked by
 * the API, and by the form, which knows the event.
 */
export const registrationRequest = z.strictObject({
  name: personName,
  email: emailAddress,
  classYear: classYear.optional(),
  guests: z.int({ error: 'Write the number of guests as a whole number.' }).min(0, 'Guests cannot be fewer than 0.').max(10, 'At most 10 guests.').default(0),
  dietary: optionalLine(200, 'Dietary needs'),
  accessibility: optionalLine(200, 'Accessibility needs'),
  timeZone: timeZone.optional(),
  consent,
  company: honeypot,
});

/** What the form sends. */
export type RegistrationInput = z.input<typeof registrationRequest>;
/** What the API works with: trimmed, defaults applied. */
export type Registration = z.output<typeof registrationRequest>;

/** Where a registration stands. */
export const registrationStatus = z.enum(['confirmed', 'waitlisted', 'cancelled']);
export type RegistrationStatus = z.infer<typeof registrationStatus>;

/** `GET /api/events/{slug}/availability`: places left and whether registration is open. */
export const availabilityResponse = z.object({
  event: z.string(),
  /** null: unlimited. */
  capacity: z.int().nullable(),
  confirmed: z.int(),
  waitlisted: z.int(),
  /** null: unlimited. */
  remaining: z.int().nullable(),
  status: z.enum(['not_open_yet', 'open', 'waitlist', 'closed']),
  opensAt: z.iso.datetime({ offset: true }).nullable(),
  closesAt: z.iso.datetime({ offset: true }),
});
export type AvailabilityResponse = z.infer<typeof availabilityResponse>;

/** `POST /api/events/{slug}/registrations` (201): a place, or a place on the waitlist (with its position). */
export const registrationResponse = z.object({
  registration: z.object({
    id: z.string(),
    event: z.string(),
    /** A new registration is confirmed or waitlisted (the store's types do not say so yet, hence the whole list). */
    status: registrationStatus,
    /** The registrant and their guests. */
    seats: z.int(),
    position: z.int().optional(),
  }),
});
export type RegistrationResponse = z.infer<typeof registrationResponse>;

/** `GET` and `DELETE /api/registrations/{id}?token=…`: the registration behind a manage link. */
export const manageRegistrationResponse = z.object({
  registration: z.object({
    id: z.string(),
    event: z.string(),
    status: registrationStatus,
    seats: z.int(),
    name: z.string(),
    /** On the waitlist only. */
    position: z.int().optional(),
  }),
});
export type ManageRegistrationResponse = z.infer<typeof manageRegistrationResponse>;
