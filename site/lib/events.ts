/** What pages and calendars say about an event. */
import type { Event } from './content';
import { formatPlace } from './format';

/** Ended by the build's clock. The pages re-check with the reader's clock (scripts/event-clock.ts). */
export const hasEnded = (event: Event, now = new Date()): boolean => event.data.endsAt.getTime() <= now.getTime();

export function splitByTime(events: readonly Event[], now = new Date()): { upcoming: Event[]; past: Event[] } {
  const upcoming = events.filter((e) => !hasEnded(e, now));
  const past = events.filter((e) => hasEnded(e, now)).reverse();
  return { upcoming, past };
}

export const formatLabel = { 'in-person': 'In person', online: 'Online', hybrid: 'Hybrid: in person and online' } as const;
export const formatShort = { 'in-person': 'In person', online: 'Online', hybrid: 'Hybrid' } as const;

/** "Old Library Hall, Berlin, Germany", or "Online" — never the join link. */
export function placeLine(event: Event): string {
  const { format, venue, city, country } = event.data;
  const place = formatPlace(venue, city, country);
  if (format === 'online') return 'Online';
  return format === 'hybrid' ? `${place} and online` : place;
}

/** Short place for cards: "Berlin, Germany" or "Online". */
export function placeShort(event: Event): string {
  const { format, city, country } = event.data;
  if (format === 'online') return 'Online';
  const place = formatPlace(city, country);
  return format === 'hybrid' ? `${place} + online` : place;
}

/** Seats in words, without live numbers (those come from the API on the page). */
export function capacityLine(event: Event): string {
  const { capacity, maxGuests } = event.data;
  const seats = capacity === undefined ? 'No limit on places' : capacity === 0 ? 'Waitlist only' : `${capacity} places`;
  const guests = maxGuests === 0 ? 'no guests' : maxGuests === 1 ? 'you may bring 1 guest' : `you may bring up to ${maxGuests} guests`;
  return `${seats}; ${guests}.`;
}
