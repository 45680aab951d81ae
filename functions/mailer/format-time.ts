/**
 * Event times as people read them: in a named time zone, with the zone's
 * long name and its IANA name, e.g.
 * "Saturday 12 June 2027, 17:00–23:00 Central European Summer Time (Europe/Berlin)".
 */
const dateFormat = (timeZone: string) => new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const timeFormat = (timeZone: string) => new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

export function zoneName(instant: Date, timeZone: string): string {
  const part = new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'long' }).formatToParts(instant).find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

export function formatEventTime(startsAt: string, endsAt: string, timeZone: string): string {
  const start = new Date(startsAt);
  const end = new Date(endsAt);
  const day = dateFormat(timeZone);
  const time = timeFormat(timeZone);
  const sameDay = day.format(start) === day.format(end);
  const range = sameDay ? `${day.format(start)}, ${time.format(start)}–${time.format(end)}` : `${day.format(start)}, ${time.format(start)} – ${day.format(end)}, ${time.format(end)}`;
  return `${range} ${zoneName(start, timeZone)} (${timeZone})`;
}

/** The event's time, and the reader's own when they gave a different zone. */
export function eventTimes(event: { startsAt: string; endsAt: string; timezone: string }, readerZone?: string): { event: string; reader?: string } {
  const eventTime = formatEventTime(event.startsAt, event.endsAt, event.timezone);
  if (!readerZone || readerZone === event.timezone) return { event: eventTime };
  const readerTime = formatEventTime(event.startsAt, event.endsAt, readerZone);
  // Zones with the same offsets and names read the same: say it once.
  return readerTime.replace(/ \([^)]*\)$/, '') === eventTime.replace(/ \([^)]*\)$/, '') ? { event: eventTime } : { event: eventTime, reader: readerTime };
}
