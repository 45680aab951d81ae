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
 *
 * A client is its IPv4 address or its IPv6 /64: one subscriber line gets a
 * whole /64 (often more), so counting single IPv6 addresses would let one
 * client rotate past any limit. The network behind a client, for the limits
 * per event, is its IPv4 /24 or its IPv6 /48.
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
  return env?.event?.requestContext?.http?.sourceIp ?? env?.event?.requestContext?.identity?.sourceIp ?? env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

/** The eight 16-bit groups of an IPv6 address, or undefined when it is not one. */
function ipv6Groups(address: string): number[] | undefined {
  const bare = address.replace(/^\[|\]$/g, '').split('%')[0]!;
  if (!bare.includes(':') || !/^[0-9a-fA-F:.]+$/.test(bare)) return undefined;
  let text = bare;
  const tail: number[] = [];
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const b = dotted.slice(1).map(Number);
    tail.push((b[0]! << 8) | b[1]!, (b[2]! << 8) | b[3]!);
    text = text.slice(0, dotted.index) + '0:0';
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const parse = (part: string) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = rest === undefined ? [] : parse(rest);
  const groups = rest === undefined ? left : [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
  if (groups.length !== 8 || groups.some((g) => Number.isNaN(g) || g < 0 || g > 0xffff)) return undefined;
  if (tail.length) groups.splice(6, 2, ...tail);
  return groups;
}

/** An IPv4-mapped IPv6 address (`::ffff:192.0.2.1`) is its IPv4 address. */
function asIpv4(address: string, groups: number[] | undefined): string | undefined {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(address)) return address;
  if (groups && groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255].join('.');
  }
  return undefined;
}

const hex = (groups: number[]) => groups.map((g) => g.toString(16)).join(':');

/** The client a limit counts: an IPv4 address as it is, an IPv6 address as its /64. */
export function clientOf(address: string): string {
  const groups = ipv6Groups(address);
  const v4 = asIpv4(address, groups);
  if (v4) return v4;
  return groups ? `${hex(groups.slice(0, 4))}::/64` : address;
}

/** The network behind a client: an IPv4 /24 or an IPv6 /48. */
export function networkOf(address: string): string {
  const groups = ipv6Groups(address);
  const v4 = asIpv4(address, groups);
  if (v4) return `${v4.split('.').slice(0, 3).join('.')}.0/24`;
  return groups ? `${hex(groups.slice(0, 3))}::/48` : address;
}

/** A short hash of a client or network, for keys: the table never holds an address. */
export function addressKey(value: string): string {
  return createHash('sha256').update(value).digest('base64url').slice(0, 22);
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
  return windowCharge({ table: options.table, family: options.family, key: addressKey(clientOf(clientAddress(c))), limit: options.limitPerMinute, windowSeconds, now: options.now?.() ?? new Date() });
}

/** A conditional count in a fixed window: `RATE#{family}#{key}` / window start. */
function windowCharge(o: { table: Table; family: string; key: string; limit: number; windowSeconds: number; now: Date }): RateLimitCharge {
  const nowSeconds = Math.floor(o.now.getTime() / 1000);
  const windowStart = nowSeconds - (nowSeconds % o.windowSeconds);
  return {
    item: {
      Update: {
        TableName: o.table.name,
        Key: keys.rateLimit(o.family, o.key, windowStart),
        UpdateExpression: 'ADD #hits :one SET #entity = :entity, #ttl = :ttl',
        ConditionExpression: 'attribute_not_exists(#hits) OR #hits < :limit',
        ExpressionAttributeNames: { '#hits': 'hits', '#entity': 'entity', '#ttl': ttlAttribute },
        ExpressionAttributeValues: { ':one': 1, ':limit': o.limit, ':entity': 'RateLimit', ':ttl': windowStart + o.windowSeconds + 120 },
      },
    },
    exceeded: () => new RateLimited(Math.max(1, windowStart + o.windowSeconds - nowSeconds)),
  };
}

/**
 * The charge of one registration against its network's allowance for one
 * event (`limitPerHour` per IPv4 /24 or IPv6 /48 and event, per hour), written
 * in the registration's own transaction like the per-client charge: one
 * network cannot book out an event however many addresses it rotates through.
 */
export function eventNetworkCharge(c: Context, o: { table: Table; slug: string; limitPerHour: number; now: Date }): RateLimitCharge {
  return windowCharge({ table: o.table, family: keys.networkRateLimitFamily(o.slug), key: addressKey(networkOf(clientAddress(c))), limit: o.limitPerHour, windowSeconds: 3600, now: o.now });
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
