/**
 * TransactWriteItems with the retries DynamoDB asks for. A transaction that
 * collides with another one on the same item is cancelled with
 * `TransactionConflict`; under load DynamoDB may also answer with throttling,
 * `RequestLimitExceeded` or `InternalServerError` (DynamoDB Local's "timed out
 * waiting for a lock"). The SDK retries some of these a few times on its own,
 * not all, and not with backoff long enough for a burst on one event counter.
 *
 * Every attempt of one logical transaction carries the same
 * `ClientRequestToken`, so an attempt that did commit although its answer was
 * an error (a timeout, a 500) is not applied a second time: DynamoDB answers
 * the retry as a success without writing (the token holds for 10 minutes).
 *
 * Condition failures are returned to the caller, which knows what they mean.
 * When the retries run out, `ServiceBusy` (503 with Retry-After) is thrown:
 * a busy table is never answered as a 500.
 */
import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Table } from './clients';
import { ServiceBusy } from './errors';
import { logger } from './logger';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * The items of one transaction by name ("counter", "registration", "job"…),
 * so that a failed condition is read by what it guarded, never by its place
 * in an array. An undefined item is left out.
 */
export type NamedItems<K extends string = string> = Record<K, TransactItem | undefined>;

export type TransactResult<K extends string = string> =
  | { ok: true }
  | {
      ok: false;
      /** The names of the items whose condition failed. */
      failed: ReadonlySet<K>;
      /** The items as they were, by name, for items that asked for it with ReturnValuesOnConditionCheckFailure: ALL_OLD. */
      old: Partial<Record<K, Record<string, unknown>>>;
    };

export interface TransactOptions {
  /** Attempts while transactions collide on an item (TransactionConflict): cheap and short. */
  maxConflictAttempts?: number;
  /** Attempts while the table is busy (throttling, request limit, internal server errors). */
  maxBusyAttempts?: number;
  /** Base of the jittered exponential backoff for busy answers, in ms. */
  busyBaseMs?: number;
  /** Ceiling of one busy backoff, in ms. */
  busyMaxMs?: number;
  /** Sends one attempt (the document client by default; tests wrap it). */
  send?: (input: TransactWriteCommandInput) => Promise<unknown>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Error names DynamoDB uses for answers that a later identical request may not get. */
const busyErrorNames = new Set([
  'InternalServerError',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TransactionInProgressException',
  'ServiceUnavailable',
]);

/** Cancellation reasons that say nothing about the request itself, only about the moment. */
const networkErrorCodes = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED']);
const transientReasons = new Set(['None', 'TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded']);

export type TransientKind = 'conflict' | 'busy';

/**
 * Whether a failed attempt is worth repeating unchanged: `conflict` for a
 * cancellation by colliding transactions, `busy` for throttling and server
 * errors, undefined for anything else (validation, a condition, a bug).
 */
export function transientKind(error: unknown): TransientKind | undefined {
  if (error instanceof TransactionCanceledException) {
    const reasons = error.CancellationReasons ?? [];
    if (reasons.length === 0) return 'conflict';
    if (!reasons.every((r) => transientReasons.has(r.Code ?? 'None'))) return undefined;
    return reasons.some((r) => r.Code === 'ThrottlingError' || r.Code === 'ProvisionedThroughputExceeded') ? 'busy' : 'conflict';
  }
  if (!(error instanceof Error)) return undefined;
  // A single write on an item that a transaction holds at that moment.
  if (error.name === 'TransactionConflictException') return 'conflict';
  if (busyErrorNames.has(error.name)) return 'busy';
  // The connection to DynamoDB failed or timed out: nothing the client sent can cause it, and a retry may succeed.
  if (error.name === 'TimeoutError' || networkErrorCodes.has((error as { code?: string }).code ?? '')) return 'busy';
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status !== undefined && status >= 500 ? 'busy' : undefined;
}

/** Runs the transaction; `failed` names the items whose condition failed. */
export async function transact<K extends string>(table: Table, named: NamedItems<K>, options: TransactOptions = {}): Promise<TransactResult<K>> {
  const entries = (Object.entries(named) as [K, TransactItem | undefined][]).filter((entry): entry is [K, TransactItem] => entry[1] !== undefined);
  const items = entries.map(([, item]) => item);
  const { maxConflictAttempts = 40, maxBusyAttempts = 6, busyBaseMs = 50, busyMaxMs = 2_000 } = options;
  const send = options.send ?? ((input: TransactWriteCommandInput) => table.db.send(new TransactWriteCommand(input)));
  // One token for every attempt of this logical transaction (TransactWriteItems idempotency).
  const input: TransactWriteCommandInput = { TransactItems: items, ClientRequestToken: randomUUID() };
  let conflicts = 0;
  let busy = 0;
  for (;;) {
    try {
      await send(input);
      return { ok: true };
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const reasons = error.CancellationReasons ?? [];
        const failed = reasons.flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [i] : []));
        if (failed.length > 0) {
          const old: Partial<Record<K, Record<string, unknown>>> = {};
          for (const i of failed) {
            const item = reasons[i]?.Item;
            if (item) old[entries[i]![0]] = unmarshall(item as never);
          }
          return { ok: false, failed: new Set(failed.map((i) => entries[i]![0])), old };
        }
      }
      const kind = transientKind(error);
      if (kind === undefined) throw error;
      if (kind === 'conflict') conflicts++;
      else busy++;
      if (conflicts >= maxConflictAttempts || busy >= maxBusyAttempts) {
        logger.warn('transaction gave up after retries', { conflicts, busy, errorName: (error as Error).name });
        throw new ServiceBusy();
      }
      // Full jitter: colliding writers spread out instead of colliding again.
      // Conflicts clear in milliseconds (grows to ~250 ms); a busy table gets longer (grows to busyMaxMs).
      const ceiling = kind === 'conflict' ? Math.min(250, 5 * 2 ** Math.min(conflicts, 6)) : Math.min(busyMaxMs, busyBaseMs * 2 ** busy);
      await sleep(Math.random() * ceiling);
    }
  }
}

/**
 * One write outside a transaction on an item that transactions contend for
 * (an event's counter), with the same retries as `transact`: a collision with
 * a transaction (`TransactionConflictException`) or a busy table is tried
 * again after a jittered backoff, and `ServiceBusy` is thrown when the retries
 * run out. Only for writes that may be repeated: an attempt that committed
 * although its answer was an error is applied again.
 */
export async function withRetries<T>(work: () => Promise<T>, options: Pick<TransactOptions, 'maxConflictAttempts' | 'maxBusyAttempts' | 'busyBaseMs' | 'busyMaxMs'> = {}): Promise<T> {
  const { maxConflictAttempts = 40, maxBusyAttempts = 6, busyBaseMs = 50, busyMaxMs = 2_000 } = options;
  let conflicts = 0;
  let busy = 0;
  for (;;) {
    try {
      return await work();
    } catch (error) {
      const kind = transientKind(error);
      if (kind === undefined) throw error;
      if (kind === 'conflict') conflicts++;
      else busy++;
      if (conflicts >= maxConflictAttempts || busy >= maxBusyAttempts) {
        logger.warn('write gave up after retries', { conflicts, busy, errorName: (error as Error).name });
        throw new ServiceBusy();
      }
      const ceiling = kind === 'conflict' ? Math.min(250, 5 * 2 ** Math.min(conflicts, 6)) : Math.min(busyMaxMs, busyBaseMs * 2 ** busy);
      await sleep(Math.random() * ceiling);
    }
  }
}
