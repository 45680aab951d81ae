import { z } from 'zod';
import { dateTimeInput, imageAltPairMessage, slug, tag, timeZone } from './common';
import { toInstant } from './time';

export const eventFormat = z.enum(['in-person', 'online', 'hybrid'], {
  error: 'Write one of: in-person, online, hybrid.',
});

/**
 * Front matter of `content/events/*.md`. Date-times without an offset are read
 * in `timezone`; the parsed result adds the instants `startsAt`, `endsAt`,
 * `opensAt` and `closesAt` (registration closes at the earlier of
 * `registrationCloses` and the start).
 */
export function eventSchema<I extends z.ZodType>(image: I) {
  return z
    .strictObject({
      /** Name of the event. */
      title: z.string().min(1).max(120),
      /** One or two sentences for cards and calendars. */
      summary: z.string().min(1).max(200, 'Keep the summary to 200 characters.'),
      /** When it starts: 2027-06-12T18:00 (in `timezone`) or with an offset. */
      start: dateTimeInput,
      /** When it ends; after `start`. */
      end: dateTimeInput,
      /** The event's IANA time zone, e.g. "Europe/Berlin"; online events use the host's. */
      timezone: timeZone,
      /** in-person, online or hybrid. */
      format: eventFormat,
      /** Venue name, for in-person and hybrid events. */
      venue: z.string().min(1).max(120).optional(),
      /** City, for in-person and hybrid events. */
      city: z.string().min(1).max(80).optional(),
      /** Country, for in-person and hybrid events. */
      country: z.string().min(1).max(80).optional(),
      /** Link to join online. Never shown on the page: sent to registrants only. */
      onlineUrl: z.url({ protocol: /^https$/, error: 'Write the join link in full, starting with https://' }).optional(),
      /** Seats, counting guests. Leave out for unlimited. */
      capacity: z.int('Write the capacity as a whole number, e.g. 120, or leave it out for unlimited.').min(0).optional(),
      /** Guests each registrant may bring. */
      maxGuests: z.int('Write maxGuests as a whole number, e.g. 2.').min(0).max(10).default(0),
      /** Registration opens; leave out to open on publication. */
      registrationOpens: dateTimeInput.optional(),
      /** Registration closes; before `start`. It also closes when the event starts. */
      registrationCloses: dateTimeInput.optional(),
      /** Topics from `content/tags.yaml`. */
      tags: z.array(tag).default([]),
      /** Optional image. */
      image: image.optional(),
      /** What the image shows. */
      imageAlt: z.string().min(1).optional(),
      /** Profile slugs of the hosts. */
      hosts: z.array(slug).default([]),
    })
    .superRefine((e, ctx) => {
      if (e.image !== undefined && e.imageAlt === undefined) ctx.addIssue({ code: 'custom', path: ['imageAlt'], message: imageAltPairMessage });
      if (e.format !== 'online') {
        for (const field of ['venue', 'city', 'country'] as const) {
          if (e[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: `An ${e.format} event needs a ${field}.` });
        }
      }
      if (e.format !== 'in-person' && e.onlineUrl === undefined) {
        ctx.addIssue({ code: 'custom', path: ['onlineUrl'], message: `An ${e.format} event needs onlineUrl, the join link sent to registrants.` });
      }
      const start = toInstant(e.start, e.timezone);
      if (toInstant(e.end, e.timezone) <= start) {
        ctx.addIssue({ code: 'custom', path: ['end'], message: 'The end must come after the start: check the date and time of `end`.' });
      }
      if (e.registrationCloses !== undefined && toInstant(e.registrationCloses, e.timezone) > start) {
        ctx.addIssue({ code: 'custom', path: ['registrationCloses'], message: 'Registration must close before the event starts: set `registrationCloses` before `start`.' });
      }
      if (e.registrationOpens !== undefined && e.registrationCloses !== undefined && toInstant(e.registrationOpens, e.timezone) >= toInstant(e.registrationCloses, e.timezone)) {
        ctx.addIssue({ code: 'custom', path: ['registrationOpens'], message: 'Registration must open before it closes: set `registrationOpens` before `registrationCloses`.' });
      }
    })
    .transform((e) => {
      const startsAt = toInstant(e.start, e.timezone);
      const closes = e.registrationCloses === undefined ? startsAt : toInstant(e.registrationCloses, e.timezone);
      return {
        ...e,
        startsAt,
        endsAt: toInstant(e.end, e.timezone),
        opensAt: e.registrationOpens === undefined ? undefined : toInstant(e.registrationOpens, e.timezone),
        closesAt: closes < startsAt ? closes : startsAt,
      };
    });
}
