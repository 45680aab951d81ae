/**
 * The API's local components, started together: DynamoDB Local with the
 * table, aws-ses-v2-local, and the environment the functions read. Used by
 * `npm start` (start.ts) and by the tests' harness. The stream-fed mailer is
 * started separately (startLocalMailer), once the table exists.
 */
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SESClient } from '@aws-sdk/client-ses';
import { createDynamoDbClient, createSesClient, tableOf, type Table } from '../shared/clients';
import { createMailer } from '../mailer/mailer';
import { createStreamHandler } from '../mailer/stream';
import { ensureTable } from './create-table';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local';
import { startSesLocal, type SesLocal } from './ses-local';
import { startStreamMailer, type StreamMailer } from './stream-mailer';

export interface LocalStackOptions {
  /** Folder for DynamoDB Local's data; in memory when left out. */
  dataDir?: string | undefined;
  tableName?: string;
  sesPreferredPort?: number;
  /**
   * A DynamoDB Local that is already running (e.g. one shared by a test run):
   * the stack makes its table there and, on stop, deletes that table instead
   * of stopping the database.
   */
  dynamodbEndpoint?: string;
}

export interface LocalStack {
  dynamodb: DynamoDbLocal;
  ses: SesLocal;
  tableName: string;
  /** Client for administration and assertions (scans in tests). */
  client: DynamoDBClient;
  /** The table as the functions reach it. */
  table: Table;
  /** An SES client pointed at the local email server. */
  sesClient: SESClient;
  /** What the stream-fed mailer needs of this stack (see startLocalMailer). */
  mailerOptions: Pick<LocalMailerOptions, 'endpoint' | 'client' | 'table' | 'ses'>;
  /** The variables that point the functions at these components. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const tableName = options.tableName ?? 'alumni-local';
  const shared = options.dynamodbEndpoint;
  const dynamodb: DynamoDbLocal = shared ? { endpoint: shared, port: Number(new URL(shared).port), stop: async () => {} } : await startDynamoDbLocal({ dataDir: options.dataDir });
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
  const env = {
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: dynamodb.endpoint,
    SES_ENDPOINT: started.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  };
  const table = tableOf(tableName, createDynamoDbClient(env));
  const sesClient = createSesClient(env);
  return {
    dynamodb,
    ses: started,
    mailerOptions: { endpoint: dynamodb.endpoint, client, table, ses: sesClient },
    tableName,
    client,
    table,
    sesClient,
    env,
    async stop() {
      try {
        if (shared) await client.send(new DeleteTableCommand({ TableName: tableName }));
      } finally {
        client.destroy();
        table.client.destroy();
        sesClient.destroy();
        await started.stop();
        await dynamodb.stop();
      }
    },
  };
}

export interface LocalMailerOptions {
  /** DynamoDB Local's address and a client on it, to read the table's stream. */
  endpoint: string;
  client: DynamoDBClient;
  table: Table;
  ses: SESClient;
  mailFrom: string;
  /** Backoff after a failed send (doubling); short locally so a restarted SES catches up quickly. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  maxAttempts?: number;
  sweepIntervalMs?: number;
  pollIntervalMs?: number;
  onError?: (error: unknown) => void;
}

/** The mailer Lambda's own handler and sweep, fed from DynamoDB Local's stream. */
export async function startLocalMailer(options: LocalMailerOptions): Promise<StreamMailer> {
  const mailer = createMailer({
    table: options.table,
    ses: options.ses,
    mailFrom: options.mailFrom,
    retryBaseMs: options.retryBaseMs ?? 2_000,
    retryMaxMs: options.retryMaxMs ?? 60_000,
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
  });
  return startStreamMailer({
    client: options.client,
    endpoint: options.endpoint,
    tableName: options.table.name,
    handler: createStreamHandler(mailer),
    sweep: () => mailer.sweep(),
    ...(options.sweepIntervalMs ? { sweepIntervalMs: options.sweepIntervalMs } : {}),
    ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
  });
}
