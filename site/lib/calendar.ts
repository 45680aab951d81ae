/**
 * iCalendar files for events, by ical-generator: each event keeps its own time
 * zone (DTSTART;TZID=…) with the matching VTIMEZONE block, so calendar apps show
 * the right local time wherever the reader is. The join link is never included:
 * registrants get it by email.
 */
import { TZDate } from '@date-fns/tz';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { SITE } from '../consts';
import type { Event } from './content';
import { placeLine } from './events';

export function eventsCalendar(events: readonly Event[], site: URL, name: string): string {
  const calendar = ical({
    name,
    description: `Events of the ${SITE.university} alumni community`,
    prodId: { company: SITE.university, product: SITE.name, language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    url: new URL('/events/', site).href,
    ttl: 60 * 60 * 12,
    // The generator writes one VTIMEZONE for each event's zone.
    timezone: { name: null, generator: getVtimezoneComponent },
  });
  for (const event of events) {
    const url = new URL(`/events/${event.id}/`, site).href;
    calendar.createEvent({
      id: `${event.id}@${site.host}`,
      // A TZDate tells ical-generator the wall-clock time in the event's zone; a plain
      // Date would be written in the build machine's zone.
      start: new TZDate(event.data.startsAt, event.data.timezone),
      end: new TZDate(event.data.endsAt, event.data.timezone),
      timezone: event.data.timezone,
      summary: event.data.title,
      description: `${event.data.summary}\n\nDetails and registration: ${url}`,
      location: event.data.format === 'online' ? 'Online (the link is emailed to registrants)' : placeLine(event),
      url,
      status: ICalEventStatus.CONFIRMED,
      categories: event.data.tags.map((name) => ({ name })),
    });
  }
  // RFC 5545 ends every line with CRLF, the last one too; ical-generator leaves the last one off.
  return `${calendar.toString()}\r\n`;
}

export const calendarResponse = (body: string) => new Response(body, { headers: { 'Content-Type': 'text/calendar; charset=utf-8' } });
