/** Formatting shared by the islands: dates in the reader's own time zone, amounts in the reader's locale. */

/** The site's language for sentences around dates (the page text is English). */
const dateLocale = 'en-GB';

/** "Sunday 10 January 2027 at 09:00 GMT+1", in the reader's time zone. */
export function formatInstant(iso: string): string {
  return new Intl.DateTimeFormat(dateLocale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/** The reader's IANA time zone, if the browser knows it. */
export function readerTimeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    return undefined;
  }
}

/** The reader's locale for numbers and amounts. */
export function readerLocale(): string {
  return typeof navigator === 'undefined' ? dateLocale : (navigator.languages?.[0] ?? navigator.language ?? dateLocale);
}

/** Digits after the decimal point in a currency (2 for EUR, 0 for JPY). */
export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** An amount in minor units, formatted for the reader: "$1,250", "1.250,50 €". */
export function formatMoney(minor: number, currency: string, locale = readerLocale()): string {
  const digits = currencyDigits(currency);
  const major = minor / 10 ** digits;
  const whole = Number.isInteger(major);
  return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: whole ? 0 : digits, maximumFractionDigits: digits }).format(major);
}

/** The currency's symbol as the reader's locale writes it ("$", "£", "€"). */
export function currencySymbol(currency: string, locale = readerLocale()): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).formatToParts(0).find((p) => p.type === 'currency')?.value ?? currency;
}

/**
 * An amount typed in the reader's locale ("1,250.50", "1.250,50", "75") in
 * minor units, or undefined when it is not a plain amount.
 */
export function parseAmount(text: string, currency: string, locale = readerLocale()): number | undefined {
  const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
  const space = /[\s\u00a0\u202f]/g;
  const group = (parts.find((p) => p.type === 'group')?.value ?? ',').replace(space, '');
  const decimal = parts.find((p) => p.type === 'decimal')?.value ?? '.';
  const cleaned = text.replace(space, '').replace(currencySymbol(currency, locale), '');
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
