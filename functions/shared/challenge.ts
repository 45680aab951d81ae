/**
 * The proof of work on form writes (ALTCHA, self-hosted with `altcha-lib`):
 *
 * - `GET /api/challenge` answers a fresh challenge: a salt carrying its expiry,
 *   the SHA-256 of salt + a secret random number up to `maxnumber`, and an
 *   HMAC signature over it (key derived from the signing secret).
 * - The form finds the number in the background (people never see it) and
 *   sends ALTCHA's base64 payload in the `x-altcha` header.
 * - A write checks the signature, the number and the expiry (node:crypto,
 *   synchronously, with the HMAC key derived once), then marks the challenge
 *   used with a conditional Put (`CHALLENGE#{signature}`, expiring with the
 *   challenge), so one solution buys one write. A route that writes its own
 *   transaction (registrations) puts that mark in it instead (`inTransaction`):
 *   one round trip fewer, and a request refused later (closed, too many guests)
 *   leaves the solution unused. Anything else: `400 challenge_failed`, nothing
 *   stored.
 *
 * A person's browser spends about a second on it once per form; a script that
 * sends thousands of writes spends that second on every one of them (see the
 * benchmark figures). `FORM_CHALLENGE=off` switches the check off for the
 * local stack, its tests and benchmarks only.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createChallenge, extractParams } from 'altcha-lib/v1';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { ApiOptions } from './api-options';
import type { Table } from './clients';
import { ChallengeFailed } from './errors';
import { keys, ttlAttribute } from './table';
import type { TransactItem } from './transactions';

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
  /**
   * The route's handler writes the mark of a used challenge (`challengeUseOf(c)`) in its own transaction and
   * answers its failed condition with `use.failed()`, instead of a separate Put here.
   */
  inTransaction?: boolean;
}

/** The mark that a solved challenge was used: a Put that fails if it exists, for a transaction. */
export interface ChallengeUse {
  item: TransactItem;
  failed(): ChallengeFailed;
  /** Writes the mark on its own: for a route with `inTransaction` whose transaction did not write after all. Throws ChallengeFailed if it was used. */
  markAlone(): Promise<void>;
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

/** The HMAC key of challenges by signing secret (one, in practice): derived once, not on every write. */
const keysBySecret = new Map<string, string>();

/** The HMAC key of challenges, derived from the signing secret so it never signs anything else. */
async function challengeKey(options: ChallengeOptions): Promise<string> {
  const secret = await options.signingSecret();
  let key = keysBySecret.get(secret);
  if (key === undefined) {
    key = createHmac('sha256', secret).update('altcha-challenge').digest('hex');
    keysBySecret.clear();
    keysBySecret.set(secret, key);
  }
  return key;
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

interface Solution {
  algorithm?: string;
  challenge: string;
  number: number | string;
  salt: string;
  signature: string;
}

/** Parses the `x-altcha` header: ALTCHA's base64 JSON payload. */
function payloadOf(header: string | undefined): Solution | undefined {
  if (!header || header.length > 2_000) return undefined;
  try {
    const payload = JSON.parse(atob(header)) as Record<string, unknown>;
    if (typeof payload.signature !== 'string' || typeof payload.salt !== 'string' || !/^[0-9a-f]{64}$/.test(payload.signature)) return undefined;
    if (typeof payload.challenge !== 'string' || (typeof payload.number !== 'number' && typeof payload.number !== 'string')) return undefined;
    if (payload.algorithm !== undefined && (typeof payload.algorithm !== 'string' || payload.algorithm.toUpperCase() !== 'SHA-256')) return undefined;
    return payload as unknown as Solution;
  } catch {
    return undefined;
  }
}

/**
 * ALTCHA's check (altcha-lib's verifySolution, on node:crypto and synchronous): the number hashes with the salt
 * to the challenge, and the challenge carries our signature.
 */
function solves(payload: Solution, hmacKey: string): boolean {
  const challenge = createHash('sha256').update(`${payload.salt}${payload.number}`).digest('hex');
  if (challenge !== payload.challenge) return false;
  return timingSafeEqual(createHmac('sha256', hmacKey).update(challenge).digest(), Buffer.from(payload.signature, 'hex'));
}

/** The Put that marks a challenge used, expiring a minute after the challenge. */
function challengeUse(table: Table, signature: string, expires: number): ChallengeUse {
  const use: ChallengeUse = {
    item: {
      Put: {
        TableName: table.name,
        Item: { ...keys.usedChallenge(signature), entity: 'UsedChallenge', [ttlAttribute]: expires + 60 },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    failed: () => new ChallengeFailed(),
    markAlone: () => markChallengeUsed(table, use),
  };
  return use;
}

/** Writes the mark on its own: for a route with `inTransaction` whose transaction did not write after all. Throws ChallengeFailed if it was used. */
export async function markChallengeUsed(table: Table, use: ChallengeUse): Promise<void> {
  try {
    await table.db.send(new PutCommand(use.item.Put!));
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw use.failed();
    throw error;
  }
}

/** The mark a route with `inTransaction` must write (undefined when the proof of work is off). */
export function challengeUseOf(c: Context): ChallengeUse | undefined {
  return (c.var as { challengeUse?: ChallengeUse }).challengeUse;
}

/**
 * The check of a form write: a valid solution of an unexpired challenge that
 * was never used before. Runs after the input checks (bad input stores
 * nothing, not even a used challenge) and before the rate limit; with
 * `inTransaction`, whether it was used is settled by the route's transaction.
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
    if (!solves(payload, await challengeKey(options))) throw new ChallengeFailed();
    const use = challengeUse(options.table, payload.signature, expires);
    if (options.inTransaction) c.set('challengeUse', use);
    else await markChallengeUsed(options.table, use);
    return next();
  };
}
