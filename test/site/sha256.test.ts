/**
 * The forms' synchronous SHA-256 (site/islands/sha256.ts, used by the proof of
 * work) gives Node's digest for every length around the block boundaries and
 * for text beyond ASCII.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256HexSync } from '../../site/islands/sha256';

describe('sha256HexSync', () => {
  it('matches node:crypto', () => {
    const inputs = ['', 'abc', 'über 🎓', 'salt?expires=1796137552&99999', ...[55, 56, 57, 63, 64, 65, 119, 120, 200].map((n) => 'x'.repeat(n))];
    for (const text of inputs) expect(sha256HexSync(text), `${text.length} characters`).toBe(createHash('sha256').update(text).digest('hex'));
  });
});
