/**
 * The mailer's DynamoDB Streams handler, with batch item failure reporting
 * (Powertools batch utility): each new or re-queued email job in the batch is
 * sent; a record whose outcome could not even be recorded (e.g. DynamoDB
 * throttled) is reported as failed, so the stream delivers it again.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { Mailer } from './mailer';

/** Whether a stream record is an email job that is waiting to be sent now. */
export function dueJobId(record: DynamoDBRecord, now: Date): string | undefined {
  if (record.eventName === 'REMOVE' || !record.dynamodb?.NewImage) return undefined;
  const image = unmarshall(record.dynamodb.NewImage as never) as { entity?: string; status?: string; dueAt?: string; id?: string };
  if (image.entity !== 'EmailJob' || image.status !== 'pending' || !image.id) return undefined;
  // A job put back with a later due time after a failure waits for the sweep.
  return image.dueAt && image.dueAt > now.toISOString() ? undefined : image.id;
}

export function createStreamHandler(mailer: Mailer, now: () => Date = () => new Date()) {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  return async (event: DynamoDBStreamEvent, context?: Context): Promise<DynamoDBBatchResponse> =>
    processPartialResponse(
      event,
      async (record: DynamoDBRecord) => {
        const id = dueJobId(record, now());
        if (id) await mailer.processJob(id);
      },
      processor,
      { throwOnFullBatchFailure: false, ...(context ? { context } : {}) },
    ) as Promise<DynamoDBBatchResponse>;
}
