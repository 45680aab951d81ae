/**
 * Proof of work for the API and burst benchmarks: the server's challenges
 * (GET /api/challenge) fetched and solved with node:crypto before the timing,
 * one per registration, sent as the forms send them (the `x-altcha` header).
 */
import { createHash } from 'node:crypto';

/** The proof of work's maxnumber on the benchmarks' servers (BENCH_CHALLENGE_MAX_NUMBER): solving thousands before the timing is quick; checking one costs the server the same at any size. */
export const benchChallengeMaxNumber = 1_000;

/** ALTCHA's payload (base64 JSON) for one challenge of the server at `url`, solved. */
export async function solvedChallenge(url: string): Promise<string> {
  const response = await fetch(`${url}/api/challenge`);
  if (!response.ok) throw new Error(`GET /api/challenge answered ${response.status}`);
  const c = (await response.json()) as { algorithm: string; challenge: string; salt: string; signature: string; maxnumber: number };
  for (let number = 0; number <= c.maxnumber; number++) {
    if (
      createHash('sha256')
        .update(c.salt + number)
        .digest('hex') === c.challenge
    ) {
      return Buffer.from(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number, salt: c.salt, signature: c.signature })).toString('base64');
    }
  }
  throw new Error('a challenge of the server had no solution');
}

/** `n` solved challenges of the server at `url`, fetched `concurrency` at a time. */
export async function solvedChallenges(url: string, n: number, concurrency: number): Promise<string[]> {
  const solved: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, concurrency) }, async () => {
      for (let i = next++; i < n; i = next++) solved[i] = await solvedChallenge(url);
    }),
  );
  return solved;
}
