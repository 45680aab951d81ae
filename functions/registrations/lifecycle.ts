/**
 * The events' schedule: what registrants are told after they registered.
 * Run every minute by a schedule in AWS (lifecycle-handler.ts), at start and
 * on a timer by `npm start`, and by tests and the benchmark with their own
 * clock. Every run compares the bundled manifest with what registrants were
 * told, so a deploy that changes an event is noticed by the first run of the
 * new bundle: no deploy-time hook, nothing to run by hand, and a failed run
 * is simply the next minute's work.
 *
 * | step                 | when                                          | to                                   | email            |
 * | -------------------- | --------------------------------------------- | ------------------------------------ | ---------------- |
 * | `change-{version}`   | the manifest differs from what was told       | confirmed and waitlisted             | `event-changed`  |
 * | `remind-{offset}-…`  | `offset` before the start (scheduled events)  | confirmed, registered before then    | `event-reminder` |
 * | `follow-up`          | after the end (within 30 days; not cancelled) | confirmed                            | `event-follow-up` (rating links, recording, materials) |
 * | `recording`          | `recordingUrl` added after the follow-up      | everyone still registered            | `event-recording` |
 *
 * Before the steps, every run releases the event's lapsed seat holds
 * (events with `confirmWithin`, store/holds.ts): each hold whose time is up
 * is released once, its seats go to the waitlist in order, and its holder
 * gets one `registration-hold-lapsed` email.
 *
 * Each step is a fan-out (store/changes.ts): pages of registrations, job ids
 * from registration and step, conditional puts, a saved cursor. A run stops
 * starting pages at its deadline and the next run continues, so no
 * invocation outlives its time limit whatever the number of registrants.
 */
import type { Table } from '../shared/clients';
import type { ContentManifest, ManifestEvent } from '../shared/content';
import { emailJobItem, type EmailJob, type EmailJobKinds } from '../shared/email-jobs';
import { logger, errorFields } from '../shared/logger';
import { signToken } from '../shared/tokens';
import { defaultReminders, offsetMs } from '../../site/schemas/event-lifecycle';
import { emailData, releaseLapsedHolds, type RegistrationItem, type StoreContext } from './store';
import { fanOut, readSteps, reconcileNotice, type EventNotice, type EventStep, type FanOut } from './store/changes';

/** The thank-you goes out until this long after the end (a late first run does not thank people months later). */
export const followUpWindowMs = 30 * 86_400_000;

export interface LifecycleOptions {
  table: Table;
  manifest: ContentManifest;
  siteUrl: string;
  retentionDays: number;
  secret: string;
  now: Date;
  /** Epoch ms after which no new page is started (the Lambda's time left, less a margin). */
  deadline: number;
  pageSize?: number;
}

export interface LifecycleRun {
  /** Jobs written, by step kind. */
  written: Record<'change' | 'reminder' | 'followUp' | 'recording', number>;
  /** Whether every due step finished (false: the deadline came first; the next run continues). */
  complete: boolean;
  /** Events whose steps failed this time (retried on the next run). */
  failed: string[];
  /** Seat holds released this run because they lapsed unconfirmed. */
  released: number;
}

const kindOf = (step: string): keyof LifecycleRun['written'] => (step.startsWith('change-') ? 'change' : step.startsWith('remind-') ? 'reminder' : step === 'follow-up' ? 'followUp' : 'recording');

export function ratingUrl(siteUrl: string, secret: string, slug: string, registrationId: string, rating: number): string {
  const token = signToken(secret, 'event-feedback', registrationId);
  return `${siteUrl}/events/${slug}/rate/?r=${encodeURIComponent(registrationId)}&t=${encodeURIComponent(token)}&rating=${rating}`;
}

const still = (r: RegistrationItem) => r.status === 'confirmed' || r.status === 'waitlisted';

