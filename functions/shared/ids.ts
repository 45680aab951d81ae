import { randomBytes } from 'node:crypto';

/**
 * A random record id (96 bits): unguessable, though links are protected by tokens anyway. Hex, so an id never
 * starts with "-" (which a command line reads as an option and a spreadsheet as a formula) and reads aloud plainly.
 */
export function newId(): string {
  return randomBytes(12).toString('hex');
}
