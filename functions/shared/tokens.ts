/**
 * Capability tokens: HMAC-SHA-256 over a purpose and a record id, so a link
 * can manage exactly one registration (or answer one mentor request) and
 * nothing else. Verification is constant-time and happens before any lookup,
 * so a wrong token and an unknown id are indistinguishable (both 403).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * What a token may do. Mentorship links are scoped by who holds them:
 * `mentor-request` answers a request (the mentor), `mentorship-mentor` and
 * `mentorship-mentee` end a mentorship or give feedback on it as that side
 * (the mentor's also extends it; the mentee's also asks again after an
 * expiry), `mentor-availability` pauses and resumes one mentor (over the slug),
 * `event-feedback` rates an event as one registration (the thank-you email's links),
 * `subscription` confirms, changes and ends one newsletter subscription.
 */
export type TokenPurpose = 'registration' | 'event-feedback' | 'mentor-request' | 'donation' | 'mentorship-mentor' | 'mentorship-mentee' | 'mentor-availability' | 'subscription';

export function signToken(secret: string, purpose: TokenPurpose, id: string): string {
  return createHmac('sha256', secret).update(`${purpose}:${id}`).digest('base64url');
}

export function verifyToken(secret: string, purpose: TokenPurpose, id: string, token: string | undefined): boolean {
  if (!token) return false;
  const expected = Buffer.from(signToken(secret, purpose, id));
  const given = Buffer.from(token);
  // timingSafeEqual needs equal lengths; comparing against itself keeps the time the same for a wrong length.
  return given.length === expected.length ? timingSafeEqual(given, expected) : !timingSafeEqual(expected, expected);
}
