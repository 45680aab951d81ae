import { TZDate } from '@date-fns/tz';

const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/;
const wallClock = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?$/;

/**
 * The instant an editor meant: a Date (YAML already made it one) stands as is,
 * a string with an offset is parsed, and wall-clock time is read in `timeZone`.
 * A wall-clock time that does not exist (skipped when clocks go forward) is
 * read with the offset from before the change, as iCalendar reads it: 02:30 on
 * the night clocks go from 02:00 to 03:00 is 03:30.
 */
export function toInstant(value: Date | string, timeZone: string): Date {
  if (value instanceof Date) return value;
  const normalized = value.replace(' ', 'T');
  if (hasOffset.test(normalized)) return new Date(normalized);
  const m = wallClock.exec(normalized);
  if (!m) return new Date(Number.NaN);
  const [, year, month, day, hour, minute, second = '0', fraction = ''] = m;
  const ms = Math.round(Number(`0${fraction}`) * 1000);
  return new Date(new TZDate(+year!, +month! - 1, +day!, +hour!, +minute!, +second, ms, timeZone).getTime());
}
