/**
 * Dates, times, amounts and lists as readers see them: the one formatting
 * module of the pages, the form islands and the emails, in the site's locale
 * (`SITE.locale`) unless a function takes the reader's.
 *
 * Pure `Intl` code, no Astro and no Node (and no date library): islands and
 * Lambda functions bundle it without weight. One `Intl` formatter per kind,
 * built once per locale and time zone.
 */
import { SITE } from '../consts';

const locale: string = SITE.locale;

/** A formatter of one kind per locale and key (a time zone, a currency), built on first use. */
function cached<O>(make: (locale: string, key: string) => O): (key?: string, inLocale?: string) => O {
  const made = new Map<string, O>();
  return (key = '', inLocale = locale) => {
    const id = `${inLocale} ${key}`;
    let formatter = made.get(id);
    if (!formatter) made.set(id, (formatter = make(inLocale, key)));
    return formatter;
  };
}
const zone = (timeZone: string) => (timeZone ? { timeZone } : {});

// ---------------------------------------------------------------------------
// Calendar dates (stories, fund closing days, pledges)

const longDate = cached((l) => new Intl.DateTimeFormat(l, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }));
const shortDate = cached((l) => new Intl.DateTimeFormat(l, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }));

/** A calendar date, "14 March 2026": YAML reads it as UTC midnight, so it is read in UTC. */
export function formatDate(date: Date, style: 'long' | 'short' = 'long'): string {
  return (style === 'long' ? longDate() : shortDate()).format(date);
}

/** YYYY-MM-DD of a calendar date, for `<time datetime>`. */
export const isoDate = (date: Date): string => date.toISOString().slice(0, 10);

// ---------------------------------------------------------------------------
// Event days and times, in the event's zone

