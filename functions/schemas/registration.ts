// A namespace import lets esbuild drop the parts of zod we do not use (the named `z` export bundles all of it).
import * as z from 'zod';
import { classYear, consent, emailAddress, honeypot, optionalText, personName, timeZone } from './fields';

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
  dietary: optionalText(200, 'Dietary needs'),
  accessibility: optionalText(200, 'Accessibility needs'),
  timeZone: timeZone.optional(),
  consent,
  company: honeypot,
});

/** What the form sends. */
export type RegistrationInput = z.input<typeof registrationRequest>;
/** What the API works with: trimmed, defaults applied. */
export type Registration = z.output<typeof registrationRequest>;
