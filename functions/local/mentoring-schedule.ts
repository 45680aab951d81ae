/**
 * The mentoring schedule in `npm start`: the run the EventBridge rule makes
 * every hour in AWS (functions/mentoring/lifecycle.ts), once at start and
 * then on a timer. Every step is done once whatever the timing, so a short
 * interval only means reminders and expiries show up sooner.
 */
import type { ApiOptions } from '../shared/api-options';
import { runMentoringSchedule, type ScheduleRun } from '../mentoring/lifecycle';
import { repeatEvery, type Repeating } from './repeat';

export type LocalMentoringSchedule = Repeating<ScheduleRun>;

export function startMentoringSchedule(options: ApiOptions, { intervalMs = 60_000, onError }: { intervalMs?: number; onError?: (error: unknown) => void } = {}): LocalMentoringSchedule {
  return repeatEvery(
    intervalMs,
    async () =>
      runMentoringSchedule({
        table: options.table,
        mentors: options.manifest.mentors,
        siteUrl: options.siteUrl,
        retentionDays: options.retentionDays,
        secret: await options.signingSecret(),
        now: options.now(),
      }),
    onError,
  );
}
