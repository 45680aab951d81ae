/**
 * Mentor requests in DynamoDB. A request and the emails it owes are written
 * in one transaction (the outbox); an accept takes one of the mentor's places
 * in a transaction whose condition keeps the mentor's accepted mentees below
 * their capacity, whatever the concurrency. What happens after the accept
 * (ending, extending, feedback, pausing) is in mentorships.ts; the time-driven
 * steps in lifecycle.ts. Keys: see shared/table.ts.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ManifestMentor } from '../../site/manifest/manifest-schema';
import type { MentorRequest } from '../schemas/mentor-request';
import type { Table } from '../shared/clients';
import { emailJobItem, type MentorRequestEmailData, type MentorshipEmailData, type SuggestionSnapshot } from '../shared/email-jobs';
import { newId } from '../shared/ids';
import type { RateLimitCharge } from '../shared/rate-limit';
import { emailHash, expiryAfter, indexKeys, keys } from '../shared/table';
import { transact, type TransactItem } from '../shared/transactions';
import { mentorshipSpanDays } from '../schemas/mentorship';
import type { MentorRequestStatus } from '../schemas/mentor-request';
import { answerUrl, feedbackLinks, guidelinesUrl, mentoringUrl, mentorshipUrl, pauseLinks, profileUrl, type MentorshipRole } from './links';
import type { Suggestion } from './matching';
import { mentorDeliveryTime } from './queue';

export type { MentorRequestStatus };
export { answerUrl, profileUrl };

/** Who ended a mentorship. */
export type EndedBy = 'mentor' | 'mentee' | 'staff' | 'schedule' | 'erasure';

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
  /**
   * When the request reaches the mentor: at once, or, over the mentor's requests for the day, when its queued email is
   * due (queue.ts). The reminder and the expiry count from it, and a pending request's GSI1SK is `{deliveredAt}#{id}`.
   * Missing on requests made before it existed: they count from `createdAt`.
   */
  deliveredAt?: string;
  /** The mentor was reminded (3 days after the request reached them). */
  remindedAt?: string;
  /** Accepted: when the mentorship ends by itself (acceptance + the format's span, or later once extended). Missing on mentorships accepted before it existed: see lifecycle.ts. */
  endsAt?: string;
  extendedAt?: string;
  /** The check-in (30 days after acceptance) was sent. */
  checkInAt?: string;
  /** The note a week before `endsAt` was sent, for this `endsAt`. */
  endingNoticeFor?: string;
  endedAt?: string;
  endedBy?: EndedBy;
  /** Expired: when. */
  expiredAt?: string;
  /** `again:{slug}`: the request made from this one by its one-click link to that mentor (see againAttribute). */
  [again: `again:${string}`]: string | undefined;
  /** Set by `admin privacy erase`: its links stop working. */
  erasedAt?: string;
  closedBy?: string;
}

export interface MentoringContext {
  table: Table;
  siteUrl: string;
  retentionDays: number;
  secret: string;
  now: Date;
  /** New requests a mentor is sent per day (queue.ts); its default when left out. */
  mentorRequestsPerDay?: number;
}

/** Accepted mentees of every mentor (one Query: the loads share a partition); a mentor without an item has none. */
export async function mentorLoads(table: Table): Promise<Map<string, number>> {
  return (await mentorStates(table)).loads;
}

export interface MentorStates {
  /** Active mentorships by mentor. */
  loads: Map<string, number>;
  /** Mentors who paused new requests. */
  paused: Set<string>;
}

