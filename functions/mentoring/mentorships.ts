/**
 * A mentorship after the accept: ending it (by either side, staff, the
 * schedule or an erasure), extending it, feedback, and a mentor's pause.
 *
 * The rule that keeps places right: a mentor's `active` count changes only in
 * the transaction that changes a request's status, conditional on that status
 * (accept: pending → accepted, +1; end: accepted → ended, −1). Two ends at once,
 * or an end and an accept at once, are serialised by DynamoDB on the request
 * and the load item, so `active` always equals the mentor's accepted requests.
 */
import { createHmac } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { ManifestMentor } from '../../site/manifest/manifest-schema';
import { mentorshipSpanDays, type FeedbackStage, type MentorshipFeedback } from '../schemas/mentorship';
import { expiryAfter, indexKeys, keys } from '../shared/table';
import { logger } from '../shared/logger';
import { transact, type NamedItems } from '../shared/transactions';
import type { MentorshipRole } from './links';
import { normalise } from './matching';
import { addDays, getMentorRequest, mentorshipEmail, mentorshipJob, nextStepAt, spanEnd, type EndedBy, type MentoringContext, type MentorRequestItem } from './store';

type MentorNames = Pick<ManifestMentor, 'slug' | 'name'>;

export type EndOutcome = { kind: 'ended'; request: MentorRequestItem } | { kind: 'already'; request: MentorRequestItem } | { kind: 'not-active'; request: MentorRequestItem };

/**
 * Ends an accepted mentorship: the request becomes `ended` and the mentor's
 * place comes back in the same transaction; both are told, with the end
 * survey (unless `notify` is false, as for an erasure). Ending an ended one
 * again changes nothing.
 */
export async function endMentorship(ctx: MentoringContext, r: MentorRequestItem, mentor: MentorNames, endedBy: EndedBy, notify = true): Promise<EndOutcome> {
  if (r.status === 'ended') return { kind: 'already', request: r };
  if (r.status !== 'accepted' || !r.mentor) return { kind: 'not-active', request: r };
  const at = ctx.now.toISOString();
  const expiresAt = expiryAfter(ctx.now, ctx.retentionDays);
  const item: MentorRequestItem = { ...r, status: 'ended', endedAt: at, endedBy, updatedAt: at, expiresAt, endsAt: r.endsAt ?? at };
  const items = (withLoad: boolean): NamedItems => ({
    request: {
      Update: {
        TableName: ctx.table.name,
        Key: keys.mentorRequest(r.id),
        UpdateExpression: 'SET #status = :ended, endedAt = :at, endedBy = :by, updatedAt = :at, expiresAt = :expires, endsAt = if_not_exists(endsAt, :at), GSI1PK = :pk, GSI1SK = :sk',
        ConditionExpression: '#status = :accepted',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':ended': 'ended',
          ':accepted': 'accepted',
          ':at': at,
          ':by': endedBy,
          ':expires': expiresAt,
          ...prefixed(indexKeys.mentorRequestsByStatus('ended', r.createdAt, r.id)),
        },
      },
    },
    load: withLoad
      ? {
          Update: {
            TableName: ctx.table.name,
            Key: keys.mentorLoad(r.mentor!),
            UpdateExpression: 'ADD active :minusOne',
            ConditionExpression: 'active >= :one',
            ExpressionAttributeValues: { ':minusOne': -1, ':one': 1 },
          },
        }
      : undefined,
    endedMentor: notify ? mentorshipJob(ctx, item, 'mentorship-ended', `${r.id}.ended.mentor`, mentorshipEmail(ctx, item, mentor, 'mentor', { feedback: true })) : undefined,
    endedMentee: notify ? mentorshipJob(ctx, item, 'mentorship-ended', `${r.id}.ended.mentee`, mentorshipEmail(ctx, item, mentor, 'mentee', { feedback: true })) : undefined,
  });
  let result = await transact(ctx.table, items(true));
  if (!result.ok && !result.failed.has('request') && result.failed.has('load')) {
    // The load was already zero: a count made wrong before the lifecycle existed. End the mentorship all the same;
    // `admin mentoring recount` sets every load from the accepted requests.
    logger.warn('mentor load already zero when a mentorship ended', { requestId: r.id, mentor: r.mentor });
    result = await transact(ctx.table, items(false));
  }
  if (result.ok) return { kind: 'ended', request: item };
  if (result.failed.has('request')) {
    const now = await getMentorRequest(ctx.table, r.id);
    if (!now) throw new Error('A mentor request disappeared while it was ended');
    return now.status === 'ended' ? { kind: 'already', request: now } : { kind: 'not-active', request: now };
  }
  // Only the end-of-mentorship jobs can fail otherwise: they exist, so this end was recorded by an earlier attempt.
  return { kind: 'already', request: (await getMentorRequest(ctx.table, r.id)) ?? item };
}

