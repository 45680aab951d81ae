/**
 * Solving the forms' proof of work (ALTCHA's SHA-256 challenge: the number n up to `maxnumber` whose SHA-256 of
 * salt + n is the challenge) with Node's own SHA-256 in a loop, as a determined script would. For writes that
 * tests and benchmarks send to the API themselves, where the form's solver in the page is not what is tested:
 * altcha-lib's solver hashes every number through Web Crypto and took about 1.5 s a solution in Node on this
 * machine, this loop about 25 ms (`npm run bench:challenge`).
 */
import { createHash } from 'node:crypto';

export function solveProofOfWork(challenge: { algorithm?: string; challenge: string; salt: string; maxnumber: number }): number {
  if (challenge.algorithm !== undefined && challenge.algorithm !== 'SHA-256') throw new Error(`a ${challenge.algorithm} challenge: only SHA-256 is solved here`);
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
