/**
 * Bad input, table-driven: each case is a request the API must refuse with a
 * clear 4xx in the contract's error shape, storing nothing. The write
 * endpoints share the refusals that come before any field is read.
 */
import { expect, it } from 'vitest';
import { call, type CallResult } from './requests';

/** What is sent, the status and error code expected, and the fields the error must name (exactly), if any. */
export type Refusal = [what: string, send: () => Promise<CallResult>, status: number, code: string, fields?: Record<string, unknown>];

/**
 * The refusals of every JSON write, before its fields are read: broken JSON,
 * a body that is not JSON, and a body over the 16 KiB limit (`oversized`
 * sends one that would otherwise be valid).
 */
export function transportRefusals(endpoint: () => string, oversized: () => Promise<CallResult>, otherMediaType = 'application/x-www-form-urlencoded'): Refusal[] {
  return [
    ['malformed JSON', () => call(endpoint(), { raw: '{"name": "Amara", ' }), 400, 'malformed_json'],
    ['another media type', () => call(endpoint(), { raw: 'name=Amara', headers: { 'Content-Type': otherMediaType } }), 415, 'unsupported_media_type'],
    ['a body over 16 KiB', oversized, 413, 'payload_too_large'],
  ];
}

/**
 * One test per refusal: the status and code, a message, exactly the fields
 * named (none when the case names none), never cached, and `stored()` (what
 * the table holds) the same after as before.
 */
export function itRefuses(refusals: Refusal[], stored: () => Promise<unknown>) {
  for (const [what, send, status, code, fields] of refusals) {
    it(`${what}: ${status} ${code}`, async () => {
      const before = await stored();
      const res = await send();
      expect(res.status).toBe(status);
      expect(res.json.error.code).toBe(code);
      expect(res.json.error.message).toMatch(/\w/);
      if (fields) expect(res.json.error.fields).toEqual(fields);
      else expect(res.json.error.fields).toBeUndefined();
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await stored()).toEqual(before);
    });
  }
}
