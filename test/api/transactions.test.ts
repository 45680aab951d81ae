/**
 * Transactions under a busy table: transient failures (DynamoDB Local's lock
 * timeouts are InternalServerError; real DynamoDB's TransactionConflict and
 * throttling) are retried with one ClientRequestToken, so an attempt that did
 * commit is not applied twice; when the retries run out the answer is 503
 * service_busy with Retry-After, never 500. Every attempt that reaches the
 * table goes to DynamoDB Local; only the error answers are injected, as the
 * SDK's own exception classes.
 */
import { InternalServerError, ProvisionedThroughputExceededException, TransactionCanceledException, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as http from '../../functions/shared/http';
import * as tx from '../../functions/shared/transactions';
import { startTestStack, type TestStack } from '../support/stack';

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack({ mailer: false });
});
afterAll(async () => t?.stop());

const meta = { $metadata: { httpStatusCode: 500 } };
const lockTimeout = () => new InternalServerError({ message: 'Transaction request cannot include multiple operations on one item: timed out waiting for a lock', ...meta });
const throttled = () => new ProvisionedThroughputExceededException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } });
const conflict = () =>
  new TransactionCanceledException({
    message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]',
    CancellationReasons: [{ Code: 'TransactionConflict' }],
    $metadata: { httpStatusCode: 400 },
  });

/** One increment of a counter item: applied twice, it would show 2. */
const increment = (pk: string): tx.NamedItems => ({
  counter: { Update: { TableName: t.stack.tableName, Key: { PK: pk, SK: 'COUNTER' }, UpdateExpression: 'ADD hits :one', ExpressionAttributeValues: { ':one': 1 } } },
});
const hits = async (pk: string) => (await t.stack.table.db.send(new GetCommand({ TableName: t.stack.tableName, Key: { PK: pk, SK: 'COUNTER' }, ConsistentRead: true }))).Item?.hits;
const realSend = (input: TransactWriteCommandInput) => t.stack.table.db.send(new TransactWriteCommand(input));