export type ExtendOutcome = { kind: 'extended' | 'already'; request: MentorRequestItem } | { kind: 'not-active'; request: MentorRequestItem };

/**
 * The mentor extends a running mentorship by one more span of its format,
 * once: a second extend answers the end date already set. The note a week
 * before the (new) end goes again.
 */
export async function extendMentorship(ctx: MentoringContext, r: MentorRequestItem): Promise<ExtendOutcome> {
  if (r.status !== 'accepted') return { kind: 'not-active', request: r };
  if (r.extendedAt) return { kind: 'already', request: r };
  const at = ctx.now.toISOString();
  const base = r.endsAt ?? spanEnd(r.answeredAt!, r.format);
  const endsAt = addDays(base, mentorshipSpanDays[r.format]);
  const item: MentorRequestItem = { ...r, endsAt, extendedAt: at, updatedAt: at, expiresAt: expiryAfter(endsAt, ctx.retentionDays) };
  try {
    await ctx.table.db.send(
      new UpdateCommand({
        TableName: ctx.table.name,
        Key: keys.mentorRequest(r.id),
        UpdateExpression: 'SET endsAt = :ends, extendedAt = :at, updatedAt = :at, expiresAt = :expires, GSI1SK = :sk',
        ConditionExpression: '#status = :accepted AND attribute_not_exists(extendedAt)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':ends': endsAt, ':at': at, ':expires': item.expiresAt, ':accepted': 'accepted', ':sk': `${nextStepAt(item)}#${r.id}` },
      }),
    );
    return { kind: 'extended', request: item };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const now = (await getMentorRequest(ctx.table, r.id))!;
    return now.status === 'accepted' ? { kind: 'already', request: now } : { kind: 'not-active', request: now };
  }
}

/**
 * Where feedback is kept: apart from the request and from names. The key is a
 * keyed hash of request, side and stage (so a second answer replaces the
 * first and nothing is counted twice), from which the request cannot be
 * found without the signing secret; the item holds only the answers and what
 * a report groups by.
 */
export function feedbackKey(secret: string, requestId: string, role: MentorshipRole, stage: FeedbackStage) {
  const pseudonym = createHmac('sha256', secret).update(`mentorship-feedback:${requestId}:${role}:${stage}`).digest('base64url');
  return keys.mentorshipFeedback(stage, pseudonym);
}

/** Records (or replaces) one side's check-in or end survey. The stage follows the mentorship: running is a check-in, ended is the end survey. */
export async function recordFeedback(ctx: MentoringContext, r: MentorRequestItem, role: MentorshipRole, mentor: ManifestMentor | undefined, answer: MentorshipFeedback): Promise<FeedbackStage> {
  const stage: FeedbackStage = r.status === 'ended' ? 'end' : 'check-in';
  const crossBorder = r.country && mentor?.country ? normalise(r.country) !== normalise(mentor.country) : undefined;
  await ctx.table.db.send(
    new UpdateCommand({
      TableName: ctx.table.name,
      Key: feedbackKey(ctx.secret, r.id, role, stage),
      UpdateExpression: `SET entity = :entity, stage = :stage, #role = :role, met = :met, rating = :rating, #format = :format, topics = :topics, answeredOn = :day, expiresAt = :expires${
        crossBorder === undefined ? '' : ', crossBorder = :cross'
      }${answer.comment ? ', #comment = :comment' : ''}${answer.comment ? '' : ' REMOVE #comment'}`,
      ExpressionAttributeNames: { '#role': 'role', '#format': 'format', '#comment': 'comment' },
      ExpressionAttributeValues: {
        ':entity': 'MentorshipFeedback',
        ':stage': stage,
        ':role': role,
        ':met': answer.met,
        ':rating': answer.rating,
        ':format': r.format,
        ':topics': r.topics,
        // The day only: no time that could be matched against a request's.
        ':day': ctx.now.toISOString().slice(0, 10),
        ':expires': expiryAfter(ctx.now, ctx.retentionDays),
        ...(crossBorder === undefined ? {} : { ':cross': crossBorder }),
        ...(answer.comment ? { ':comment': answer.comment } : {}),
      },
    }),
  );
  return stage;
}

/** A mentor pauses (or resumes) new requests: the flag is on their load item, which every suggestion reads. */
export async function setPaused(ctx: MentoringContext, slug: string, paused: boolean): Promise<void> {
  await ctx.table.db.send(
    new UpdateCommand({
      TableName: ctx.table.name,
      Key: keys.mentorLoad(slug),
      UpdateExpression: 'SET entity = :entity, slug = :slug, paused = :paused, pausedAt = :at',
      ExpressionAttributeValues: { ':entity': 'MentorLoad', ':slug': slug, ':paused': paused, ':at': paused ? ctx.now.toISOString() : null },
    }),
  );
}

function prefixed(values: Record<string, string>) {
  return { ':pk': values.GSI1PK!, ':sk': values.GSI1SK! };
}
