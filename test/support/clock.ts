/**
 * A standing clock for rate-limit tests: the limits count in whole minutes, so requests made against the moving
 * clock could straddle two windows and see a fresh allowance halfway through.
 */
export function middleOfThisMinute(): () => Date {
  const at = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 30_000);
  return () => at;
}
