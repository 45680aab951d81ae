// zod/mini, as in ./fields: the forms bundle only the checks these schemas use.
import * as z from 'zod/mini';
import { classYear, consent, emailAddress, honeypot, intBetween, line, optionalLine, personName, text, timeZone } from './fields';

/**
 * `POST /api/events/{slug}/registrations`. `guests` is checked here against
 * the most any event allows (10); the event's own `maxGuests` is checked by
 * the API, and by the form, which knows the event.
 */
/** Guests beside the registrant: 0 to 10, the most any event allows. */
const guests = () => intBetween(0, 10, 'Write the number of guests as a whole number.', 'Guests cannot be fewer than 0.', 'At most 10 guests.');

export const registrationRequest = z.strictObject({
  name: personName,
  email: emailAddress,
  classYear: z.optional(classYear),
  guests: z._default(guests(), 0),
  dietary: optionalLine(200, 'Dietary needs'),
  accessibility: optionalLine(200, 'Accessibility needs'),
  timeZone: z.optional(timeZone),
  consent,
  company: honeypot,
});

/** What the form sends. */
export type RegistrationInput = z.input<typeof registrationRequest>;
/** What the API works with: trimmed, defaults applied. */
export type Registration = z.output<typeof registrationRequest>;

/**
 * Where a registration stands. `held`: its seats are taken until `heldUntil`, waiting for the registrant to
 * confirm from their email (events with `confirmWithin`); not confirmed in time, it is cancelled and the seats
 * go to the waitlist.
 */
export const registrationStatus = z.enum(['confirmed', 'held', 'waitlisted', 'cancelled']);
export type RegistrationStatus = z.infer<typeof registrationStatus>;

/** `GET /api/events/{slug}/availability`: places left and whether registration is open. */
export const availabilityResponse = z.object({
  event: z.string(),
  /** null: unlimited. */
  capacity: z.nullable(z.int()),
  /** Seats of confirmed registrations. */
  confirmed: z.int(),
  /** Seats held for registrants who have not confirmed from their email yet (events with `confirmWithin`): taken, like confirmed ones. */
  held: z.int(),
  waitlisted: z.int(),
  /** null: unlimited. */
  remaining: z.nullable(z.int()),
  status: z.enum(['not_open_yet', 'open', 'waitlist', 'closed']),
  opensAt: z.nullable(z.iso.datetime({ offset: true })),
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
    position: z.optional(z.int()),
    /** Held only: the seats are released unless the registrant confirms from their email by then. */
    heldUntil: z.optional(z.iso.datetime({ offset: true })),
  }),
});
export type RegistrationResponse = z.infer<typeof registrationResponse>;

/** `GET`, `PATCH` and `DELETE /api/registrations/{id}?token=…`: the registration behind a manage link. */
export const manageRegistrationResponse = z.object({
  registration: z.object({
    id: z.string(),
    event: z.string(),
    status: registrationStatus,
    seats: z.int(),
    name: z.string(),
    /** On the waitlist only. */
    position: z.optional(z.int()),
    /** Held: when the seats are released unless confirmed; a lapsed hold (cancelled) keeps it. */
    heldUntil: z.optional(z.iso.datetime({ offset: true })),
    /** Cancelled because the hold lapsed without confirmation. */
    holdLapsed: z.optional(z.boolean()),
    /** What the holder may change (PATCH); absent from answers of older versions. */
    guests: z.optional(z.int()),
    dietary: z.optional(z.string()),
    accessibility: z.optional(z.string()),
    showInAttendees: z.optional(z.boolean()),
  }),
});
export type ManageRegistrationResponse = z.infer<typeof manageRegistrationResponse>;

/**
 * `PATCH /api/registrations/{id}?token=…`: any subset; an empty `dietary` or
 * `accessibility` clears it. `guests` is checked against the event's own
 * `maxGuests` by the API and the form.
 */
export const editRegistrationRequest = z.strictObject({
  guests: z.optional(guests()),
  dietary: z.optional(line(200, 'Dietary needs', '')),
  accessibility: z.optional(line(200, 'Accessibility needs', '')),
  showInAttendees: z.optional(z.boolean({ error: 'Write true or false.' })),
});
export type EditRegistrationInput = z.input<typeof editRegistrationRequest>;
export type EditRegistration = z.output<typeof editRegistrationRequest>;

/** The longest comment with a rating. */
export const feedbackCommentMax = 2000;

/** `POST /api/registrations/{id}/feedback?token=…`: a rating of the event, 1 to 5, and an optional comment. A second answer replaces the first. */
export const feedbackRequest = z.strictObject({
  rating: intBetween(1, 5, 'Choose a rating from 1 to 5.', 'Choose a rating from 1 to 5.', 'Choose a rating from 1 to 5.'),
  comment: z.optional(text(feedbackCommentMax, 'Your comment')),
});
export type FeedbackInput = z.input<typeof feedbackRequest>;

export const feedbackResponse = z.object({
  feedback: z.object({ event: z.string(), rating: z.int(), comment: z.optional(z.string()) }),
});
export type FeedbackResponse = z.infer<typeof feedbackResponse>;

/** `GET /api/events/{slug}/attendees` (events with `whosComing`): confirmed registrants who chose to be listed, and how many more are coming. */
export const attendeesResponse = z.object({
  attendees: z.array(z.object({ name: z.string(), classYear: z.optional(z.int()) })),
  others: z.int(),
});
export type AttendeesResponse = z.infer<typeof attendeesResponse>;
