/**
 * Sends email jobs (see shared/email-jobs.ts) and records each outcome.
 *
 * Delivery, exactly once as far as SES lets us:
 * 1. Claim: a conditional update moves a due job from pending to sending with
 *    a lease (`dueAt` = lease end). Only one worker wins, whether it came from
 *    the stream, a redelivery or the sweep.
 * 2. Send with SES SendRawEmail.
 * 3. Record: sent (and out of the jobs index); or, when sending failed, back
 *    to pending with exponential backoff; after `maxAttempts` failures, failed:
 *    parked under `JOBS#failed` for staff to see and retry.
 *
 * Nothing is lost when SES is down: a job stays pending and the sweep (a
 * schedule in AWS, a timer locally) sends it when it is due. An email can go
 * out twice only if a worker dies between SES accepting it and step 3; its
 * lease then runs out and the job is sent again.
 */
import { SendRawEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { Table } from '../shared/clients';
import type { EmailJob, EmailJobKinds, EmailKind } from '../shared/email-jobs';
import { createDigestReader } from '../newsletter/digest-item';
import { errorFields, logger } from '../shared/logger';
import { gsi1, indexKeys, keys } from '../shared/table';
import { withheld } from '../shared/suppression';
import { composeMessage } from './compose';
import { overRecipientCap } from './recipient-cap';
import { resolveRecipient } from './recipients';
import { render } from './templates';

export interface MailerOptions {
  table: Table;
  ses: SESClient;
  mailFrom: string;
  /** Failed sends before a job is parked as failed. */
  maxAttempts?: number;
  /** Backoff after the first failure; it doubles with each further failure up to `retryMaxMs`. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** How long a claimed job is reserved for its sender. */
  leaseMs?: number;
  /**
   * SES's sending rate for this mailer (SEND_RATE_PER_SECOND): the sweep sends no faster. Bulk email (a
   * newsletter issue) is written with due times spaced at this rate, so the sweep sends it as it falls due.
   */
  sendRatePerSecond?: number;
  now?: () => Date;
  /**
   * Emails per second this mailer sends at most (SES's account sending rate,
   * shared by the mailer's instances); unlimited when left out. A send waits
   * for its slot, so a fan-out to thousands goes out at the rate instead of
   * being throttled by SES and retried.
   */
  maxSendRate?: number;
  /** Jobs the sweep sends at once (default: a quarter of the sending rate, 1 to 64; 10 without a rate). */
  sweepConcurrency?: number;
}

export type JobOutcome = 'sent' | 'retry' | 'failed' | 'skipped' | 'suppressed';

export interface Mailer {
  /** Sends the job if it is due and nobody else holds it. */
  processJob(id: string): Promise<JobOutcome>;
  /**
   * Sends every job that is due, and every job whose sender's lease ran out. With `deadline` (epoch ms, e.g. the
   * Lambda's time limit less a margin) it takes no new job after that instant and returns when the sends in flight
   * are recorded, so a run is never cut off between SES accepting an email and the job being marked sent (which
   * would send it again); the next run sends the rest.
   */
  sweep(options?: { deadline?: number }): Promise<Record<JobOutcome, number>>;
}

const isConditionFailure = (error: unknown) => error instanceof ConditionalCheckFailedException;

export function createMailer(options: MailerOptions): Mailer {
  const maxAttempts = options.maxAttempts ?? 10;
  const retryBaseMs = options.retryBaseMs ?? 30_000;
  const retryMaxMs = options.retryMaxMs ?? 30 * 60_000;
  const leaseMs = options.leaseMs ?? 60_000;
  const now = options.now ?? (() => new Date());
  const { table, ses } = options;
  const slot = sendSlots(options.maxSendRate);
  const TableName = table.name;
  const digests = createDigestReader(table);
  /** What the job's template renders: an issue's digest is put back together from the digest item. */
  const dataOf = async (job: EmailJob): Promise<EmailJobKinds[EmailKind]> => (job.kind === 'newsletter' ? digests(job.data as EmailJob<'newsletter'>['data']) : (job.data as EmailJobKinds[EmailKind]));

  async function claim(id: string): Promise<EmailJob | undefined> {
    const at = now();
    const leaseEnd = new Date(at.getTime() + leaseMs).toISOString();
    try {
      const result = await table.db.send(
        new UpdateCommand({
          TableName,
          Key: keys.emailJob(id),
          UpdateExpression: 'SET #status = :sending, dueAt = :lease, GSI1PK = :pk, GSI1SK = :sk',
          ConditionExpression: '#entity = :job AND (#status = :pending OR #status = :sending) AND dueAt <= :now',
          ExpressionAttributeNames: { '#status': 'status', '#entity': 'entity' },
          ExpressionAttributeValues: {
            ':sending': 'sending',
            ':pending': 'pending',
            ':job': 'EmailJob',
            ':lease': leaseEnd,
            ':now': at.toISOString(),
            ...prefixed(indexKeys.jobsByStatus('sending', leaseEnd, id)),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return result.Attributes as EmailJob;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  /** Records an outcome, if this worker still holds the lease. */
  async function settle(job: EmailJob, update: { expression: string; names?: Record<string, string>; values: Record<string, unknown> }): Promise<void> {
    try {
      // Retried while DynamoDB is busy: an outcome not recorded means the job is sent again when its lease runs out.
      await withRetries(() =>
        table.db.send(
          new UpdateCommand({
            TableName,
            Key: keys.emailJob(job.id),
            UpdateExpression: update.expression,
            ConditionExpression: '#status = :sending AND dueAt = :lease',
            ExpressionAttributeNames: { '#status': 'status', ...update.names },
            ExpressionAttributeValues: { ':sending': 'sending', ':lease': job.dueAt, ...update.values },
          }),
        ),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      logger.warn('email job lease lost before its outcome was recorded', { jobId: job.id, kind: job.kind });
    }
  }

  /** Claims, checks, sends and records one job; `pace` waits for the sweep's next slot before SES is called. */
  async function send(id: string, pace: () => Promise<void>): Promise<JobOutcome> {
    const job = await claim(id);
    if (!job) return 'skipped';
    let messageId: string | undefined;
    try {
      const email = render(job.kind, await dataOf(job));
      const to = await resolveRecipient(job.to);
      const resolvedCc = job.cc === undefined ? undefined : await resolveRecipient(job.cc);
      // A suppressed address (bounce, complaint) gets no email of any kind; a newsletter only while its subscription is active.
      const reason = await withheld(table, job, to);
      if (reason) {
        await settle(job, {
          expression: 'SET #status = :suppressed, suppressedReason = :reason, dueAt = :at REMOVE GSI1PK, GSI1SK',
          values: { ':suppressed': 'suppressed', ':reason': reason, ':at': now().toISOString() },
        });
        logger.info('email withheld', { jobId: job.id, kind: job.kind, reason });
        return 'suppressed';
      }
      // A form-triggered email over the address's daily cap is withheld, like a suppressed one (see recipient-cap.ts).
      if (typeof job.to === 'string' && (await overRecipientCap(table, job, to, now()))) {
        await settle(job, {
          expression: 'SET #status = :suppressed, suppressedReason = :reason, dueAt = :at REMOVE GSI1PK, GSI1SK',
          values: { ':suppressed': 'suppressed', ':reason': 'recipient-cap', ':at': now().toISOString() },
        });
        logger.warn('email withheld: the address had its form emails for today', { jobId: job.id, kind: job.kind });
        return 'suppressed';
      }
      const cc = resolvedCc && !(await withheld(table, undefined, resolvedCc)) ? resolvedCc : undefined;
      const raw = await composeMessage({ from: options.mailFrom, to, ...(cc ? { cc } : {}), email, messageKey: job.id });
      await pace();
      const result = await ses.send(new SendRawEmailCommand({ RawMessage: { Data: raw } }));
      messageId = result.MessageId;
    } catch (error) {
      const attempts = (job.attempts ?? 0) + 1;
      const lastError = `${errorFields(error).errorName}: ${String(errorFields(error).errorMessage ?? '').slice(0, 200)}`;
      if (attempts >= maxAttempts) {
        const at = now().toISOString();
        await settle(job, {
          expression: 'SET #status = :failed, attempts = :attempts, lastError = :error, dueAt = :at, GSI1PK = :pk, GSI1SK = :sk',
          values: { ':failed': 'failed', ':attempts': attempts, ':error': lastError, ':at': at, ...prefixed(indexKeys.jobsByStatus('failed', at, job.id)) },
        });
        logger.error('email job failed for good', { jobId: job.id, kind: job.kind, attempts, ...errorFields(error) });
        return 'failed';
      }
      const delay = Math.min(retryMaxMs, retryBaseMs * 2 ** (attempts - 1));
      const due = new Date(now().getTime() + delay * (0.8 + Math.random() * 0.4)).toISOString();
      await settle(job, {
        expression: 'SET #status = :pending, attempts = :attempts, lastError = :error, dueAt = :due, GSI1PK = :pk, GSI1SK = :sk',
        values: { ':pending': 'pending', ':attempts': attempts, ':error': lastError, ':due': due, ...prefixed(indexKeys.jobsByStatus('pending', due, job.id)) },
      });
      logger.warn('email not sent, will retry', { jobId: job.id, kind: job.kind, attempts, retryAt: due, ...errorFields(error) });
      return 'retry';
    }
    await settle(job, {
      expression: 'SET #status = :sent, sentAt = :at, messageId = :messageId, attempts = attempts + :one REMOVE GSI1PK, GSI1SK',
      values: { ':sent': 'sent', ':at': now().toISOString(), ':messageId': messageId ?? 'unknown', ':one': 1 },
    });
    logger.info('email sent', { jobId: job.id, kind: job.kind });
    return 'sent';
  }

  const processJob = (id: string) => send(id, slot);

  const rate = options.sendRatePerSecond;
  // One sweep takes the jobs that fall due in about a minute at the sending rate (the schedule runs every minute).
  const sweepLimit = rate ? Math.max(1_000, Math.ceil(rate * 75)) : 1_000;
  // Sends in flight at once: enough to keep up with the rate while each send waits on DynamoDB and SES (about
  // a tenth of a second or more); never more than the rate in any second, which the slots below hold.
  const concurrency = options.sweepConcurrency ?? (rate ? Math.max(1, Math.min(64, Math.ceil(rate / 4))) : 10);
  // The sweep's own pace: SES is called no faster than the sending rate, whatever the concurrency.
  const sweepSlot = rate && rate !== options.maxSendRate ? both(slot, sendSlots(rate)) : slot;

  async function dueJobs(status: 'pending' | 'sending'): Promise<string[]> {
    const ids: string[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await table.db.send(
        new QueryCommand({
          TableName,
          IndexName: gsi1,
          KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK <= :now',
          ExpressionAttributeValues: { ':pk': `JOBS#${status}`, ':now': `${now().toISOString()}#\uffff` },
          ProjectionExpression: 'id',
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) ids.push(String(item.id));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey && ids.length < sweepLimit);
    return ids;
  }

  async function sweep(sweepOptions: { deadline?: number } = {}): Promise<Record<JobOutcome, number>> {
    const counts: Record<JobOutcome, number> = { sent: 0, retry: 0, failed: 0, skipped: 0, suppressed: 0 };
    const ids = [...(await dueJobs('pending')), ...(await dueJobs('sending'))];
    // `concurrency` workers take the next id as each finishes; SES is called no more than the rate's count in any second.
    let next = 0;
    const worker = async () => {
      while (next < ids.length && !(sweepOptions.deadline !== undefined && Date.now() >= sweepOptions.deadline)) {
        const id = ids[next++]!;
        try {
          counts[await send(id, sweepSlot)]++;
        } catch (error) {
          // DynamoDB failed past its retries for this job: the others go on; the job's lease runs out and a later sweep takes it.
          counts.retry++;
          logger.error('email job not processed', { jobId: id, ...errorFields(error) });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
    if (ids.length > 0) logger.info('mailer sweep', counts);
    return counts;
  }

  return { processJob, sweep };
}

/**
 * Waits until a send fits `perSecond`: at most that many sends start in any one second, as SES counts its sending
 * rate. Sends that become ready together go out together, up to the second's count, instead of queueing for evenly
 * spaced slots while the time of the slots nobody was ready for is lost (that held a newsletter to about two thirds
 * of the rate). Below one a second, sends are spaced evenly. No wait without a rate.
 */
function sendSlots(perSecond: number | undefined): () => Promise<void> {
  if (!perSecond || perSecond <= 0) return async () => {};
  if (perSecond < 1) return evenlySpaced(perSecond);
  const perWindow = Math.floor(perSecond);
  /** Start times of the last `perWindow` sends, oldest first. */
  const starts: number[] = [];
  let queue = Promise.resolve();
  return () => {
    const granted = queue.then(async () => {
      const wait = starts.length < perWindow ? 0 : starts[0]! + 1_000 - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      starts.push(Date.now());
      if (starts.length > perWindow) starts.shift();
    });
    queue = granted;
    return granted;
  };
}

function evenlySpaced(perSecond: number): () => Promise<void> {
  const spacing = 1_000 / perSecond;
  let next = 0;
  return () => {
    const at = Math.max(Date.now(), next);
    next = at + spacing;
    const wait = at - Date.now();
    return wait > 0 ? new Promise((resolve) => setTimeout(resolve, wait)) : Promise.resolve();
  };
}

/** Runs `work` again (up to 6 times, backing off from 50 ms) while DynamoDB answers busy (5xx, throttling); any other error at once. */
async function withRetries<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      const busy = (status !== undefined && status >= 500) || /Throttl|ProvisionedThroughputExceeded|RequestLimitExceeded/.test((error as Error).name ?? '');
      if (!busy || attempt >= 6) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 50 * 2 ** attempt) * (0.5 + Math.random())));
    }
  }
}

/** Waits for a slot of each limiter in turn. */
function both(first: () => Promise<void>, second: () => Promise<void>): () => Promise<void> {
  return async () => {
    await first();
    await second();
  };
}

/** `{ GSI1PK, GSI1SK }` as the `:pk`/`:sk` expression values. */
function prefixed(index: { GSI1PK: string; GSI1SK: string }) {
  return { ':pk': index.GSI1PK, ':sk': index.GSI1SK };
}

/** A job as stored, for staff tools and tests. */
export async function getJob(table: Table, id: string): Promise<EmailJob | undefined> {
  const result = await table.db.send(new GetCommand({ TableName: table.name, Key: keys.emailJob(id), ConsistentRead: true }));
  return result.Item as EmailJob | undefined;
}
