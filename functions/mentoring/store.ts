/**
 * Mentor requests in DynamoDB. A request and the emails it owes are written
 * in one transaction (the outbox); an accept takes one of the mentor's places
 * in a transaction whose condition keeps the mentor's accepted mentees below
 * their capacity, whatever the concurrency. Keys: see shared/table.ts.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ManifestMentor } from '../../site/manifest/manifest-schema';
import type { MentorRequest } from '../schemas/mentor-request';
import type { Table } from '../shared/clients';
import { emailJobItem, type MentorRequestEmailData, type SuggestionSnapshot } from '../shared/email-jobs';
import { newId } from '../shared/ids';
import type { RateLimitCharge } from '../shared/rate-limit';
import { emailHash, expiryAfter, indexKeys, keys } from '../shared/table';
import { signToken } from '../shared/tokens';
import { transact, type TransactItem } from '../shared/transactions';
import type { Suggestion } from './matching';

export type MentorRequestStatus = 'pending' | 'accepted' | 'declined';

export interface MentorRequestItem {
  PK: string;
  SK: string;
  entity: 'MentorRequest';
  id: string;
  name: string;
  email: string;
  role: MentorRequest['role'];
  program?: string;
  classYear?: number;
  goals: string;
  topics: string[];
  industries?: string[];
  languages?: string[];
  country?: string;
  format: MentorRequest['format'];
  /** The mentor asked (profile slug), if the requester chose one. */
  mentor?: string;
  status: MentorRequestStatus;
  /** The suggestions given with the answer to the request. */
  suggestions: Suggestion[];
  createdAt: string;
  updatedAt: string;
  answeredAt?: string;
  consentAt: string;
  expiresAt: number;
}

export interface MentoringContext {
  table: Table;
  siteUrl: string;
  retentionDays: number;
  secret: string;
  now: Date;
}

export const profileUrl = (siteUrl: string, slug: string) => `${siteUrl}/profiles/${slug}/`;

/** The mentor's answer link: the site's page, whose island posts the answer to the API. */
export function answerUrl(ctx: MentoringContext, id: string, action: 'accept' | 'decline'): string {
  const token = signToken(ctx.secret, 'mentor-request', id);
  return `${ctx.siteUrl}/mentoring/respond/?id=${encodeURIComponent(id)}&token=${encodeURIComponent(token)}&action=${action}`;
}

