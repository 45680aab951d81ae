/**
 * The one rule for whether a fund still takes gifts, used by the fund pages
 * (at build time) and by the donations API (on every pledge).
 *
 * A fund's `closes` is a calendar date, the last day to give. The fund is
 * open through the end of that day wherever the donor is: until the day has
 * ended in the last time zone on Earth (UTC−12, "anywhere on Earth"), that is
 * until 12:00 UTC on the next day. No donor is told a fund closed while it is
 * still the closing day where they live.
 */

/** The instant a fund stops taking gifts: the end of its closing day at UTC−12. */
export function fundClosesAt(closes: Date | string): Date {
  // A Date is the closing day at UTC midnight (as YAML reads a date); a string is YYYY-MM-DD (as the manifest has it).
  const day = typeof closes === 'string' ? new Date(`${closes}T00:00:00Z`) : closes;
  return new Date(day.getTime() + 36 * 3_600_000);
}

/** Whether a fund with this closing day (none: always open) has closed at `now`. */
export function isFundClosed(closes: Date | string | null | undefined, now: Date): boolean {
  return closes !== null && closes !== undefined && now.getTime() >= fundClosesAt(closes).getTime();
}
