/**
 * The events' schedule in `npm start`: the run the EventBridge rule makes
 * every minute in AWS (functions/registrations/lifecycle.ts), once at start
 * (so a changed Markdown file's notices go out on the same data) and then on
 * a timer.
 */
import type { ApiOptions } from '../shared/api-options';
import { runEventLifecycle, type LifecycleRun } from '../registrations/lifecycle';
import { repeatEvery, type Repeating } from './repeat';

export type LocalEventSchedule = Repeating<LifecycleRun>;

export function startEventSchedule(options: ApiOptions, { intervalMs = 30_000, onError }: { intervalMs?: number; onError?: (error: unknown) => void } = {}): LocalEventSchedule {
  return repeatEvery(
    intervalMs,
    async () =>
      runEventLifecycle({
        table: options.table,
        manifest: options.manifest,
        siteUrl: options.siteUrl,
        retentionDays: options.retentionDays,
        secret: await options.signingSecret(),
        now: options.now(),
        deadline: Date.now() + 20_000,
      }),
    onError,
  );
}
