/**
 * `Idempotency-Key` for writes, on Powertools for AWS Lambda's idempotency
 * utility with its DynamoDB persistence layer, on our own table:
 *
 * - The key (1–128 characters) is scoped by route family, method and path, so
 *   the same key on another route is another request.
 * - The payload is the validated request body: a retry with the same body
 *   (after trimming) replays the first answer, status and body, with the header
 *   `Idempotent-Replayed: true`, and changes nothing. The same key with another
 *   body answers `409 idempotency_conflict`.
 * - 4xx answers are stored and replayed like successes (they are the answer to
 *   that request); a 5xx, a `429` and a `challenge_failed` (a used proof of
 *   work, found by a route that marks it in its own transaction) are not
 *   stored, so a retry runs again (a refused request was not handled:
 *   remembering it would refuse its retry for a day).
 * - It runs last among the guards (shared/http.ts): a remembered answer is
 *   replayed only to a request that passed every check the first one did, a
 *   capability token in particular, so the key alone reveals nothing.
 * - Erasing a person deletes the remembered answers that name one of their
 *   records (admin/privacy.ts), so nothing of theirs outlives the erasure.
 * - A retry that arrives while the first request is still running waits for
 *   its answer (briefly), then replays it.
 * - Records expire after 24 hours (the table's TTL attribute).
 */
import { createHash } from 'node:crypto';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context as LambdaContext } from 'aws-lambda';
import type { Context, MiddlewareHandler } from 'hono';
import type { Table } from './clients';
import { ChallengeFailed, IdempotencyConflict, ValidationFailed } from './errors';
import { keys, ttlAttribute } from './table';

export const idempotencyTtlSeconds = 24 * 60 * 60;
const keyPattern = /^[\x21-\x7E]{1,128}$/;

/** Checks the header's form; runs with the other input checks, before anything is stored. */
export const idempotencyKeyFormat: MiddlewareHandler = async (c, next) => {
  const header = c.req.header('Idempotency-Key');
  if (header !== undefined && !keyPattern.test(header)) {
    throw new ValidationFailed(undefined, 'The Idempotency-Key header must be 1 to 128 visible ASCII characters.');
  }
  return next();
};

interface StoredResponse {
  status: number;
  body: string;
  contentType: string | null;
}

interface IdempotentRequest {
  key: string;
  payload: unknown;
}

function persistenceFor(table: Table): DynamoDBPersistenceLayer {
  return new DynamoDBPersistenceLayer({
    tableName: table.name,
    awsSdkV3Client: table.client,
    keyAttr: 'PK',
    sortKeyAttr: 'SK',
    staticPkValue: keys.idempotencyPartition,
    expiryAttr: ttlAttribute,
  });
}

/** The time this invocation has left: from the Lambda context, or a fixed budget in the local server. */
function lambdaContextOf(c: Context): LambdaContext {
  const fromLambda = (c.env as { lambdaContext?: LambdaContext } | undefined)?.lambdaContext;
  return fromLambda ?? ({ getRemainingTimeInMillis: () => 30_000 } as LambdaContext);
}

/** An answer that is not remembered: a 5xx, a 429 or a used proof of work (the request was refused, not handled). */
class ServerError extends Error {
  override name = 'ServerError';
  constructor(readonly response: Response) {
    super('not stored: server error or refused request');
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Middleware for a write route; it runs after body validation and reads the
 * validated body from `c.var.body` (undefined for bodiless writes).
 */
export function idempotency(options: { family: string; table: Table }): MiddlewareHandler {
  const persistenceStore = persistenceFor(options.table);
  return async (c, next) => {
    const header = c.req.header('Idempotency-Key');
    if (header === undefined) return next();
    // Scoped by the capability token too (a hash of it): a request with another token, or none, never finds the
    // answer remembered for the holder's, even on a route that checks its token inside the handler.
    const token = c.req.query('token');
    const tokenScope = token ? createHash('sha256').update(token).digest('base64url').slice(0, 16) : '-';
    const request: IdempotentRequest = {
      key: `${options.family}:${c.req.method}:${c.req.path}:${tokenScope}:${header}`,
      payload: c.get('body') ?? null,
    };
    let ran = false;
    const run = makeIdempotent(
      async (_request: IdempotentRequest): Promise<StoredResponse> => {
        ran = true;
        await next();
        if (c.res.status >= 500 || c.res.status === 429 || c.error instanceof ChallengeFailed) throw new ServerError(c.res);
        return { status: c.res.status, body: await c.res.clone().text(), contentType: c.res.headers.get('Content-Type') };
      },
      {
        persistenceStore,
        config: new IdempotencyConfig({
          eventKeyJmesPath: 'key',
          payloadValidationJmesPath: 'payload',
          throwOnNoIdempotencyKey: true,
          expiresAfterSeconds: idempotencyTtlSeconds,
          hashFunction: 'sha256',
          lambdaContext: lambdaContextOf(c),
        }),
      },
    );

    for (let attempt = 0; ; attempt++) {
      try {
        const stored = await run(request);
        if (ran) return; // this request ran the handler: its own response stands
        c.res = new Response(stored.body, {
          status: stored.status,
          headers: { ...(stored.contentType ? { 'Content-Type': stored.contentType } : {}), 'Idempotent-Replayed': 'true' },
        });
        return;
      } catch (error) {
        if (error instanceof ServerError) {
          c.res = error.response;
          return;
        }
        const name = error instanceof Error ? error.name : '';
        if (name === 'IdempotencyValidationError') throw new IdempotencyConflict();
        if (name === 'IdempotencyAlreadyInProgressError' && attempt < 40) {
          await sleep(50 + attempt * 25);
          continue;
        }
        if (name === 'IdempotencyAlreadyInProgressError') {
          throw new IdempotencyConflict('A request with this Idempotency-Key is still being processed. Please try again in a moment.');
        }
        throw error;
      }
    }
  };
}
