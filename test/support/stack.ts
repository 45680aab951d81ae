/**
 * Test harness: per test file, a table of its own in the run's one DynamoDB
 * Local (started by dynamodb.global-setup.ts), aws-ses-v2-local in this
 * process on a free port (its inbox is this file's alone), the mailer fed from
 * the table's stream exactly as in `npm start`, and the API served over HTTP
 * on a free port. The API and the mailer get their options from here, not
 * from the environment.
 *
 * Email is asserted by count after `drainMail()`, which drives the mailer
 * until no job is waiting, so "exactly one" is proven rather than hoped for
 * after a pause.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { serve } from '@hono/node-server';
import { inject } from 'vitest';
import { createApi } from '../../functions/api';
import { sentEmails, startSesLocal, type SesLocal, type StoredEmail } from '../../functions/local/ses-local';
import { startLocalMailer, startLocalStack, type LocalStack } from '../../functions/local/stack';
import type { StreamMailer } from '../../functions/local/stream-mailer';
import type { ApiOptions } from '../../functions/shared/api-options';
import { bundledManifest } from '../../functions/shared/content';
import type { EmailJob } from '../../functions/shared/email-jobs';
import { gsi1 } from '../../functions/shared/table';
import { to } from './inbox';

export const siteUrl = 'https://alumni.example.org';
export const signingSecret = 'test-signing-secret-0123456789-abcdefghijklmnop';
export const mailFrom = 'Alumni Network <events@alumni.example.org>';

export interface TestStack {
  stack: LocalStack;
  /** The API's base address, e.g. http://127.0.0.1:PORT (paths start with /api). */
  url: string;
  /** What the staff tools and other processes need to reach this stack (DYNAMODB_ENDPOINT, TABLE_NAME, SITE_URL, SIGNING_SECRET, …). */
  env: Record<string, string>;
  /** Starts one more API server over the same stack, with other options (e.g. another manifest or rate limit). */
  serveApi(options?: Partial<ApiOptions>): Promise<string>;
  /** Every item in the table. */
  scan(): Promise<Record<string, unknown>[]>;
  /** The inbox as it is now (no waiting: see drainMail and inbox). */
  emails(): Promise<StoredEmail[]>;
  /**
   * Drives the mailer until no email job is pending or being sent: the stream
   * is read to its end, and jobs waiting out a backoff are swept once due
   * (a job scheduled after `timeoutMs` and never tried is left for later).
   * Fails, naming the jobs left, after `timeoutMs`.
   */
  drainMail(options?: { timeoutMs?: number }): Promise<void>;
  /** The inbox once the mail is drained, optionally only the emails matching `filter`. */
  inbox(filter?: (email: StoredEmail) => boolean): Promise<StoredEmail[]>;
  /** The emails to (or copied to) `address`, once the mail is drained. */
  inboxFor(address: string): Promise<StoredEmail[]>;
  stopSes(): Promise<void>;
  startSes(): Promise<void>;
  /** Stops the servers and the mailer, deletes the table and stops SES; nothing of this file keeps running. */
  stop(): Promise<void>;
}

export interface TestStackOptions {
  api?: Partial<ApiOptions>;
  /** The mailer's retry settings (short by default, so a test waits little for a backoff), or false for none. */
  mailer?: { maxAttempts?: number; retryBaseMs?: number; retryMaxMs?: number } | false;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** This worker's DynamoDB Local (dynamodb.global-setup.ts): Vitest numbers its workers from 1. */
function workerDynamoDb(): string {
  const endpoints = inject('dynamodbEndpoints');
  const worker = Number(process.env.VITEST_POOL_ID ?? 1);
  return endpoints[(worker - 1) % endpoints.length]!;
}

export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  process.env.POWERTOOLS_LOG_LEVEL ??= 'CRITICAL';
  const stack = await startLocalStack({ tableName: `alumni-test-${randomUUID().slice(0, 8)}`, dynamodbEndpoint: workerDynamoDb() });
  // aws-ses-v2-local keeps one inbox for every server in a process, and a test worker runs file after file:
  // each stack starts with an empty inbox, so a file counts only its own emails.
  await fetch(`${stack.ses.endpoint}/clear-store`, { method: 'POST' });
  const env = { ...stack.env, SITE_URL: siteUrl, MAIL_FROM: mailFrom, SIGNING_SECRET: signingSecret };
  const servers: Server[] = [];
  let mailer: StreamMailer | undefined;
  let ses: SesLocal = stack.ses;
  let sesUp = true;

  const stop = async () => {
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
    await mailer?.stop();
    // A restarted SES is this file's own server, not the one the stack started.
    if (ses !== stack.ses && sesUp) await ses.stop();
    await stack.stop();
  };