const eventDay = cached((l, z) => new Intl.DateTimeFormat(l, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', ...zone(z) }));
const numericDay = cached((l, z) => new Intl.DateTimeFormat(l, { dateStyle: 'short', ...zone(z) }));
const clockTime = cached((l, z) => new Intl.DateTimeFormat(l, { hour: '2-digit', minute: '2-digit', ...zone(z) }));
const dayAndTime = cached((l, z) => new Intl.DateTimeFormat(l, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', ...zone(z) }));
const shortDay = cached((l, z) => new Intl.DateTimeFormat(l, { day: 'numeric', month: 'short', year: 'numeric', ...zone(z) }));
const zoneShort = cached((l, z) => new Intl.DateTimeFormat(l, { timeZoneName: 'short', ...zone(z) }));
const zoneLong = cached((l, z) => new Intl.DateTimeFormat(l, { timeZoneName: 'long', ...zone(z) }));
const cardParts = {
  month: cached((l, z) => new Intl.DateTimeFormat(l, { month: 'short', ...zone(z) })),
  day: cached((l, z) => new Intl.DateTimeFormat(l, { day: 'numeric', ...zone(z) })),
  year: cached((l, z) => new Intl.DateTimeFormat(l, { year: 'numeric', ...zone(z) })),
  weekday: cached((l, z) => new Intl.DateTimeFormat(l, { weekday: 'long', ...zone(z) })),
  date: cached((l, z) => new Intl.DateTimeFormat(l, { day: 'numeric', month: 'long', year: 'numeric', ...zone(z) })),
};

/** "Saturday 12 June 2027" in the event's zone; a range for events over several days. */
export function formatEventDay(start: Date, end: Date, timeZone: string): string {
  const f = eventDay(timeZone);
  return f.format(start) === f.format(end) ? f.format(start) : f.formatRange(start, end);
}

/** "17:00–23:00 CEST" in the event's zone; dates included when the event spans days. */
export function formatEventTimes(start: Date, end: Date, timeZone: string): string {
  const day = numericDay(timeZone);
  const f = day.format(start) === day.format(end) ? clockTime(timeZone) : dayAndTime(timeZone);
  return `${f.formatRange(start, end)} ${zoneAbbreviation(start, timeZone)}`;
}

/** Short event date for cards: "12 Jun 2027". */
export function formatEventShort(start: Date, timeZone: string): string {
  return shortDay(timeZone).format(start);
}

/** The parts of an event card's date block, in the event's zone: "Jun", "12", "2027", "Saturday", "12 June 2027". */
export function eventCardDate(start: Date, timeZone: string): { month: string; day: string; year: string; weekday: string; date: string } {
  return {
    month: cardParts.month(timeZone).format(start),
    day: cardParts.day(timeZone).format(start),
    year: cardParts.year(timeZone).format(start),
    weekday: cardParts.weekday(timeZone).format(start),
    date: cardParts.date(timeZone).format(start),
  };
}

/** The zone's abbreviation or offset at that instant: "CEST", "GMT+8". */
export function zoneAbbreviation(at: Date, timeZone: string): string {
  return (
    zoneShort(timeZone)
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? timeZone
  );
}

/** "Europe/Berlin" → "Berlin"; "America/Argentina/Buenos_Aires" → "Buenos Aires". */
/**
 * "Harbourline, 1 Marina Boulevard, Singapore": the parts of a place that are given, joined, and a part that
 * repeats the one before said once, so a city-state reads "Singapore", not "Singapore, Singapore".
 */
export function formatPlace(...parts: (string | undefined)[]): string {
  return parts.filter((part, i): part is string => !!part && part !== parts.slice(0, i).findLast(Boolean)).join(', ');
}

export const zoneCity = (timeZone: string): string => (timeZone.split('/').at(-1) ?? timeZone).replaceAll('_', ' ');

// A technical format, not a reader's: numbers and the offset ("GMT+02:00") as ISO 8601 needs them.
const isoParts = cached(
  (_, z) =>
    new Intl.DateTimeFormat('en-US', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
      ...zone(z),
    }),
);

/** ISO 8601 with the zone's offset, e.g. 2027-06-12T17:00:00+02:00 (for JSON-LD and `<time datetime>`). */
export function isoInZone(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    isoParts(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const offset = parts['timeZoneName']?.replace(/^GMT/, '') || '+00:00';
  return `${parts['year']}-${parts['month']}-${parts['day']}T${parts['hour']}:${parts['minute']}:${parts['second']}${offset}`;
}

// ---------------------------------------------------------------------------
// Times in words, for emails and API messages

const wordsDay = eventDay;
const wordsTime = cached((l, z) => new Intl.DateTimeFormat(l, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...zone(z) }));
const fullDateTime = cached((l, z) => new Intl.DateTimeFormat(l, { dateStyle: 'full', timeStyle: 'short', ...zone(z) }));

/** The zone's long name at that instant: "Central European Summer Time". */
export function zoneName(at: Date, timeZone: string): string {
  return (
    zoneLong(timeZone)
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? timeZone
  );
}

/** "Sunday 10 January 2027 at 09:00 (Europe/Berlin)": an instant in a named zone, e.g. when registration opens. */
export function formatDateTimeInZone(at: Date, timeZone: string): string {
  return `${fullDateTime(timeZone).format(at)} (${timeZone})`;
}

/** "Saturday 12 June 2027, 17:00–23:00 Central European Summer Time (Europe/Berlin)". */
export function formatEventTime(startsAt: string, endsAt: string, timeZone: string): string {
  const start = new Date(startsAt);
  const end = new Date(endsAt);
  const day = wordsDay(timeZone);
  const time = wordsTime(timeZone);
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

// ---------------------------------------------------------------------------
// In the reader's own zone (islands)

const readerInstant = cached((l) => new Intl.DateTimeFormat(l, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }));

/** "Sunday 10 January 2027 at 09:00 GMT+1", in the reader's time zone (in the browser). */
export function formatInstant(iso: string): string {
  return readerInstant().format(new Date(iso));
}

/** The reader's IANA time zone, if the browser knows it. */
export function readerTimeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    return undefined;
  }
}

/** The reader's locale for numbers and amounts; the site's outside a browser. */
export function readerLocale(): string {
  return typeof navigator === 'undefined' ? locale : (navigator.languages?.[0] ?? navigator.language ?? locale);
}

// ---------------------------------------------------------------------------
// Amounts (in minor units: cents)

const currencyFormat = cached((l, currency) => new Intl.NumberFormat(l, { style: 'currency', currency }));

/** Digits after the decimal point in a currency (2 for EUR, 0 for JPY). */
export function currencyDigits(currency: string): number {
  return currencyFormat(currency).resolvedOptions().maximumFractionDigits ?? 2;
}

const wholeMoney = cached((l, currency) => new Intl.NumberFormat(l, { style: 'currency', currency, maximumFractionDigits: 0 }));

/** An amount for pages and forms, without ".00" when it is whole: "€50,000", "$1,250.50"; in the site's locale unless given the reader's. */
export function formatMoney(minor: number, currency: string, inLocale: string = locale): string {
  const major = minor / 10 ** currencyDigits(currency);
  return (Number.isInteger(major) ? wholeMoney(currency, inLocale) : currencyFormat(currency, inLocale)).format(major);
}

/** An amount with all its digits, as a receipt states it: "US$50.00", "¥5,000". */
export function formatMoneyInFull(minor: number, currency: string): string {
  return currencyFormat(currency).format(minor / 10 ** currencyDigits(currency));
}

/** The currency's symbol as a locale writes it ("$", "£", "€"). */
export function currencySymbol(currency: string, inLocale: string = readerLocale()): string {
  return (
    currencyFormat(currency, inLocale)
      .formatToParts(0)
      .find((p) => p.type === 'currency')?.value ?? currency
  );
}

const decimalFormat = cached((l, digits) => new Intl.NumberFormat(l, { minimumFractionDigits: Number(digits) }));
const plainNumber = cached((l) => new Intl.NumberFormat(l));

/** A number with at least `fractionDigits` decimals, as the reader types it: 75.5 → "75.50" or "75,50". */
export function formatDecimal(value: number, fractionDigits: number, inLocale: string = readerLocale()): string {
  return decimalFormat(String(fractionDigits), inLocale).format(value);
}

/**
 * An amount typed in the reader's locale ("1,250.50", "1.250,50", "75") in
 * minor units, or undefined when it is not a plain amount.
 */
export function parseAmount(text: string, currency: string, inLocale: string = readerLocale()): number | undefined {
  const parts = plainNumber(undefined, inLocale).formatToParts(12345.6);
  const space = /[\s\u00a0\u202f]/g;
  const group = (parts.find((p) => p.type === 'group')?.value ?? ',').replace(space, '');
  const decimal = parts.find((p) => p.type === 'decimal')?.value ?? '.';
  const cleaned = text.replace(space, '').replace(currencySymbol(currency, inLocale), '');
  const digits = currencyDigits(currency);
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const fraction = digits > 0 ? `(?:${escape(decimal)}(\\d{1,${digits}}))?` : '';
  // Group separators only between groups of three ("1,250" but not "75.50" where "." groups), or none at all.
  const grouped = group ? `\\d{1,3}(?:${escape(group)}\\d{3})+` : '\\d+';
  const match = new RegExp(`^(\\d+|${grouped})${fraction}$`).exec(cleaned);
  if (!match) return undefined;
  const whole = Number(match[1]!.split(group || '\u0000').join(''));
  const minor = match[2] ? Number(match[2].padEnd(digits, '0')) : 0;
  return whole * 10 ** digits + minor;
}

// ---------------------------------------------------------------------------
// Lists

const andList = cached((l) => new Intl.ListFormat(l, { type: 'conjunction' }));

/** "a, b and c" in the site's locale. */
export function formatList(items: readonly string[]): string {
  return andList().format(items);
}
