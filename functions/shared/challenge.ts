/**
 * The proof of work on form writes (ALTCHA, self-hosted with `altcha-lib`):
 *
 * - `GET /api/challenge` answers a fresh challenge: a salt carrying its expiry,
 *   the SHA-256 of salt + a secret random number up to `maxnumber`, and an
 *   HMAC signature over it (key derived from the signing secret).
 * - The form finds the number in the background (people never see it) and
 *   sends ALTCHA's base64 payload in the `x-altcha` header.
 * - A write checks the signature, the number and the expiry, then marks the
 *   challenge used with a conditional Put (`CHALLENGE#{signature}`, expiring
 *   with the challenge), so one solution buys one write. Anything else:
 *   `400 challenge_failed`, nothing stored.
 *
 * A person's browser spends about a second on it once per form; a script that
 * sends thousands of writes spends that second on every one of them (see the
 * benchmark figures). `FORM_CHALLENGE=off` switches the check off for the
 * local stack, its tests and benchmarks only.
 */
import { createHmac } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createChallenge, extractParams, verifySolution } from 'altcha-lib/v1';
import { Hono, type MiddlewareHandler } from 'hono';
import type { ApiOptions } from './api-options';
import type { Table } from './clients';
import { ChallengeFailed } from './errors';
import { keys, ttlAttribute } from './table';

/**
 * The largest number a solver may have to try; on average it tries half. 50,000 keeps the form's wait on a
 * phone-sized CPU near a second (100,000 took about two: `npm run bench:challenge`); a script pays tens of
 * milliseconds of CPU per write, on top of the rate limits.
 */
export const defaultChallengeMaxNumber = 50_000;
/** How long a challenge may be used after it was handed out: the form fetches one when it is first touched. */
export const challengeLifetimeSeconds = 30 * 60;

export interface ChallengeOptions {
  table: Table;
  signingSecret: () => Promise<string>;
  now: () => Date;
  maxNumber?: number;
}

/** The challenge settings of a form write route (its `writeGuard({ challenge })`), from the app's options. */
export function formChallengeOf(options: ApiOptions): ChallengeOptions & { enabled: boolean } {
  return {
    table: options.table,
    signingSecret: options.signingSecret,
    now: options.now,
    enabled: options.formChallenge ?? true,
    ...(options.challengeMaxNumber ? { maxNumber: options.challengeMaxNumber } : {}),
  };
}

/** The HMAC key of challenges, derived from the signing secret so it never signs anything else. */
async function challengeKey(options: ChallengeOptions): Promise<string> {
  return createHmac('sha256', await options.signingSecret())
    .update('altcha-challenge')
    .digest('hex');
}

/** `GET /api/challenge`: a fresh challenge, never cached. */
export function challengeRoutes(options: ChallengeOptions) {
  return new Hono().get('/challenge', async (c) => {
    const challenge = await createChallenge({
      hmacKey: await challengeKey(options),
      maxnumber: options.maxNumber ?? defaultChallengeMaxNumber,
      expires: new Date(options.now().getTime() + challengeLifetimeSeconds * 1000),
    });
    return c.json(challenge);
  });
}

/** Parses the `x-altcha` header: ALTCHA's base64 JSON payload. */
function payloadOf(header: string | undefined): { signature: string; salt: string } | undefined {
  if (!header || header.length > 2_000) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as Record<string, unknown>;
    if (typeof payload.signature !== 'string' || typeof payload.salt !== 'string' || !/^[0-9a-f]{64}$/.test(payload.signature)) return undefined;
    return payload as { signature: string; salt: string };
  } catch {
    return undefined;
  }
}

/**
 * The check of a form write: a valid solution of an unexpired challenge that
 * was never used before. Runs after the input checks (bad input stores
 * nothing, not even a used challenge) and before the rate limit.
 */
export function formChallenge(options: ChallengeOptions): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header('x-altcha');
    const payload = payloadOf(header);
    if (!payload) throw new ChallengeFailed();
    // Expiry on our clock (altcha-lib reads the wall clock), then the signature and the number.
    const expires = Number(extractParams(payload as never).expires);
    const nowSeconds = Math.floor(options.now().getTime() / 1000);
    if (!Number.isFinite(expires) || expires < nowSeconds) throw new ChallengeFailed();
    if (!(await verifySolution(header!, await challengeKey(options), false))) throw new ChallengeFailed();
    try {
      await options.table.db.send(
        new PutCommand({
          TableName: options.table.name,
          Item: { ...keys.usedChallenge(payload.signature), entity: 'UsedChallenge', [ttlAttribute]: expires + 60 },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new ChallengeFailed();
      throw error;
    }
    return next();
  };
}
