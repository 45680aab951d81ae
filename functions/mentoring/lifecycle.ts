/**
 * The mentoring schedule: the steps that happen because time passed. Run by a
 * schedule in AWS (schedule-handler.ts), by a timer in `npm start`, and by
 * the tests with their own clock.
 *
 * | request            | when                                   | step                                                          |
 * | ------------------ | -------------------------------------- | ------------------------------------------------------------- |
 * | pending, to mentor | 3 days after it reached the mentor     | the mentor is reminded (once)                                 |
 * | pending, to mentor | 7 days after it reached the mentor     | it expires; the requester is told, with fresh suggestions     |
 * | accepted           | 30 days after acceptance (before end)  | both are asked how it is going (once)                         |
 * | accepted           | a week before `endsAt`                 | both are told; the mentor may extend (once per end date)      |
 * | accepted           | at `endsAt`                            | it ends: the place comes back, both get the end survey        |
 *
 * Every step is one transaction conditional on the request's state (status,
 * and the step's own marker), with email jobs whose ids come from the request
 * and the step: a run that is retried, or two runs at once, do each step once.
 * Emails go through the outbox, so SES being down loses nothing.
 *
 * A request reaches the mentor when it is made, or, when the mentor has had
 * their requests for the day, when its queued email is due (queue.ts,
 * `deliveredAt`): the days count from then.
 *
 * What it reads: pending requests that reached their mentor more than 3 days
 * ago (GSI1 `MREQS#pending`, ordered by delivery), and accepted requests whose next
 * step is due (GSI1 `MREQS#accepted`, ordered by that step's time).
 *
 * Mentorships accepted before the lifecycle existed have no `endsAt`; their
 * index key is their creation time, so the first run finds them at once and
 * gives them an end: acceptance + the format's span, but never less than a
 * week from that run, so that both always get the week's notice.
 */
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { ManifestMentor } from '../../site/manifest/manifest-schema';
import type { Table } from '../shared/clients';
import { emailJobItem } from '../shared/email-jobs';
import { errorFields, logger } from '../shared/logger';
import { expiryAfter, gsi1, indexKeys, keys } from '../shared/table';
import { transact } from '../shared/transactions';
import { suggestMentors } from './matching';
import { endMentorship } from './mentorships';
import {
  addDays,
  checkInAfterDays,
  emailData,
  endingNoticeDays,
  getMentorRequest,
  mentorshipEmail,
  mentorshipJob,
  mentorStates,
  nextStepAt,
  spanEnd,
  toMentorData,
  type MentoringContext,
  type MentorRequestItem,
} from './store';

export const reminderAfterDays = 3;
export const expiryAfterDays = 7;

export interface ScheduleOptions {
  table: Table;
  mentors: readonly ManifestMentor[];
  siteUrl: string;
  retentionDays: number;
  secret: string;
  now: Date;
}

export interface ScheduleRun {
  reminded: number;
  expired: number;
  checkIns: number;
  endingNotices: number;
  ended: number;
  /** Mentorships from before the lifecycle that were given an end date. */
  migrated: number;
  /** Requests whose step failed this time (retried on the next run). */
  failed: number;
}