/** Accepted mentees of every mentor (one Query: the loads share a partition); a mentor without an item has none. */
export async function mentorLoads(table: Table): Promise<Map<string, number>> {
  const loads = new Map<string, number>();
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await table.db.send(
      new QueryCommand({
        TableName: table.name,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :load)',
        ExpressionAttributeValues: { ':pk': keys.mentorLoadPartition, ':load': keys.mentorLoadPrefix },
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) loads.set(String(item.slug), Number(item.active ?? 0));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return loads;
}

export async function getMentorRequest(table: Table, id: string): Promise<MentorRequestItem | undefined> {
  const result = await table.db.send(new GetCommand({ TableName: table.name, Key: keys.mentorRequest(id), ConsistentRead: true }));
  return result.Item as MentorRequestItem | undefined;
}

function snapshotSuggestions(ctx: MentoringContext, suggestions: readonly Suggestion[]): SuggestionSnapshot[] {
  return suggestions.map((s) => ({ ...s, url: profileUrl(ctx.siteUrl, s.mentor) }));
}

function mentorSnapshot(ctx: MentoringContext, mentor: ManifestMentor) {
  return { slug: mentor.slug, name: mentor.name, url: profileUrl(ctx.siteUrl, mentor.slug) };
}

/** What every email about the request shows of it (never the requester's address). */
function emailData(ctx: MentoringContext, r: MentorRequestItem, mentor: ManifestMentor | undefined, suggestions: readonly Suggestion[]): MentorRequestEmailData {
  return {
    requestId: r.id,
    name: r.name,
    role: r.role,
    program: r.program,
    classYear: r.classYear,
    country: r.country,
    goals: r.goals,
    topics: r.topics,
    industries: r.industries,
    languages: r.languages,
    format: r.format,
    mentor: mentor ? mentorSnapshot(ctx, mentor) : undefined,
    suggestions: snapshotSuggestions(ctx, suggestions),
    mentoringUrl: `${ctx.siteUrl}/mentoring/`,
  };
}

/**
 * Stores a request with its emails: to the preferred mentor (with the accept
 * and decline links) when there is one, and an acknowledgement to the
 * requester. A rate-limit charge, when given, is part of the same transaction.
 */
export async function createMentorRequest(
  ctx: MentoringContext,
  input: MentorRequest,
  mentor: ManifestMentor | undefined,
  suggestions: Suggestion[],
  charge?: RateLimitCharge,
): Promise<MentorRequestItem> {
  const id = newId();
  const at = ctx.now.toISOString();
  const expiresAt = expiryAfter(ctx.now, ctx.retentionDays);
  const request: MentorRequestItem = {
    ...keys.mentorRequest(id),
    entity: 'MentorRequest',
    id,
    name: input.name,
    email: input.email,
    role: input.role,
    ...(input.program ? { program: input.program } : {}),
    ...(input.classYear !== undefined ? { classYear: input.classYear } : {}),
    goals: input.goals,
    topics: input.topics,
    ...(input.industries?.length ? { industries: input.industries } : {}),
    ...(input.languages?.length ? { languages: input.languages } : {}),
    ...(input.country ? { country: input.country } : {}),
    format: input.format,
    ...(mentor ? { mentor: mentor.slug } : {}),
    status: 'pending',
    suggestions,
    createdAt: at,
    updatedAt: at,
    consentAt: at,
    expiresAt,
  };
  const data = emailData(ctx, request, mentor, suggestions);
  const toMentor = mentor && { ...data, mentor: mentorSnapshot(ctx, mentor), acceptUrl: answerUrl(ctx, id, 'accept'), declineUrl: answerUrl(ctx, id, 'decline') };
  const result = await transact(ctx.table, {
    request: {
      Put: {
        TableName: ctx.table.name,
        Item: { ...request, ...indexKeys.mentorRequestsByStatus('pending', at, id), ...indexKeys.personMentorRequest(emailHash(input.email), at) },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    acknowledgement: { Put: { TableName: ctx.table.name, Item: emailJobItem({ id: newId(), kind: 'mentor-request-received', to: request.email, data, expiresAt, now: ctx.now }) } },
    toMentor: toMentor && { Put: { TableName: ctx.table.name, Item: emailJobItem({ id: newId(), kind: 'mentor-request', to: { mentor: toMentor.mentor.slug }, data: toMentor, expiresAt, now: ctx.now }) } },
    rateLimit: charge?.item,
  });
  if (!result.ok) {
    if (result.failed.has('rateLimit')) throw charge!.exceeded();
    throw new Error('A new mentor request collided with an existing id');
  }
  return request;
}

export type AnswerOutcome = { kind: 'answered'; request: MentorRequestItem } | { kind: 'already'; request: MentorRequestItem } | { kind: 'full' };

/** The request as answered: status, time, and personal data kept for the retention period from now. */
function answered(ctx: MentoringContext, r: MentorRequestItem, status: 'accepted' | 'declined'): { item: MentorRequestItem; update: TransactItem } {
  const at = ctx.now.toISOString();
  const expiresAt = expiryAfter(ctx.now, ctx.retentionDays);
  return {
    item: { ...r, status, answeredAt: at, updatedAt: at, expiresAt },
    update: {
      Update: {
        TableName: ctx.table.name,
        Key: keys.mentorRequest(r.id),
        UpdateExpression: 'SET #status = :status, answeredAt = :at, updatedAt = :at, expiresAt = :expires, GSI1PK = :gsi1pk',
        ConditionExpression: '#status = :pending AND mentor = :mentor',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': status,
          ':at': at,
          ':expires': expiresAt,
          ':pending': 'pending',
          ':mentor': r.mentor,
          ':gsi1pk': indexKeys.mentorRequestsByStatus(status, r.createdAt, r.id).GSI1PK,
        },
      },
    },
  };
}

/**
 * The mentor accepts: the request, one of the mentor's places (only while
 * fewer than `capacity` are taken) and the introduction email, all or nothing.
 * Answering again gives the answer already recorded.
 */
export async function acceptRequest(ctx: MentoringContext, r: MentorRequestItem, mentor: ManifestMentor): Promise<AnswerOutcome> {
  if (r.status !== 'pending') return { kind: 'already', request: r };
  const { item, update } = answered(ctx, r, 'accepted');
  const result = await transact(ctx.table, {
    request: update,
    load: {
      Update: {
        TableName: ctx.table.name,
        Key: keys.mentorLoad(mentor.slug),
        UpdateExpression: 'ADD active :one SET entity = :entity, slug = :slug',
        ConditionExpression: 'attribute_not_exists(active) OR active < :capacity',
        ExpressionAttributeValues: { ':one': 1, ':entity': 'MentorLoad', ':slug': mentor.slug, ':capacity': mentor.available ? mentor.capacity : 0 },
      },
    },
    introduction: {
      Put: {
        TableName: ctx.table.name,
        Item: emailJobItem({
          id: newId(),
          kind: 'mentor-introduction',
          to: r.email,
          cc: { mentor: mentor.slug },
          data: { ...emailData(ctx, item, mentor, []), mentor: mentorSnapshot(ctx, mentor), requesterEmail: r.email },
          expiresAt: item.expiresAt,
          now: ctx.now,
        }),
      },
    },
  });
  if (result.ok) return { kind: 'answered', request: item };
  if (result.failed.has('request')) return settled(ctx, r.id);
  return { kind: 'full' };
}

/** The mentor declines: the request and the email to the requester, pointing to other mentors. */
export async function declineRequest(ctx: MentoringContext, r: MentorRequestItem, mentor: ManifestMentor | undefined, suggestions: Suggestion[]): Promise<AnswerOutcome> {
  if (r.status !== 'pending') return { kind: 'already', request: r };
  const { item, update } = answered(ctx, r, 'declined');
  const result = await transact(ctx.table, {
    request: update,
    job: {
      Put: {
        TableName: ctx.table.name,
        Item: emailJobItem({ id: newId(), kind: 'mentor-declined', to: r.email, data: emailData(ctx, item, mentor, suggestions), expiresAt: item.expiresAt, now: ctx.now }),
      },
    },
  });
  if (result.ok) return { kind: 'answered', request: item };
  return settled(ctx, r.id);
}

/** Someone answered at the same moment: the answer recorded first stands. */
async function settled(ctx: MentoringContext, id: string): Promise<AnswerOutcome> {
  const now = await getMentorRequest(ctx.table, id);
  if (!now) throw new Error('A mentor request disappeared while it was answered');
  return { kind: 'already', request: now };
}
