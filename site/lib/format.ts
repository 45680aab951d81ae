/** Dates, times and money as readers see them, in the site's locale. */
import { formatInTimeZone } from 'date-fns-tz';
import { SITE } from '../consts';

const locale = SITE.locale;

/** A calendar date (stories, fund closing days): YAML reads it as UTC midnight. */
export function formatDate(date: Date, style: 'long' | 'short' = 'long'): string {
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: style, year: 'numeric', timeZone: 'UTC' }).format(date);
}

/** YYYY-MM-DD of a calendar date, for `<time datetime>`. */
export const isoDate = (date: Date): string => date.toISOString().slice(0, 10);

/** "Saturday 12 June 2027" in the event's zone; a range for events over several days. */
export function formatEventDay(start: Date, end: Date, timeZone: string): string {
  const f = new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone });
  return f.format(start) === f.format(end) ? f.format(start) : f.formatRange(start, end);
}

/** "17:00–23:00 CEST" in the event's zone; dates included when the event spans days. */
export function formatEventTimes(start: Date, end: Date, timeZone: string): string {
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeZone });
  const sameDay = day.format(start) === day.format(end);
  const f = new Intl.DateTimeFormat(locale, sameDay ? { hour: '2-digit', minute: '2-digit', timeZone } : { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone });
  return `${f.formatRange(start, end)} ${zoneAbbreviation(start, timeZone)}`;
}

/** Short event date for cards: "12 Jun 2027". */
export function formatEventShort(start: Date, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone }).format(start);
}

/** The zone's abbreviation or offset at that instant: "CEST", "GMT+8". */
export function zoneAbbreviation(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
}

/** "Europe/Berlin" → "Berlin"; "America/Argentina/Buenos_Aires" → "Buenos Aires". */
export const zoneCity = (timeZone: string): string => (timeZone.split('/').at(-1) ?? timeZone).replaceAll('_', ' ');

/** ISO 8601 with the zone's offset, e.g. 2027-06-12T17:00:00+02:00 (for JSON-LD). */
export const isoInZone = (at: Date, timeZone: string): string => formatInTimeZone(at, timeZone, "yyyy-MM-dd'T'HH:mm:ssxxx");

/** Minor units to a readable amount: 5000000 EUR → "€50,000". */
export function formatMoney(minor: number, currency: string): string {
  const digits = new Intl.NumberFormat(locale, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const amount = minor / 10 ** digits;
  return new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: Number.isInteger(amount) ? 0 : digits }).format(amount);
}
