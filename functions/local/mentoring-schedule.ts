/**
 * The mentoring schedule in `npm start`: the run the EventBridge rule makes
 * every hour in AWS (functions/mentoring/lifecycle.ts), once at start and
 * then on a timer. Every step is done once whatever the timing, so a short
 * interval only means reminders and expiries show up sooner.
 */
import type { ApiOptions } from '../shared/api-options';
import { runMentoringSchedule, type ScheduleRun } from '../mentoring/lifecycle';

export interface LocalMentoringSchedule {
  /** The first run's outcome. */
  first: Promise<ScheduleRun | undefined>;
  stop(): Promise<void>;
}

export function startMentoringSchedule(options: ApiOptions, { intervalMs = 60_000, onError }: { intervalMs?: number; onError?: (error: unknown) => void } = {}): LocalMentoringSchedule {
  let running: Promise<ScheduleRun | undefined> = Promise.resolve(undefined);
  const runOnce = async () => {
    try {
      return await runMentoringSchedule({
        table: options.table,
        mentors: options.manifest.mentors,
        siteUrl: options.siteUrl,
        retentionDays: options.retentionDays,
        secret: await options.signingSecret(),
        now: options.now(),
      });
    } catch (error) {
      onError?.(error);
      return undefined;
    }
  };
  const first = (running = runOnce());
  const timer = setInterval(() => {
    running = running.then(runOnce);
  }, intervalMs);
  return {
    first,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
