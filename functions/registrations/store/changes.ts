/**
 * What registrants were last told about an event, and the fan-outs that
 * tell them more (changes, reminders, follow-up, recording, announcements).
 *
 * EventNotice (`EVENT#{slug}` / `NOTICE`): the told fields (start, end, zone,
 * format, place, join link, status), their `fingerprint` and a `version`
 * that is the SEQUENCE of the calendar files sent for it. The first look at
 * an event records what its registrants were told as version 0 and sends
 * nothing; every later difference in the bundled manifest makes version + 1
 * (one conditional update: two runs at once make one version) and owes each
 * confirmed and waitlisted registrant one `event-changed` email.
 *
 * EventStep (`EVENT#{slug}` / `STEP#{name}`): one fan-out over the event's
 * registrations (GSI1 `EVENT#{slug}#REGS`), a page at a time, with the
 * cursor saved after each page and `done` at the end, so a run that stops
 * (its time is up, it failed) is continued by the next from where it was.
 * Each registration's job has an id made of the step and the registration,
 * written with a conditional put: a page written twice, or by two runs at
 * once, owes each email once.
 */
import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from '../../shared/clients';
import type { ManifestEvent } from '../../shared/content';
import type { EmailJob } from '../../shared/email-jobs';
import { toldFields, type ToldEvent, type ToldField } from '../../shared/event-email-data';
import { gsi1, indexKeys, keys } from '../../shared/table';
import type { RegistrationItem } from './records';

const noticeKey = keys.eventNotice;
const stepKey = keys.eventStep;

export interface EventNotice {
  entity: 'EventNotice';
  event: string;
  version: number;
  told: ToldEvent;
  fingerprint: string;
  /** What was told before this version (absent for version 0). */
  previous?: ToldEvent;
  changed?: ToldField[];
  updatedAt: string;
}

export interface EventStep {
  entity: 'EventStep';
  event: string;
  step: string;
  /** The GSI1 key to continue after, as JSON; absent before the first page. */
  cursor?: string;
  done: boolean;
  /** Jobs this step wrote (a retried page counts only the jobs it wrote itself). */
  jobs: number;
  startedAt: string;
  doneAt?: string;
  /** Follow-up only: the recording it carried. */
  recordingUrl?: string;
}

/** The fields registrants are told, as the manifest has them now. */
export function toldOf(event: ManifestEvent): ToldEvent {
  return {
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    timezone: event.timezone,
    format: event.format,
    venue: event.venue,
    city: event.city,
    country: event.country,
    onlineUrl: event.onlineUrl,
    status: event.status ?? 'scheduled',
  };
}

/** A short hash of the told fields: equal exactly when a registrant would be told the same. */
export function fingerprintOf(told: ToldEvent): string {
  const normal = toldFields.map((field) => [field, field === 'startsAt' || field === 'endsAt' ? new Date(told[field]).toISOString() : (told[field] ?? null)]);
  return createHash('sha256').update(JSON.stringify(normal)).digest('base64url').slice(0, 16);
}

export function changedFields(before: ToldEvent, after: ToldEvent): ToldField[] {
  return toldFields.filter((field) => {
    if (field === 'startsAt' || field === 'endsAt') return new Date(before[field]).getTime() !== new Date(after[field]).getTime();
    return (before[field] ?? null) !== (after[field] ?? null);
  });
}

export async function readNotice(table: Table, slug: string): Promise<EventNotice | undefined> {
  const result = await table.db.send(new GetCommand({ TableName: table.name, Key: noticeKey(slug), ConsistentRead: true }));
  return result.Item as EventNotice | undefined;
}

const conditionFailed = (error: unknown) => error instanceof ConditionalCheckFailedException;

/**
 * Compares the manifest's event with what its registrants were last told and
 * records a new version when they differ. Answers the notice as it stands
 * afterwards. Safe to run any number of times, and at once.
 */
