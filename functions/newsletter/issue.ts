/**
 * Sending an issue: one email job per active subscriber, through the outbox.
 *
 * `startIssue` records a NewsletterIssue: who gets it (weekly subscribers
 * always; monthly ones when their last issue is 27 days old or more), since
 * when its stories count (the previous issue for that frequency), and the
 * sending rate. `queueIssue` then pages through the active subscribers
 * (GSI1 `SUBS#weekly`, `SUBS#monthly`) and writes one job per subscriber with
 * the id `nl-{issue}-{subscription}` as a conditional put: a page written
 * twice writes nobody twice. Each run first writes the issue's digest item
 * (every entry a digest can show, see emails.ts), and each job then holds
 * only the subscriber's picks from it. After each page the issue records its cursor, so
 * a crash resumes at the last page; `deadline` stops it between pages, so a
 * Lambda invocation never meets its time limit (the schedule continues it).
 *
 * The jobs' due times are spaced at the sending rate (SEND_RATE_PER_SECOND,
 * else 80% of the SES account's maximum send rate, leaving room for the
 * forms' emails); the mailer's sweep sends each job as it falls due, no
 * faster than that rate. SES down: jobs are retried as any job is.
 */
import { GetSendQuotaCommand, type SESClient } from '@aws-sdk/client-ses';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { formatDate } from '../../site/lib/format';
import { isFundClosed } from '../../site/lib/funds';
import type { ContentManifest } from '../../site/manifest/manifest-schema';
import { fundTotals } from '../donations/store';
import { mentorStates } from '../mentoring/store';
import type { NewsletterFrequency } from '../schemas/subscription';
import type { Table } from '../shared/clients';
import { emailJobItem, type EmailJob } from '../shared/email-jobs';
import { newId } from '../shared/ids';
import { logger } from '../shared/logger';
import { expiryAfter, gsi1, gsi2, indexKeys, keys } from '../shared/table';
import type { DigestContent } from './content';
import { digestFor, issueDigest, type IssueMaterial } from './digest';
import { digestSortKey, maxDigestItemBytes, splitDigest } from './digest-item';
import type { IssueDigest } from './emails';
import { subscriptionLinks, type SubscriptionItem } from './store';

export const frequencies: NewsletterFrequency[] = ['weekly', 'monthly'];
const monthlyGapDays = 27;
const firstIssueDays = 30;
const pageSize = 100;
const writeConcurrency = 50;

export interface IssueItem {
  PK: string;
  SK: string;
  entity: 'NewsletterIssue';
  id: string;
  title: string;
  /** queueing: jobs being written; queued: every job written (the mailer sends them as they fall due). */
  status: 'queueing' | 'queued';
  startedAt: string;
  audience: NewsletterFrequency[];
  /** Stories published after this count, per frequency. */
  since: Partial<Record<NewsletterFrequency, string>>;
  ratePerSecond: number;
  /** Where queueing goes on: the frequency being paged and the last key read. */
  cursor?: { frequency: NewsletterFrequency; key?: Record<string, unknown> };
  /** Jobs written so far (they are numbered in this order for their due times). */
  queued: number;
  queuedAt?: string;
  GSI1PK: string;
  GSI1SK: string;
}

export interface IssueContext {
  table: Table;
  siteUrl: string;
  signingSecret: string;
  content: DigestContent;
  manifest: ContentManifest;
  now: () => Date;
}

/** The SES rate for bulk email: SEND_RATE_PER_SECOND, else 80% of the account's maximum send rate. */
export async function bulkSendRate(ses: SESClient, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const set = Number(env.SEND_RATE_PER_SECOND);
  if (Number.isFinite(set) && set > 0) return set;
  const quota = await ses.send(new GetSendQuotaCommand({}));
  return Math.max(1, Math.floor((quota.MaxSendRate ?? 1) * 0.8));
}

