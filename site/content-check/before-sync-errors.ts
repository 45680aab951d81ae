/**
 * During `astro build` the content checks run beside Astro's content sync
 * (integrations/content-check.ts). When a collection's loader fails (a schema
 * error, front matter that does not parse), the build waits for the checks and
 * fails with their report, every problem with its file, line and fix, instead
 * of Astro's first error. The integration and the content config are loaded as
 * separate module instances, so the checks' pending result is shared through
 * a global.
 */
import type { Loader } from 'astro/loaders';

const pendingKey = Symbol.for('alumni-site.content-check.pending');
/** The checks' report as an error to throw, or undefined when the content has no problems. */
type Pending = Promise<Error | undefined>;
const shared = globalThis as { [pendingKey]?: Pending };

/** Set by the integration when the build starts the checks. */
export function setPendingCheck(pending: Pending): void {
  // A failed check is reported where the result is awaited; this keeps it from also counting as unhandled.
  pending.catch(() => undefined);
  shared[pendingKey] = pending;
}

/** Throws the checks' report if this build is running them and they found problems. */
export async function throwContentProblems(): Promise<void> {
  const report = await shared[pendingKey];
  if (report) throw report;
}

/** `loader`, failing with the content checks' report when the checks found problems and the loader fails. */
export function reportingContentProblems(loader: Loader): Loader {
  return {
    ...loader,
    load: async (context) => {
      try {
        await loader.load(context);
      } catch (error) {
        await throwContentProblems();
        throw error;
      }
    },
  };
}
