/**
 * A standing clock for rate-limit tests: the limits count in whole minutes, so requests made against the moving
 * clock could straddle two windows and see a fresh allowance halfway through.
 *
 * It stands at the middle of the latest minute whose middle has passed, so never ahead of the real clock: email
 * that an API on this clock writes is due at once, and the test mailer, on the real clock, sends it straight away.
 * (Standing up to 30 s ahead, it held every later `drainMail` of the file waiting for those emails to fall due.)
 */
export function middleOfLatestMinute(): () => Date {
  const at = new Date(Math.floor((Date.now() - 30_000) / 60_000) * 60_000 + 30_000);
  return () => at;
}