/** Every mentor's load and pause, from the one partition of MentorLoad items. */
export async function mentorStates(table: Table): Promise<MentorStates> {
  const loads = new Map<string, number>();
  const paused = new Set<string>();
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
    for (const item of page.Items ?? []) {
      loads.set(String(item.slug), Number(item.active ?? 0));
      if (item.paused === true) paused.add(String(item.slug));
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return { loads, paused };
}

export async function getMentorRequest(table: Table, id: string): Promise<MentorRequestItem | undefined> {
  const result = await table.db.send(new GetCommand({ TableName: table.name, Key: keys.mentorRequest(id), ConsistentRead: true }));
  return result.Item as MentorRequestItem | undefined;
}

/** Suggestions as emails show them; `askAgainFrom` adds to each a one-click request carrying over that request. */
function snapshotSuggestions(ctx: MentoringContext, suggestions: readonly Suggestion[], askAgainFrom?: string): SuggestionSnapshot[] {
  return suggestions.map((s) => ({
    ...s,
    url: profileUrl(ctx.siteUrl, s.mentor),
    ...(askAgainFrom ? { askUrl: mentorshipUrl(ctx, askAgainFrom, 'mentee', 'again', { mentor: s.mentor }) } : {}),
  }));
}

export function mentorSnapshot(ctx: Pick<MentoringContext, 'siteUrl'>, mentor: Pick<ManifestMentor, 'slug' | 'name'>) {
  return { slug: mentor.slug, name: mentor.name, url: profileUrl(ctx.siteUrl, mentor.slug) };
}

/** What every email about the request shows of it (never the requester's address). */
export function emailData(
  ctx: MentoringContext,
  r: MentorRequestItem,
  mentor: Pick<ManifestMentor, 'slug' | 'name'> | undefined,
  suggestions: readonly Suggestion[],
  askAgain = false,
): MentorRequestEmailData {
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
    suggestions: snapshotSuggestions(ctx, suggestions, askAgain ? r.id : undefined),
    mentoringUrl: mentoringUrl(ctx.siteUrl),
    guidelinesUrl: guidelinesUrl(ctx.siteUrl),
  };
}

/** The request as its mentor sees it, with the answer links and the mentor's own pause links. */
export function toMentorData(ctx: MentoringContext, r: MentorRequestItem, mentor: Pick<ManifestMentor, 'slug' | 'name'>) {
  return {
    ...emailData(ctx, r, mentor, []),
    mentor: mentorSnapshot(ctx, mentor),
    acceptUrl: answerUrl(ctx, r.id, 'accept'),
    declineUrl: answerUrl(ctx, r.id, 'decline'),
    ...pauseLinks(ctx, mentor.slug),
  };
}

const dayMs = 86_400_000;
export const addDays = (at: string | Date, days: number) => new Date(new Date(at).getTime() + days * dayMs).toISOString();

/** When an accepted request's mentorship ends by itself: acceptance plus the format's span. */
export const spanEnd = (acceptedAt: string, format: MentorRequest['format']) => addDays(acceptedAt, mentorshipSpanDays[format]);

/** Days after acceptance that both are asked how it is going. */
export const checkInAfterDays = 30;
/** Days before the end that both are told (and the mentor may extend). */
export const endingNoticeDays = 7;

/**
 * The next time the schedule has something to do for a mentorship: the
 * check-in (if it comes before the end and has not gone), the note a week
 * before the end (once per end date), or the end itself. Accepted requests
 * are indexed by it (GSI1 `MREQS#accepted`), so the schedule reads only those due.
 */
export function nextStepAt(r: Pick<MentorRequestItem, 'answeredAt' | 'endsAt' | 'checkInAt' | 'endingNoticeFor'>): string {
  const endsAt = r.endsAt!;
  const steps = [endsAt];
  const checkIn = addDays(r.answeredAt!, checkInAfterDays);
  if (!r.checkInAt && checkIn < endsAt) steps.push(checkIn);
  if (r.endingNoticeFor !== endsAt) steps.push(addDays(endsAt, -endingNoticeDays));
  return steps.sort()[0]!;
}