export async function listIssues(table: Table, limit = 10): Promise<IssueItem[]> {
  const page = await table.db.send(
    new QueryCommand({ TableName: table.name, IndexName: gsi1, KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': 'ISSUES' }, ScanIndexForward: false, Limit: limit }),
  );
  return (page.Items ?? []) as IssueItem[];
}

export async function getIssue(table: Table, id: string): Promise<IssueItem | undefined> {
  const result = await table.db.send(new GetCommand({ TableName: table.name, Key: keys.newsletterIssue(id), ConsistentRead: true }));
  return result.Item as IssueItem | undefined;
}

/** Who the next issue goes to and since when, from the issues before it. */
export async function planIssue(table: Table, now: Date, only?: NewsletterFrequency[]): Promise<Pick<IssueItem, 'audience' | 'since'>> {
  const previous = await listIssues(table, 20);
  const since: IssueItem['since'] = {};
  for (const frequency of frequencies) {
    const last = previous.find((i) => i.audience.includes(frequency));
    since[frequency] = last?.startedAt ?? new Date(now.getTime() - firstIssueDays * 86_400_000).toISOString();
  }
  const monthlyDue = now.getTime() - Date.parse(since.monthly!) >= monthlyGapDays * 86_400_000 || !previous.some((i) => i.audience.includes('monthly'));
  const audience = only ?? (monthlyDue ? frequencies : ['weekly']);
  return { audience, since: Object.fromEntries(audience.map((f) => [f, since[f]])) };
}

/** Records a new issue, unless one is still being queued (that one is answered, to be resumed). */
export async function startIssue(ctx: IssueContext, ratePerSecond: number, only?: NewsletterFrequency[]): Promise<{ issue: IssueItem; resumed: boolean }> {
  const unfinished = (await listIssues(ctx.table, 5)).find((i) => i.status === 'queueing');
  if (unfinished) return { issue: unfinished, resumed: true };
  const now = ctx.now();
  const id = `${now.toISOString().slice(0, 10).replaceAll('-', '')}${newId().slice(0, 8)}`;
  const plan = await planIssue(ctx.table, now, only);
  const issue: IssueItem = {
    ...keys.newsletterIssue(id),
    ...indexKeys.newsletterIssues(now.toISOString(), id),
    entity: 'NewsletterIssue',
    id,
    title: formatDate(now),
    status: 'queueing',
    startedAt: now.toISOString(),
    ...plan,
    ratePerSecond,
    cursor: { frequency: plan.audience[0]! },
    queued: 0,
  };
  await ctx.table.db.send(new PutCommand({ TableName: ctx.table.name, Item: issue, ConditionExpression: 'attribute_not_exists(PK)' }));
  logger.info('newsletter issue started', { issueId: id, audience: plan.audience.join(','), ratePerSecond });
  return { issue, resumed: false };
}

/** What every subscriber's digest draws on: mentor free places and fund totals, read once per run. */
export async function issueMaterial(ctx: IssueContext, title: string): Promise<IssueMaterial> {
  const now = ctx.now();
  const { loads, paused } = await mentorStates(ctx.table);
  const mentors = ctx.manifest.mentors
    .filter((m) => m.available && !paused.has(m.slug))
    .map((m) => ({ ...m, freePlaces: Math.max(0, m.capacity - (loads.get(m.slug) ?? 0)) }))
    .filter((m) => m.freePlaces > 0);
  const funds = await Promise.all(
    ctx.content.funds
      .filter((f) => !isFundClosed(f.closes, now))
      .map(async (f) => {
        const totals = await fundTotals(ctx.table, f.slug);
        return { title: f.title, url: `${ctx.siteUrl}${f.path}`, raised: totals.raised, goal: f.goal, currency: f.currency, donors: totals.donors };
      }),
  );
  return { content: ctx.content, mentors, funds, siteUrl: ctx.siteUrl, now, title };
}

/** The issue's digest item of this run: what every subscriber's digest chooses from (see emails.ts). */
export interface SharedDigest {
  digest: IssueDigest;
  sortKey: string;
}

/**
 * Writes this run's digest item unless it exists (a resumed run with the same entries finds it); undefined when it
 * would be too large for an item, and then each job carries its whole digest.
 */
export async function putIssueDigest(ctx: IssueContext, material: IssueMaterial, issue: IssueItem): Promise<SharedDigest | undefined> {
  const since = new Date(Math.min(Date.parse(issue.startedAt), ...Object.values(issue.since).map((at) => Date.parse(at))));
  const digest = issueDigest(material, issue.id, since);
  if (Buffer.byteLength(JSON.stringify(digest)) > maxDigestItemBytes) {
    logger.warn('newsletter digest item too large: each job carries its whole digest', { issueId: issue.id });
    return undefined;
  }
  const sortKey = digestSortKey(digest);
  // No personal data: kept well beyond the issue's jobs (30 days after they fall due), then expires.
  const item = { ...keys.issueDigest(issue.id, sortKey), entity: 'NewsletterDigest', issueId: issue.id, digest, createdAt: ctx.now().toISOString(), expiresAt: expiryAfter(ctx.now(), 60) };
  await putOnce(ctx.table, item);
  return { digest, sortKey };
}

/** The email job of one subscriber's digest in an issue: picks from the issue's digest item when there is one. */
export function digestJob(ctx: IssueContext, material: IssueMaterial, issue: IssueItem, subscription: SubscriptionItem, dueAt: Date, shared?: SharedDigest): EmailJob<'newsletter'> {
  const links = subscriptionLinks(ctx.siteUrl, ctx.signingSecret, subscription.id);
  const since = new Date(issue.since[subscription.frequency ?? 'monthly'] ?? issue.startedAt);
  const jobId = `nl-${issue.id}-${subscription.id}`;
  const whole = digestFor(material, subscription, since, { issueId: issue.id, preferencesUrl: links.preferencesUrl, unsubscribeUrl: links.unsubscribeUrl });
  const job = emailJobItem({
    id: jobId,
    kind: 'newsletter',
    to: subscription.email!,
    data: (shared && splitDigest(whole, shared.digest, shared.sortKey)) ?? whole,
    expiresAt: expiryAfter(dueAt, 30),
    now: dueAt,
  });
  return { ...job, ...indexKeys.issueJobs(issue.id, subscription.id) } as EmailJob<'newsletter'>;
}

export interface QueueOptions {
  /** Stop between pages after this instant (a Lambda's remaining time); the next run resumes. */
  deadline?: number;
  /** Stop after this many pages (tests simulate a crash with it). */
  maxPages?: number;
  /** Subscribers read per page (100). */
  pageSize?: number;
}

/** Writes the issue's jobs from its cursor on; answers the issue as it stands. */
export async function queueIssue(ctx: IssueContext, issueId: string, options: QueueOptions = {}): Promise<IssueItem> {
  let issue = await getIssue(ctx.table, issueId);
  if (!issue) throw new Error(`There is no issue ${issueId}.`);
  const material = await issueMaterial(ctx, issue.title);
  const shared = issue.status === 'queueing' ? await putIssueDigest(ctx, material, issue) : undefined;
  let pages = 0;
  while (issue.status === 'queueing' && issue.cursor) {
    if ((options.deadline !== undefined && Date.now() >= options.deadline) || (options.maxPages !== undefined && pages >= options.maxPages)) break;
    const { frequency, key } = issue.cursor;
    const page = await ctx.table.db.send(
      new QueryCommand({
        TableName: ctx.table.name,
        IndexName: gsi1,
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': indexKeys.activeSubscribers(frequency, '').GSI1PK },
        Limit: options.pageSize ?? pageSize,
        ...(key ? { ExclusiveStartKey: key } : {}),
      }),
    );
    const subscribers = ((page.Items ?? []) as SubscriptionItem[]).filter((s) => s.status === 'active' && s.email);
    const start = Math.max(ctx.now().getTime(), Date.parse(issue.startedAt) + (issue.queued / issue.ratePerSecond) * 1000);
    const jobs = subscribers.map((s, i) => digestJob(ctx, material, issue!, s, new Date(start + (i / issue!.ratePerSecond) * 1000), shared));
    for (let i = 0; i < jobs.length; i += writeConcurrency) await Promise.all(jobs.slice(i, i + writeConcurrency).map((job) => putOnce(ctx.table, job)));
    const nextFrequency = issue.audience[issue.audience.indexOf(frequency) + 1];
    const cursor = page.LastEvaluatedKey ? { frequency, key: page.LastEvaluatedKey } : nextFrequency ? { frequency: nextFrequency } : undefined;
    const done = cursor === undefined;
    const result = await ctx.table.db.send(
      new UpdateCommand({
        TableName: ctx.table.name,
        Key: keys.newsletterIssue(issue.id),
        UpdateExpression: `SET queued = queued + :n, ${done ? '#status = :queued, queuedAt = :at REMOVE #cursor' : '#cursor = :cursor'}`,
        ConditionExpression: '#status = :queueing',
        ExpressionAttributeNames: { '#status': 'status', '#cursor': 'cursor' },
        ExpressionAttributeValues: { ':n': jobs.length, ':queueing': 'queueing', ...(done ? { ':queued': 'queued', ':at': ctx.now().toISOString() } : { ':cursor': cursor }) },
        ReturnValues: 'ALL_NEW',
      }),
    );
    issue = result.Attributes as IssueItem;
    pages++;
  }
  if (issue.status === 'queued') logger.info('newsletter issue queued', { issueId: issue.id, queued: issue.queued });
  return issue;
}

/** Puts a job (or a digest item) unless it exists: a resumed page writes nobody twice. */
async function putOnce(table: Table, item: Record<string, unknown> | EmailJob): Promise<boolean> {
  try {
    await table.db.send(new PutCommand({ TableName: table.name, Item: item, ConditionExpression: 'attribute_not_exists(PK)' }));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** How an issue's jobs stand: counts by status (sent, pending, sending, failed, suppressed). */
export async function issueJobCounts(table: Table, issueId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await table.db.send(
      new QueryCommand({
        TableName: table.name,
        IndexName: gsi2,
        KeyConditionExpression: 'GSI2PK = :pk',
        ExpressionAttributeValues: { ':pk': `ISSUE#${issueId}` },
        ProjectionExpression: '#status',
        ExpressionAttributeNames: { '#status': 'status' },
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) counts[String(item.status)] = (counts[String(item.status)] ?? 0) + 1;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return counts;
}
