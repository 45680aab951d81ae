/**
 * The iCalendar files in registrants' emails (RFC 5545): the event in its own
 * time zone, with a VTIMEZONE, DTSTAMP in UTC.
 *
 * Every file about one registration has the same `UID`, made from the
 * registration id and a fixed domain (never the site's address, which changes
 * when the site moves to its own domain), so a calendar program updates or
 * removes the entry it already has instead of adding a second one. `SEQUENCE`
 * grows with each change: 0 for the confirmation, the event's notice version
 * for a change (functions/registrations/store/changes.ts), one more than that
 * for the registrant's own cancellation. `METHOD:CANCEL` removes the entry.
 */
import { TZDate } from '@date-fns/tz';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import { ICalCalendar, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { EventSnapshot } from '../shared/email-jobs';

/** The fixed right-hand side of every registration's UID. */
export const uidDomain = 'alumni-registrations';

export function registrationUid(registrationId: string): string {
  return `${registrationId}@${uidDomain}`;
}

export type CalendarMethod = 'PUBLISH' | 'REQUEST' | 'CANCEL';

export interface CalendarOptions {
  /** PUBLISH (the confirmation), REQUEST (a change), CANCEL (a cancellation). */
  method?: CalendarMethod;
  sequence?: number;
}

const methods = { PUBLISH: ICalCalendarMethod.PUBLISH, REQUEST: ICalCalendarMethod.REQUEST, CANCEL: ICalCalendarMethod.CANCEL } as const;

export function eventCalendar(event: EventSnapshot, registrationId: string, options: CalendarOptions = {}): string {
  const method = options.method ?? 'PUBLISH';
  const calendar = new ICalCalendar({ prodId: { company: uidDomain, product: 'alumni-events', language: 'EN' }, method: methods[method] });
  // The VTIMEZONE for the event's zone, without a calendar-wide zone: that would write DTSTAMP in local time and a
  // non-standard TIMEZONE-ID, where RFC 5545 wants DTSTAMP in UTC and only TZID with its VTIMEZONE.
  calendar.timezone({ name: null, generator: getVtimezoneComponent });
  const location = event.format === 'online' ? 'Online' : [event.venue, event.city, event.country].filter(Boolean).join(', ');
  const description = [event.summary, event.onlineUrl ? `Join online: ${event.onlineUrl}` : '', `Details: ${event.url}`].filter(Boolean).join('\n\n');
  const cancelled = method === 'CANCEL' || event.status === 'cancelled';
  calendar.createEvent({
    id: registrationUid(registrationId),
    sequence: options.sequence ?? 0,
    // A TZDate gives ical-generator the wall-clock time in the event's zone (a plain Date would be read in the machine's zone).
    start: new TZDate(event.startsAt, event.timezone),
    end: new TZDate(event.endsAt, event.timezone),
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    timezone: event.timezone,
    summary: event.title,
    description,
    location,
    url: event.url,
  });
  // RFC 5545 ends every line with CRLF, the last one too; ical-generator leaves the last one off.
  return `${calendar.toString()}\r\n`;
}

/** The attachment for an email, with the method in its content type as calendar programs expect. */
export function calendarAttachment(event: EventSnapshot, registrationId: string, options: CalendarOptions = {}) {
  const method = options.method ?? 'PUBLISH';
  return { filename: `${event.slug}.ics`, content: eventCalendar(event, registrationId, options), contentType: `text/calendar; charset=utf-8; method=${method}` };
}