/** What an email about the mentorship says to one side of it. */
export function mentorshipEmail(
  ctx: MentoringContext,
  r: MentorRequestItem,
  mentor: Pick<ManifestMentor, 'slug' | 'name'>,
  role: MentorshipRole,
  links: { end?: boolean; extend?: boolean; feedback?: boolean },
): MentorshipEmailData {
  return {
    requestId: r.id,
    role,
    name: role === 'mentor' ? mentor.name : r.name,
    otherName: role === 'mentor' ? r.name : mentor.name,
    format: r.format,
    topics: r.topics,
    acceptedAt: r.answeredAt!,
    endsAt: r.endsAt!,
    ...(r.endedBy && r.endedBy !== 'erasure' ? { endedBy: r.endedBy } : {}),
    ...(links.end ? { endUrl: mentorshipUrl(ctx, r.id, role, 'end') } : {}),
    ...(links.extend && role === 'mentor' ? { extendUrl: mentorshipUrl(ctx, r.id, role, 'extend') } : {}),
    ...(links.feedback ? { feedback: feedbackLinks(ctx, r.id, role) } : {}),
    ...(role === 'mentor' ? pauseLinks(ctx, mentor.slug) : {}),
    guidelinesUrl: guidelinesUrl(ctx.siteUrl),
    mentoringUrl: mentoringUrl(ctx.siteUrl),
  };
}

