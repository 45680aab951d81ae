/**
 * Rate limit for writes, per client address and route family, in fixed
 * one-minute windows counted in DynamoDB (so every Lambda instance shares the
 * count). Over the limit: `429 rate_limited` with `Retry-After`, and the
 * request is not counted. Counter items hold a hash of the address, never the
 * address, and expire minutes after their window.
 *
 * The client address is `CloudFront-Viewer-Address` when CloudFront forwards
 * it (the function URL only accepts requests signed by CloudFront), else the
 * address the runtime saw (Lambda's request context, or the local socket).
 */
import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { Table } from './clients';
import { RateLimited } from './errors';
import { keys, ttlAttribute } from './table';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactItem } from './transactions';

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
  table: Table;
  limitPerMinute: number;
  now?: () => Date;
  /**
   * The route's handler adds the charge (`c.var.rateLimit`) to the transaction
   * it writes, instead of a separate write here: one round trip instead of two
   * on the hot path, and a request over the limit writes nothing at all. The
   * handler must then include `rateLimit.item` and answer its failed condition
   * with `rateLimit.exceeded()`.
   */
  inTransaction?: boolean;
}

/** One request's charge against its window: a conditional update that fails once the window is full. */
export interface RateLimitCharge {
  item: TransactItem;
  exceeded(): RateLimited;
}

export interface RateLimitEnv {
  Variables: { rateLimit?: RateLimitCharge };
}

function charge(options: RateLimitOptions, c: Context): RateLimitCharge {
  const nowSeconds = Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
  const windowStart = nowSeconds - (nowSeconds % windowSeconds);
  const addressKey = createHash('sha256').update(clientAddress(c)).digest('base64url').slice(0, 22);
  return {
    item: {
      Update: {
        TableName: options.table.name,
        Key: keys.rateLimit(options.family, addressKey, windowStart),
        UpdateExpression: 'ADD #hits :one SET #entity = :entity, #ttl = :ttl',
        ConditionExpression: 'attribute_not_exists(#hits) OR #hits < :limit',
        ExpressionAttributeNames: { '#hits': 'hits', '#entity': 'entity', '#ttl': ttlAttribute },
        ExpressionAttributeValues: { ':one': 1, ':limit': options.limitPerMinute, ':entity': 'RateLimit', ':ttl': windowStart + windowSeconds + 120 },
      },
    },
    exceeded: () => new RateLimited(Math.max(1, windowStart + windowSeconds - nowSeconds)),
  };
}

export function rateLimit(options: RateLimitOptions): MiddlewareHandler<RateLimitEnv> {
  return async (c, next) => {
    const requestCharge = charge(options, c);
    if (options.inTransaction) {
      c.set('rateLimit', requestCharge);
      return next();
    }
    try {
      await options.table.db.send(new UpdateCommand(requestCharge.item.Update!));
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw requestCharge.exceeded();
      throw error;
    }
    return next();
  };
}