export async function reconcileNotice(table: Table, event: ManifestEvent, now: Date): Promise<EventNotice> {
  const told = toldOf(event);
  const fingerprint = fingerprintOf(told);
  for (let round = 0; round < 5; round++) {
    const current = await readNotice(table, event.slug);
    if (current?.fingerprint === fingerprint) return current;
    const next: EventNotice = current
      ? { entity: 'EventNotice', event: event.slug, version: current.version + 1, told, fingerprint, previous: current.told, changed: changedFields(current.told, told), updatedAt: now.toISOString() }
      : { entity: 'EventNotice', event: event.slug, version: 0, told, fingerprint, updatedAt: now.toISOString() };
    try {
      await table.db.send(
        new PutCommand({
          TableName: table.name,
          Item: { ...noticeKey(event.slug), ...next },
          ...(current ? { ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': current.version } } : { ConditionExpression: 'attribute_not_exists(PK)' }),
        }),
      );
      return next;
    } catch (error) {
      if (!conditionFailed(error)) throw error;
      // Another run recorded a version meanwhile: look again.
    }
  }
  const settled = await readNotice(table, event.slug);
  if (!settled) throw new Error(`The notice of ${event.slug} could not be recorded.`);
  return settled;
}

export async function readSteps(table: Table, slug: string): Promise<Map<string, EventStep>> {
  const steps = new Map<string, EventStep>();
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await table.db.send(
      new QueryCommand({
        TableName: table.name,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :step)',
        ExpressionAttributeValues: { ':pk': `EVENT#${slug}`, ':step': 'STEP#' },
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    for (const item of (page.Items ?? []) as EventStep[]) steps.set(item.step, item);
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return steps;
}

export interface FanOut {
  /** The step's name, unique within the event (e.g. `change-3`, `remind-2d-…`, `follow-up`). */
  step: string;
  /** The email job owed to this registration, or undefined for none. Its id must be the same on every run. */
  job(registration: RegistrationItem): EmailJob | undefined;
  /** Written on the step item when it starts (e.g. what the follow-up carried). */
  extra?: Partial<EventStep>;
}

export interface FanOutOptions {
  table: Table;
  event: string;
  now: Date;
  /** Stop after the page during which this moment passes (epoch ms). */
  deadline: number;
  /** Registrations per page. */
  pageSize?: number;
  /** Conditional puts in flight at once. */
  parallel?: number;
}

export interface FanOutResult {
  done: boolean;
  written: number;
}

/**
 * Writes one job per registration of the event for the step, continuing from
 * the step's saved cursor, until the registrations end or the deadline.
 */
export async function fanOut(options: FanOutOptions, plan: FanOut, known?: EventStep): Promise<FanOutResult> {
  const { table, event, now } = options;
  const pageSize = options.pageSize ?? 200;
  const parallel = options.parallel ?? 25;
  let step = known;
  if (!step) {
    step = { entity: 'EventStep', event, step: plan.step, done: false, jobs: 0, startedAt: now.toISOString(), ...plan.extra };
    try {
      await table.db.send(new PutCommand({ TableName: table.name, Item: { ...stepKey(event, plan.step), ...step }, ConditionExpression: 'attribute_not_exists(PK)' }));
    } catch (error) {
      if (!conditionFailed(error)) throw error;
      step = (await table.db.send(new GetCommand({ TableName: table.name, Key: stepKey(event, plan.step), ConsistentRead: true }))).Item as EventStep;
    }
  }
  if (step.done) return { done: true, written: 0 };
  let cursor = step.cursor === undefined ? undefined : (JSON.parse(step.cursor) as Record<string, unknown>);
  let written = 0;
  for (;;) {
    const page = await table.db.send(
      new QueryCommand({
        TableName: table.name,
        IndexName: gsi1,
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': indexKeys.eventRegistrations(event, '', '').GSI1PK },
        Limit: pageSize,
        ExclusiveStartKey: cursor,
      }),
    );
    const jobs = ((page.Items ?? []) as RegistrationItem[]).flatMap((r) => plan.job(r) ?? []);
    let pageWritten = 0;
    for (let i = 0; i < jobs.length; i += parallel) {
      const results = await Promise.all(jobs.slice(i, i + parallel).map((job) => putJobOnce(table, job)));
      pageWritten += results.filter(Boolean).length;
    }
    written += pageWritten;
    cursor = page.LastEvaluatedKey;
    const done = cursor === undefined;
    await table.db.send(
      new UpdateCommand({
        TableName: table.name,
        Key: stepKey(event, plan.step),
        UpdateExpression: done ? 'SET #done = :true, doneAt = :at, #jobs = #jobs + :n REMOVE #cursor' : 'SET #cursor = :cursor, #jobs = #jobs + :n',
        ExpressionAttributeNames: done ? { '#done': 'done', '#jobs': 'jobs', '#cursor': 'cursor' } : { '#jobs': 'jobs', '#cursor': 'cursor' },
        ExpressionAttributeValues: done ? { ':true': true, ':at': new Date().toISOString(), ':n': pageWritten } : { ':cursor': JSON.stringify(cursor), ':n': pageWritten },
      }),
    );
    if (done) return { done: true, written };
    if (Date.now() >= options.deadline) return { done: false, written };
  }
}

/** Puts the job unless it exists: answers whether this call wrote it. */
export async function putJobOnce(table: Table, job: EmailJob): Promise<boolean> {
  try {
    await table.db.send(new PutCommand({ TableName: table.name, Item: job, ConditionExpression: 'attribute_not_exists(PK)' }));
    return true;
  } catch (error) {
    if (conditionFailed(error)) return false;
    throw error;
  }
}
