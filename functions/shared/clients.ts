/**
 * AWS clients, made by `createClients` when an app or handler is built, never
 * on import. A Lambda entry builds them once per process, so a warm Lambda
 * reuses their connections. Locally, DYNAMODB_ENDPOINT and SES_ENDPOINT point
 * them at DynamoDB Local and aws-ses-v2-local, which accept any credentials.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

function localOverrides(endpoint: string | undefined, env: NodeJS.ProcessEnv) {
  return endpoint ? { endpoint, region: env.AWS_REGION ?? 'us-east-1', credentials: localCredentials } : {};
}

/** The table every function works on: its name and the clients to reach it. */
export interface Table {
  name: string;
  /** The low-level client (for the idempotency layer and table administration). */
  client: DynamoDBClient;
  /** Items as plain objects; `undefined` attributes are left out. */
  db: DynamoDBDocumentClient;
}

/** A Table over a DynamoDB client. */
export function tableOf(name: string, client: DynamoDBClient): Table {
  return { name, client, db: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }) };
}

/** The DynamoDB client for `env` (DYNAMODB_ENDPOINT for DynamoDB Local). */
export function createDynamoDbClient(env: NodeJS.ProcessEnv = process.env): DynamoDBClient {
  const client = new DynamoDBClient({
    ...localOverrides(env.DYNAMODB_ENDPOINT, env),
    // The local server takes bursts of concurrent requests (a Lambda instance takes one at a time).
    ...(env.DYNAMODB_ENDPOINT ? { requestHandler: { httpAgent: { keepAlive: true, maxSockets: 256 } } } : {}),
  });
  // The SDK's logger step copies every command's input and output through its sensitive-data filter for a logger
  // that, without one configured (as here), drops them: a walk of each item written, on every call, for nothing.
  client.middlewareStack.remove('loggerMiddleware');
  return client;
}

/**
 * SES (v1 API: SendRawEmail takes a whole MIME message). Two attempts only:
 * the mailer has its own retries with backoff, recorded in the table.
 */
export function createSesClient(env: NodeJS.ProcessEnv = process.env): SESClient {
  return new SESClient({
    ...localOverrides(env.SES_ENDPOINT, env),
    maxAttempts: 2,
    // Well inside the mailer's lease on a job, so a slow send cannot outlive it.
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 10_000 },
  });
}
