/**
 * AWS clients, created once per process at module scope so that a warm Lambda
 * reuses their connections. Locally, DYNAMODB_ENDPOINT and SES_ENDPOINT point
 * them at DynamoDB Local and aws-ses-v2-local, which accept any credentials.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

function localOverrides(endpoint: string | undefined) {
  return endpoint ? { endpoint, region: process.env.AWS_REGION ?? 'us-east-1', credentials: localCredentials } : {};
}

/** The low-level client (for the idempotency layer and table administration). */
export const dynamodb = new DynamoDBClient({
  ...localOverrides(process.env.DYNAMODB_ENDPOINT),
  // The local server takes bursts of concurrent requests (a Lambda instance takes one at a time).
  ...(process.env.DYNAMODB_ENDPOINT ? { requestHandler: { httpAgent: { keepAlive: true, maxSockets: 256 } } } : {}),
});

/** Items as plain objects; `undefined` attributes are left out. */
export const db = DynamoDBDocumentClient.from(dynamodb, {
  marshallOptions: { removeUndefinedValues: true },
});

/**
 * SES (v1 API: SendRawEmail takes a whole MIME message). Two attempts only:
 * the mailer has its own retries with backoff, recorded in the table.
 */
export const ses = new SESClient({
  ...localOverrides(process.env.SES_ENDPOINT),
  maxAttempts: 2,
  // Well inside the mailer's lease on a job, so a slow send cannot outlive it.
  requestHandler: { connectionTimeout: 3_000, requestTimeout: 10_000 },
});
