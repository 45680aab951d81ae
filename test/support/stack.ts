/**
 * Test harness: per test file, DynamoDB Local (in memory) and aws-ses-v2-local
 * on free ports, the mailer fed from the table's stream exactly as in
 * `npm start`, and the API served over HTTP on a free port.
 */
import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { serve } from '@hono/node-server';
import { sentEmails, startSesLocal, type SesLocal, type StoredEmail } from '../../functions/local/ses-local';
import { startLocalMailer, startLocalStack, type LocalStack } from '../../functions/local/stack';
import type { StreamMailer } from '../../functions/local/stream-mailer';
import { createApi } from '../../functions/api';
import { apiOptionsFromEnv, type ApiOptions } from '../../functions/shared/api-options';

export const siteUrl = 'https://alumni.example.org';
export const signingSecret = 'test-signing-secret-0123456789-abcdefghijklmnop';

export interface TestStack {
  stack: LocalStack;
  /** The API's base address, e.g. http://127.0.0.1:PORT (paths start with /api). */
  url: string;
  /** Starts one more API server over the same stack, with other options (e.g. another manifest or rate limit). */
  serveApi(options?: Partial<ApiOptions>): Promise<string>;
  /** Every item in the table. */
  scan(): Promise<Record<string, unknown>[]>;
  emails(): Promise<StoredEmail[]>;
  /** Waits until `predicate` holds for the inbox, or fails after `timeoutMs`. */
  waitForEmails(predicate: (emails: StoredEmail[]) => boolean, timeoutMs?: number): Promise<StoredEmail[]>;
  stopSes(): Promise<void>;
  startSes(): Promise<void>;
  stop(): Promise<void>;
}

export interface TestStackOptions {
  api?: Partial<ApiOptions>;
  mailer?: { maxAttempts?: number; retryBaseMs?: number; retryMaxMs?: number } | false;
}

export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const stack = await startLocalStack({ tableName: 'alumni-test' });
  Object.assign(process.env, stack.env, {
    SITE_URL: siteUrl,
    MAIL_FROM: 'Alumni Network <events@alumni.example.org>',
    SIGNING_SECRET: signingSecret,
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'CRITICAL',
    RATE_LIMIT_PER_MINUTE: '100000',
    // The proof of work is off for the API tests; test/api/abuse.test.ts turns it on.
    FORM_CHALLENGE: 'off',
  });
  const servers: Server[] = [];
  const serveApi = async (apiOptions: Partial<ApiOptions> = {}) => {
    const app = createApi(apiOptionsFromEnv({ table: stack.table, ...options.api, ...apiOptions }));
    const server = await new Promise<Server>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server));
    });
    servers.push(server);
    const address = server.address();
    return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  };
  const url = await serveApi();

  let mailer: StreamMailer | undefined;
  if (options.mailer !== false) {
    mailer = await startLocalMailer({
      ...stack.mailerOptions,
      mailFrom: process.env.MAIL_FROM!,
      retryBaseMs: options.mailer?.retryBaseMs ?? 200,
      retryMaxMs: options.mailer?.retryMaxMs ?? 1_000,
      ...(options.mailer?.maxAttempts ? { maxAttempts: options.mailer.maxAttempts } : {}),
      sweepIntervalMs: 250,
      pollIntervalMs: 50,
    });
  }

  const doc = DynamoDBDocumentClient.from(stack.client);
  let ses: SesLocal = stack.ses;
  const sesPort = stack.ses.port;

  const emails = () => sentEmails(ses.endpoint);
  return {
    stack,
    url,
    serveApi,
    async scan() {
      const items: Record<string, unknown>[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await doc.send(new ScanCommand({ TableName: stack.tableName, ConsistentRead: true, ExclusiveStartKey }));
        items.push(...(page.Items ?? []));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return items;
    },
    emails,
    async waitForEmails(predicate, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const all = await emails();
        if (predicate(all)) return all;
        if (Date.now() > deadline) throw new Error(`The expected emails did not arrive within ${timeoutMs} ms (inbox has ${all.length}).`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stopSes() {
      await ses.stop();
    },
    async startSes() {
      ses = await startSesLocal({ port: sesPort });
    },
    async stop() {
      for (const s of servers) {
        s.closeAllConnections();
        await new Promise((r) => s.close(r));
      }
      await mailer?.stop();
      await stack.stop();
    },
  };
}

/**
 * JSON request helper: returns status, headers and parsed body. Writes carry
 * `x-amz-content-sha256` (the body's hex SHA-256) as browsers must send it
 * through CloudFront (see functions/local/body-hash.ts).
 */
export async function call(url: string, init: { method?: string; body?: unknown; headers?: Record<string, string>; raw?: string } = {}) {
  const method = init.method ?? (init.body !== undefined || init.raw !== undefined ? 'POST' : 'GET');
  const body = init.raw !== undefined ? init.raw : init.body !== undefined ? JSON.stringify(init.body) : undefined;
  const headers: Record<string, string> = {
    ...(init.body !== undefined || init.raw !== undefined ? { 'Content-Type': 'application/json' } : {}),
    ...(method !== 'GET' && method !== 'HEAD' ? { 'x-amz-content-sha256': createHash('sha256').update(body ?? '').digest('hex') } : {}),
    ...init.headers,
  };
  const response = await fetch(url, {
    method,
    headers,
    ...(body !== undefined ? { body } : {}),
  });
  const text = await response.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

/** Items that are records of people or email (everything but bookkeeping). */
export function records(items: Record<string, unknown>[]) {
  return items.filter((i) => i.entity !== 'RateLimit' && i.PK !== 'IDEMPOTENCY');
}
