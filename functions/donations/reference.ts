/**
 * Human pledge references like GIFT-7Q2K9: easy to read out on the phone and
 * to type from a bank statement. The alphabet leaves out characters people
 * confuse (0/O, 1/I/L) and U (so no word slips in); 30^5 ≈ 24 million
 * references, each made unique by a conditional write (store.ts).
 */
import { randomInt } from 'node:crypto';

export const referenceAlphabet = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
export const referencePattern = new RegExp(`^GIFT-[${referenceAlphabet}]{5}$`);

export function newReference(): string {
  let code = '';
  for (let i = 0; i < 5; i++) code += referenceAlphabet[randomInt(referenceAlphabet.length)];
  return `GIFT-${code}`;
}
