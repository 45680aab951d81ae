/**
 * Solving the forms' proof of work (ALTCHA's SHA-256 challenge: the number n up to `maxnumber` whose SHA-256 of
 * salt + n is the challenge) with Node's own SHA-256 in a loop, as a determined script would. For writes that
 * tests and benchmarks send to the API themselves, where the form's solver in the page is not what is tested:
 * altcha-lib's solver hashes every number through Web Crypto and is many times slower in Node (the challenge
 * figures in test/bench/README.md set the two side by side).
 */
import { createHash } from 'node:crypto';
import type { createChallenge } from 'altcha-lib/v1';

/** A challenge as `GET /api/challenge` hands it out: what altcha-lib's `createChallenge` makes on the server. */
export type Challenge = Awaited<ReturnType<typeof createChallenge>>;

export function solveProofOfWork(challenge: Challenge): number {
  if (challenge.algorithm !== 'SHA-256') throw new Error(`a ${challenge.algorithm} challenge: only SHA-256 is solved here`);
  // The API always says how far to search (functions/shared/challenge.ts).
  if (challenge.maxnumber === undefined) throw new Error('the challenge has no maxnumber');
  for (let n = 0; n <= challenge.maxnumber; n++) {
    if (
      createHash('sha256')
        .update(challenge.salt + n)
        .digest('hex') === challenge.challenge
    )
      return n;
  }
  throw new Error(`no number up to ${challenge.maxnumber} solves the challenge`);
}

/** The `x-altcha` header value the forms send with a write: the challenge, signed by the API, with its solution. */
export function solvedHeader(challenge: Challenge): string {
  const { algorithm, salt, signature } = challenge;
  return Buffer.from(JSON.stringify({ algorithm, challenge: challenge.challenge, number: solveProofOfWork(challenge), salt, signature })).toString('base64');
}
