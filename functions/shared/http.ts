/**
 * What every API app shares: the `/api` base path, the one error boundary,
 * `Cache-Control: no-store` unless a route says otherwise, request logs
 * without personal data, and the guard chain of a write route:
 *
 *   media type (415) → body limit (413) → JSON (400 malformed_json) →
 *   schema and Idempotency-Key form (400 validation_failed) → proof of work on form writes
 *   (400 challenge_failed) → honeypot → capability token (403, for routes that take one) →
 *   rate limit (429) → Idempotency-Key (replay or 409) → handler
 *
 * A remembered answer is replayed only after every check the first request
 * passed, so an Idempotency-Key alone reveals nothing.
 *
 * Input is judged before anything is stored, so bad input changes nothing:
 * not even a rate-limit counter (a flood of junk costs no writes, and the
 * edge's WAF rate rule takes care of floods).
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { every } from 'hono/combine';
import { HTTPException } from 'hono/http-exception';
import { routePath } from 'hono/route';
import type * as z from 'zod/mini';
import { fieldErrors } from '../schemas/field-errors';
import type { Table } from './clients';
import { ApiError, internalErrorBody, MalformedJson, NotFound, PayloadTooLarge, ServiceBusy, UnsupportedMediaType, ValidationFailed } from './errors';
import { formChallenge, type ChallengeOptions } from './challenge';
import { idempotency, idempotencyKeyFormat } from './idempotency';
import { errorFields, logger } from './logger';
import { rateLimit, type RateLimitCharge } from './rate-limit';
import { transientKind } from './transactions';

export const maxBodyBytes = 16 * 1024;

/** Variables a route's guards leave for its handler. */
export interface ApiEnv<Body = unknown> {
  Variables: { body: Body; rateLimit?: RateLimitCharge };
}

/** Maps any error to the contract's error shape; logs only what is safe to log. */
export function errorResponse(error: unknown, c: Context): Response {
  if (error instanceof ApiError) {
    return c.json(error.toBody(), error.status, { 'Cache-Control': 'no-store', ...error.headers });
  }
  if (error instanceof HTTPException && error.status < 500) {
    // Hono's own guards (e.g. a body it cannot read): treat as malformed input.
    return c.json(new MalformedJson().toBody(), 400, { 'Cache-Control': 'no-store' });
  }
  if (transientKind(error)) {
    // Any DynamoDB call, not only transactions, can meet a busy table or a dropped connection: ask to retry, never 500.
    logger.warn('service busy', { method: c.req.method, route: safeRoutePath(c), ...errorFields(error) });
    const busy = new ServiceBusy();
    return c.json(busy.toBody(), busy.status, { 'Cache-Control': 'no-store', ...busy.headers });
  }
  logger.error('unhandled error', { method: c.req.method, route: safeRoutePath(c), ...errorFields(error) });
  return c.json(internalErrorBody, 500, { 'Cache-Control': 'no-store' });
}

function safeRoutePath(c: Context): string {
  try {
    return routePath(c, -1);
  } catch {
    return 'unknown';
  }
}

/**
 * An API app: routes under `/api` with the shared boundary. Each Lambda gets
 * one with its own routes; the local server composes them all into one.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each app has its own Env (its body type); Hono's route() takes any
export function createApiApp(...routes: Hono<any>[]): Hono {
  const app = new Hono().basePath('/api');
  app.onError(errorResponse);
  app.notFound((c) => errorResponse(new NotFound(), c));
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
    if (c.res.headers.get('Content-Type') === 'application/json') c.res.headers.set('Content-Type', 'application/json; charset=utf-8');
    logger.info('request', { method: c.req.method, route: safeRoutePath(c), status: c.res.status, ms: Math.round(performance.now() - started) });
  });
  for (const r of routes) app.route('/', r);
  return app;
}

const jsonMediaType = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/** Requires a JSON body of at most 16 KiB that the schema accepts; leaves the parsed value in `c.var.body`. */
export function jsonBody<S extends z.ZodMiniType>(schema: S): MiddlewareHandler<ApiEnv<z.output<S>>> {
  const limit = bodyLimit({
    maxSize: maxBodyBytes,
    onError: () => {
      throw new PayloadTooLarge(maxBodyBytes);
    },
  });
  return async (c, next) => {
    if (!jsonMediaType.test(c.req.header('Content-Type') ?? '')) throw new UnsupportedMediaType();
    await limit(c, async () => {
      let raw: unknown;
      try {
        raw = JSON.parse(await c.req.text());
      } catch (error) {
        if (error instanceof ApiError) throw error;
        throw new MalformedJson();
      }
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ValidationFailed(undefined, 'The request body must be a JSON object.');
      const result = schema.safeParse(raw);
      if (!result.success) throw new ValidationFailed(fieldErrors(result.error));
      c.set('body', result.data);
      await next();
    });
  };
}

export interface WriteGuardOptions<S extends z.ZodMiniType> {
  /** Route family for rate limits and idempotency scope, e.g. "registrations". */
  family: string;
  table: Table;
  rateLimitPerMinute: number;
  /** The request body's schema; leave out for bodiless writes such as DELETE. */
  schema?: S;
  /** The answer to a bot that filled the honeypot `company`: looks like success, stores nothing. */
  honeypotAnswer?: (c: Context, body: z.output<S>) => Response;
  /** The handler writes the rate-limit charge in its own transaction (see RateLimitOptions.inTransaction). */
  rateLimitInTransaction?: boolean;
  /** A form write: requires a solved, unused proof of work (shared/challenge.ts), unless `challenge.enabled` is false. */
  challenge?: ChallengeOptions & { enabled: boolean };
  /** The capability check of a route that takes a token (throws InvalidToken): it runs before any remembered answer is replayed. */
  authorise?: MiddlewareHandler;
  now?: () => Date;
}

/** The guard chain of a write route, in the order described at the top of this file, as one middleware. */
export function writeGuard<S extends z.ZodMiniType>(options: WriteGuardOptions<S>): MiddlewareHandler<ApiEnv<z.output<S>>> {
  const guards: MiddlewareHandler<ApiEnv<z.output<S>>>[] = [];
  if (options.schema) guards.push(jsonBody(options.schema));
  guards.push(idempotencyKeyFormat);
  if (options.challenge?.enabled) guards.push(formChallenge(options.challenge));
  if (options.honeypotAnswer) {
    const answer = options.honeypotAnswer;
    guards.push(async (c, next) => {
      const body = c.get('body') as { company?: string } | undefined;
      if (body?.company) {
        logger.info('honeypot filled', { route: safeRoutePath(c) });
        return answer(c, c.get('body'));
      }
      return next();
    });
  }
  if (options.authorise) guards.push(options.authorise as MiddlewareHandler<ApiEnv<z.output<S>>>);
  guards.push(
    rateLimit({
      family: options.family,
      table: options.table,
      limitPerMinute: options.rateLimitPerMinute,
      inTransaction: options.rateLimitInTransaction ?? false,
      ...(options.now ? { now: options.now } : {}),
    }) as unknown as MiddlewareHandler<ApiEnv<z.output<S>>>,
  );
  guards.push(idempotency({ family: options.family, table: options.table }));
  return every(...guards) as MiddlewareHandler<ApiEnv<z.output<S>>>;
}
