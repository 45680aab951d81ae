/**
 * The local stand-in for one rule of the production path: CloudFront signs
 * its requests to the Lambda function URLs (origin access control), and
 * Lambda accepts a write's body only if the browser sent its hex SHA-256 in
 * `x-amz-content-sha256`. In AWS a missing or wrong hash is refused before
 * our code runs (403, not in our error shape); locally the site server
 * refuses it with `400 validation_failed`, so a form that forgets the header
 * fails in the browser tests instead of after deploying.
 *
 * Applies to POST, PUT, PATCH and DELETE with a body; a bodiless write may
 * leave the header out, and if it sends it, it must be the empty body's hash.
 *
 * Not for the one-click unsubscribe address (RFC 8058): mail providers post
 * to it without our header, so CloudFront sends it to the newsletter function
 * unsigned (infra/routes.ts), and the token in its URL is all it needs.
 */
import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';

const writes = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const bodyHashHeader = 'x-amz-content-sha256';

export const unsignedWritePath = /^\/api\/subscriptions\/[^/]+\/unsubscribe$/;

/**
 * The request to hand on to the API: after requireBodyHash has read a write's body, the same request with that body
 * (read once, not cloned and read twice).
 */
export function forwardedRequest(c: Context): Request {
  const body = (c.var as { writeBody?: ArrayBuffer }).writeBody;
  if (body === undefined) return c.req.raw;
  return new Request(c.req.raw.url, { method: c.req.method, headers: c.req.raw.headers, ...(body.byteLength > 0 ? { body } : {}) });
}

export const requireBodyHash: MiddlewareHandler = async (c, next) => {
  if (!writes.has(c.req.method) || unsignedWritePath.test(c.req.path)) return next();
  const bytes = await c.req.raw.arrayBuffer();
  c.set('writeBody', bytes);
  const body = Buffer.from(bytes);
  const sent = c.req.header(bodyHashHeader)?.trim().toLowerCase();
  if (body.length === 0 && sent === undefined) return next();
  const refuse = (message: string) => c.json({ error: { code: 'validation_failed', message } }, 400, { 'Cache-Control': 'no-store' });
  if (!sent) {
    return refuse(`Missing body hash: send the header ${bodyHashHeader} with the hex SHA-256 of the request body (CloudFront needs it to pass the request on to the API).`);
  }
  if (sent !== createHash('sha256').update(body).digest('hex')) {
    return refuse(`The ${bodyHashHeader} header does not match the request body: send the hex SHA-256 of the exact bytes of the body.`);
  }
  return next();
};
