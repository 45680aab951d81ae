import { z } from 'zod';

/** Where an event stands: `scheduled` unless the editors postpone or cancel it. */
export const eventStatuses = ['scheduled', 'postponed', 'cancelled'] as const;
export type EventStatus = (typeof eventStatuses)[number];

/** Reminders sent when an event's front matter names none: two days and two hours before the start. */
export const defaultReminders = ['2d', '2h'] as const;

const units = { d: 86_400_000, h: 3_600_000, m: 60_000 } as const;
/** The longest reminder offset: 60 days before the start. */
export const maxReminderMs = 60 * units.d;

/** An offset such as `2d`, `2h` or `30m` in milliseconds, or undefined when it is not one. */
export function offsetMs(offset: string): number | undefined {
  const match = /^([1-9][0-9]{0,4})([dhm])$/.exec(offset);
  if (!match) return undefined;
  return Number(match[1]) * units[match[2] as keyof typeof units];
}

/** A reminder offset before the start, as editors write it (`2d`, `2h`, `30m`): at least one minute, at most 60 days. */
export const reminderOffset = z.string().superRefine((value, ctx) => {
  const ms = offsetMs(value);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a reminder time: write a whole number and d, h or m, e.g. 2d, 2h or 30m (before the start)` });
  } else if (ms > maxReminderMs) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is more than 60 days before the start: write at most 60d` });
  }
});

/** The shortest and longest time a seat is held for the registrant to confirm (`confirmWithin`). */
export const minHoldMs = 15 * units.m;
export const maxHoldMs = 7 * units.d;

/**
 * `confirmWithin`: how long a new registration's seats are held for the registrant to click the confirm link in
 * their email, written like a reminder offset (`2h`, `30m`, `1d`): at least 15 minutes (the email must arrive and
 * be read), at most 7 days. A number without a unit, 0 or a negative number is refused with what to write.
 */
export const holdDuration = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const written = String(value);
  const ms = typeof value === 'string' ? offsetMs(value) : undefined;
  const issue = (problem: string, fix: string) => {
    ctx.addIssue({ code: 'custom', message: `${problem}: ${fix}`, params: { problem, fix } });
    return z.NEVER;
  };
  if (ms === undefined) {
    const hint = typeof value === 'number' && value > 0 ? `add the unit, e.g. ${value}h` : 'write a whole number and d, h or m, e.g. 2h, 30m or 1d';
    return issue(`"${written}" is not a time to confirm within`, `${hint} (leave the field out for no hold)`);
  }
  if (ms < minHoldMs) return issue(`"${written}" is too short for the email to arrive and be read`, 'write at least 15m');
  if (ms > maxHoldMs) return issue(`"${written}" is longer than 7 days`, 'write at most 7d, e.g. 2d');
  return value as string;
});
