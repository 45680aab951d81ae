/**
 * TransactWriteItems with the retries DynamoDB asks for: a transaction that
 * collides with another one on the same item is cancelled with
 * `TransactionConflict` and must be retried by the caller (the SDK does not).
 * Condition failures are returned to the caller, which knows what they mean.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { db } from './clients';

export type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

export type TransactResult =
  | { ok: true }
  | {
      ok: false;
      /** Indexes of the items whose condition failed. */
      failed: number[];
      /** The items as they were, by index, for items that asked for it with ReturnValuesOnConditionCheckFailure: ALL_OLD. */
      old: Record<number, Record<string, unknown> | undefined>;
    };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the transaction; `failed` lists the indexes of items whose condition failed. */
export async function transact(items: TransactItems, maxAttempts = 40): Promise<TransactResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      await db.send(new TransactWriteCommand({ TransactItems: items }));
      return { ok: true };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const failed = reasons.flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [i] : []));
      if (failed.length > 0) {
        const old = Object.fromEntries(failed.map((i) => [i, reasons[i]?.Item ? unmarshall(reasons[i].Item as never) : undefined]));
        return { ok: false, failed, old };
      }
      const retryable = reasons.some((r) => r.Code === 'TransactionConflict' || r.Code === 'ThrottlingError') || reasons.length === 0;
      if (!retryable || attempt >= maxAttempts) throw error;
      // Full jitter, growing to ~250 ms: colliding writers spread out instead of colliding again.
      await sleep(Math.random() * Math.min(250, 5 * 2 ** Math.min(attempt, 6)));
    }
  }
}