  try {
    const apiOptions = (more: Partial<ApiOptions>): ApiOptions => ({
      table: stack.table,
      siteUrl,
      retentionDays: 365,
      // Every test request comes from 127.0.0.1: limits far above any test's writes, unless a test sets its own.
      rateLimitPerMinute: 100_000,
      eventNetworkLimitPerHour: 100_000,
      // No mentor queue in the tests unless one sets it (test/api/mentor-queue.test.ts).
      mentorRequestsPerDay: 100_000,
      // The proof of work is off for the API tests (FORM_CHALLENGE=off); test/api/abuse.test.ts turns it on.
      formChallenge: false,
      manifest: bundledManifest,
      signingSecret: async () => signingSecret,
      now: () => new Date(),
      ...options.api,
      ...more,
    });
    const serveApi = async (more: Partial<ApiOptions> = {}) => {
      const app = createApi(apiOptions(more));
      const server = await new Promise<Server>((resolve) => {
        const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server));
      });
      servers.push(server);
      const address = server.address();
      return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    };
    const url = await serveApi();

    if (options.mailer !== false) {
      mailer = await startLocalMailer({
        ...stack.mailerOptions,
        mailFrom,
        retryBaseMs: options.mailer?.retryBaseMs ?? 200,
        retryMaxMs: options.mailer?.retryMaxMs ?? 1_000,
        ...(options.mailer?.maxAttempts ? { maxAttempts: options.mailer.maxAttempts } : {}),
        // drainMail wakes the mailer and sweeps when it needs to; between drains an idle mailer polls the stream
        // as seldom as a test can wait (every 50 ms it took 15% of a core per stack, DynamoDB Local's and ours).
        sweepIntervalMs: 1_000,
        pollIntervalMs: 250,
      });
    }

    const doc = DynamoDBDocumentClient.from(stack.client);
    const sesPort = stack.ses.port;
    const emails = () => sentEmails(ses.endpoint);

    /** Jobs in the index of jobs to send (pending, or claimed by a sender); sent and failed jobs are not there. */
    const openJobs = async () => {
      const jobs: EmailJob[] = [];
      for (const status of ['pending', 'sending']) {
        let ExclusiveStartKey: Record<string, unknown> | undefined;
        do {
          const page = await doc.send(
            new QueryCommand({ TableName: stack.tableName, IndexName: gsi1, KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': `JOBS#${status}` }, ExclusiveStartKey }),
          );
          jobs.push(...((page.Items ?? []) as EmailJob[]));
          ExclusiveStartKey = page.LastEvaluatedKey;
        } while (ExclusiveStartKey);
      }
      return jobs;
    };

    const drainMail = async ({ timeoutMs = 30_000 }: { timeoutMs?: number } = {}) => {
      if (!mailer) throw new Error('This test stack runs no mailer (mailer: false): there is no mail to drain.');
      const running = mailer;
      const deadline = Date.now() + timeoutMs;
      const late = async () => {
        const left = await openJobs();
        const what = left.map((j) => `${j.id} ${j.kind} ${j.status} attempts=${j.attempts ?? 0} due=${j.dueAt}${j.lastError ? ` (${j.lastError})` : ''}`);
        return new Error(`The mail did not drain within ${timeoutMs} ms: ${left.length} job(s) still to send${what.length ? `:\n  ${what.join('\n  ')}` : ' (the stream was not read to its end)'}`);
      };
      const beforeDeadline = async <T>(work: Promise<T>): Promise<T> => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<'late'>((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now()), 'late')));
        try {
          const result = await Promise.race([work, timeout]);
          if (result === 'late') throw await late();
          return result as T;
        } finally {
          clearTimeout(timer);
        }
      };
      for (;;) {
        await beforeDeadline(running.caughtUp());
        // A job first due after the deadline and never tried is scheduled for later (e.g. the mentor queue): not waited for.
        const open = (await openJobs()).filter((j) => j.status !== 'pending' || (j.attempts ?? 0) > 0 || Date.parse(j.dueAt) <= deadline);
        if (open.length === 0) return;
        if (Date.now() >= deadline) throw await late();
        // The stream has handed over everything: what is left waits out a backoff (or a lease) and is the sweep's to send once due.
        const firstDue = Math.min(...open.map((j) => Date.parse(j.dueAt)));
        const wait = Math.min(firstDue - Date.now(), deadline - Date.now());
        if (wait > 0) await sleep(wait);
        await beforeDeadline(running.sweepNow());
      }
    };

    const inbox = async (filter?: (email: StoredEmail) => boolean) => {
      await drainMail();
      const all = await emails();
      return filter ? all.filter(filter) : all;
    };

    return {
      stack,
      url,
      env,
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
      drainMail,
      inbox,
      inboxFor: (address) => inbox(to(address)),
      async stopSes() {
        await ses.stop();
        sesUp = false;
      },
      async startSes() {
        ses = await startSesLocal({ port: sesPort });
        sesUp = true;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Items that are records of people or email (everything but bookkeeping: rate limits, remembered answers, the mailer's per-address counts). */
export function records(items: Record<string, unknown>[]) {
  return items.filter((i) => i.entity !== 'RateLimit' && i.entity !== 'RecipientCap' && i.PK !== 'IDEMPOTENCY');
}
