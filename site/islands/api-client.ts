/**
 * The one way the form islands talk to the API (same origin, under /api, never
 * under the site's base path; a preview has no API, so nothing is sent there).
 *
 * Every write carries what the production path needs:
 * - `x-amz-content-sha256`: the hex SHA-256 of the exact body bytes (of the
 *   empty string when there is no body). CloudFront signs its requests to the
 *   Lambda function URLs with origin access control, and Lambda only accepts a
 *   body whose hash the viewer sent.
 * - `Content-Type: application/json` when there is a body.
 * - `x-altcha` on form writes (`proofOfWork`): the solution of a fresh
 *   challenge from `GET /api/challenge` (ALTCHA's base64 payload), found here
 *   with a small synchronous SHA-256 (sha256.ts) while the request is
 *   prepared (about a second on a phone: test/bench/challenge.ts), while
 *   the button shows it is busy; a script pays for every write
 *   (functions/shared/challenge.ts).
 * - `Idempotency-Key`: one key per submission attempt (see `SubmissionKeys`),
 *   so a double click or a retry after a lost answer replays the first answer
 *   instead of registering twice.
 *
 * Answers come back as one of three outcomes: the data, the API's error shape
 * (a sentence a person can act on, and field messages), or "unavailable"
 * (network failure, a 5xx, or an answer the contract's schema does not
 * accept), which the forms show as a plain retry message while keeping what
 * was typed. Every payload is parsed with the contract's own schema
 * (functions/schemas), never cast.
 */
import './zod-jitless';
import type * as z from 'zod/mini';
import { errorBody, type ErrorBody } from '../../functions/schemas/errors';
import { sha256HexSync } from './sha256';
import { hasApi } from '../lib/preview';

/** The error object of an answer: the contract's, or one made up here for a refusal from something in between. */
export type ApiErrorBody = ErrorBody['error'] | { code: 'request_refused'; message: string; fields?: undefined };

export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; kind: 'error'; status: number; error: ApiErrorBody } | { ok: false; kind: 'unavailable' };

export const unavailableMessage = 'The service is unavailable right now. Your answers are kept: please try again in a moment.';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  /** A JSON value to send; left out for bodiless writes such as DELETE. */
  body?: unknown;
  idempotencyKey?: string;
  /** A form write: solve a proof-of-work challenge and send it in `x-altcha`. */
  proofOfWork?: boolean;
  /** For reads that must not come from the browser's cache (e.g. progress right after a gift). */
  cache?: RequestCache;
  signal?: AbortSignal;
}

/** Hex SHA-256 of bytes, with the browser's own crypto. */
export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** ALTCHA's challenge as `GET /api/challenge` answers it. */
interface Challenge {
  algorithm: string;
  challenge: string;
  maxnumber: number;
  salt: string;
  signature: string;
}

/**
 * Finds the number whose SHA-256 with the salt is the challenge (ALTCHA's proof of work) and returns ALTCHA's
 * base64 payload; undefined when no challenge could be had (the API then answers challenge_failed, shown as usual).
 */
export async function solveChallenge(signal?: AbortSignal): Promise<string | undefined> {
  if (!hasApi) return undefined;
  let challenge: Challenge;
  try {
    const answer = await fetch('/api/challenge', { headers: { Accept: 'application/json' }, cache: 'no-store', ...(signal ? { signal } : {}) });
    if (!answer.ok) return undefined;
    challenge = (await answer.json()) as Challenge;
  } catch {
    return undefined;
  }
  // A synchronous SHA-256 (sha256.ts): Web Crypto's promise per digest costs more than the hashing itself. The
  // loop yields now and then so the page stays responsive while it runs.
  for (let n = 0; n <= challenge.maxnumber; n++) {
    if (n % 5_000 === 0) {
      if (signal?.aborted) return undefined;
      await yieldToPage();
    }
    if (sha256HexSync(challenge.salt + n) === challenge.challenge) {
      const { algorithm, salt, signature } = challenge;
      return btoa(JSON.stringify({ algorithm, challenge: challenge.challenge, number: n, salt, signature }));
    }
  }
  return undefined;
}

/** Lets the page handle input between two stretches of hashing (a message, not setTimeout, which browsers clamp to 4 ms). */
function yieldToPage(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(undefined);
  });
}

/** Sends a request and parses the answer with `response`, the schema of a successful answer's body. */
export async function apiRequest<S extends z.ZodMiniType>(method: Method, path: string, response: S, options: RequestOptions = {}): Promise<ApiResult<z.output<S>>> {
  // A preview of a pull request has no API (its forms say so); an island shown there anyway (fund progress) asks nothing.
  if (!hasApi) return { ok: false, kind: 'unavailable' };
  const headers: Record<string, string> = { Accept: 'application/json' };
  let bytes: Uint8Array<ArrayBuffer> | undefined;
  if (method !== 'GET') {
    bytes = options.body === undefined ? new Uint8Array(0) : new TextEncoder().encode(JSON.stringify(options.body));
    headers['x-amz-content-sha256'] = await sha256Hex(bytes);
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
    if (options.proofOfWork) {
      const solution = await solveChallenge(options.signal);
      if (solution) headers['x-altcha'] = solution;
    }
  }
  let answer: Response;
  try {
    answer = await fetch(`/api${path}`, {
      method,
      headers,
      // The exact bytes that were hashed.
      ...(bytes && bytes.byteLength > 0 ? { body: bytes } : {}),
      ...(options.cache ? { cache: options.cache } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      credentials: 'same-origin',
    });
  } catch {
    return { ok: false, kind: 'unavailable' };
  }
  if (answer.status >= 500) return { ok: false, kind: 'unavailable' };
  let payload: unknown;
  try {
    payload = await answer.json();
  } catch {
    payload = undefined;
  }
  if (answer.ok) {
    const data = response.safeParse(payload);
    // Not what the contract promises (or no body at all): as good as no answer.
    return data.success ? { ok: true, status: answer.status, data: data.data } : { ok: false, kind: 'unavailable' };
  }
  const refused = errorBody.safeParse(payload);
  if (refused.success) return { ok: false, kind: 'error', status: answer.status, error: refused.data.error };
  // A 4xx without our error shape (a proxy or firewall in between): say something useful.
  return {
    ok: false,
    kind: 'error',
    status: answer.status,
    error:
      answer.status === 429
        ? { code: 'rate_limited', message: 'Too many requests at once. Please wait a minute and try again.' }
        : { code: 'request_refused', message: 'The request was refused. Please reload the page and try again.' },
  };
}

/**
 * Idempotency keys per submission attempt: the same body gets the same key
 * until an answer settles it, so a second click or a retry after a network
 * failure replays the first request; a changed body is a new attempt.
 */
export class SubmissionKeys {
  #body: string | undefined;
  #key: string | undefined;

  keyFor(body: unknown): string {
    const serialised = JSON.stringify(body);
    if (this.#key === undefined || this.#body !== serialised) {
      this.#body = serialised;
      this.#key = crypto.randomUUID();
    }
    return this.#key;
  }

  /** The attempt got a definite answer: the next submission is a new one. */
  settle(): void {
    this.#key = undefined;
    this.#body = undefined;
  }
}