/** An email job about a mentorship to one side (the mentor by slug: the mailer resolves the address). */
export function mentorshipJob(
  ctx: MentoringContext,
  r: MentorRequestItem,
  kind: 'mentorship-started' | 'mentorship-check-in' | 'mentorship-ending-soon' | 'mentorship-ended',
  id: string,
  data: MentorshipEmailData,
): TransactItem {
  return {
    Put: {
      TableName: ctx.table.name,
      Item: emailJobItem({ id, kind, to: data.role === 'mentor' ? { mentor: r.mentor! } : r.email, data, expiresAt: expiryAfter(ctx.now, ctx.retentionDays), now: ctx.now }),
      // Job ids of the lifecycle are derived from the request and step: a step that runs twice writes its email once.
      ConditionExpression: 'attribute_not_exists(PK)',
    },
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
  /** Made by a one-click link from an earlier request: that request records it in the same transaction, once per mentor. */
  againFrom?: MentorRequestItem,
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
  // Over the mentor's requests for today, the email to them waits in the outbox for a day with room (queue.ts). The
  // request is written with that time as its delivery, indexed by it, in the same transaction as the queued email, so
  // the mentor's week to answer (reminder at 3 days, expiry at 7) starts when it reaches them.
  const toMentorAt = mentor ? await mentorDeliveryTime(ctx.table, mentor.slug, ctx.now, ctx.mentorRequestsPerDay) : undefined;
  if (toMentorAt) request.deliveredAt = toMentorAt.toISOString();
  const data = emailData(ctx, request, mentor, suggestions);
  const toMentor = mentor && { ...toMentorData(ctx, request, mentor), suggestions: data.suggestions };
  // The requester is told when it is queued: the day it goes to the mentor (functions/mailer/templates/mentoring.ts).
  const acknowledged: MentorRequestEmailData & { queuedUntil?: string } = { ...data, ...(toMentorAt && toMentorAt > ctx.now ? { queuedUntil: request.deliveredAt } : {}) };
  const result = await transact(ctx.table, {
    request: {
      Put: {
        TableName: ctx.table.name,
        Item: { ...request, ...indexKeys.mentorRequestsByStatus('pending', request.deliveredAt ?? at, id), ...indexKeys.personMentorRequest(emailHash(input.email), at) },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    acknowledgement: { Put: { TableName: ctx.table.name, Item: emailJobItem({ id: newId(), kind: 'mentor-request-received', to: request.email, data: acknowledged, expiresAt, now: ctx.now }) } },
    toMentor: toMentor && {
      Put: {
        TableName: ctx.table.name,
        Item: emailJobItem({ id: newId(), kind: 'mentor-request', to: { mentor: toMentor.mentor.slug }, data: toMentor, expiresAt, now: ctx.now, ...(toMentorAt ? { dueAt: toMentorAt } : {}) }),
      },
    },
    rateLimit: charge?.item,
    source: againFrom &&
      mentor && {
        Update: {
          TableName: ctx.table.name,
          Key: keys.mentorRequest(againFrom.id),
          UpdateExpression: 'SET #again = :id',
          ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(#again) AND attribute_not_exists(erasedAt)',
          ExpressionAttributeNames: { '#again': againAttribute(mentor.slug) },
          ExpressionAttributeValues: { ':id': id },
        },
      },
  });
  if (!result.ok) {
    if (result.failed.has('rateLimit')) throw charge!.exceeded();
    if (result.failed.has('source')) throw new AlreadyAskedAgain();
    throw new Error('A new mentor request collided with an existing id');
  }
  return request;
}

/** The attribute on a request that holds the id of the request made again from it to `slug`. */
export const againAttribute = (slug: string) => `again:${slug}` as const;

/** The one-click request to this mentor was already made from this request (at the same moment, by another click). */
export class AlreadyAskedAgain extends Error {
  override name = 'AlreadyAskedAgain';
}

export type AnswerOutcome = { kind: 'answered'; request: MentorRequestItem } | { kind: 'already'; request: MentorRequestItem } | { kind: 'full' };

/**
 * The request as answered: status, time, and personal data kept for the
 * retention period from now. An accepted request becomes a mentorship with its
 * end date, indexed by its next scheduled step.
 */
function answered(ctx: MentoringContext, r: MentorRequestItem, status: 'accepted' | 'declined'): { item: MentorRequestItem; update: TransactItem } {
  const at = ctx.now.toISOString();
  const endsAt = status === 'accepted' ? spanEnd(at, r.format) : undefined;
  // A mentorship's personal data is kept until the retention period after its latest possible end.
  const expiresAt = expiryAfter(endsAt ?? ctx.now, ctx.retentionDays + (endsAt ? mentorshipSpanDays[r.format] : 0));
  const item: MentorRequestItem = { ...r, status, answeredAt: at, updatedAt: at, expiresAt, ...(endsAt ? { endsAt } : {}) };
  const gsi1sk = endsAt ? `${nextStepAt(item)}#${r.id}` : indexKeys.mentorRequestsByStatus(status, r.createdAt, r.id).GSI1SK;
  return {
    item,
    update: {
      Update: {
        TableName: ctx.table.name,
        Key: keys.mentorRequest(r.id),
        UpdateExpression: `SET #status = :status, answeredAt = :at, updatedAt = :at, expiresAt = :expires, GSI1PK = :gsi1pk, GSI1SK = :gsi1sk${endsAt ? ', endsAt = :ends' : ''}`,
        ConditionExpression: '#status = :pending AND mentor = :mentor',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': status,
          ':at': at,
          ':expires': expiresAt,
          ':pending': 'pending',
          ':mentor': r.mentor,
          ':gsi1pk': indexKeys.mentorRequestsByStatus(status, r.createdAt, r.id).GSI1PK,
          ':gsi1sk': gsi1sk,
          ...(endsAt ? { ':ends': endsAt } : {}),
        },
      },
    },
  };
}

/**
 * The mentor accepts: the request, one of the mentor's places (only while
 * fewer than `capacity` are taken), the introduction email to both and each
 * one's own note with their private links, all or nothing. Answering again
 * gives the answer already recorded.
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
    // The introduction goes to both, so it carries no one's private links; each gets them alone.
    startedMentor: mentorshipJob(ctx, item, 'mentorship-started', `${r.id}.started.mentor`, mentorshipEmail(ctx, item, mentor, 'mentor', { end: true })),
    startedMentee: mentorshipJob(ctx, item, 'mentorship-started', `${r.id}.started.mentee`, mentorshipEmail(ctx, item, mentor, 'mentee', { end: true })),
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
        Item: emailJobItem({ id: newId(), kind: 'mentor-declined', to: r.email, data: emailData(ctx, item, mentor, suggestions, true), expiresAt: item.expiresAt, now: ctx.now }),
      },
    },
  });
  if (result.ok) return { kind: 'answered', request: item };
  return settled(ctx, r.id);
}

/** Someone answered at the same moment: the answer recorded first stands. */
export async function settled(ctx: MentoringContext, id: string): Promise<AnswerOutcome> {
  const now = await getMentorRequest(ctx.table, id);
  if (!now) throw new Error('A mentor request disappeared while it was answered');
  return { kind: 'already', request: now };
}