/** The fan-outs due for one event now, in the order they should run. */
export function dueSteps(ctx: StoreContext, event: ManifestEvent, notice: EventNotice, steps: ReadonlyMap<string, EventStep>, now: Date): FanOut[] {
  const due: FanOut[] = [];
  const job = <K extends keyof EmailJobKinds>(r: RegistrationItem, id: string, kind: K, data: EmailJobKinds[K]): EmailJob =>
    emailJobItem({ id: `${r.id}-${id}`, kind, to: r.email, data, expiresAt: r.expiresAt, now: ctx.now });
  const start = new Date(event.startsAt).getTime();
  const end = new Date(event.endsAt).getTime();
  const at = now.getTime();
  const status = event.status ?? 'scheduled';

  if (notice.version > 0 && notice.previous && notice.changed) {
    const { previous, changed, version, fingerprint } = notice;
    due.push({
      step: `change-${version}`,
      job: (r) =>
        still(r) && r.toldFingerprint !== fingerprint
          ? job(r, `change-${version}`, 'event-changed', { ...emailData(ctx, event, r), sequence: version, previous, changed, registrationStatus: r.status as 'confirmed' | 'waitlisted' })
          : undefined,
    });
  }

  if (status === 'scheduled' && at < start) {
    // Only the latest offset that has come: a run after an outage does not send the 2-day and the 2-hour reminder at once.
    // A manifest written before reminders existed has none listed: the default applies.
    const come = (event.reminders ?? defaultReminders)
      .map((offset) => ({ offset, sendAt: start - (offsetMs(offset) ?? 0) }))
      .filter((r) => offsetMs(r.offset) !== undefined && r.sendAt <= at)
      .sort((a, b) => b.sendAt - a.sendAt)[0];
    if (come) {
      const name = `remind-${come.offset}-${start}`;
      const sendAt = new Date(come.sendAt).toISOString();
      due.push({
        step: name,
        // A registration made after the reminder's time does not get it (its confirmation was the reminder).
        job: (r) => (r.status === 'confirmed' && r.createdAt < sendAt ? job(r, name, 'event-reminder', { ...emailData(ctx, event, r), offset: come.offset }) : undefined),
      });
    }
  }

  if (status !== 'cancelled' && at >= end) {
    const followUp = steps.get('follow-up');
    const inWindow = at < end + followUpWindowMs;
    if (followUp ? !followUp.done : inWindow) {
      // A follow-up that a previous run started goes on with what it started with (recording or not).
      const carried = followUp ? followUp.recordingUrl : event.recordingUrl;
      due.push({
        step: 'follow-up',
        extra: carried ? { recordingUrl: carried } : {},
        job: (r) =>
          r.status === 'confirmed'
            ? job(r, 'follow-up', 'event-follow-up', {
                ...emailData(ctx, event, r),
                ratings: [1, 2, 3, 4, 5].map((n) => ratingUrl(ctx.siteUrl, ctx.secret, event.slug, r.id, n)),
                recordingUrl: carried,
                materials: event.materials ?? [],
              })
            : undefined,
      });
    }
    const recordingUrl = event.recordingUrl;
    if (recordingUrl && (followUp ? followUp.done : !inWindow)) {
      const carried = followUp?.recordingUrl !== undefined;
      due.push({
        step: 'recording',
        // Those whose thank-you carried the recording already have it.
        job: (r) =>
          still(r) && !(carried && r.status === 'confirmed') ? job(r, 'recording', 'event-recording', { ...emailData(ctx, event, r), recordingUrl, materials: event.materials ?? [] }) : undefined,
      });
    }
  }
  return due;
}

export async function runEventLifecycle(options: LifecycleOptions): Promise<LifecycleRun> {
  const { table, manifest, now } = options;
  const ctx: StoreContext = { table, siteUrl: options.siteUrl, retentionDays: options.retentionDays, secret: options.secret, now };
  const run: LifecycleRun = { written: { change: 0, reminder: 0, followUp: 0, recording: 0 }, complete: true, failed: [], released: 0 };
  for (const [index, event] of manifest.events.entries()) {
    // Every run makes progress: the first event is always looked at, and every fan-out writes at least a page.
    if (index > 0 && Date.now() >= options.deadline) {
      run.complete = false;
      break;
    }
    try {
      // Lapsed holds first: their seats go to the waitlist now, not after the fan-outs. A query of the event's
      // HoldEntries, so an event that never held a seat costs one empty read.
      const released = await releaseLapsedHolds(ctx, event);
      run.released += released;
      if (released > 0) logger.info('holds released', { event: event.slug, released });
      const notice = await reconcileNotice(table, event, now);
      const steps = await readSteps(table, event.slug);
      for (const plan of dueSteps(ctx, event, notice, steps, now)) {
        if (steps.get(plan.step)?.done) continue;
        const result = await fanOut({ table, event: event.slug, now, deadline: options.deadline, ...(options.pageSize ? { pageSize: options.pageSize } : {}) }, plan, steps.get(plan.step));
        run.written[kindOf(plan.step)] += result.written;
        if (result.written > 0) logger.info('event step', { event: event.slug, step: plan.step, written: result.written, done: result.done });
        if (!result.done) {
          run.complete = false;
          return run;
        }
      }
    } catch (error) {
      run.failed.push(event.slug);
      run.complete = false;
      logger.error('event lifecycle step failed', { event: event.slug, ...errorFields(error) });
    }
  }
  return run;
}
