/**
 * The local stand-in for Lambda's DynamoDB Streams event source mapping: reads
 * the table's stream from DynamoDB Local and hands each batch, as the same
 * event Lambda would deliver, to the mailer's handler. Like Lambda with
 * ReportBatchItemFailures, it delivers again from the first record the
 * handler reported as failed. It also runs the mailer's sweep every few
 * seconds, as the scheduled rule does in AWS, so jobs whose send failed are
 * retried when their backoff is over.
 */
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, type _Record as StreamApiRecord } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

export interface StreamMailerOptions {
  client: DynamoDBClient;
  /** DynamoDB Local's endpoint (its stream API is on the same port). */
  endpoint: string;
  tableName: string;
  /** The Lambda handler for stream batches. */
  handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;
  /** The scheduled sweep (re-drives due and stuck jobs). */
  sweep: () => Promise<unknown>;
  pollIntervalMs?: number;
  sweepIntervalMs?: number;
  onError?: (error: unknown) => void;
}

export interface StreamMailer {
  /**
   * Resolves once the stream has been read to its end: after a pass over every
   * shard (the shard list read afresh) that began after this call and found no
   * record. Every record written before the call, and every record its
   * handling wrote, has then been handed to the handler.
   */
  caughtUp(): Promise<void>;
  /** Runs the sweep now, between two passes over the stream, and answers its counts. */
  sweepNow(): Promise<unknown>;
  stop(): Promise<void>;
}

export async function startStreamMailer(options: StreamMailerOptions): Promise<StreamMailer> {
  const streams = new DynamoDBStreamsClient({ endpoint: options.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const table = await options.client.send(new DescribeTableCommand({ TableName: options.tableName }));
  const streamArn = table.Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`The table ${options.tableName} has no stream.`);

  const pollMs = options.pollIntervalMs ?? 200;
  const sweepMs = options.sweepIntervalMs ?? 2_000;
  const iterators = new Map<string, string | undefined>();
  const closedShards = new Set<string>();
  let stopped = false;
  let lastShardRefresh = 0;
  let refreshRequested = false;
  let lastSweep = Date.now();
  /** Passes started so far; a waiter is released by an empty pass numbered above the count when it asked. */
  let passes = 0;
  const waiters: { after: number; resolve: () => void; reject: (error: unknown) => void }[] = [];
  const sweeps: { resolve: (value: unknown) => void; reject: (error: unknown) => void }[] = [];
  let wake: (() => void) | undefined;
  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  async function refreshShards() {
    const description = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of description.StreamDescription?.Shards ?? []) {
      const id = shard.ShardId;
      if (!id || iterators.has(id) || closedShards.has(id)) continue;
      const it = await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: id, ShardIteratorType: 'TRIM_HORIZON' }));
      iterators.set(id, it.ShardIterator);
    }
    lastShardRefresh = Date.now();
  }

  /** One pass over every shard; returns whether any records came. */
  async function pollOnce(): Promise<boolean> {
    if (refreshRequested || Date.now() - lastShardRefresh > 5_000) {
      refreshRequested = false;
      await refreshShards();
    }
    let any = false;
    for (const [shardId, iterator] of iterators) {
      if (!iterator) {
        iterators.delete(shardId);
        closedShards.add(shardId);
        continue;
      }
      const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
      const records = page.Records ?? [];
      let next = page.NextShardIterator;
      if (records.length > 0) {
        any = true;
        const result = await options.handler({ Records: records.map((r) => toLambdaRecord(r, streamArn!)) });
        const firstFailed = result.batchItemFailures[0]?.itemIdentifier;
        if (firstFailed) {
          // As Lambda does: deliver again from the first failed record.
          const again = await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: 'AT_SEQUENCE_NUMBER', SequenceNumber: firstFailed }));
          next = again.ShardIterator;
        }
      }
      iterators.set(shardId, next);
    }
    return any;
  }

  const loop = (async () => {
    while (!stopped) {
      try {
        const pass = ++passes;
        const any = await pollOnce();
        if (!any) {
          for (const w of waiters.filter((w) => w.after < pass)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve();
          }
        }
        for (const s of sweeps.splice(0)) await options.sweep().then(s.resolve, s.reject);
        if (Date.now() - lastSweep >= sweepMs) {
          lastSweep = Date.now();
          await options.sweep();
        }
        if (!any && !stopped && waiters.length === 0 && sweeps.length === 0) await nap(pollMs);
      } catch (error) {
        if (stopped) break;
        options.onError?.(error);
        // Start the shards afresh (an iterator may have expired): records seen again are skipped, as jobs already sent cannot be claimed.
        iterators.clear();
        lastShardRefresh = 0;
        await sleep(1_000);
      }
    }
    const ended = new Error('The stream mailer was stopped.');
    for (const w of waiters.splice(0)) w.reject(ended);
    for (const s of sweeps.splice(0)) s.reject(ended);
  })();

  return {
    caughtUp() {
      if (stopped) return Promise.reject(new Error('The stream mailer was stopped.'));
      return new Promise<void>((resolve, reject) => {
        waiters.push({ after: passes, resolve, reject });
        // Shards opened since the last look are part of "everything written before now".
        refreshRequested = true;
        wake?.();
      });
    },
    sweepNow() {
      if (stopped) return Promise.reject(new Error('The stream mailer was stopped.'));
      return new Promise((resolve, reject) => {
        sweeps.push({ resolve, reject });
        wake?.();
      });
    },
    async stop() {
      stopped = true;
      wake?.();
      await loop;
      streams.destroy();
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The Streams API's record, in the shape Lambda delivers it. */
function toLambdaRecord(record: StreamApiRecord, streamArn: string): DynamoDBRecord {
  const change = record.dynamodb ?? {};
  const created = change.ApproximateCreationDateTime;
  return {
    ...(record.eventID ? { eventID: record.eventID } : {}),
    ...(record.eventName ? { eventName: record.eventName } : {}),
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion ?? 'us-east-1',
    eventSourceARN: streamArn,
    dynamodb: {
      ...(created ? { ApproximateCreationDateTime: Math.floor(new Date(created).getTime() / 1000) } : {}),
      Keys: change.Keys as never,
      ...(change.NewImage ? { NewImage: change.NewImage as never } : {}),
      ...(change.SequenceNumber ? { SequenceNumber: change.SequenceNumber } : {}),
      ...(change.SizeBytes !== undefined ? { SizeBytes: change.SizeBytes } : {}),
      ...(change.StreamViewType ? { StreamViewType: change.StreamViewType } : {}),
    },
  };
}
