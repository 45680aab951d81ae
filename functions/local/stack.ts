/**
 * The API's local components, started together: DynamoDB Local with the
 * table, aws-ses-v2-local, and the environment the functions read. Used by
 * `npm start` (start.ts) and by the tests' harness. The stream-fed mailer is
 * started separately (startLocalMailer) because it imports the functions,
 * which read their configuration when first imported.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable } from './create-table';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local';
import { startSesLocal, type SesLocal } from './ses-local';
import { startStreamMailer, type StreamMailer } from './stream-mailer';

export interface LocalStackOptions {
  /** Folder for DynamoDB Local's data; in memory when left out. */
  dataDir?: string | undefined;
  tableName?: string;
  sesPreferredPort?: number;
}

export interface LocalStack {
  dynamodb: DynamoDbLocal;
  ses: SesLocal;
  tableName: string;
  /** Client for administration and assertions (scans in tests). */
  client: DynamoDBClient;
  /** The variables that point the functions at these components. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const tableName = options.tableName ?? 'alumni-local';
  const dynamodb = await startDynamoDbLocal({ dataDir: options.dataDir });
  let ses: SesLocal | undefined;
  const client = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    await ensureTable(client, tableName);
    ses = await startSesLocal({ preferredPort: options.sesPreferredPort });
  } catch (error) {
    client.destroy();
    await dynamodb.stop();
    throw error;
  }
  const started = ses;
  return {
    dynamodb,
    ses: started,
    tableName,
    client,
    env: {
      TABLE_NAME: tableName,
      DYNAMODB_ENDPOINT: dynamodb.endpoint,
      SES_ENDPOINT: started.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    },
    async stop() {
      client.destroy();
      await started.stop();
      await dynamodb.stop();
    },
  };
}

export interface LocalMailerOptions {
  client: DynamoDBClient;
  endpoint: string;
  tableName: string;
  mailFrom: string;
  /** Backoff after a failed send (doubling); short locally so a restarted SES catches up quickly. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  maxAttempts?: number;
  sweepIntervalMs?: number;
  pollIntervalMs?: number;
  onError?: (error: unknown) => void;
}

/** The mailer Lambda's own handler and sweep, fed from DynamoDB Local's stream. Import after the environment is set. */
export async function startLocalMailer(options: LocalMailerOptions): Promise<StreamMailer> {
  const { createMailer } = await import('../mailer/mailer');
  const { createStreamHandler } = await import('../mailer/stream');
  const mailer = createMailer({
    tableName: options.tableName,
    mailFrom: options.mailFrom,
    retryBaseMs: options.retryBaseMs ?? 2_000,
    retryMaxMs: options.retryMaxMs ?? 60_000,
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
  });
  return startStreamMailer({
    client: options.client,
    endpoint: options.endpoint,
    tableName: options.tableName,
    handler: createStreamHandler(mailer),
    sweep: () => mailer.sweep(),
    ...(options.sweepIntervalMs ? { sweepIntervalMs: options.sweepIntervalMs } : {}),
    ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
  });
}
