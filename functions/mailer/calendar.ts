/** The iCalendar file attached to a confirmation: the event in its own time zone, with a VTIMEZONE. */
import { TZDate } from '@date-fns/tz';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import { ICalCalendar, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { EventSnapshot } from '../shared/email-jobs';

export function eventCalendar(event: EventSnapshot, registrationId: string, siteHost: string): string {
  const calendar = new ICalCalendar({ prodId: { company: siteHost, product: 'alumni-events', language: 'EN' }, method: ICalCalendarMethod.PUBLISH });
  calendar.timezone({ name: event.timezone, generator: getVtimezoneComponent });
  const location = event.format === 'online' ? 'Online' : [event.venue, event.city, event.country].filter(Boolean).join(', ');
  const description = [event.summary, event.onlineUrl ? `Join online: ${event.onlineUrl}` : '', `Details: ${event.url}`].filter(Boolean).join('\n\n');
  calendar.createEvent({
    id: `${event.slug}-${registrationId}@${siteHost}`,
    // A TZDate gives ical-generator the wall-clock time in the event's zone (a plain Date would be read in the machine's zone).
    start: new TZDate(event.startsAt, event.timezone),
    end: new TZDate(event.endsAt, event.timezone),
    status: ICalEventStatus.CONFIRMED,
    timezone: event.timezone,
    summary: event.title,
    description,
    location,
    url: event.url,
  });
  return calendar.toString();
}
