import { randomBytes } from 'node:crypto';

/** A random, URL-safe record id (96 bits): unguessable, though links are protected by tokens anyway. */
export function newId(): string {
  return randomBytes(12).toString('base64url');
}