describe('transact() under transient failures', () => {
  it('retries an InternalServerError and a throttle, and writes once', async () => {
    const failures = [lockTimeout(), throttled(), conflict()];
    const tokens: (string | undefined)[] = [];
    const result = await tx.transact(t.stack.table, increment('T#retry'), {
      busyBaseMs: 5,
      send: async (input) => {
        tokens.push(input.ClientRequestToken);
        const failure = failures.shift();
        if (failure) throw failure;
        return realSend(input);
      },
    });
    expect(result).toEqual({ ok: true });
    expect(tokens).toHaveLength(4);
    expect(await hits('T#retry')).toBe(1);
  });

  it('keeps one ClientRequestToken across attempts, so an attempt that committed but answered 500 is not applied twice', async () => {
    const tokens: (string | undefined)[] = [];
    let attempts = 0;
    const result = await tx.transact(t.stack.table, increment('T#lost-answer'), {
      busyBaseMs: 5,
      send: async (input) => {
        tokens.push(input.ClientRequestToken);
        attempts++;
        const answer = await realSend(input); // reaches DynamoDB Local and commits every time it runs
        if (attempts === 1) throw lockTimeout(); // ...but the first answer is lost
        return answer;
      },
    });
    expect(result).toEqual({ ok: true });
    expect(attempts).toBe(2);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(await hits('T#lost-answer')).toBe(1);

    // A second logical transaction gets its own token and does write.
    await tx.transact(t.stack.table, increment('T#lost-answer'));
    expect(await hits('T#lost-answer')).toBe(2);
  });

  it('returns a failed condition to the caller at once, without retrying', async () => {
    let attempts = 0;
    const items: tx.NamedItems = {
      first: { Put: { TableName: t.stack.tableName, Item: { PK: 'T#cond', SK: 'ZERO' } } },
      only: {
        Put: {
          TableName: t.stack.tableName,
          Item: { PK: 'T#cond', SK: 'ONE', v: 1 },
          ConditionExpression: 'attribute_not_exists(PK)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      left: undefined,
    };
    expect(await tx.transact(t.stack.table, items)).toEqual({ ok: true });
    const result = await tx.transact(t.stack.table, items, { send: (input) => (attempts++, realSend(input)) });
    expect(attempts).toBe(1);
    // The failed condition is named by the item it guarded, whatever its place in the transaction.
    expect(result).toEqual({ ok: false, failed: new Set(['only']), old: { only: { PK: 'T#cond', SK: 'ONE', v: 1 } } });
  });

  it('passes on errors that are not transient (a bad request is a bug, not a busy table)', async () => {
    let attempts = 0;
    const bad: tx.NamedItems = { counter: { Update: { TableName: t.stack.tableName, Key: { PK: 'T#bad' }, UpdateExpression: 'ADD hits :one', ExpressionAttributeValues: { ':one': 1 } } } };
    const error = await tx.transact(t.stack.table, bad, { send: (input) => (attempts++, realSend(input)) }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('ValidationException');
    expect(attempts).toBe(1);
  });

  it('classifies DynamoDB answers', () => {
    expect(tx.transientKind(lockTimeout())).toBe('busy');
    expect(tx.transientKind(throttled())).toBe('busy');
    expect(tx.transientKind(conflict())).toBe('conflict');
    const mixed = new TransactionCanceledException({ message: 'x', CancellationReasons: [{ Code: 'None' }, { Code: 'ThrottlingError' }], $metadata: {} });
    expect(tx.transientKind(mixed)).toBe('busy');
    const condition = new TransactionCanceledException({ message: 'x', CancellationReasons: [{ Code: 'ConditionalCheckFailed' }], $metadata: {} });
    expect(tx.transientKind(condition)).toBeUndefined();
    expect(tx.transientKind(new Error('bug'))).toBeUndefined();
    // A single write that collides with a transaction on its item (e.g. the waitlist ticket on an event's counter).
    expect(tx.transientKind(new TransactionConflictException({ message: 'x', $metadata: {} }))).toBe('conflict');
  });

  it('retries a single write that collides with transactions, and answers ServiceBusy when the retries run out', async () => {
    let attempts = 0;
    const flaky = () => (++attempts < 3 ? Promise.reject(new TransactionConflictException({ message: 'x', $metadata: {} })) : Promise.resolve('done'));
    expect(await tx.withRetries(flaky)).toBe('done');
    expect(attempts).toBe(3);
    const error = await tx.withRetries(() => Promise.reject(throttled()), { maxBusyAttempts: 2, busyBaseMs: 1 }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('ServiceBusy');
    const bug = await tx.withRetries(() => Promise.reject(new Error('bug'))).catch((e: unknown) => e);
    expect((bug as Error).message).toBe('bug');
  });

  it('answers 503 service_busy with Retry-After through the error boundary when the retries run out, and writes nothing', async () => {
    let attempts = 0;
    const route = new Hono().post('/busy', async (c) => {
      await tx.transact(t.stack.table, increment('T#busy'), {
        busyBaseMs: 1,
        send: async () => {
          attempts++;
          throw lockTimeout();
        },
      });
      return c.json({ ok: true }, 201);
    });
    const app = http.createApiApp(route);
    const response = await app.request('/api/busy', { method: 'POST' });
    expect(response.status).toBe(503);
    expect(response.headers.get('Retry-After')).toMatch(/^\d+$/);
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    expect(await response.json()).toEqual({
      error: { code: 'service_busy', message: "We're handling many requests right now. Please try again in a moment." },
    });
    expect(attempts).toBe(6);
    expect(await hits('T#busy')).toBeUndefined();
  });
});

describe('the error boundary', () => {
  it('answers a busy table or a dropped connection from any DynamoDB call with 503 service_busy, never 500', async () => {
    const failures = [
      new ProvisionedThroughputExceededException({ message: 'Rate exceeded', $metadata: {} }),
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      Object.assign(new Error('Connection timed out'), { name: 'TimeoutError' }),
    ];
    for (const failure of failures) {
      const app = new Hono().get('/x', () => {
        throw failure;
      });
      app.onError(http.errorResponse);
      const res = await app.request('/x');
      expect(res.status).toBe(503);
      expect(res.headers.get('Retry-After')).toBe('2');
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('service_busy');
    }
  });

  it('still answers a genuine bug with 500 internal', async () => {
    const app = new Hono().get('/x', () => {
      throw new TypeError('undefined is not a function');
    });
    app.onError(http.errorResponse);
    expect((await app.request('/x')).status).toBe(500);
  });
});
