/**
 * Rate limit for writes, per client address and route family, in fixed
 * one-minute windows counted in DynamoDB (so every Lambda instance shares the
 * count). Over the limit: `429 rate_limited` with `Retry-After`. Counter items
 * hold a hash of the address, never the address, and expire minutes after
 * their window.
 *
 * The client address is `CloudFront-Viewer-Address` when CloudFront forwards
 * it (the function URL only accepts requests signed by CloudFront), else the
 * address the runtime saw (Lambda's request context, or the local socket).
 */
import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { db } from './clients';
import { RateLimited } from './errors';
import { keys, ttlAttribute } from './table';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';

const windowSeconds = 60;

export function clientAddress(c: Context): string {
  const viewer = c.req.header('CloudFront-Viewer-Address');
  if (viewer) {
    const portAt = viewer.lastIndexOf(':');
    return portAt > 0 ? viewer.slice(0, portAt) : viewer;
  }
  const env = c.env as
    | {
        event?: { requestContext?: { http?: { sourceIp?: string }; identity?: { sourceIp?: string } } };
        incoming?: { socket?: { remoteAddress?: string } };
      }
    | undefined;
  return (
    env?.event?.requestContext?.http?.sourceIp ?? env?.event?.requestContext?.identity?.sourceIp ?? env?.incoming?.socket?.remoteAddress ?? 'unknown'
  );
}

export interface RateLimitOptions {
  family: string;
  tableName: string;
  limitPerMinute: number;
  now?: () => Date;
}

export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  return async (c, next) => {
    const nowSeconds = Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
    const windowStart = nowSeconds - (nowSeconds % windowSeconds);
    const addressKey = createHash('sha256').update(clientAddress(c)).digest('base64url').slice(0, 22);
    const result = await db.send(
      new UpdateCommand({
        TableName: options.tableName,
        Key: keys.rateLimit(options.family, addressKey, windowStart),
        UpdateExpression: 'ADD #hits :one SET #entity = :entity, #ttl = :ttl',
        ExpressionAttributeNames: { '#hits': 'hits', '#entity': 'entity', '#ttl': ttlAttribute },
        ExpressionAttributeValues: { ':one': 1, ':entity': 'RateLimit', ':ttl': windowStart + windowSeconds + 120 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const hits = Number(result.Attributes?.hits ?? 0);
    if (hits > options.limitPerMinute) throw new RateLimited(Math.max(1, windowStart + windowSeconds - nowSeconds));
    return next();
  };
}