async function* due(table: Table, status: 'pending' | 'accepted', upTo: string): AsyncGenerator<MentorRequestItem> {
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await table.db.send(
      new QueryCommand({
        TableName: table.name,
        IndexName: gsi1,
        KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK < :upTo',
        ExpressionAttributeValues: { ':pk': indexKeys.mentorRequestsByStatus(status, '', '').GSI1PK, ':upTo': `${upTo}~` },
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) yield item as MentorRequestItem;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
}

/** Runs every step that is due at `now`, each exactly once. */
export async function runMentoringSchedule(options: ScheduleOptions): Promise<ScheduleRun> {
  const ctx: MentoringContext = { table: options.table, siteUrl: options.siteUrl, retentionDays: options.retentionDays, secret: options.secret, now: options.now };
  const mentors = new Map(options.mentors.map((m) => [m.slug, m]));
  const named = (slug: string) => mentors.get(slug) ?? { slug, name: slug };
  const run: ScheduleRun = { reminded: 0, expired: 0, checkIns: 0, endingNotices: 0, ended: 0, migrated: 0, failed: 0 };
  const now = options.now.toISOString();
  let states: Awaited<ReturnType<typeof mentorStates>> | undefined;

  const guarded = async (r: MentorRequestItem, step: () => Promise<void>) => {
    try {
      await step();
    } catch (error) {
      // One request's trouble must not hold up the others; its step is still due on the next run.
      run.failed++;
      logger.error('mentoring schedule step failed', { requestId: r.id, ...errorFields(error) });
    }
  };

  for await (const r of due(options.table, 'pending', addDays(options.now, -reminderAfterDays))) {
    if (!r.mentor || r.erasedAt) continue;
    await guarded(r, async () => {
      // Counted from when the request reached the mentor: a request that waited in the queue gets its full week.
      if ((r.deliveredAt ?? r.createdAt) <= addDays(options.now, -expiryAfterDays)) {
        states ??= await mentorStates(options.table);
        if (await expire(ctx, r, named(r.mentor!), options.mentors, states)) run.expired++;
      } else if (!r.remindedAt) {
        if (await remind(ctx, r, named(r.mentor!))) run.reminded++;
      }
    });
  }

  for await (const first of due(options.table, 'accepted', now)) {
    if (!first.mentor) continue;
    await guarded(first, async () => {
      let r: MentorRequestItem | undefined = first;
      // Several steps can be due at once (a run missed for days): take them in order, re-reading between them.
      for (let i = 0; r && r.status === 'accepted' && i < 4; i++) {
        const step = await nextStep(ctx, r, named(r.mentor!));
        if (!step) break;
        run[step]++;
        r = await getMentorRequest(options.table, r.id);
      }
    });
  }
  if (Object.values(run).some((n) => n > 0)) logger.info('mentoring schedule ran', { ...run });
  return run;
}

type StepName = 'checkIns' | 'endingNotices' | 'ended' | 'migrated';

/** Does the first due step of a mentorship; returns which, or undefined when nothing is due (or another run did it). */
async function nextStep(ctx: MentoringContext, r: MentorRequestItem, mentor: Pick<ManifestMentor, 'slug' | 'name'>): Promise<StepName | undefined> {
  const now = ctx.now.toISOString();
  if (!r.endsAt) {
    const natural = spanEnd(r.answeredAt ?? r.createdAt, r.format);
    const endsAt = natural > addDays(now, endingNoticeDays) ? natural : addDays(now, endingNoticeDays);
    const item = { ...r, answeredAt: r.answeredAt ?? r.createdAt, endsAt };
    const ok = await conditionalUpdate(ctx, r.id, 'SET endsAt = :ends, answeredAt = if_not_exists(answeredAt, :answered), GSI1SK = :sk', 'attribute_not_exists(endsAt)', {
      ':ends': endsAt,
      ':answered': item.answeredAt,
      ':sk': `${nextStepAt(item)}#${r.id}`,
    });
    return ok ? 'migrated' : undefined;
  }
  if (r.endsAt <= now) {
    const outcome = await endMentorship(ctx, r, mentor, 'schedule');
    return outcome.kind === 'ended' ? 'ended' : undefined;
  }
  const checkInDue = addDays(r.answeredAt!, checkInAfterDays);
  if (!r.checkInAt && checkInDue < r.endsAt && checkInDue <= now) {
    const item = { ...r, checkInAt: now };
    const ok = await stepTransaction(
      ctx,
      r,
      `SET checkInAt = :now, updatedAt = :now, GSI1SK = :sk`,
      'attribute_not_exists(checkInAt)',
      { ':sk': `${nextStepAt(item)}#${r.id}` },
      {
        mentor: mentorshipJob(ctx, r, 'mentorship-check-in', `${r.id}.check-in.mentor`, mentorshipEmail(ctx, r, mentor, 'mentor', { end: true, feedback: true })),
        mentee: mentorshipJob(ctx, r, 'mentorship-check-in', `${r.id}.check-in.mentee`, mentorshipEmail(ctx, r, mentor, 'mentee', { end: true, feedback: true })),
      },
    );
    return ok ? 'checkIns' : undefined;
  }
  if (r.endingNoticeFor !== r.endsAt && addDays(r.endsAt, -endingNoticeDays) <= now) {
    const item = { ...r, endingNoticeFor: r.endsAt };
    const day = r.endsAt.slice(0, 10);
    const ok = await stepTransaction(
      ctx,
      r,
      'SET endingNoticeFor = :ends, updatedAt = :now, GSI1SK = :sk',
      'endsAt = :ends AND (attribute_not_exists(endingNoticeFor) OR endingNoticeFor <> :ends)',
      { ':ends': r.endsAt, ':sk': `${nextStepAt(item)}#${r.id}` },
      {
        mentor: mentorshipJob(ctx, r, 'mentorship-ending-soon', `${r.id}.ending-soon.${day}.mentor`, mentorshipEmail(ctx, r, mentor, 'mentor', { end: true, extend: !r.extendedAt })),
        mentee: mentorshipJob(ctx, r, 'mentorship-ending-soon', `${r.id}.ending-soon.${day}.mentee`, mentorshipEmail(ctx, r, mentor, 'mentee', { end: true })),
      },
    );
    return ok ? 'endingNotices' : undefined;
  }
  // Nothing due after all (the index key was behind): put it right so the next run skips this one.
  await conditionalUpdate(ctx, r.id, 'SET GSI1SK = :sk', 'attribute_exists(endsAt)', { ':sk': `${nextStepAt(r)}#${r.id}` });
  return undefined;
}

/** A step's marker and its emails in one transaction, conditional on the mentorship still running and the step not done. */
async function stepTransaction(
  ctx: MentoringContext,
  r: MentorRequestItem,
  update: string,
  condition: string,
  values: Record<string, unknown>,
  jobs: { mentor: ReturnType<typeof mentorshipJob>; mentee: ReturnType<typeof mentorshipJob> },
): Promise<boolean> {
  const result = await transact(ctx.table, {
    request: {
      Update: {
        TableName: ctx.table.name,
        Key: keys.mentorRequest(r.id),
        UpdateExpression: update,
        ConditionExpression: `#status = :accepted AND ${condition}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':accepted': 'accepted', ':now': ctx.now.toISOString(), ...values },
      },
    },
    mentorJob: jobs.mentor,
    menteeJob: jobs.mentee,
  });
  return result.ok;
}

async function conditionalUpdate(ctx: MentoringContext, id: string, update: string, condition: string, values: Record<string, unknown>): Promise<boolean> {
  try {
    await ctx.table.db.send(
      new UpdateCommand({
        TableName: ctx.table.name,
        Key: keys.mentorRequest(id),
        UpdateExpression: update,
        ConditionExpression: `#status = :accepted AND ${condition}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':accepted': 'accepted', ...values },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** The reminder to the mentor, 3 days on: the same request with its links, once. */
async function remind(ctx: MentoringContext, r: MentorRequestItem, mentor: Pick<ManifestMentor, 'slug' | 'name'>): Promise<boolean> {
  const at = ctx.now.toISOString();
  const result = await transact(ctx.table, {
    request: {
      Update: {
        TableName: ctx.table.name,
        Key: keys.mentorRequest(r.id),
        UpdateExpression: 'SET remindedAt = :at',
        ConditionExpression: '#status = :pending AND attribute_not_exists(remindedAt)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':at': at, ':pending': 'pending' },
      },
    },
    job: {
      Put: {
        TableName: ctx.table.name,
        Item: emailJobItem({ id: `${r.id}.reminder`, kind: 'mentor-request-reminder', to: { mentor: mentor.slug }, data: toMentorData(ctx, r, mentor), expiresAt: r.expiresAt, now: ctx.now }),
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
  });
  return result.ok;
}

/** Expiry, 7 days on: the request closes (it held no place) and the requester gets fresh suggestions, that mentor left out. */
async function expire(
  ctx: MentoringContext,
  r: MentorRequestItem,
  mentor: Pick<ManifestMentor, 'slug' | 'name'>,
  mentors: readonly ManifestMentor[],
  states: Awaited<ReturnType<typeof mentorStates>>,
): Promise<boolean> {
  const at = ctx.now.toISOString();
  const expiresAt = expiryAfter(ctx.now, ctx.retentionDays);
  const suggestions = suggestMentors(mentors, states.loads, r, [r.mentor!, ...states.paused]);
  const result = await transact(ctx.table, {
    request: {
      Update: {
        TableName: ctx.table.name,
        Key: keys.mentorRequest(r.id),
        UpdateExpression: 'SET #status = :expired, expiredAt = :at, updatedAt = :at, expiresAt = :expires, GSI1PK = :pk',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':expired': 'expired', ':pending': 'pending', ':at': at, ':expires': expiresAt, ':pk': indexKeys.mentorRequestsByStatus('expired', '', '').GSI1PK },
      },
    },
    job: {
      Put: {
        TableName: ctx.table.name,
        Item: emailJobItem({ id: `${r.id}.expired`, kind: 'mentor-request-expired', to: r.email, data: emailData(ctx, r, mentor, suggestions, true), expiresAt, now: ctx.now }),
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
  });
  return result.ok;
}
