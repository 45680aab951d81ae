import { z } from 'zod';
import { altText, altTextFor, dateTimeInput, editorIssue, link, slug, tag, timeZone, whenValid } from './common';
import { defaultReminders, eventStatuses, holdDuration, reminderOffset } from './event-lifecycle';
import { toInstant } from './time';
import { eventFormats } from './vocabularies';

export const eventFormat = z.enum(eventFormats, {
  error: 'Write one of: in-person, online, hybrid.',
});

/**
 * Front matter of `content/events/*.md`. Date-times without an offset are read
 * in `timezone`; the parsed result adds the instants `startsAt`, `endsAt`,
 * `opensAt` and `closesAt` (registration closes at the earlier of
 * `registrationCloses` and the start) and `publishesAt`, when `publishAt` is given.
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
      capacity: z.int('Write the capacity as a whole number, e.g. 120, or leave it out for unlimited.').min(0, 'Write 0 or more (0 means waitlist only), or leave it out for unlimited.').optional(),
      /** Guests each registrant may bring. */
      maxGuests: z.int('Write maxGuests as a whole number, e.g. 2.').min(0, 'Write 0 or more.').max(10, 'Write at most 10.').default(0),
      /** Registration opens; leave out to open on publication. */
      registrationOpens: dateTimeInput.optional(),
      /** Registration closes; before `start`. It also closes when the event starts. */
      registrationCloses: dateTimeInput.optional(),
      /** Topics from `content/tags.yaml`. */
      tags: z.array(tag).default([]),
      /** Optional image. */
      image: image.optional(),
      /** What the image shows. */
      imageAlt: altText.optional(),
      /** Profile slugs of the hosts. */
      hosts: z.array(slug).default([]),
      /** true keeps the event off the site (and closed to registration) while it is being prepared. */
      draft: z.boolean('Write true or false.').default(false),
      /** When the event appears on the site: the first build after this date-time (in `timezone`). Leave out to publish on merge. */
      publishAt: dateTimeInput.optional(),
      /** scheduled (the default), postponed or cancelled: shown on the page and cards, and emailed to registrants when it changes. */
      status: z.enum(eventStatuses, { error: 'Write one of: scheduled, postponed, cancelled.' }).default('scheduled'),
      /** One or two sentences about a postponement or cancellation, shown with the status and put in the email. */
      statusNote: z.string().min(1).max(300, 'Keep the note to 300 characters.').optional(),
      /** When registrants are reminded, before the start: e.g. [2d, 2h] (days, hours, minutes; the default). */
      reminders: z
        .array(reminderOffset)
        .max(5, 'Write at most 5 reminders.')
        .default([...defaultReminders]),
      /** Link to the recording, once there is one: shown on the page after the event and emailed to everyone who registered. */
      recordingUrl: z.url({ protocol: /^https$/, error: 'Write the recording link in full, starting with https://' }).optional(),
      /** Slides and other materials, shown after the event and sent with the thank-you: [{label, url}]. */
      materials: z.array(link).max(10, 'Write at most 10 materials.').default([]),
      /** true lists registrants who chose to be listed (names and class years) on the page. */
      whosComing: z.boolean('Write true or false.').default(false),
      /**
       * Hold a new registration's seats until the registrant clicks the confirm link in their email within this
       * time (e.g. 2h; 15m to 7d), for events that always sell out: unconfirmed holds are released to the waitlist.
       * A hold never lasts past the start, when registration closes.
       */
      confirmWithin: holdDuration.optional(),
    })
    .superRefine(...altTextFor('image', 'imageAlt'))
    .superRefine(
      (e, ctx) => {
        const kind = { 'in-person': 'an in-person', online: 'an online', hybrid: 'a hybrid' }[e.format];
        if (e.format !== 'online') {
          for (const field of ['venue', 'city', 'country'] as const) {
            if (e[field] === undefined) ctx.addIssue(editorIssue(field, `${kind} event needs a ${field}`, `add \`${field}:\` with where it takes place`));
          }
        }
        if (e.format !== 'in-person' && e.onlineUrl === undefined) {
          ctx.addIssue(editorIssue('onlineUrl', `${kind} event needs its join link`, 'add `onlineUrl: https://…` (sent to registrants only, never shown on the page)'));
        }
      },
      whenValid('format', 'venue', 'city', 'country', 'onlineUrl'),
    )
    .superRefine(
      (e, ctx) => {
        const at = (value: Date | string) => toInstant(value, e.timezone);
        const start = at(e.start);
        if (at(e.end) <= start) {
          ctx.addIssue(editorIssue('end', 'the end is not after the start', 'write an `end` later than `start` (check the day, and AM/PM written as 24-hour time)'));
        }
        if (e.registrationCloses !== undefined && at(e.registrationCloses) > start) {
          ctx.addIssue(editorIssue('registrationCloses', 'registration closes after the event starts', 'write a `registrationCloses` before `start`, or leave it out to close when the event starts'));
        }
        if (e.registrationOpens !== undefined && at(e.registrationOpens) >= start) {
          ctx.addIssue(editorIssue('registrationOpens', 'registration opens after the event starts', 'write a `registrationOpens` before `start`, or leave it out to open on publication'));
        } else if (e.registrationOpens !== undefined && e.registrationCloses !== undefined && at(e.registrationOpens) >= at(e.registrationCloses)) {
          ctx.addIssue(editorIssue('registrationOpens', 'registration opens after it closes', 'write a `registrationOpens` before `registrationCloses`'));
        }
        if (e.publishAt !== undefined && at(e.publishAt) >= start) {
          ctx.addIssue(editorIssue('publishAt', 'the event would be published after it starts', 'write a `publishAt` well before `start`, or leave it out to publish when the change is merged'));
        }
      },
      whenValid('start', 'end', 'timezone', 'registrationOpens', 'registrationCloses', 'publishAt'),
    )
    .transform((e) => {
      const startsAt = toInstant(e.start, e.timezone);
      const closes = e.registrationCloses === undefined ? startsAt : toInstant(e.registrationCloses, e.timezone);
      return {
        ...e,
        startsAt,
        endsAt: toInstant(e.end, e.timezone),
        opensAt: e.registrationOpens === undefined ? undefined : toInstant(e.registrationOpens, e.timezone),
        closesAt: closes < startsAt ? closes : startsAt,
        publishesAt: e.publishAt === undefined ? undefined : toInstant(e.publishAt, e.timezone),
      };
    });
}
