/**
 * The events' schedule in `npm start`: the run the EventBridge rule makes
 * every minute in AWS (functions/registrations/lifecycle.ts), once at start
 * (so a changed Markdown file's notices go out on the same data) and then on
 * a timer.
 */
import type { ApiOptions } from '../shared/api-options';
import { runEventLifecycle, type LifecycleRun } from '../registrations/lifecycle';

export interface LocalEventSchedule {
  /** The first run's outcome. */
  first: Promise<LifecycleRun | undefined>;
  stop(): Promise<void>;
}

export function startEventSchedule(options: ApiOptions, { intervalMs = 30_000, onError }: { intervalMs?: number; onError?: (error: unknown) => void } = {}): LocalEventSchedule {
  let running: Promise<LifecycleRun | undefined> = Promise.resolve(undefined);
  const runOnce = async () => {
    try {
      return await runEventLifecycle({
        table: options.table,
        manifest: options.manifest,
        siteUrl: options.siteUrl,
        retentionDays: options.retentionDays,
        secret: await options.signingSecret(),
        now: options.now(),
        deadline: Date.now() + 20_000,
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
