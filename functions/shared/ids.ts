import { randomFillSync } from 'node:crypto';

const idBytes = 12;
/**
 * Random bytes drawn from the system's generator 256 ids at a time, each byte handed out once: a call to the
 * generator per id was a tenth of a millisecond of CPU on every registration (two ids each), as randomUUID pools.
 */
const pool = Buffer.alloc(idBytes * 256);
let offset = pool.length;

/**
 * A random record id (96 bits): unguessable, though links are protected by tokens anyway. Hex, so an id never
 * starts with "-" (which a command line reads as an option and a spreadsheet as a formula) and reads aloud plainly.
 */
export function newId(): string {
  if (offset + idBytes > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const id = pool.toString('hex', offset, offset + idBytes);
  offset += idBytes;
  return id;
}
