import { fromZonedTime } from 'date-fns-tz/fromZonedTime';

const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/;

/**
 * The instant an editor meant: a Date (YAML already made it one) stands as is,
 * a string with an offset is parsed, and wall-clock time is read in `timeZone`.
 */
export function toInstant(value: Date | string, timeZone: string): Date {
  if (value instanceof Date) return value;
  const normalized = value.replace(' ', 'T');
  return hasOffset.test(normalized) ? new Date(normalized) : fromZonedTime(normalized, timeZone);
}
